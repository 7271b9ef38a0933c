using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Cli.Analysis;
using TimeSync.Core;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Reporting;
using TimeSync.Reporting.Engine;
using TimeSync.Reporting.Html;

namespace TimeSync.Cli.Commands;

/// <summary>
/// <c>timesync replay CAPTURE</c>: runs a capture through the agent's pipeline (decode → label → samples) and analyzes
/// each channel as <c>timesync analyze</c> does. The JSON is one analysis document (one channel, or <c>--channel</c>) or
/// <c>{"channels": {name: document, …}}</c>; byte-identical for the same capture.
/// </summary>
internal static class ReplayCommand
{
    public static Command Create()
    {
        var capture = new Argument<string>("CAPTURE") { Description = "a pcapng capture written by the agent, record or simulate; or another tool's log (ptp4l, chrony, TICC, ...) as analyze reads it" };
        var format = new Option<string?>("--format") { Description = "input format of a log that is not a capture (default: detected)" };
        var start = new Option<string?>("--start") { Description = "ISO-8601 UTC instant where a log with relative times only starts (default for InfluxDB: now); also the year of syslog lines" };
        var channel = new Option<string?>("--channel") { Description = "analyze this channel only (default: every channel)" };
        var json = new Option<string?>("--json") { Description = "write the JSON document to PATH, or - for stdout" };
        var speed = new Option<double?>("--speed") { Description = "replay at this multiple of real time (1 = as recorded); default: as fast as possible" };
        var taus = new Option<string>("--taus") { Description = "octave, decade, all, many, or averaging factors like 1,2,5,10", DefaultValueFactory = _ => "octave" };
        var stats = new Option<string>("--stats") { Description = $"statistics, comma separated (known: {StatisticsCatalog.Names})", DefaultValueFactory = _ => AnalyzeCommand.DefaultStats };
        var confidence = new Option<double>("--confidence") { Description = "confidence of the bounds", DefaultValueFactory = _ => ConfidenceInterval.DefaultConfidence };
        var noiseId = NoiseIdOption.Create();
        var alpha = AlphaOption.Create();
        var command = new Command("replay", "Replay a capture through decode → label → time error, then analyze each channel");
        command.Arguments.Add(capture);
        foreach (var o in new Option[] { channel, json, speed, taus, stats, confidence, format, start, noiseId, alpha }) command.Options.Add(o);
        ReportingCli.AddOptions(command);
        Influx.InfluxCli.AddOptions(command);
        command.SetAction(parse => Run(parse.GetValue(capture)!, parse.GetValue(channel), parse.GetValue(json), parse.GetValue(speed),
            parse.GetValue(taus)!, parse.GetValue(stats)!, parse.GetValue(confidence), parse, parse.GetValue(format), parse.GetValue(noiseId)!, parse.GetValue(alpha)!));
        return command;
    }

    internal static int Run(string path, string? channel, string? jsonPath, double? speed, string tausText, string statsText, double confidence, ParseResult? parse = null, string? format = null, string noiseIdText = NoiseIdOption.DefaultText,
        string alphaText = AlphaOption.DefaultText)
    {
        var grid = TauGrid.Parse(tausText);
        var noiseId = NoiseIdOption.Parse(noiseIdText);
        var definitions = statsText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(n => StatisticsCatalog.Get(n)).Distinct().ToArray();
        if (definitions.Length == 0) throw new InputException("--stats", "no statistic named");
        var fixedAlpha = AlphaOption.Parse(alphaText, definitions);
        if (!(confidence > 0 && confidence < 1)) throw new InputException("--confidence", $"{confidence.ToString(CultureInfo.InvariantCulture)} is not between 0 and 1");
        if (speed is double s && !(s > 0 && double.IsFinite(s))) throw new InputException("--speed", "must be a positive number");
        if (!File.Exists(path)) throw new InputException(path, "no such file");
        bool isCapture = format is null && Capture.Pcapng.PcapngFormat.IsPcapngFile(path);
        if (!isCapture && speed is not null) throw new InputException("--speed", $"{path} is not a capture; only captures replay in real time");

        using var cancel = new CancellationTokenSource();
        ConsoleCancelEventHandler onCancel = (_, e) => { e.Cancel = true; cancel.Cancel(); };
        Console.CancelKeyPress += onCancel;
        var progress = ProgressBar.IsWanted ? new ProgressBar(path) : null;
        IReadOnlyList<Capture.Readers.ImportedSeries> all;
        Influx.InfluxReplaySession? influx;
        try
        {
            all = isCapture
                ? Influx.InfluxReplay.LoadAll(parse, path, new ReplayOptions { Speed = speed, Progress = progress is null ? null : progress.Report, Cancel = cancel.Token }, out influx)
                : Influx.InfluxReplay.LoadImported(parse, path, format, AnalyzeCommand.ImportOptionsFrom(parse), out influx);
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("timesync: replay interrupted");
            return CliRunner.ExitUnusable;
        }
        finally
        {
            progress?.Done();
            Console.CancelKeyPress -= onCancel;
        }
        using var influxSession = influx; // --influx-url: analysis and verdicts follow the samples; drained at the end

        var selected = (channel is null ? all : all.Where(c => c.Channel == channel)).Select(c => c.OnRegularGrid(null, path)).ToList();
        if (selected.Count == 0)
            throw new InputException("--channel", $"{path} has no channel '{channel}' (channels: {string.Join(", ", all.Select(c => c.Channel))})");
        var warned = new HashSet<string>();
        var docs = new List<(string Channel, AnalysisDocument? Doc)>();
        foreach (var series in selected)
        {
            foreach (var w in series.Warnings.Where(warned.Add).Take(50)) Console.Error.WriteLine($"timesync: warning: {w}");
            var clock = new ClockSeries(series.Kind, series.Tau0Seconds!.Value, [.. series.Values]);
            int usable = series.Values.Count(v => !double.IsNaN(v));
            if (usable < 3)
            {
                if (selected.Count == 1) throw new InputException(path, $"channel {series.Channel}: {usable} usable samples are too few for any statistic");
                Console.Error.WriteLine($"timesync: warning: {path}: channel {series.Channel}: {usable} usable samples, not analyzed");
                docs.Add((series.Channel, null));
                continue;
            }
            docs.Add((series.Channel, StabilityAnalysis.Analyze(clock, definitions, grid, confidence, noiseId: noiseId, fixedAlpha: fixedAlpha)));
        }
        if (docs.All(d => d.Doc is null)) throw new InputException(path, "no channel has enough usable samples");

        // --limits/--junit/--markdown/--report (Reporting): verdicts per channel
        // (the report reuses each channel's analysis above where it has its curves with the report's settings)
        var reporting = parse is null ? null : ReportingCli.Run(parse, new AnalysisInputs(path, selected.Select(c =>
            ReportingInputs.Channel(c, c.Tau0Seconds!.Value, PhaseOf(c))).ToList())
        {
            NoiseId = noiseId, FixedAlpha = fixedAlpha,
            Analyses = docs.Select(d => d.Doc is null ? null : new ChannelAnalysis(d.Doc, grid, noiseId)).ToList(),
        });
        foreach (var (name, doc) in docs) if (doc is not null) influx?.WriteAnalysis(name, doc);
        if (reporting is not null) influx?.WriteVerdicts(reporting);

        bool toStdout = jsonPath == "-";
        if (jsonPath is not null)
        {
            string text = Json(docs, single: selected.Count == 1 && channel is not null || all.Count == 1);
            OutputFile.WriteAtomic(jsonPath, reporting?.AddVerdictsTo(text) ?? text);
        }
        if (!toStdout)
            foreach (var (name, doc) in docs)
                if (doc is not null) Console.Out.Write(AnalysisText.Table(doc, $"{path} [{name}]"));
        return reporting?.ExitCode ?? CliRunner.ExitPass;
    }

    /// <summary>The time errors the checks judge: the series itself, or a frequency series integrated to phase.</summary>
    private static double[] PhaseOf(Capture.Readers.ImportedSeries s) => s.Kind == SeriesKind.Phase
        ? [.. s.Values]
        : [.. new ClockSeries(s.Kind, s.Tau0Seconds!.Value, [.. s.Values]).ToPhase().Values];

    /// <summary>One document, or {"channels": {name: document|null}} in bench order.</summary>
    internal static string Json(IReadOnlyList<(string Channel, AnalysisDocument? Doc)> docs, bool single)
    {
        if (single) return AnalysisJson.Serialize(docs[0].Doc!) + "\n";
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteStartObject("channels");
            foreach (var (name, doc) in docs)
            {
                w.WritePropertyName(name);
                if (doc is null) w.WriteNullValue();
                else w.WriteRawValue(AnalysisJson.Serialize(doc, indented: false));
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    /// <summary>A one-line progress bar on stderr, only on an interactive terminal and outside CI.</summary>
    private sealed class ProgressBar(string name)
    {
        private int _lastPercent = -1;

        public static bool IsWanted =>
            !Console.IsErrorRedirected && !Console.IsOutputRedirected && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI"));

        public void Report(double fraction)
        {
            int percent = (int)(fraction * 100);
            if (percent == _lastPercent) return;
            _lastPercent = percent;
            int filled = percent * 30 / 100;
            Console.Error.Write($"\rreplay {Path.GetFileName(name)} [{new string('#', filled)}{new string('.', 30 - filled)}] {percent,3}%");
        }

        public void Done()
        {
            if (_lastPercent >= 0) Console.Error.Write("\r" + new string(' ', 60 + name.Length) + "\r");
        }
    }
}
