using System.Diagnostics;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Labelling;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;

namespace TimeSync.Acquisition.Pipeline;

/// <summary>How to replay a capture.</summary>
public sealed record ReplayOptions
{
    /// <summary>null: as fast as the CPU allows; 1: real time (host receive times are honoured); 10: ten times faster.</summary>
    public double? Speed { get; init; }

    /// <summary>Receives the fraction of the file read (0..1), at most every 64k events.</summary>
    public Action<double>? Progress { get; init; }

    public CancellationToken Cancel { get; init; }

    public LabellerOptions? Labeller { get; init; }
}

/// <summary>What a replay read.</summary>
public sealed record ReplayResult(BenchDescription Bench, long RawEvents, long DecodedEvents, IReadOnlyList<string> Warnings);

/// <summary>
/// Replays a capture through the same <see cref="AcquisitionPipeline"/> the agent runs: the bench description comes from
/// the capture's section header comment, each interface is matched to the bench source of the same name.
/// </summary>
public static class CaptureReplay
{
    /// <summary>At most this many warnings about interfaces and source events are kept; the rest are counted.</summary>
    public const int MaxWarnings = 200;

    public static ReplayResult Run(string path, ISampleSink sink, ReplayOptions? options = null)
    {
        options ??= new ReplayOptions();
        if (options.Speed is double s && !(s > 0 && double.IsFinite(s))) throw new InputException("--speed", "must be a positive number");
        using var reader = new PcapngReader(path);
        var bench = ReadBench(reader, path);
        var pipeline = new AcquisitionPipeline(bench, sink, options.Labeller);
        var warnings = new List<string>();
        long suppressedWarnings = 0;
        void Warn(string warning) // bounded: a capture full of damaged records must not grow memory without limit
        {
            if (warnings.Count < MaxWarnings) warnings.Add(warning);
            else suppressedWarnings++;
        }
        var map = new List<int>();
        var isSourceEvent = new List<bool>(); // per interface, beside map: no per-event lookup through the reader's list
        var sources = reader.Sources;          // the reader's live list of interfaces (grows as IDBs are read)
        var cancel = options.Cancel;
        double? pace = options.Speed;
        var progress = options.Progress;
        long length = Math.Max(1, new FileInfo(path).Length);
        long firstHost = long.MinValue;
        var clock = Stopwatch.StartNew();
        long n = 0;
        while (reader.TryRead(out var ev))
        {
            cancel.ThrowIfCancellationRequested();
            while (map.Count < reader.SourceCount)
            {
                var src = sources[map.Count];
                int index = pipeline.SourceIndex(src.Name);
                if (index < 0 && src.LinkType != CaptureLinkType.SourceEvent) Warn($"{path}: interface '{src.Name}' is not a source of the bench description; its events are ignored");
                map.Add(index);
                isSourceEvent.Add(src.LinkType == CaptureLinkType.SourceEvent);
            }
            if (isSourceEvent[ev.SourceId])
            {
                // source lost/resumed, as the live run saw it: the same label events again
                if (!Sources.SourceEventRecord.TryDecode(ev.Payload.Span, out var record, out string error))
                    Warn($"{path}@0x{ev.FileOffset:x}: {error}");
                else if (!pipeline.Push(record!, ev.HostTimeUnixNanoseconds))
                    Warn($"{path}@0x{ev.FileOffset:x}: source event for '{record!.Source}', which is not a source of the bench description");
                continue;
            }
            int source = ev.SourceId < map.Count ? map[ev.SourceId] : -1;
            if (pace is double speed)
            {
                if (firstHost == long.MinValue) firstHost = ev.HostTimeUnixNanoseconds;
                Pace(clock, (ev.HostTimeUnixNanoseconds - firstHost) / 1e9 / speed, cancel);
            }
            if (source >= 0) pipeline.Push(source, ev.HostTimeUnixNanoseconds, ev.Payload.Span);
            if ((++n & 0xFFFF) == 0) progress?.Invoke(Math.Min(1.0, (double)ev.FileOffset / length));
        }
        pipeline.Complete();
        options.Progress?.Invoke(1.0);
        if (suppressedWarnings > 0) warnings.Add($"{path}: {suppressedWarnings} more problems with source events not listed");
        foreach (var d in reader.Diagnostics) warnings.Add(d.Format(path));
        if (reader.SuppressedDiagnostics > 0) warnings.Add($"{path}: {reader.SuppressedDiagnostics} more problems not listed");
        return new ReplayResult(bench, pipeline.RawEvents, pipeline.DecodedEvents, warnings);
    }

    /// <summary>The capture's bench description, or an <see cref="InputException"/> saying it has none.</summary>
    public static BenchDescription ReadBench(PcapngReader reader, string path)
    {
        string? json = reader.BenchDescription;
        if (json is null)
            throw new InputException(path, "the capture holds no bench description (SHB comment 'timesync-bench:'); it was not written by timesync");
        return BenchDescription.ParseJson(json, path + " (bench description)");
    }

    private static void Pace(Stopwatch clock, double targetSeconds, CancellationToken cancel)
    {
        while (true)
        {
            double ahead = targetSeconds - clock.Elapsed.TotalSeconds;
            if (ahead <= 0.0005) return;
            if (cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Min(ahead, 0.5)))) cancel.ThrowIfCancellationRequested();
        }
    }
}
