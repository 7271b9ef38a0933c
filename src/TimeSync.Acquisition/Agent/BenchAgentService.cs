using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Acquisition.Serial;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Acquisition.Agent;

/// <summary>
/// The bench agent: one reader per source (each on its own thread, retrying on its own: a failing source never stops
/// the others) → one bounded queue → capture writer, then the same <see cref="AcquisitionPipeline"/> replay uses →
/// sinks. On stop (SIGTERM, Ctrl-C) the readers stop, the queue is drained, the pipeline and sinks complete, and the
/// capture is flushed and fsync'ed before the process exits.
/// </summary>
public sealed partial class BenchAgentService(AgentOptions options, ILogger<BenchAgentService> logger) : BackgroundService
{
    private readonly record struct RawItem(int Source, long HostNs, byte[]? Bytes, long LostAtNs, string? Reason);

    /// <summary>Raw events recorded so far.</summary>
    public long RawEvents => Interlocked.Read(ref _rawEvents);
    private long _rawEvents;

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

        var sinks = new List<ISampleSink> { new LoggingSink(logger) };
        if (options.LiveView) sinks.Add(new LiveView(bench.Channels.Select(c => c.Name), Console.Out));
        sinks.AddRange(options.ExtraSinks);
        var sink = new FanOutSink(sinks, (s, e) => LogSinkFailed(logger, s.GetType().Name, e.Message));
        var pipeline = new AcquisitionPipeline(bench, sink);
        LogStarting(logger, bench.Bench ?? "bench", bench.Sources.Count, bench.Channels.Count, options.CapturePath);

        using var stopSources = new CancellationTokenSource();
        var readers = new List<Task>();
        for (int i = 0; i < bench.Sources.Count; i++)
        {
            int index = i;
            var s = bench.Sources[i];
            if (SourceKinds.IsPps(s.Kind))
            {
                // Kernel PPS / GPIO / DCD readers are not in this build: report, keep the other sources running.
                LogSourceUnavailable(logger, s.Name, s.Kind);
                pipeline.Gap(index, 0, 0, $"{s.Kind} source reader not available in this build");
                continue;
            }
            if (s.Device is null) { LogSourceUnavailable(logger, s.Name, "no device configured"); continue; }
            var spec = new SerialPortSpec(s.Device, s.Baud ?? SerialPortSpec.DefaultBaudRate);
            var source = new SerialSource(spec, ev => Enqueue(queue.Writer, ev switch
            {
                SerialData d => new RawItem(index, d.HostTimeUnixNanoseconds, d.Bytes, 0, null),
                SerialGap g => new RawItem(index, g.HostTimeUnixNanoseconds, null, g.LostAtUnixNanoseconds, g.Reason),
                _ => throw new InvalidOperationException(),
            }, stopSources.Token), line => LogSource(logger, s.Name, line));
            readers.Add(Isolated(s.Name, source.RunAsync(stopSources.Token)));
        }

        try
        {
            await foreach (var item in queue.Reader.ReadAllAsync(stoppingToken)) Handle(item, writer, ids, pipeline);
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
            while (queue.Reader.TryRead(out var item)) Handle(item, writer, ids, pipeline);
            pipeline.Complete();
            writer.Flush();
            LogStopped(logger, RawEvents, string.Join(", ", writer.Files));
        }
    }

    private void Handle(RawItem item, PcapngWriter writer, int[] ids, AcquisitionPipeline pipeline)
    {
        if (item.Bytes is null)
        {
            pipeline.Gap(item.Source, item.LostAtNs, item.HostNs, item.Reason ?? "");
            return;
        }
        writer.Write(ids[item.Source], item.HostNs, item.Bytes); // recorded first: nothing decoded is unrecorded
        Interlocked.Increment(ref _rawEvents);
        pipeline.Push(item.Source, item.HostNs, item.Bytes);
    }

    private static void Enqueue(ChannelWriter<RawItem> writer, RawItem item, CancellationToken stop)
    {
        if (writer.TryWrite(item)) return;
        try { writer.WriteAsync(item, stop).AsTask().GetAwaiter().GetResult(); }
        catch (OperationCanceledException) { /* stopping */ }
        catch (ChannelClosedException) { /* stopping */ }
    }

    private async Task Isolated(string name, Task reader)
    {
        try { await reader; }
        catch (OperationCanceledException) { }
        catch (Exception e) { LogSourceCrashed(logger, name, e.Message); }
    }

    private static string Describe(SourceDescription s) =>
        SourceKinds.IsPps(s.Kind) ? $"{s.Kind} {s.Device}".Trim()
        : $"serial {s.Device} {s.Baud ?? SerialPortSpec.DefaultBaudRate} 8N1 ({s.Kind}{(s.Receiver is null ? "" : ", " + s.Receiver)}{(s.Model is null ? "" : ", " + s.Model)})";

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "agent starting: bench {Bench}, {Sources} sources, {Channels} channels, capture {Capture}")]
    private static partial void LogStarting(ILogger logger, string bench, int sources, int channels, string capture);

    [LoggerMessage(EventId = 11, Level = LogLevel.Information, Message = "agent stopped: {RawEvents} raw events recorded and flushed to {Files}")]
    private static partial void LogStopped(ILogger logger, long rawEvents, string files);

    [LoggerMessage(EventId = 12, Level = LogLevel.Warning, Message = "source {Source}: {Line}")]
    private static partial void LogSource(ILogger logger, string source, string line);

    [LoggerMessage(EventId = 13, Level = LogLevel.Error, Message = "source {Source} not started: {Why}")]
    private static partial void LogSourceUnavailable(ILogger logger, string source, string why);

    [LoggerMessage(EventId = 14, Level = LogLevel.Error, Message = "source {Source} reader crashed: {Error}; the other sources go on")]
    private static partial void LogSourceCrashed(ILogger logger, string source, string error);

    [LoggerMessage(EventId = 15, Level = LogLevel.Error, Message = "sink {Sink} failed and was removed: {Error}")]
    private static partial void LogSinkFailed(ILogger logger, string sink, string error);
}
