using System.CommandLine;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Capture.Pcapng;
using TimeSync.Capture.Readers;
using TimeSync.Core.Statistics;
using TimeSync.Core.Time;
using TimeSync.Influx.Schema;
using TimeSync.Reporting;
using DeviationPoint = TimeSync.Influx.Schema.DeviationPoint;
using InfluxSink = TimeSync.Influx.InfluxSink;

namespace TimeSync.Cli.Influx;

/// <summary>
/// `timesync replay` with --influx-url: the capture's samples (with the automatic rolling statistics) and the labeller's
/// events go to InfluxDB while the replay collects the series it analyzes (one pass through the pipeline, both sinks fed
/// in the same order); then the session adds each channel's analysis (deviations per τ with bounds, α, EDF) and the
/// verdicts with their mask curves, and drains (or spools) everything when disposed.
/// </summary>
public static class InfluxReplay
{
    /// <summary>
    /// As <see cref="CaptureSeries.LoadAll"/>; with --influx-url in <paramref name="parse"/> also streams to InfluxDB and
    /// returns the open <paramref name="session"/> (dispose it to drain). When the replay fails half-way what was
    /// gathered is drained or spooled before the exception leaves.
    /// </summary>
    public static IReadOnlyList<ImportedSeries> LoadAll(ParseResult? parse, string path, ReplayOptions options, out InfluxReplaySession? session)
    {
        session = null;
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
        catch
        {
            influx.Complete();
            throw;
        }
        var series = CaptureSeries.FromCollected(path, result, collecting);
        session = new InfluxReplaySession(sink, influx, series);
        return series;
    }

    /// <summary>
    /// Another tool's log or a plain file (the series readers, <paramref name="format"/> or detected): with --influx-url
    /// each phase series' samples go to InfluxDB at their own times, or from --start (default now) when the file has
    /// relative times only, and the open <paramref name="session"/> takes the analysis and verdicts.
    /// </summary>
    public static IReadOnlyList<ImportedSeries> LoadImported(ParseResult? parse, string path, string? format, ImportOptions importOptions, out InfluxReplaySession? session)
    {
        session = null;
        var series = SeriesReaders.ReadFile(path, format, importOptions);
        if (parse is null || !InfluxCli.IsRequested(parse)) return series;
        var start = importOptions.Start ?? InfluxCli.GetStart(parse);
        Action<string> log = line => Console.Error.WriteLine("timesync: " + line);
        var sink = InfluxCli.CreateSink(parse, log)!;
        var adapter = new InfluxSampleSink(sink, log);
        var ends = new Dictionary<string, Instant>(StringComparer.Ordinal);
        foreach (var s in series)
        {
            if (s.Kind != Core.Series.SeriesKind.Phase || s.Values.Count == 0) continue;
            var times = ImportedTimes.Of(s, start, s.Tau0Seconds ?? 1.0);
            for (int i = 0; i < times.Length; i++) sink.WriteSample(s.Channel, new TimeErrorSample(times[i], s.Values[i]));
            ends[s.Channel] = times[^1];
        }
        session = new InfluxReplaySession(sink, adapter, ends);
        return series;
    }

    /// <summary>As above, for callers that need no analysis written: drains before returning.</summary>
    public static IReadOnlyList<ImportedSeries> LoadAll(ParseResult? parse, string path, ReplayOptions options)
    {
        var series = LoadAll(parse, path, options, out var session);
        session?.Dispose();
        return series;
    }

    /// <summary>Both sinks get every sample and event; only the first is completed with the pipeline (the session
    /// completes the InfluxDB side after the analysis).</summary>
    private sealed class Tee(ISampleSink first, ISampleSink second) : ISampleSink
    {
        public void OnSample(string channel, ChannelSample sample) { first.OnSample(channel, sample); second.OnSample(channel, sample); }
        public void OnEvent(LabelEvent labelEvent) { first.OnEvent(labelEvent); second.OnEvent(labelEvent); }
        public void Complete() => first.Complete();
    }
}

/// <summary>
/// The open InfluxDB side of a replay: after the samples, the analysis and verdicts of each channel, stamped at the
/// channel's last second (so that replaying the same capture again overwrites them rather than adding copies).
/// </summary>
public sealed class InfluxReplaySession : IDisposable
{
    private readonly InfluxSink _sink;
    private readonly InfluxSampleSink _adapter;
    private readonly Dictionary<string, Instant> _end = new(StringComparer.Ordinal);
    private readonly Instant _captureEnd;

    internal InfluxReplaySession(InfluxSink sink, InfluxSampleSink adapter, IReadOnlyList<ImportedSeries> series)
    {
        _sink = sink;
        _adapter = adapter;
        foreach (var s in series)
            if (s.Times is { Count: > 0 } t) _end[s.Channel] = t[^1];
        _captureEnd = _end.Count > 0 ? _end.Values.Max() : Instant.FromDateTime(DateTime.UtcNow);
    }

    internal InfluxReplaySession(InfluxSink sink, InfluxSampleSink adapter, IReadOnlyDictionary<string, Instant> channelEnds)
    {
        _sink = sink;
        _adapter = adapter;
        foreach (var (channel, end) in channelEnds) _end[channel] = end;
        _captureEnd = _end.Count > 0 ? _end.Values.Max() : Instant.FromDateTime(DateTime.UtcNow);
    }

    /// <summary>When the analysis of a channel is stamped: its last second.</summary>
    public Instant AnalysisTime(string channel) => _end.TryGetValue(channel, out var t) ? t : _captureEnd;

    /// <summary>One <c>deviation</c> point per statistic and τ with a value (bounds, α, EDF and terms when known).</summary>
    public void WriteAnalysis(string channel, AnalysisDocument doc)
    {
        var at = AnalysisTime(channel);
        foreach (var stat in doc.Deviations)
            foreach (var row in stat.Rows)
                if (double.IsFinite(row.Value))
                    _sink.WriteDeviation(Point(at, channel, stat.Name, row));
    }

    /// <summary>The <c>deviation</c> point of one row of an analysis.</summary>
    public static DeviationPoint Point(Instant at, string channel, string statistic, DeviationRow row) =>
        new(at, channel, statistic, row.TauSeconds, row.Value, row.CiLow, row.CiHigh) { Alpha = row.Alpha, Edf = row.Edf, Terms = row.Terms };

    /// <summary>
    /// One <c>verdict</c> point per check and channel; for a mask check also its curve as <c>deviation</c> points
    /// tagged with the check (statistic mtie or tdev, field <c>mask</c> where the mask applies).
    /// </summary>
    public void WriteVerdicts(ReportingResult reporting)
    {
        foreach (var v in reporting.Verdicts)
        {
            var at = AnalysisTime(v.Channel);
            double? ratio = v.Limit != 0 && double.IsFinite(v.Measured / v.Limit) ? v.Measured / v.Limit : null;
            _sink.WriteVerdict(new VerdictPoint(at, v.Channel, v.Name, v.Passed, ratio, v.WorstTauSeconds, v.Message)
            {
                Type = v.Check, Measured = double.IsFinite(v.Measured) ? v.Measured : null, Limit = double.IsFinite(v.Limit) ? v.Limit : null, Unit = v.Unit,
            });
            if (v.Curve is not { } c) continue;
            for (int i = 0; i < c.TauSeconds.Length; i++)
                if (double.IsFinite(c.ValueSeconds[i]))
                    _sink.WriteDeviation(new DeviationPoint(at, v.Channel, c.Statistic.ToLowerInvariant(), c.TauSeconds[i], c.ValueSeconds[i],
                        Mask: double.IsFinite(c.LimitSeconds[i]) ? c.LimitSeconds[i] : null) { Check = v.Name });
        }
    }

    /// <summary>Drains (or spools) everything and logs the count.</summary>
    public void Dispose() => _adapter.Complete();
}
