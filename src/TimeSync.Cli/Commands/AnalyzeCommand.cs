using System.CommandLine;
using System.Globalization;
using TimeSync.Capture.Readers;
using TimeSync.Cli.Analysis;
using TimeSync.Core;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Core.Time;
using TimeSync.Reporting;
using TimeSync.Reporting.Html;
using TimeSync.Reporting.Engine;

namespace TimeSync.Cli.Commands;

/// <summary><c>timesync analyze FILE</c>: summary and stability statistics of a phase or frequency series, as Stable32 prints them.</summary>
internal static class AnalyzeCommand
{
    public const string DefaultStats = "adev,oadev,mdev,tdev,hdev,ohdev,mtie,tierms";

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "series file (plain text, one value a line or 'time value'; .gz allowed)" };
        var kind = new Option<string?>("--kind") { Description = "phase (seconds) or frequency (fractional); default: what the file says, else phase" };
        var tau0 = new Option<double?>("--tau0") { Description = "sample interval in seconds; default: from the file, else from its time tags, else 1" };
        var timeTags = new Option<string>("--time-tags")
        {
            Description = "grid (default): samples the time tags show missing are gaps; ignore: values taken as consecutive, as Stable32 does unless its Regularize is run",
            DefaultValueFactory = _ => "grid",
        };
        var zeros = new Option<string>("--zeros")
        {
            Description = "untimed one-column files: gap (default): exact zeros are gaps, as Stable32 reads them (a phase record's first point excepted); value: zeros are values",
            DefaultValueFactory = _ => "gap",
        };
        var taus = new Option<string>("--taus") { Description = "octave, decade, all, many, or a list of averaging factors like 1,2,5,10", DefaultValueFactory = _ => "octave" };
        var stats = new Option<string>("--stats") { Description = $"statistics, comma separated (known: {StatisticsCatalog.Names})", DefaultValueFactory = _ => DefaultStats };
        var confidence = new Option<double>("--confidence") { Description = "confidence of the bounds", DefaultValueFactory = _ => ConfidenceInterval.DefaultConfidence };
        var format = new Option<string?>("--format") { Description = "input format name (default: detected)" };
        var json = new Option<string?>("--json") { Description = "write the JSON document to PATH, or - for stdout" };
        var csv = new Option<string?>("--csv") { Description = "write the deviation rows as CSV to PATH, or - for stdout" };
        var channel = new Option<string?>("--channel") { Description = "the channel (device under test) to analyze, for captures and multi-channel files" };
        var start = new Option<string?>("--start") { Description = "ISO-8601 UTC instant where a file with relative times only starts (ptp4l's monotonic stamps); also the year of syslog lines" };
        var noiseId = NoiseIdOption.Create();
        var alpha = AlphaOption.Create();
        var command = new Command("analyze", "Summary, ADEV family, TDEV, MTIE, TIE rms with noise type and confidence bounds");
        command.Arguments.Add(file);
        foreach (var o in new Option[] { kind, tau0, timeTags, zeros, taus, stats, confidence, format, json, csv, channel, start, noiseId, alpha }) command.Options.Add(o);
        ReportingCli.AddOptions(command);
        command.SetAction(parse => Run(
            parse.GetValue(file)!, parse.GetValue(kind), parse.GetValue(tau0), parse.GetValue(taus)!, parse.GetValue(stats)!,
            parse.GetValue(confidence), parse.GetValue(format), parse.GetValue(json), parse.GetValue(csv), parse, parse.GetValue(channel), parse.GetValue(noiseId)!, parse.GetValue(alpha)!,
            IgnoreTimeTags(parse.GetValue(timeTags)), ZerosAreGaps(parse.GetValue(zeros))));
        return command;
    }

    /// <summary>
    /// The series to analyze: a capture (pcapng, by its magic bytes) runs the replay pipeline and yields the channel's time
    /// errors; any other file goes through the series readers, and --channel picks one of several series.
    /// </summary>
    private static ImportedSeries ReadSeries(string path, string? format, string? channel, ImportOptions options)
    {
        if (format is null && Capture.Pcapng.PcapngFormat.IsPcapngFile(path)) return TimeSync.Acquisition.Pipeline.CaptureSeries.Load(path, channel);
        var imported = SeriesReaders.ReadFile(path, format, options);
        if (imported.Count == 0) throw new InputException(path, "no series in file");
        if (channel is null) return imported[0];
        return imported.FirstOrDefault(s => s.Channel == channel)
            ?? throw new InputException("--channel", $"{path} has no channel '{channel}' (channels: {string.Join(", ", imported.Select(s => s.Channel))})");
    }

    /// <summary>--start, when given: where relative times are placed (and the year of syslog lines).</summary>
    internal static ImportOptions ImportOptionsFrom(ParseResult? parse) =>
        Influx.InfluxCli.ParseStart(parse) is Instant start ? new ImportOptions { Start = start } : ImportOptions.None;

    private static bool IgnoreTimeTags(string? text) => text?.ToLowerInvariant() switch
    {
        null or "grid" => false,
        "ignore" => true,
        _ => throw new InputException("--time-tags", $"'{text}' is neither grid nor ignore"),
    };

    private static bool ZerosAreGaps(string? text) => text?.ToLowerInvariant() switch
    {
        null or "gap" => true,
        "value" => false,
        _ => throw new InputException("--zeros", $"'{text}' is neither gap nor value"),
    };

    internal static int Run(string path, string? kindText, double? tau0Option, string tausText, string statsText, double confidence,
        string? format, string? jsonPath, string? csvPath, ParseResult? parse = null, string? channel = null, string noiseIdText = NoiseIdOption.DefaultText,
        string alphaText = AlphaOption.DefaultText, bool ignoreTimeTags = false, bool zerosAreGaps = true)
    {
        // validate options before reading a possibly large file
        var grid = TauGrid.Parse(tausText);
        var definitions = statsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => StatisticsCatalog.Get(n)).Distinct().ToArray();
        if (definitions.Length == 0) throw new InputException("--stats", "no statistic named");
        if (!(confidence > 0 && confidence < 1)) throw new InputException("--confidence", $"{confidence.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1");
        var noiseId = NoiseIdOption.Parse(noiseIdText);
        var fixedAlpha = AlphaOption.Parse(alphaText, definitions);
        if (tau0Option is double t && !(t > 0 && double.IsFinite(t))) throw new InputException("--tau0", "must be a positive number of seconds");
        SeriesKind? kindOption = kindText?.ToLowerInvariant() switch
        {
            null => null,
            "phase" => SeriesKind.Phase,
            "frequency" or "freq" => SeriesKind.Frequency,
            _ => throw new InputException("--kind", $"'{kindText}' is neither phase nor frequency"),
        };

        var read = ReadSeries(path, format, channel, ImportOptionsFrom(parse));
        if (zerosAreGaps) read = read.ZerosAsGaps(kindOption ?? read.Kind, path);
        var first = ignoreTimeTags ? read with { Tau0Seconds = tau0Option ?? read.Tau0Seconds ?? read.EstimatedTau0Seconds() ?? 1.0 } : read.OnRegularGrid(tau0Option, path);
        double tau0 = first.Tau0Seconds!.Value;
        double[] values = first.Values as double[] ?? [.. first.Values];
        first = first with { Values = values }; // the reader's list (with its spare capacity) is not kept through the analysis
        var series = new ClockSeries(kindOption ?? first.Kind, tau0, values);
        foreach (var w in first.Warnings) Console.Error.WriteLine($"timesync: warning: {w}");

        int needed = definitions.Min(d => d.MaxAveragingFactor(series.ToPhase().Count));
        if (series.Count < 3 || needed < 1) throw new InputException(path, $"{series.Count} values are too few for the requested statistics");
        AnalysisDocument doc;
        try
        {
            doc = StabilityAnalysis.Analyze(series, definitions, grid, confidence, noiseId: noiseId, fixedAlpha: fixedAlpha);
        }
        catch (InputException e) when (e.Location == "--taus")
        {
            throw new InputException($"{path}: --taus", e.Message[(e.Location.Length + 2)..]);
        }

        // --limits/--junit/--markdown/--report (Reporting): verdicts on the phase series
        var phase = series.ToPhase();
        var reporting = parse is null ? null : ReportingCli.Run(parse, new AnalysisInputs(path,
            [ReportingInputs.Channel(first, phase.Tau0Seconds, phase.Values)])
        {
            NoiseId = noiseId, FixedAlpha = fixedAlpha, Analyses = [new ChannelAnalysis(doc, grid, noiseId)],
        });

        // build every output first, then write (temp file + move), so nothing is half-written
        var outputs = new List<(string Path, string Content)>();
        if (jsonPath is not null) outputs.Add((jsonPath, reporting?.AddVerdictsTo(AnalysisJson.Serialize(doc)) ?? AnalysisJson.Serialize(doc)));
        if (csvPath is not null) outputs.Add((csvPath, AnalysisText.Csv(doc)));
        bool stdoutTaken = outputs.Any(o => o.Path == "-");
        foreach (var (p, content) in outputs) OutputFile.WriteAtomic(p, content);
        if (!stdoutTaken) Console.Out.Write(AnalysisText.Table(doc, path));
        if (doc.Outliers.Count > 0)
            Console.Error.WriteLine($"timesync: {path}: {doc.Outliers.Count} outlier(s) flagged by MAD (> {OutlierDetector.DefaultThresholdSigmas} robust sigma), first at frequency index {doc.Outliers[0].Index}; not removed");
        return reporting?.ExitCode ?? 0;
    }
}
