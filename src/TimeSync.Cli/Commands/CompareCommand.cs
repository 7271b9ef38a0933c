using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    private static readonly string[] StatisticNames = ["oadev", "mdev", "tdev", "mtie"];

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
        var command = new Command("compare", "Compare several clocks: aligned series, same τ grid, ranking, N-cornered hat");
        command.Arguments.Add(inputs);
        foreach (var o in new Option[] { names, pairs, reference, format, tau0, taus, rankAt, confidence, json }) command.Options.Add(o);
        CompareReporting.AddOptions(command); // --limits, --junit, --markdown, --report (the comparison view)
        command.SetAction(p => Run(p.GetValue(inputs)!, p.GetValue(names), p.GetValue(pairs), p.GetValue(reference)!, p.GetValue(format),
            p.GetValue(tau0), p.GetValue(taus)!, p.GetValue(rankAt)!, p.GetValue(confidence), p.GetValue(json), p));
        return command;
    }

    private static int Run(string[] paths, string? namesText, bool pairsMode, string referenceName, string? format, double? tau0Seconds,
        string tausText, string rankAtText, double confidence, string? jsonPath, ParseResult parse)
    {
        var grid = TauGrid.Parse(tausText);
        var rankTaus = rankAtText.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(t => double.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : throw new InputException("--rank-at", $"'{t}' is not a positive number of seconds"))
            .ToArray();
        var series = new List<ImportedSeries>();
        var origins = new List<string>();
        foreach (var path in paths)
            foreach (var s in SeriesReaders.ReadFile(path, format))
            {
                if (s.Kind != SeriesKind.Phase) throw new InputException(path, "compare takes time-error (phase) series");
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
        var statistics = StatisticNames.Select(n => StatisticsCatalog.Get(n)).ToArray();
        var analyses = columns.Select(c => StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, tau0, c), statistics, grid, confidence)).ToArray();

        IReadOnlyList<HatClock>? hat = null;
        if (pairsMode)
        {
            var (clockNames, clockPairs) = PairsFromNames(names, columns);
            hat = ClockComparison.Hat(clockNames, clockPairs, tau0, statistics[0], grid, confidence);
        }
        else if (series.Count >= 2)
        {
            var (clockNames, clockPairs) = ClockComparison.AgainstCommonReference(names, columns, referenceName);
            hat = ClockComparison.Hat(clockNames, clockPairs, tau0, statistics[0], grid, confidence);
        }

        var ranking = Rank(names, analyses, rankTaus);
        PrintTable(names, analyses, ranking, rankTaus, hat, alignment);
        var reporting = CompareReporting.Run(parse, paths, names, tau0, alignment?.Start, columns, analyses,
            ranking.Select(r => new CompareReporting.RankedClock(r.Name, r.Rank, r.MaxAbsSeconds, r.OadevAt)).ToList(), rankTaus, hat, alignment?.Gaps);
        if (jsonPath is not null)
        {
            var doc = CompareReporting.AddVerdictsTo(Document(names, analyses, ranking, hat, tau0, alignment, pairsMode), reporting);
            if (jsonPath == "-") Console.Out.Write(doc);
            else OutputFile.WriteAtomic(jsonPath, doc);
        }
        return reporting.ExitCode;
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

    private static (IReadOnlyList<string>, IReadOnlyList<ClockPair>) PairsFromNames(string[] names, double[][] columns)
    {
        var clocks = new List<string>();
        var pairs = new List<ClockPair>();
        for (int i = 0; i < names.Length; i++)
        {
            var parts = names[i].Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0 || parts[0] == parts[1])
                throw new InputException("--names", $"'{names[i]}' is not a pair 'A-B' of two clock names");
            int a = IndexOf(clocks, parts[0]), b = IndexOf(clocks, parts[1]);
            pairs.Add(new ClockPair(a, b, columns[i]));
        }
        return (clocks, pairs);

        static int IndexOf(List<string> list, string name)
        {
            int k = list.IndexOf(name);
            if (k >= 0) return k;
            list.Add(name);
            return list.Count - 1;
        }
    }

    private sealed record RankRow(string Name, double MaxAbsSeconds, double[] OadevAt, int Rank);

    private static List<RankRow> Rank(string[] names, AnalysisDocument[] analyses, double[] rankTaus)
    {
        var rows = names.Select((n, i) => new RankRow(n, Math.Max(Math.Abs(analyses[i].Summary.Min), Math.Abs(analyses[i].Summary.Max)),
            rankTaus.Select(t => Nearest(analyses[i].Deviations[0].Rows, t)?.Value ?? double.NaN).ToArray(), 0)).ToList();
        // Rank by OADEV at the first --rank-at τ (lower is better), ties and NaN last, then by name for determinism.
        var ordered = rows.OrderBy(r => double.IsNaN(r.OadevAt.FirstOrDefault(double.NaN)) ? double.MaxValue : r.OadevAt[0]).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        return ordered.Select((r, k) => r with { Rank = k + 1 }).ToList();
    }

    private static DeviationRow? Nearest(IReadOnlyList<DeviationRow> rows, double tauSeconds) =>
        rows.Count == 0 ? null : rows.MinBy(r => Math.Abs(Math.Log(r.TauSeconds / tauSeconds)));

    private static void PrintTable(string[] names, AnalysisDocument[] analyses, List<RankRow> ranking, double[] rankTaus, IReadOnlyList<HatClock>? hat, AlignedSeries? alignment)
    {
        var inv = CultureInfo.InvariantCulture;
        if (alignment is not null)
        {
            Console.WriteLine($"aligned {alignment.Length} samples every {alignment.Tau0} s from {alignment.Start}");
            foreach (var g in alignment.Gaps) Console.WriteLine($"  gap: {g.Name} has no value from {g.From} to {g.To} ({g.MissingSamples} samples)");
        }
        Console.WriteLine();
        Console.WriteLine("## ranking (by OADEV at the first --rank-at τ)");
        Console.WriteLine("rank  " + "clock".PadRight(24) + "max|x| (s)".PadLeft(14) + string.Concat(rankTaus.Select(t => ("oadev@" + t.ToString("G4", inv)).PadLeft(14))));
        foreach (var r in ranking)
            Console.WriteLine($"{r.Rank,4}  {r.Name,-24}{r.MaxAbsSeconds.ToString("E4", inv),14}" + string.Concat(r.OadevAt.Select(v => v.ToString("E4", inv).PadLeft(14))));
        if (hat is null) return;
        Console.WriteLine();
        Console.WriteLine("## N-cornered hat (OADEV of each clock alone; 'neg' = negative variance estimate, upper bound given)");
        Console.WriteLine("clock".PadRight(24) + "tau".PadLeft(12) + "oadev".PadLeft(14) + "ci_low".PadLeft(14) + "ci_high".PadLeft(14));
        foreach (var c in hat)
            foreach (var r in c.Rows)
                Console.WriteLine(c.Name.PadRight(24) + r.TauSeconds.ToString("E4", inv).PadLeft(12)
                    + (r.Negative ? "neg" : r.Deviation.ToString("E4", inv)).PadLeft(14)
                    + (r.CiLow?.ToString("E4", inv) ?? "").PadLeft(14) + (r.CiHigh?.ToString("E4", inv) ?? "").PadLeft(14));
    }

    private static string Document(string[] names, AnalysisDocument[] analyses, List<RankRow> ranking, IReadOnlyList<HatClock>? hat, double tau0,
        AlignedSeries? alignment, bool pairsMode)
    {
        var clocks = new JsonArray();
        for (int i = 0; i < names.Length; i++)
        {
            var rank = ranking.Single(r => r.Name == names[i]);
            clocks.Add(new JsonObject
            {
                ["name"] = names[i],
                ["rank"] = rank.Rank,
                ["max_abs"] = rank.MaxAbsSeconds,
                ["analysis"] = JsonNode.Parse(AnalysisJson.Serialize(analyses[i], indented: false)),
            });
        }
        var root = new JsonObject
        {
            ["tau0"] = tau0,
            ["mode"] = pairsMode ? "pairs" : "common-reference",
            ["clocks"] = clocks,
        };
        if (alignment is not null)
        {
            root["alignment"] = new JsonObject
            {
                ["start"] = alignment.Start.ToString(),
                ["count"] = alignment.Length,
                ["gaps"] = new JsonArray(alignment.Gaps.Select(g => (JsonNode)new JsonObject
                {
                    ["input"] = g.Name, ["from"] = g.From.ToString(), ["to"] = g.To.ToString(), ["missing"] = g.MissingSamples,
                }).ToArray()),
            };
        }
        if (hat is not null)
        {
            root["hat"] = new JsonArray(hat.Select(c => (JsonNode)new JsonObject
            {
                ["clock"] = c.Name,
                ["statistic"] = "oadev",
                ["rows"] = new JsonArray(c.Rows.Select(r => (JsonNode)new JsonObject
                {
                    ["af"] = r.Af, ["tau"] = r.TauSeconds, ["variance"] = r.Variance,
                    ["value"] = r.Negative ? null : r.Deviation, ["negative"] = r.Negative,
                    ["edf"] = r.Edf, ["ci_low"] = r.CiLow, ["ci_high"] = r.CiHigh,
                }).ToArray()),
            }).ToArray());
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }
}
