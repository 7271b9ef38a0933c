using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Pps;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Acquisition.Serial;

/// <summary>
/// Records raw serial chunks and PPS edges into a capture (<see cref="ICaptureWriter"/>), one source per device, bytes
/// exactly as read with their host receive times. Each source runs on its own thread; a failing source (unplugged,
/// PPS device gone) is logged and retried without stopping the others. Gaps are logged and counted.
/// </summary>
public sealed class CaptureRecorder(ICaptureWriter writer, Action<string> log)
{
    private readonly List<(int Id, SerialSource Source)> _serial = [];
    private readonly List<(int Id, IPpsSource Source)> _pps = [];
    private readonly Dictionary<int, SourceCounters> _counters = [];

    public sealed class SourceCounters(string name)
    {
        public string Name { get; } = name;
        public long Events;
        public long Bytes;
        public long Gaps;
    }

    public IReadOnlyCollection<SourceCounters> Counters => _counters.Values;

    public void AddSerial(string name, SerialPortSpec spec, TimeSpan? initialBackoff = null)
    {
        int id = writer.AddSource(new CaptureSource(name, CaptureLinkType.SerialBytes, spec.Description));
        var counters = _counters[id] = new SourceCounters(name);
        var source = new SerialSource(spec, e =>
        {
            switch (e)
            {
                case SerialData d:
                    writer.Write(id, d.HostTimeUnixNanoseconds, d.Bytes);
                    Interlocked.Increment(ref counters.Events);
                    Interlocked.Add(ref counters.Bytes, d.Bytes.Length);
                    break;
                case SerialGap g:
                    Interlocked.Increment(ref counters.Gaps);
                    log($"{name}: gap of {(g.HostTimeUnixNanoseconds - g.LostAtUnixNanoseconds) / 1e9:F1} s ({g.Reason})");
                    break;
            }
        }, line => log($"{name}: {line}"))
        { InitialBackoff = initialBackoff ?? TimeSpan.FromMilliseconds(250) };
        _serial.Add((id, source));
    }

    public void AddPps(IPpsSource source)
    {
        int id = writer.AddSource(new CaptureSource(source.Name, CaptureLinkType.PpsEvent, source.Description));
        _counters[id] = new SourceCounters(source.Name);
        _pps.Add((id, source));
    }

    /// <summary>Records until <paramref name="cancel"/> fires, then flushes the writer.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        var tasks = _serial.Select(s => s.Source.RunAsync(cancel)).ToList();
        tasks.AddRange(_pps.Select(p => Task.Factory.StartNew(() => RunPps(p.Id, p.Source, cancel), cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default)));
        try { await Task.WhenAll(tasks).ConfigureAwait(false); }
        catch (OperationCanceledException) { /* normal end */ }
        writer.Flush();
    }

    private void RunPps(int id, IPpsSource source, CancellationToken cancel)
    {
        var edges = new List<PpsEdge>();
        var counters = _counters[id];
        var record = new byte[PpsEventRecord.Size];
        int failures = 0;
        while (!cancel.IsCancellationRequested)
        {
            try
            {
                edges.Clear();
                source.Fetch(TimeSpan.FromMilliseconds(500), edges);
                failures = 0;
                foreach (var e in edges)
                {
                    PpsEventRecord.FromEdge(e.Assert, e.Sequence, e.EdgeTime).Encode(record);
                    writer.Write(id, e.HostTimeUnixNanoseconds, record);
                    Interlocked.Increment(ref counters.Events);
                    Interlocked.Add(ref counters.Bytes, record.Length);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                var delay = TimeSpan.FromMilliseconds(Math.Min(250 * Math.Pow(2, failures++), 30_000));
                log($"{source.Name}: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}; retrying in {delay.TotalSeconds:0.##} s");
                cancel.WaitHandle.WaitOne(delay);
            }
        }
    }
}
