using System.CommandLine;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Capture.Pcapng;
using TimeSync.Capture.Readers;

namespace TimeSync.Cli.Influx;

/// <summary>
/// `timesync replay` with --influx-url: the capture's samples and events go to InfluxDB while the replay collects the
/// series it analyzes (one pass through the pipeline, both sinks fed in the same order).
/// </summary>
public static class InfluxReplay
{
    /// <summary>
    /// As <see cref="CaptureSeries.LoadAll"/>; with --influx-url in <paramref name="parse"/> also streams to InfluxDB
    /// (drained or spooled before returning, even when the replay fails half-way).
    /// </summary>
    public static IReadOnlyList<ImportedSeries> LoadAll(ParseResult? parse, string path, ReplayOptions options)
    {
        if (parse is null || !InfluxCli.IsRequested(parse)) return CaptureSeries.LoadAll(path, options, out _);
        Action<string> log = line => Console.Error.WriteLine("timesync: " + line);
        Acquisition.Bench.BenchDescription bench;
        using (var reader = new PcapngReader(path)) bench = CaptureReplay.ReadBench(reader, path);
        var sink = InfluxCli.CreateSink(parse, log, bench.Bench)!;
        var influx = new InfluxSampleSink(sink, log);
        influx.Describe(bench);
        var collecting = new CollectingSink();
        ReplayResult result;
        try
        {
            result = CaptureReplay.Run(path, new Tee(collecting, influx), options);
        }
        finally
        {
            influx.Complete();
        }
        return CaptureSeries.FromCollected(path, result, collecting);
    }

    private sealed class Tee(ISampleSink first, ISampleSink second) : ISampleSink
    {
        public void OnSample(string channel, ChannelSample sample) { first.OnSample(channel, sample); second.OnSample(channel, sample); }
        public void OnEvent(LabelEvent labelEvent) { first.OnEvent(labelEvent); second.OnEvent(labelEvent); }
        public void Complete() { first.Complete(); second.Complete(); }
    }
}
