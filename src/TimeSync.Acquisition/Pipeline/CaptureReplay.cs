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

    /// <summary>
    /// Without <see cref="Speed"/> on a machine with more than one core: read and decode on a second thread, label on the
    /// calling thread (the sink is called from the calling thread either way; the output is the same). False: one thread.
    /// </summary>
    public bool Parallel { get; init; } = true;
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
        var feed = new ReplayFeed(path, reader, pipeline, options);
        if (options.Speed is null && options.Parallel && Environment.ProcessorCount > 1) ReplayStages.RunTwoThreads(feed, pipeline, options);
        else ReplayStages.RunOneThread(feed, pipeline, options);
        options.Progress?.Invoke(1.0);
        var warnings = feed.Warnings;
        if (feed.SuppressedWarnings > 0) warnings.Add($"{path}: {feed.SuppressedWarnings} more problems with source events not listed");
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
}
