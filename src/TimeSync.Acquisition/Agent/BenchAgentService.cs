using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Acquisition.Pps;
using TimeSync.Acquisition.Serial;
using TimeSync.Acquisition.Sources;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Acquisition.Agent;

/// <summary>
/// The bench agent: one reader per source (each on its own thread, retrying on its own: a failing source never stops
/// the others) → one bounded queue → capture writer, then the same <see cref="AcquisitionPipeline"/> replay uses →
/// sinks. A source that fails is logged (one line naming its place in the configuration and the channels that need
/// it), retried with backoff, and its outage is written into the capture as source events (lost, resumed), so a
/// replay of the capture marks the same gap. On stop (SIGTERM, Ctrl-C) the readers stop, the queue is drained, the
/// pipeline and sinks complete, and the capture is flushed and fsync'ed before the process exits.
/// </summary>
public sealed partial class BenchAgentService(AgentOptions options, ILogger<BenchAgentService> logger) : BackgroundService
{
    private enum ItemKind : byte { Data, Lost, Resumed }

    private readonly record struct RawItem(int Source, long HostNs, ItemKind Kind, byte[]? Bytes, long LostAtNs = 0, string? Reason = null);

    /// <summary>Raw events recorded so far.</summary>
    public long RawEvents => Interlocked.Read(ref _rawEvents);
    private long _rawEvents;

    /// <summary>
    /// Bytes of source <paramref name="source"/> (bench name) written to the capture so far: what a device sent that is
    /// safely recorded (0 for an unknown name).
    /// </summary>
    public long RecordedBytes(string source)
    {
        for (int i = 0; i < options.Bench.Sources.Count; i++)
            if (options.Bench.Sources[i].Name == source) return Interlocked.Read(ref _recordedBytes[i]);
        return 0;
    }
    private readonly long[] _recordedBytes = new long[options.Bench.Sources.Count];

    /// <summary>Source events (lost, resumed) recorded so far.</summary>
    public long SourceEvents => Interlocked.Read(ref _sourceEvents);
    private long _sourceEvents;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var bench = options.Bench;
        var queue = Channel.CreateBounded<RawItem>(new BoundedChannelOptions(options.QueueCapacity)
        {
            SingleReader = true,
            FullMode = BoundedChannelFullMode.Wait,
        });
        using var writer = new PcapngWriter(options.CapturePath, new PcapngWriterOptions
        {
            BenchDescription = bench.ToJson(),
            RotateAfterBytes = options.RotateAfterBytes,
            RotateAfterTime = options.RotateAfterTime,
            Hardware = bench.Host,
            OperatingSystem = Environment.OSVersion.VersionString,
        });
        var ids = bench.Sources.Select(s => writer.AddSource(new CaptureSource(s.Name,
            SourceKinds.IsPps(s.Kind) ? CaptureLinkType.PpsEvent : CaptureLinkType.SerialBytes, Describe(s)))).ToArray();
        int eventsId = writer.AddSource(new CaptureSource(UniqueEventsName(bench), CaptureLinkType.SourceEvent, SourceEventRecord.InterfaceDescription));

        var sinks = new List<ISampleSink> { new LoggingSink(logger) };
        using var view = options.LiveView ? new LiveView(bench.Channels.Select(c => c.Name), Console.Out, redrawEverySecond: true) : null;
        if (view is not null) sinks.Add(view);
        sinks.AddRange(options.ExtraSinks);
        var sink = new FanOutSink(sinks, (s, e) => LogSinkFailed(logger, s.GetType().Name, e.Message));
        var pipeline = new AcquisitionPipeline(bench, sink);
        var labeller = new Labeller(bench, new CollectingSink()); // only to name the channels a source feeds
        LogStarting(logger, bench.Bench ?? "bench", bench.Sources.Count, bench.Channels.Count, options.CapturePath);

        using var stopSources = new CancellationTokenSource();
        var readers = new List<Task>();
        for (int i = 0; i < bench.Sources.Count; i++)
        {
            int index = i;
            var s = bench.Sources[i];
            string where = options.SourceLocations.TryGetValue(s.Name, out var loc) ? loc : $"source {s.Name}";
            string channels = string.Join(", ", labeller.ChannelsUsing(s.Name));
            void Lost(long hostNs, string reason)
            {
                LogSourceLost(logger, where, s.Name, $"{s.Kind} {s.Device}".Trim(), channels.Length == 0 ? "no channel" : "channels " + channels, reason);
                Enqueue(queue.Writer, new RawItem(index, hostNs, ItemKind.Lost, null, 0, reason), stopSources.Token);
            }
            void Resumed(long hostNs, long lostAtNs, string reason)
            {
                LogSourceResumed(logger, s.Name, (hostNs - lostAtNs) / 1e9);
                Enqueue(queue.Writer, new RawItem(index, hostNs, ItemKind.Resumed, null, lostAtNs, reason), stopSources.Token);
            }

            if (SourceKinds.IsPps(s.Kind))
            {
                var runner = new PpsSourceRunner(s.Name, () => PpsSourceFactory.Open(s),
                    new PpsEvents(e => Enqueue(queue.Writer, new RawItem(index, e.HostTimeUnixNanoseconds, ItemKind.Data,
                        PpsEventRecord.FromEdge(e.Assert, e.Sequence, e.EdgeTime).ToBytes()), stopSources.Token), Lost, Resumed),
                    line => SourceLine(s.Name, line))
                {
                    InitialBackoff = options.InitialBackoff,
                    MaxBackoff = options.MaxBackoff,
                };
                readers.Add(Isolated(s.Name, runner.RunAsync(stopSources.Token)));
                continue;
            }
            if (s.Device is null)
            {
                Lost(Serial.HostClock.UnixNanoseconds(), "no device configured");
                continue;
            }
            var spec = new SerialPortSpec(s.Device, s.Baud ?? SerialPortSpec.DefaultBaudRate);
            var source = new SerialSource(spec, ev =>
            {
                switch (ev)
                {
                    case SerialData d: Enqueue(queue.Writer, new RawItem(index, d.HostTimeUnixNanoseconds, ItemKind.Data, d.Bytes), stopSources.Token); break;
                    case SerialFault f: Lost(f.HostTimeUnixNanoseconds, f.Reason); break;
                    case SerialGap g: Resumed(g.HostTimeUnixNanoseconds, g.LostAtUnixNanoseconds, g.Reason); break;
                }
            }, line => SourceLine(s.Name, line))
            {
                InitialBackoff = options.InitialBackoff,
                MaxBackoff = options.MaxBackoff,
            };
            readers.Add(Isolated(s.Name, source.RunAsync(stopSources.Token)));
        }

        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken)) Handle(item, writer, ids, eventsId, pipeline);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // stopping: fall through to the orderly shutdown
        }
        finally
        {
            stopSources.Cancel();
            await Task.WhenAll(readers);
            queue.Writer.TryComplete();
            while (queue.Reader.TryRead(out var item)) Handle(item, writer, ids, eventsId, pipeline);
            pipeline.Complete();
            writer.Flush();
            LogStopped(logger, RawEvents, SourceEvents, string.Join(", ", writer.Files));
        }
    }

    private long _lastSourceEventNs;

    private void Handle(RawItem item, PcapngWriter writer, int[] ids, int eventsId, AcquisitionPipeline pipeline)
    {
        string name = pipeline.Bench.Sources[item.Source].Name;
        if (item.Kind != ItemKind.Data)
        {
            // Source events come from several reader threads into one interface: keep its times non-decreasing (a
            // later-queued event stamped a few ms earlier takes the previous one's time), so readers see no time going back.
            item = item with { HostNs = Math.Max(item.HostNs, _lastSourceEventNs) };
            _lastSourceEventNs = item.HostNs;
        }
        switch (item.Kind)
        {
            case ItemKind.Lost:
                writer.Write(eventsId, item.HostNs, SourceEventRecord.Lost(name, item.Reason ?? "").Encode()); // recorded first, like data
                Interlocked.Increment(ref _sourceEvents);
                pipeline.SourceLost(item.Source, item.HostNs, item.Reason ?? "");
                return;
            case ItemKind.Resumed:
                writer.Write(eventsId, item.HostNs, SourceEventRecord.Resumed(name, item.LostAtNs, item.Reason ?? "").Encode());
                Interlocked.Increment(ref _sourceEvents);
                pipeline.Gap(item.Source, item.LostAtNs, item.HostNs, item.Reason ?? "");
                return;
            default:
                writer.Write(ids[item.Source], item.HostNs, item.Bytes!); // recorded first: nothing decoded is unrecorded
                Interlocked.Increment(ref _rawEvents);
                Interlocked.Add(ref _recordedBytes[item.Source], item.Bytes!.Length);
                pipeline.Push(item.Source, item.HostNs, item.Bytes!);
                return;
        }
    }

    private static void Enqueue(ChannelWriter<RawItem> writer, RawItem item, CancellationToken stop)
    {
        if (writer.TryWrite(item)) return;
        try { writer.WriteAsync(item, stop).AsTask().GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { /* stopping */ }
        catch (ChannelClosedException) { /* stopping */ }
    }

    /// <summary>A reader's own line: retries and failures are warnings, "open"/"resumed" information.</summary>
    private void SourceLine(string source, string line)
    {
        if (line.Contains("retrying", StringComparison.Ordinal)) LogSource(logger, source, line);
        else LogSourceInfo(logger, source, line);
    }

    private async Task Isolated(string name, Task reader)
    {
        try { await reader; }
        catch (OperationCanceledException) { }
        catch (Exception e) { LogSourceCrashed(logger, name, e.Message); }
    }

    /// <summary>The events interface's name, made unique should a bench source already be called so.</summary>
    private static string UniqueEventsName(BenchDescription bench)
    {
        string name = SourceEventRecord.InterfaceName;
        for (int i = 2; bench.FindSource(name) is not null; i++) name = $"{SourceEventRecord.InterfaceName}-{i}";
        return name;
    }

    private static string Describe(SourceDescription s) => s.Kind switch
    {
        SourceKinds.GpioPps => $"{s.Kind} {s.Device ?? "/dev/gpiochip0"} line {s.GpioLine}",
        _ when SourceKinds.IsPps(s.Kind) => $"{s.Kind} {s.Device}".Trim(),
        _ => $"serial {s.Device} {s.Baud ?? SerialPortSpec.DefaultBaudRate} 8N1 ({s.Kind}{(s.Receiver is null ? "" : ", " + s.Receiver)}{(s.Model is null ? "" : ", " + s.Model)})",
    };

    private sealed class PpsEvents(Action<PpsEdge> edge, Action<long, string> lost, Action<long, long, string> resumed) : IPpsSourceEvents
    {
        public void OnEdges(IReadOnlyList<PpsEdge> edges)
        {
            foreach (var e in edges) edge(e);
        }

        public void OnLost(long hostTimeUnixNanoseconds, string reason) => lost(hostTimeUnixNanoseconds, reason);

        public void OnResumed(long hostTimeUnixNanoseconds, long lostAtUnixNanoseconds, string reason) => resumed(hostTimeUnixNanoseconds, lostAtUnixNanoseconds, reason);
    }

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "agent starting: bench {Bench}, {Sources} sources, {Channels} channels, capture {Capture}")]
    private static partial void LogStarting(ILogger logger, string bench, int sources, int channels, string capture);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "agent stopped: {RawEvents} raw events and {SourceEvents} source events recorded and flushed to {Files}")]
    private static partial void LogStopped(ILogger logger, long rawEvents, long sourceEvents, string files);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "source {Source}: {Line}")]
    private static partial void LogSource(ILogger logger, string source, string line);

    [LoggerMessage(EventId = 17, Level = LogLevel.Information, Message = "source {Source}: {Line}")]
    private static partial void LogSourceInfo(ILogger logger, string source, string line);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "{Where}: source {Source} ({Device}, {Channels}) unavailable: {Reason}; retrying with backoff, the other sources go on")]
    private static partial void LogSourceLost(ILogger logger, string where, string source, string device, string channels, string reason);

    [LoggerMessage(EventId = 16, Level = LogLevel.Warning, Message = "source {Source} resumed after {AwaySeconds:0.0} s away; the gap is marked in the capture and the series")]
    private static partial void LogSourceResumed(ILogger logger, string source, double awaySeconds);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "source {Source} reader crashed: {Error}; the other sources go on")]
    private static partial void LogSourceCrashed(ILogger logger, string source, string error);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "sink {Sink} failed and was removed: {Error}")]
    private static partial void LogSinkFailed(ILogger logger, string sink, string error);
}
