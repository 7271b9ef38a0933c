using TimeSync.Core.Series;

namespace TimeSync.Core.Statistics;

/// <summary>
/// <see cref="NoiseIdMode.Refined"/> where few points remain at m (fewer than <see cref="ReliablePoints"/> decimated or
/// averaged values): one realization no longer identifies α there (σ of the lag-1 estimate ≈ 2/√(N/m), 0.26 at 60 points;
/// the B1 ratio of 10–29 averages is right in 40–75 % of single-law runs), so the α identified at the anchor — m halved
/// until ≥ <see cref="ReliablePoints"/> points remain — is held unless the data at m reject it: the drift-free Mod σ² at m
/// (Allan σ² where Mod σ² has no term, 3m ≥ N) is compared with the anchor's, extrapolated along the held law's slope
/// (NIST SP 1065 Table 5 / §5.6: Mod σ² ∝ τ^(−α−1); Allan σ² τ⁻² for PM, τ^(−α−1) for FM), and the hold is rejected when
/// the ratio falls outside its two-sided interval of probability 1 − <see cref="RejectionProbability"/>: each estimate is
/// χ²/ν-distributed with the Greenhall–Riley EDF ν for the held α, so their ratio is F(ν_m, ν_anchor) (Snedecor's F;
/// the estimates' positive correlation only narrows it). Then α is identified at m itself, on the side the data point to
/// (σ² above the line: a steeper law, α below the held one).
/// A noise type that appears at long τ (e.g. random-walk FM over white FM) lifts σ² at m above the held law's line, which
/// is what the test detects; it detects a change once its excess is several times the χ²/ν spread at m
/// (see NoiseIdentificationMixedTests for the rates measured).
/// </summary>
internal static class SparseNoiseHold
{
    /// <summary>Fewest points at which α is identified at m itself without a hold.</summary>
    public const int ReliablePoints = 60;

    /// <summary>Tail probability (two-sided, per estimate) of the χ² interval the held law must fall outside to be rejected.</summary>
    public const double RejectionProbability = 0.01;

    /// <summary>α at <paramref name="m"/> in refined mode (see the class summary).</summary>
    public static NoiseEstimate Identify(ReadOnlySpan<double> values, SeriesKind kind, double tau0Seconds, int m, int maxDifferences)
    {
        if (Points(values, kind, m) >= ReliablePoints) return NoiseIdentification.IdentifyAt(values, kind, tau0Seconds, m, maxDifferences, null, refined: true);
        int anchor = m / 2;
        while (anchor > 1 && Points(values, kind, anchor) < ReliablePoints) anchor /= 2;
        var local = NoiseIdentification.IdentifyAt(values, kind, tau0Seconds, m, maxDifferences, null, refined: true);
        if (anchor < 1 || Points(values, kind, anchor) < ReliablePoints) return local;
        var held = NoiseIdentification.IdentifyAt(values, kind, tau0Seconds, anchor, maxDifferences, null, refined: true);
        if (held.Method != NoiseIdMethod.Lag1Autocorrelation || held.Alpha is < -2 or > 2) return local;
        if (held.Alpha == local.Alpha && local.Method != NoiseIdMethod.None) return local;
        var phase = NoiseIdentification.PhaseOf(values, kind, tau0Seconds);
        int side = Rejects(phase, anchor, m, held.Alpha);
        if (side == 0) return new NoiseEstimate(held.Alpha, held.AlphaEstimate, NoiseIdMethod.Held);
        // rejected: the local α, on the side the data point to (σ² above the held law's line ⇒ a steeper law, lower α)
        int alphaMin = 2 - 2 * maxDifferences;
        if (local.Method == NoiseIdMethod.None) return local;
        if (side > 0 && local.Alpha >= held.Alpha) return local with { Alpha = Math.Max(held.Alpha - 1, alphaMin) };
        if (side < 0 && local.Alpha <= held.Alpha) return local with { Alpha = Math.Min(held.Alpha + 1, 2) };
        return local;
    }

    private static int Points(ReadOnlySpan<double> values, SeriesKind kind, int m) =>
        kind == SeriesKind.Phase ? NoiseIdentification.CountDecimated(values, m) : NoiseIdentification.CountAveraged(values, m);

    /// <summary>
    /// +1 (−1) when the drift-free σ² at <paramref name="m"/> lies above (below) the strict interval around the anchor's
    /// σ² extrapolated with noise type <paramref name="alpha"/>; 0 inside it or when it cannot be tested (no term, EDF undefined).
    /// </summary>
    internal static int Rejects(ReadOnlySpan<double> phase, int anchor, int m, int alpha)
    {
        // Mod σ² where it has a term at m (3m ≤ N − 1), else the Allan σ²; the same estimator at both factors
        bool modified = 3L * m < phase.Length;
        double atAnchor = PmNoiseSplit.DriftFreeMeanSquare(phase, anchor, modified);
        double atM = PmNoiseSplit.DriftFreeMeanSquare(phase, m, modified);
        if (!(atAnchor > 0) || !(atM > 0)) return 0;
        // mean square of the (averaged) second differences = 2 m² τ0² σ², so its expected ratio is (m/a)² σ²(m)/σ²(a)
        double expected = (double)m * m / ((double)anchor * anchor) * VarianceRatio(alpha, anchor, m, modified);
        double q = atM / atAnchor / expected;
        double nuM = modified ? EquivalentDegreesOfFreedom.Mdev(alpha, m, phase.Length) : EquivalentDegreesOfFreedom.Oadev(alpha, m, phase.Length);
        double nuA = modified ? EquivalentDegreesOfFreedom.Mdev(alpha, anchor, phase.Length) : EquivalentDegreesOfFreedom.Oadev(alpha, anchor, phase.Length);
        if (!(nuM > 0) || !(nuA > 0) || double.IsInfinity(nuM) || double.IsInfinity(nuA)) return 0;
        // q = (χ²_ν(m)/ν(m)) / (χ²_ν(a)/ν(a)) when the held law holds: F(ν(m), ν(a)) for independent estimates; the two
        // share data and are positively correlated, which narrows q's spread, so the F interval errs on the side of holding
        double p = RejectionProbability / 2;
        return q > FDistribution.Quantile(1 - p, nuM, nuA) ? 1 : q < FDistribution.Quantile(p, nuM, nuA) ? -1 : 0;
    }

    /// <summary>
    /// Expected σ²(m)/σ²(a) for noise type α: NIST SP 1065 Table 5, Mod σ² ∝ τ^(−α−1) (asymptotic, m ≫ 1); Allan σ² ∝
    /// τ^(−α−1) for FM, τ⁻² for white PM and τ⁻²(1.038 + 3 ln(2π f_h τ)) for flicker PM with f_h = 1/(2τ0).
    /// </summary>
    internal static double VarianceRatio(int alpha, int anchor, int m, bool modified)
    {
        double ratio = (double)m / anchor;
        if (modified || alpha <= 0) return Math.Pow(ratio, -alpha - 1);
        if (alpha == 2) return 1 / (ratio * ratio);
        return (1.038 + 3 * Math.Log(Math.PI * m)) / (1.038 + 3 * Math.Log(Math.PI * anchor)) / (ratio * ratio);
    }
}
