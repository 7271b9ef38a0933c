using System.CommandLine;
using System.Globalization;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Capture.Readers;
using TimeSync.Cli.Analysis;
using TimeSync.Core;
using TimeSync.Core.Comparison;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Cli.Commands;

/// <summary>
/// `timesync compare INPUT...`: several clocks' time-error series aligned on their common timestamps, each analysed on
/// the same τ grid, ranked, and separated by the N-cornered hat (Gray &amp; Allan 1974; Barnes 1990).
/// </summary>
internal static class CompareCommand
{
    public static Command Create()
    {
        var inputs = new Argument<string[]>("INPUT") { Description = "Time-error files (any format analyze reads), one clock or pair each", Arity = ArgumentArity.OneOrMore };
        var names = new Option<string?>("--names") { Description = "Names of the inputs, comma separated (pairs mode: A-B,B-C,A-C)" };
        var pairs = new Option<bool>("--pairs") { Description = "Inputs are pairwise differences between clocks named by --names (A-B,...); default: each input is one clock against a common reference" };
        var reference = new Option<string>("--reference") { Description = "Name of the common reference in the hat", DefaultValueFactory = _ => "reference" };
        var format = new Option<string?>("--format") { Description = "Force the input format (plain, stable32, ptp4l, chrony-measurements, ticc, ...)" };
        var tau0 = new Option<double?>("--tau0") { Description = "Sample interval in seconds for inputs without timestamps" };
        var taus = new Option<string>("--taus") { Description = "τ grid: octave, decade, all, many or a list of averaging factors", DefaultValueFactory = _ => "octave" };
        var rankAt = new Option<string>("--rank-at") { Description = "τ values in seconds at which to rank by OADEV (nearest grid τ)", DefaultValueFactory = _ => "1,100" };
        var confidence = new Option<double>("--confidence") { Description = "Confidence of the intervals", DefaultValueFactory = _ => ConfidenceInterval.DefaultConfidence };
        var json = new Option<string?>("--json") { Description = "Write the comparison document (JSON) to PATH, or - for stdout" };
        var noiseId = NoiseIdOption.Create();
        var alpha = AlphaOption.Create();
        var command = new Command("compare", "Compare several clocks: aligned series, same τ grid, ranking, N-cornered hat");
        command.Arguments.Add(inputs);
        foreach (var o in new Option[] { names, pairs, reference, format, tau0, taus, rankAt, confidence, json, noiseId, alpha }) command.Options.Add(o);
        CompareReporting.AddOptions(command); // --limits, --junit, --markdown, --report (the comparison view)
        command.SetAction(p => Run(p.GetValue(inputs)!, p.GetValue(names), p.GetValue(pairs), p.GetValue(reference)!, p.GetValue(format),
            p.GetValue(tau0), p.GetValue(taus)!, p.GetValue(rankAt)!, p.GetValue(confidence), p.GetValue(json), p, p.GetValue(noiseId)!, p.GetValue(alpha)!));
        return command;
    }

    private static int Run(string[] paths, string? namesText, bool pairsMode, string referenceName, string? format, double? tau0Seconds,
        string tausText, string rankAtText, double confidence, string? jsonPath, ParseResult parse, string noiseIdText, string alphaText)
    {
        var grid = TauGrid.Parse(tausText);
        var noiseId = NoiseIdOption.Parse(noiseIdText);
        var fixedAlpha = AlphaOption.Parse(alphaText, ClockComparer.StatisticNames.Select(n => StatisticsCatalog.Get(n)).ToArray());
        var rankTaus = rankAtText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new InputException("--rank-at", $"'{t}' is not a positive number of seconds"))
            .ToArray();
        var series = new List<ImportedSeries>();
        var origins = new List<string>();
        foreach (var path in paths)
            foreach (var s in Read(path, format))
            {
                if (s.Kind != SeriesKind.Phase) throw new InputException(path, "compare takes time-error (phase) series");
                foreach (var w in s.Warnings) Console.Error.WriteLine($"timesync: warning: {w}");
                series.Add(s);
                origins.Add(path);
            }
        var names = namesText is null
            ? series.Select((s, i) => series.Count(o => o.Channel == s.Channel) > 1 ? $"{s.Channel}#{i + 1}" : s.Channel).ToArray()
            : namesText.Split(',', StringSplitOptions.TrimEntries);
        if (names.Length != series.Count) throw new InputException("--names", $"{names.Length} names for {series.Count} inputs");
        if (names.Distinct().Count() != names.Length) throw new InputException("--names", "names must be distinct");
        if (series.Count < 2) throw new InputException(paths[0], "compare needs at least two series");

        var (tau0, columns, alignment) = Align(series, names, origins, tau0Seconds);
        var doc = ClockComparer.Compare(names, names.Select((n, i) => $"{origins[i]} [{series[i].Channel}]").ToArray(), columns, tau0,
            alignment?.Start, alignment, pairsMode, referenceName, grid, rankTaus, confidence, noiseId, fixedAlpha);
        PrintTable(doc);
        var reporting = CompareReporting.Run(parse, paths, doc); // --limits/--junit/--markdown/--report (the comparison view)
        if (jsonPath is not null)
        {
            string json = CompareReporting.AddVerdictsTo(ComparisonJson.Serialize(doc), reporting);
            if (jsonPath == "-") Console.Out.Write(json);
            else OutputFile.WriteAtomic(jsonPath, json);
        }
        return reporting.ExitCode;
    }

    /// <summary>A capture (pcapng, by its magic bytes) gives one series per channel through the replay pipeline; other files go through the series readers.</summary>
    private static IReadOnlyList<ImportedSeries> Read(string path, string? format)
    {
        if (format is null && Capture.Pcapng.PcapngFormat.IsPcapngFile(path)) return CaptureSeries.LoadAll(path, new ReplayOptions(), out _);
        return SeriesReaders.ReadFile(path, format);
    }

    private static (double Tau0, double[][] Columns, AlignedSeries? Alignment) Align(List<ImportedSeries> series, string[] names, List<string> origins, double? tau0Seconds)
    {
        bool allTimed = series.All(s => s.Times is not null);
        bool noneTimed = series.All(s => s.Times is null);
        if (allTimed)
        {
            var aligned = SeriesAlignment.Align(series.Select((s, i) => new TimedSeries($"{names[i]} ({origins[i]})", s.Times!, s.Values)).ToArray());
            return (aligned.Tau0Seconds, aligned.Values.ToArray(), aligned);
        }
        if (!noneTimed)
        {
            int k = series.FindIndex(s => s.Times is null);
            throw new InputException(origins[k], "has no absolute timestamps while other inputs do: cannot align them on common times");
        }
        double tau0 = tau0Seconds ?? series[0].Tau0Seconds ?? throw new InputException("--tau0", "inputs without timestamps need --tau0");
        if (series.Any(s => s.Tau0Seconds is double t && Math.Abs(t - tau0) > 1e-9 * tau0))
            throw new InputException(origins[series.FindIndex(s => s.Tau0Seconds is double t && Math.Abs(t - tau0) > 1e-9 * tau0)], "sampled at a different τ0 than the other inputs");
        int length = series.Min(s => s.Values.Count);
        for (int i = 0; i < series.Count; i++)
            if (series[i].Values.Count != length)
                Console.Error.WriteLine($"timesync: {origins[i]}: {series[i].Values.Count} values, compared on the first {length} (inputs without timestamps are aligned by index)");
        return (tau0, series.Select(s => s.Values.Take(length).ToArray()).ToArray(), null);
    }

    private static void PrintTable(ComparisonDocument doc)
    {
        var inv = CultureInfo.InvariantCulture;
        if (doc.FixedAlpha is int alpha) Console.WriteLine($"noise type fixed: alpha = {alpha.ToString(inv)} at every tau (not identified), in every analysis and the hat's EDF");
        if (doc.Alignment is { } alignment)
        {
            Console.WriteLine($"aligned {alignment.Length} samples every {alignment.Tau0} s from {alignment.Start}");
            foreach (var t in alignment.Trimmed) Console.WriteLine($"  not compared: {t.Name} from {t.From} to {t.To} ({t.Samples} samples outside the common range)");
            foreach (var g in alignment.Gaps) Console.WriteLine($"  gap: {g.Name} has no value from {g.From} to {g.To} ({g.MissingSamples} samples)");
        }
        Console.WriteLine();
        Console.WriteLine("## ranking (by OADEV at the first --rank-at τ)");
        Console.WriteLine("rank  " + "clock".PadRight(24) + "max|x| (s)".PadLeft(14) + string.Concat(doc.RankTausSeconds.Select(t => ("oadev@" + t.ToString("G4", inv)).PadLeft(14))));
        foreach (var r in doc.Ranking)
            Console.WriteLine($"{r.Rank,4}  {r.Name,-24}{r.MaxAbsSeconds.ToString("E4", inv),14}" + string.Concat(r.OadevAtRankTaus.Select(v => v.ToString("E4", inv).PadLeft(14))));
        if (doc.Hat is not { } hat) return;
        Console.WriteLine();
        Console.WriteLine($"## N-cornered hat ({doc.HatStatistic.ToUpperInvariant()} of each clock alone; 'neg' = negative variance estimate, upper bound given)");
        Console.WriteLine("clock".PadRight(24) + "tau".PadLeft(12) + doc.HatStatistic.PadLeft(14) + "ci_low".PadLeft(14) + "ci_high".PadLeft(14));
        foreach (var c in hat)
            foreach (var r in c.Rows)
                Console.WriteLine(c.Name.PadRight(24) + r.TauSeconds.ToString("E4", inv).PadLeft(12)
                    + (r.Negative ? "neg" : r.Deviation.ToString("E4", inv)).PadLeft(14)
                    + (r.CiLow?.ToString("E4", inv) ?? "").PadLeft(14) + (r.CiHigh?.ToString("E4", inv) ?? "").PadLeft(14));
    }
}
