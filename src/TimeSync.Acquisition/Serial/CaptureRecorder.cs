using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Pps;
using TimeSync.Acquisition.Sources;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Acquisition.Serial;

/// <summary>
/// Records raw serial chunks and PPS edges into a capture (<see cref="ICaptureWriter"/>), one source per device, bytes
/// exactly as read with their host receive times. Each source runs on its own thread; a failing source (unplugged,
/// PPS device gone) is logged and retried without stopping the others, and its outage is written into the capture as
/// source events (<see cref="SourceEventRecord"/>: lost, resumed) on the <c>timesync-events</c> interface.
/// </summary>
public sealed class CaptureRecorder
{
    private readonly ICaptureWriter _writer;
    private readonly Action<string> _log;
    private readonly int _eventsId;
    private readonly List<SerialSource> _serial = [];
    private readonly List<PpsSourceRunner> _pps = [];
    private readonly Dictionary<int, SourceCounters> _counters = [];

    public CaptureRecorder(ICaptureWriter writer, Action<string> log)
    {
        _writer = writer;
        _log = log;
        _eventsId = writer.AddSource(new CaptureSource(SourceEventRecord.InterfaceName, CaptureLinkType.SourceEvent, SourceEventRecord.InterfaceDescription));
    }

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
        int id = _writer.AddSource(new CaptureSource(name, CaptureLinkType.SerialBytes, spec.Description));
        var counters = _counters[id] = new SourceCounters(name);
        var source = new SerialSource(spec, e =>
        {
            switch (e)
            {
                case SerialData d:
                    _writer.Write(id, d.HostTimeUnixNanoseconds, d.Bytes);
                    Interlocked.Increment(ref counters.Events);
                    Interlocked.Add(ref counters.Bytes, d.Bytes.Length);
                    break;
                case SerialFault f:
                    WriteEvent(f.HostTimeUnixNanoseconds, SourceEventRecord.Lost(name, f.Reason));
                    break;
                case SerialGap g:
                    Interlocked.Increment(ref counters.Gaps);
                    WriteEvent(g.HostTimeUnixNanoseconds, SourceEventRecord.Resumed(name, g.LostAtUnixNanoseconds, g.Reason));
                    _log($"{name}: gap of {(g.HostTimeUnixNanoseconds - g.LostAtUnixNanoseconds) / 1e9:F1} s ({g.Reason})");
                    break;
            }
        }, line => _log($"{name}: {line}"))
        { InitialBackoff = initialBackoff ?? TimeSpan.FromMilliseconds(250) };
        _serial.Add(source);
    }

    /// <summary>
    /// Adds a PPS source (kernel PPS, GPIO, DCD). <paramref name="opened"/>, when given, is the source already opened
    /// (to check the device before recording starts); reopening after a failure goes through <see cref="PpsSourceFactory"/>.
    /// </summary>
    public void AddPps(SourceDescription description, IPpsSource? opened = null, TimeSpan? initialBackoff = null)
    {
        string name = description.Name;
        int id = _writer.AddSource(new CaptureSource(name, CaptureLinkType.PpsEvent, opened?.Description ?? $"{description.Kind} {description.Device}".Trim()));
        var counters = _counters[id] = new SourceCounters(name);
        IPpsSource? first = opened;
        var runner = new PpsSourceRunner(name, () =>
        {
            var s = first ?? PpsSourceFactory.Open(description);
            first = null;
            return s;
        }, new PpsWriter(this, id, name, counters), line => _log($"{name}: {line}"))
        { InitialBackoff = initialBackoff ?? TimeSpan.FromMilliseconds(250) };
        _pps.Add(runner);
    }

    /// <summary>Records until <paramref name="cancel"/> fires, then flushes the writer.</summary>
    public async Task RunAsync(CancellationToken cancel)
    {
        var tasks = _serial.Select(s => s.RunAsync(cancel)).Concat(_pps.Select(p => p.RunAsync(cancel))).ToList();
        try { await Task.WhenAll(tasks).ConfigureAwait(false); }
        catch (OperationCanceledException) { /* normal end */ }
        _writer.Flush();
    }

    private readonly Lock _eventsGate = new();
    private long _lastEventNs;

    /// <summary>Source events come from several threads into one interface: times kept non-decreasing (see the agent).</summary>
    private void WriteEvent(long hostNs, SourceEventRecord record)
    {
        lock (_eventsGate)
        {
            _lastEventNs = Math.Max(hostNs, _lastEventNs);
            _writer.Write(_eventsId, _lastEventNs, record.Encode());
        }
    }

    private sealed class PpsWriter(CaptureRecorder recorder, int id, string name, SourceCounters counters) : IPpsSourceEvents
    {
        private readonly byte[] _record = new byte[PpsEventRecord.Size];

        public void OnEdges(IReadOnlyList<PpsEdge> edges)
        {
            foreach (var e in edges)
            {
                PpsEventRecord.FromEdge(e.Assert, e.Sequence, e.EdgeTime).Encode(_record);
                recorder._writer.Write(id, e.HostTimeUnixNanoseconds, _record);
                Interlocked.Increment(ref counters.Events);
                Interlocked.Add(ref counters.Bytes, _record.Length);
            }
        }

        public void OnLost(long hostTimeUnixNanoseconds, string reason) =>
            recorder.WriteEvent(hostTimeUnixNanoseconds, SourceEventRecord.Lost(name, reason));

        public void OnResumed(long hostTimeUnixNanoseconds, long lostAtUnixNanoseconds, string reason)
        {
            Interlocked.Increment(ref counters.Gaps);
            recorder.WriteEvent(hostTimeUnixNanoseconds, SourceEventRecord.Resumed(name, lostAtUnixNanoseconds, reason));
            recorder._log($"{name}: gap of {(hostTimeUnixNanoseconds - lostAtUnixNanoseconds) / 1e9:F1} s ({reason})");
        }
    }
}
