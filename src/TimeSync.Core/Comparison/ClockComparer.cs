using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Core.Time;

namespace TimeSync.Core.Comparison;

/// <summary>Builds a <see cref="ComparisonDocument"/> from aligned time-error columns.</summary>
public static class ClockComparer
{
    /// <summary>The statistics every clock gets (OADEV ranks and feeds the hat).</summary>
    public static readonly IReadOnlyList<string> StatisticNames = ["oadev", "adev", "mdev", "tdev", "mtie"];

    /// <param name="names">One per column; in pairs mode "A-B".</param>
    /// <param name="origins">Where each column came from (for the document).</param>
    /// <param name="columns">Aligned phase (s) on one grid, NaN for gaps.</param>
    /// <param name="pairsMode">Columns are pairwise differences A−B rather than clocks against a common reference.</param>
    /// <param name="fixedAlpha">A noise type fixed for every τ (Stable32's manual setting) for every clock's analysis and the hat's EDF; null: identified.</param>
    public static ComparisonDocument Compare(IReadOnlyList<string> names, IReadOnlyList<string> origins, IReadOnlyList<double[]> columns,
        double tau0Seconds, Instant? start, AlignedSeries? alignment, bool pairsMode, string referenceName, TauGrid grid,
        IReadOnlyList<double> rankTausSeconds, double confidence = ConfidenceInterval.DefaultConfidence, NoiseIdMode noiseId = NoiseIdMode.Stable32,
        int? fixedAlpha = null)
    {
        if (names.Count != columns.Count || origins.Count != columns.Count) throw new ArgumentException("one name and origin per column");
        var statistics = StatisticNames.Select(n => StatisticsCatalog.Get(n)).ToArray();
        if (fixedAlpha is int a) StabilityAnalysis.CheckFixedAlpha(a, statistics); // before any analysis runs: one InputException, not one per clock
        var analyses = new AnalysisDocument[columns.Count];
        // each clock's analysis is independent: run them side by side
        Parallel.For(0, columns.Count, i => analyses[i] = StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, tau0Seconds, columns[i]), statistics, grid, confidence, noiseId: noiseId, fixedAlpha: fixedAlpha));

        IReadOnlyList<HatClock>? hat = null;
        // The hat's statistic is the first one every input was analysed with: a pair that is an input (pairs mode: all;
        // common reference: clock i − reference) reuses that input's rows.
        if (pairsMode)
        {
            var (clockNames, clockPairs) = PairsFromNames(names, columns);
            var known = clockPairs.Select((p, i) => p with { AnalyzedRows = analyses[i].Deviations[0].Rows }).ToArray();
            hat = ClockComparison.Hat(clockNames, known, tau0Seconds, statistics[0], grid, confidence, noiseId, fixedAlpha);
        }
        else if (columns.Count >= 2)
        {
            var (clockNames, clockPairs) = ClockComparison.AgainstCommonReference(names, columns, referenceName);
            int reference = names.Count;
            var known = clockPairs.Select(p => p.ClockB == reference ? p with { AnalyzedRows = analyses[p.ClockA].Deviations[0].Rows } : p).ToArray();
            hat = ClockComparison.Hat(clockNames, known, tau0Seconds, statistics[0], grid, confidence, noiseId, fixedAlpha);
        }

        var rows = names.Select((n, i) => (Name: n, Index: i,
            MaxAbs: Math.Max(Math.Abs(analyses[i].Summary.Min), Math.Abs(analyses[i].Summary.Max)),
            Oadev: rankTausSeconds.Select(t => Nearest(analyses[i].Deviations[0].Rows, t)?.Value ?? double.NaN).ToArray())).ToList();
        // rank by OADEV at the first ranking τ (lower is better), NaN last, then by name for determinism
        var ordered = rows.OrderBy(r => r.Oadev.Length == 0 || double.IsNaN(r.Oadev[0]) ? double.MaxValue : r.Oadev[0]).ThenBy(r => r.Name, StringComparer.Ordinal).ToList();
        var clocks = new ComparedClock[names.Count];
        for (int k = 0; k < ordered.Count; k++)
        {
            var r = ordered[k];
            clocks[r.Index] = new ComparedClock(r.Name, origins[r.Index], k + 1, r.MaxAbs, r.Oadev, analyses[r.Index], columns[r.Index]);
        }
        return new ComparisonDocument(tau0Seconds, pairsMode ? "pairs" : "common-reference", start, rankTausSeconds.ToArray(), clocks, alignment, hat, statistics[0].Name)
        {
            FixedAlpha = fixedAlpha,
        };
    }

    /// <summary>Clock names and pairs from pair names "A-B" (one per column).</summary>
    public static (IReadOnlyList<string> Clocks, IReadOnlyList<ClockPair> Pairs) PairsFromNames(IReadOnlyList<string> names, IReadOnlyList<double[]> columns)
    {
        var clocks = new List<string>();
        var pairs = new List<ClockPair>();
        for (int i = 0; i < names.Count; i++)
        {
            var parts = names[i].Split('-', StringSplitOptions.TrimEntries);
            if (parts.Length != 2 || parts[0].Length == 0 || parts[1].Length == 0 || parts[0] == parts[1])
                throw new InputException("--names", $"'{names[i]}' is not a pair 'A-B' of two clock names");
            pairs.Add(new ClockPair(IndexOf(clocks, parts[0]), IndexOf(clocks, parts[1]), columns[i]));
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

    private static DeviationRow? Nearest(IReadOnlyList<DeviationRow> rows, double tauSeconds) =>
        rows.Count == 0 ? null : rows.MinBy(r => Math.Abs(Math.Log(r.TauSeconds / tauSeconds)));
}
