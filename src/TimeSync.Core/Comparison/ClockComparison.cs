using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Core.Comparison;

/// <summary>One measured difference between two clocks: phase of clock <see cref="ClockA"/> − clock <see cref="ClockB"/>.</summary>
/// <param name="AnalyzedRows">This pair's rows of the hat's statistic if already computed (same grid and confidence), to skip recomputing them.</param>
public sealed record ClockPair(int ClockA, int ClockB, double[] PhaseSeconds, IReadOnlyList<DeviationRow>? AnalyzedRows = null);

/// <summary>One clock's separated deviation at one τ, with chi-squared bounds from its Satterthwaite EDF.</summary>
/// <param name="Deviation">√σ²_i, NaN when the separated variance is negative (see <see cref="Variance"/>).</param>
public sealed record HatRow(int Af, double TauSeconds, double Variance, double Deviation, double? Edf, double? CiLow, double? CiHigh)
{
    public bool Negative => Variance < 0;
}

/// <summary>One clock's own stability, separated from the pairwise measurements.</summary>
public sealed record HatClock(string Name, IReadOnlyList<HatRow> Rows);

/// <summary>
/// The N-cornered hat over a τ grid: each pair's deviation (with its noise type and Greenhall EDF, as
/// <see cref="StabilityAnalysis"/> computes them) is squared into a variance, and <see cref="CorneredHat.Solve"/>
/// separates the clocks at each τ that every pair has. Confidence bounds: the union of a chi-squared interval with the
/// Satterthwaite EDF (NIST SP 1065 eq. 45 with that EDF) and a normal interval on the variance (see below).
/// </summary>
public static class ClockComparison
{
    public static IReadOnlyList<HatClock> Hat(IReadOnlyList<string> clockNames, IReadOnlyList<ClockPair> pairs, double tau0Seconds,
        StatisticDefinition statistic, TauGrid grid, double confidence = ConfidenceInterval.DefaultConfidence, NoiseIdMode noiseId = NoiseIdMode.Stable32,
        int? fixedAlpha = null)
    {
        int n = clockNames.Count;
        if (n < 3) throw new InputException("compare", $"a cornered hat needs at least three clocks, got {n}");
        if (statistic.Edf is null) throw new InputException("--hat", $"{statistic.Name} is not a variance-type statistic; use oadev, mdev, tdev, hdev or ohdev");
        var analyses = new Dictionary<(int, int), Dictionary<int, DeviationRow>>();
        var lengths = new Dictionary<(int, int), int>();
        foreach (var pair in pairs)
        {
            if (pair.ClockA == pair.ClockB || pair.ClockA < 0 || pair.ClockB < 0 || pair.ClockA >= n || pair.ClockB >= n)
                throw new ArgumentException($"pair ({pair.ClockA},{pair.ClockB}) does not name two different clocks");
            var key = Key(pair.ClockA, pair.ClockB);
            if (!lengths.TryAdd(key, pair.PhaseSeconds.Length)) throw new InputException("compare", $"the pair {clockNames[key.Item1]}–{clockNames[key.Item2]} is given twice");
        }
        // the pairs' analyses are independent: side by side, skipping those already done
        var rowsOfPair = new IReadOnlyList<DeviationRow>[pairs.Count];
        Parallel.For(0, pairs.Count, p => rowsOfPair[p] = pairs[p].AnalyzedRows
            ?? StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, tau0Seconds, pairs[p].PhaseSeconds), [statistic], grid, confidence, noiseId: noiseId, fixedAlpha: fixedAlpha).Deviations[0].Rows);
        for (int p = 0; p < pairs.Count; p++) analyses[Key(pairs[p].ClockA, pairs[p].ClockB)] = rowsOfPair[p].ToDictionary(r => r.Af);
        // The hat's EDF rests on each pair's noise type identified at each τ itself in the physically steadier form
        // (lag-1 ACF, Riley & Greenhall 2004; else the B1 ratio on the overlapping AVAR with N = number of averages,
        // NIST SP 1065 §5.6), not on the α the analyses print: that one reproduces Stable32 (B1 against the
        // non-overlapping AVAR with N = the statistic's terms, held beyond half the τ range), which reads white FM as
        // flicker PM at a dozen averages and so gives an EDF several times too large.
        var alphaOfPair = new Dictionary<int, int?>[pairs.Count];
        // A fixed noise type (Stable32's manual setting) replaces that identification: every pair's EDF uses it.
        Parallel.For(0, pairs.Count, p => alphaOfPair[p] = rowsOfPair[p].ToDictionary(r => r.Af, r => fixedAlpha ?? HatAlpha(pairs[p].PhaseSeconds, tau0Seconds, r.Af, statistic)));
        var alphas = new Dictionary<(int, int), Dictionary<int, int?>>();
        for (int p = 0; p < pairs.Count; p++) alphas[Key(pairs[p].ClockA, pairs[p].ClockB)] = alphaOfPair[p];
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (!analyses.ContainsKey((i, j)))
                    throw new InputException("compare", $"no measurement of {clockNames[i]} against {clockNames[j]}: the hat needs every pair");

        // τ values that every pair has.
        var common = analyses.Values.Select(d => (IEnumerable<int>)d.Keys).Aggregate((a, b) => a.Intersect(b)).Order().ToList();
        var rows = new List<HatRow>[n];
        for (int i = 0; i < n; i++) rows[i] = new List<HatRow>(common.Count);
        var variance = new double[n, n];
        var edf = new double[n, n];
        foreach (int af in common)
        {
            // The noise type of each pair comes from the lag-1 ACF (or B1) identification, which misreads a few τ of
            // a short series (e.g. WFM read as FPM at N/m ≈ 50, whose EDF is several times larger). The hat then
            // takes, for every pair at this τ, the smallest EDF any pair's noise type gives: a wider, honest interval
            // rather than one that rests on a single identification.
            var alphasHere = alphas.Values.Select(d => d[af]).OfType<int>().Distinct().ToList();
            bool edfKnown = alphasHere.Count > 0;
            for (int i = 0; i < n; i++)
            {
                variance[i, i] = double.NaN;
                edf[i, i] = double.NaN;
                for (int j = i + 1; j < n; j++)
                {
                    var r = analyses[(i, j)][af];
                    variance[i, j] = variance[j, i] = r.Value * r.Value;
                    double e = double.NaN;
                    if (edfKnown)
                    {
                        int length = lengths[(i, j)];
                        e = alphasHere.Min(a => statistic.Edf(a, af, length));
                    }
                    edf[i, j] = edf[j, i] = e;
                    edfKnown &= e > 0 && double.IsFinite(e);
                }
            }
            var separated = CorneredHat.Solve(variance, edfKnown ? edf : null);
            foreach (var s in separated)
            {
                double dev = s.Deviation;
                double? e = double.IsNaN(s.EquivalentDegreesOfFreedom) ? null : s.EquivalentDegreesOfFreedom;
                double? lo = null, hi = null;
                if (double.IsFinite(s.VarianceStandardError))
                {
                    // Two models of the estimate's error: chi-squared with the Satterthwaite EDF (right when the clock's own
                    // noise dominates) and normal on the variance, σ̂² ± z·sd (right when the cross terms of the other
                    // clocks dominate, as for the best clock of the set). The interval given is their union; a negative
                    // estimate gets [0, upper bound].
                    double z = NormalQuantile(0.5 + confidence / 2);
                    double low = Math.Sqrt(Math.Max(0, s.Variance - z * s.VarianceStandardError));
                    double high = Math.Sqrt(Math.Max(0, s.Variance + z * s.VarianceStandardError));
                    if (e is double k && !double.IsNaN(dev))
                    {
                        var (l, h) = ConfidenceInterval.Bounds(dev, k, confidence);
                        low = Math.Min(low, l);
                        high = Math.Max(high, h);
                    }
                    lo = low;
                    hi = high;
                }
                rows[s.Clock].Add(new HatRow(af, af * tau0Seconds, s.Variance, dev, e, lo, hi));
            }
        }
        return Enumerable.Range(0, n).Select(i => new HatClock(clockNames[i], rows[i])).ToArray();
    }

    /// <summary>
    /// Pairs for clocks each measured against one common reference (inputs x_i = clock_i − ref): the reference becomes
    /// clock N (named <paramref name="referenceName"/>), pair (i, ref) is input i and pair (i, j) is x_i − x_j.
    /// </summary>
    public static (IReadOnlyList<string> Names, IReadOnlyList<ClockPair> Pairs) AgainstCommonReference(
        IReadOnlyList<string> names, IReadOnlyList<double[]> phaseAgainstReference, string referenceName = "reference")
    {
        int n = names.Count;
        var pairs = new List<ClockPair>();
        for (int i = 0; i < n; i++)
        {
            pairs.Add(new ClockPair(i, n, phaseAgainstReference[i]));
            for (int j = i + 1; j < n; j++)
            {
                var a = phaseAgainstReference[i];
                var b = phaseAgainstReference[j];
                var d = new double[Math.Min(a.Length, b.Length)];
                for (int k = 0; k < d.Length; k++) d[k] = a[k] - b[k]; // (c_i − ref) − (c_j − ref) = c_i − c_j; NaN propagates
                pairs.Add(new ClockPair(i, j, d));
            }
        }
        return ([.. names, referenceName], pairs);
    }

    /// <summary>A pair's noise type at <paramref name="af"/> for the hat's EDF: <see cref="NoiseIdentification.Identify"/> in <see cref="NoiseIdMode.Refined"/> mode without the statistic's terms (whatever α the analyses print); null where neither method applies.</summary>
    private static int? HatAlpha(double[] phaseSeconds, double tau0Seconds, int af, StatisticDefinition statistic)
    {
        var noise = NoiseIdentification.Identify(phaseSeconds, SeriesKind.Phase, tau0Seconds, af, statistic.NoiseIdMaxDifferences, mode: NoiseIdMode.Refined);
        return noise.Method == NoiseIdMethod.None ? null : noise.Alpha;
    }

    /// <summary>Standard normal quantile from the chi-squared one: z_p² = χ²_1(2p − 1) for p ≥ ½.</summary>
    private static double NormalQuantile(double p) => Math.Sqrt(ChiSquared.Quantile(2 * p - 1, 1));

    private static (int, int) Key(int a, int b) => a < b ? (a, b) : (b, a);
}
