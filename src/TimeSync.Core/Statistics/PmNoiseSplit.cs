namespace TimeSync.Core.Statistics;

/// <summary>
/// Refines the lag-1 autocorrelation result on phase data where decimation misleads it.
/// The lag-1 ACF (Riley &amp; Greenhall 2004) runs on the phase decimated by m, and decimation folds the spectrum:
/// <list type="bullet">
/// <item>flicker PM: the folded power between 1/(2mτ0) and f_h is white-looking (≈ ln m), so the estimate drifts from 1.1
///   (m = 2) to 1.6–1.8 (m ≥ 32) and rounds to 2. Split by R(n) = Mod σ²/σ² against its white PM (1/m), flicker PM and
///   white FM (1/2) expectations (NIST SP 1065 §5.6; Allan &amp; Barnes 1981 introduced Mod σ² for this split).</item>
/// <item>flicker FM: decimated phase tends to point samples of continuous FFM, whose second difference has
///   r1 = −0.217 (spectrum Σ_k |ω + 2πk|⁻³), an estimate of −1.45 at every m, 0.05 from the −1.5 rounding boundary
///   (10–40 % of FFM octaves read −2). Split from random-walk FM by the local slope μ of Mod σ² ∝ τ^μ between m/2 and m
///   (NIST SP 1065 §5.6 slope table: μ = 0 FFM, 1 RWFM); below m = 4 by the Allan σ² slope between m and 2m
///   (<see cref="AllanSlopeSplit"/>). R(n) is not used there: white PM beside RWFM lifts σ² far more
///   than Mod σ² and would read as FFM.</item>
/// </list>
/// Both use averages (Mod σ²), which do not fold, and a frequency drift is removed first as the lag-1 ACF removes it
/// (the mean second difference d̄ at lag m adds d̄²/(2τ²) to σ² and Mod σ² alike). Applied only when the lag-1 result
/// is 2 or 1 at m ≥ <see cref="MinimumAveragingFactor"/>, or −1 or −2 not clearly random-walk FM, so it costs a few
/// O(N) sums at those m only. Used in <see cref="NoiseIdMode.Refined"/> only.
/// </summary>
internal static class PmNoiseSplit
{
    /// <summary>
    /// Smallest m refined: at m = 2 the white and flicker PM R(n) (0.500, and 0.515 by SP 1065, 0.568 brick-walled at
    /// f_h) are too close and Mod σ² is not asymptotic yet; the lag-1 ACF reads both well there.
    /// </summary>
    public const int MinimumAveragingFactor = 4;

    /// <summary>Lag-1 estimates below this (random-walk FM reads −2.0 to −2.4) are clear and left alone, which keeps the cost down.</summary>
    public const double FrequencyNoiseEstimateFloor = -2.2;

    /// <summary>True when <see cref="Refine"/> may change a lag-1 result of <paramref name="alpha"/> (estimate <paramref name="estimate"/>).</summary>
    public static bool Applies(int alpha, double estimate, int m) =>
        (m >= MinimumAveragingFactor && alpha is 1 or 2) || (alpha is -1 or -2 && estimate >= FrequencyNoiseEstimateFloor) || alpha == -3;

    /// <summary>α at averaging factor <paramref name="m"/> given the lag-1 result <paramref name="lag1Alpha"/>, which is kept when a variance is undefined.</summary>
    public static int Refine(ReadOnlySpan<double> phaseSeconds, int m, int lag1Alpha)
    {
        if (lag1Alpha >= 1)
        {
            double allan = DriftFreeMeanSquare(phaseSeconds, m, modified: false);
            double modified = DriftFreeMeanSquare(phaseSeconds, m, modified: true);
            if (!(allan > 0) || !(modified >= 0)) return lag1Alpha;
            double rn = modified / allan;
            return Nearest(rn, [(2, NoiseIdentification.RnTheory(m, 2)), (1, NoiseIdentification.RnTheory(m, 1)), (0, RnWhiteFm)]);
        }
        if (lag1Alpha == -3) return HadamardSlopeSplit(phaseSeconds, m);
        if (m < MinimumAveragingFactor) return AllanSlopeSplit(phaseSeconds, m, lag1Alpha);
        int half = m / 2;
        double atM = DriftFreeMeanSquare(phaseSeconds, m, modified: true);
        double atHalf = DriftFreeMeanSquare(phaseSeconds, half, modified: true);
        if (!(atM > 0) || !(atHalf > 0)) return lag1Alpha;
        // Mod σ² = mean square/(2 m² τ0²) ∝ τ^μ, so the mean square ∝ m^(μ+2); boundary at μ = 0.5 (geometric mean)
        double mu = Math.Log(atM / atHalf) / Math.Log(m / (double)half) - 2;
        return mu < 0.5 ? -1 : -2;
    }

    /// <summary>
    /// Flicker FM against random-walk and white FM below <see cref="MinimumAveragingFactor"/>, where Mod σ² is not
    /// asymptotic yet: the local slope μ of the drift-free Allan σ² ∝ τ^μ between m and 2m. Point samples of continuous
    /// white, flicker and random-walk FM have Allan σ² = h0/(2τ), 2 ln 2 h−1 and (2π)² h−2 τ/6 at every τ (NIST SP 1065
    /// Table 5; these three need no high-frequency cut-off), so μ is exactly −1, 0 and 1 in expectation; boundaries ±½.
    /// </summary>
    private static int AllanSlopeSplit(ReadOnlySpan<double> phaseSeconds, int m, int lag1Alpha)
    {
        double atM = DriftFreeMeanSquare(phaseSeconds, m, modified: false);
        double atDouble = DriftFreeMeanSquare(phaseSeconds, 2 * m, modified: false);
        if (!(atM > 0) || !(atDouble > 0)) return lag1Alpha;
        // σ² = mean square/(2 m² τ0²) ∝ τ^μ ⇒ the mean square ∝ m^(μ+2)
        double mu = Math.Log2(atDouble / atM) - 2;
        return mu < -0.5 ? 0 : mu < 0.5 ? -1 : -2;
    }

    /// <summary>
    /// Random-walk FM against flicker-walk FM where the lag-1 ACF may difference three times (Hadamard): the second
    /// difference of point-sampled RWFM phase has r1 = 1/4 (a triangular kernel), ρ = 0.2 next to the 0.25 stopping rule,
    /// so some octaves difference once more and read −3. Split by the local slope μ of the overlapping Hadamard σ² ∝ τ^μ
    /// between m and 2m (μ = −α − 1: 1 RWFM, 2 FWFM; NIST SP 1065 §5.2.9, Hadamard σ² is insensitive to a frequency drift);
    /// boundary 1.5.
    /// </summary>
    private static int HadamardSlopeSplit(ReadOnlySpan<double> phaseSeconds, int m)
    {
        double atM = HadamardDeviation.Ohdev(phaseSeconds, 1.0, m).Value;
        double atDouble = HadamardDeviation.Ohdev(phaseSeconds, 1.0, 2 * m).Value;
        if (!(atM > 0) || !(atDouble > 0)) return -3;
        double mu = 2 * Math.Log2(atDouble / atM); // deviations: σ² ratio = (σ ratio)²
        return mu < 1.5 ? -2 : -3;
    }

    /// <summary>Asymptotic R(n) of white FM: (h0/4τ)/(h0/2τ), NIST SP 1065 Table 5.</summary>
    public const double RnWhiteFm = 0.5;

    /// <summary>
    /// Mean square of the second differences d_i = x[i+2m] − 2x[i+m] + x[i] (σ² = this/(2τ²), NIST SP 1065 eq. 11) or, when
    /// <paramref name="modified"/>, of their m-term averages (Mod σ² = this/(2τ²), eq. 14), minus d̄² (the drift term);
    /// NaN when no term exists.
    /// </summary>
    internal static double DriftFreeMeanSquare(ReadOnlySpan<double> x, int m, bool modified)
    {
        double sum;
        long terms, gapFreeTerms;
        if (modified)
        {
            (sum, terms) = ModifiedAllanDeviation.WindowedSecondDifferenceSquares(x, m);
            sum /= (double)m * m;
            gapFreeTerms = x.Length - 3L * m + 1;
        }
        else
        {
            (sum, terms) = DifferenceSums.SecondDifference(x, m, 1);
            gapFreeTerms = x.Length - 2L * m;
        }
        if (terms == 0) return double.NaN;
        // every term counted ⇒ no NaN anywhere (the terms cover every x): the mean of exactly the terms squared, so the
        // result is their sample variance and a drift (a constant added to every term) cancels with its cross terms;
        // d̄ telescopes to O(m) values for σ², and is a weighted sum of the second differences for Mod σ²
        double mean = terms != gapFreeTerms ? MeanSecondDifference(x, m)
            : modified ? WindowedMeanSecondDifference(x, m) : TelescopedMeanSecondDifference(x, m);
        return double.IsNaN(mean) ? double.NaN : sum / terms - mean * mean;
    }

    // mean over the N − 3m + 1 windows j of (1/m) Σ_{k=j}^{j+m−1} d_k, d_k = x[k+2m] − 2x[k+m] + x[k]: each d_k weighted
    // by the number of windows holding it
    private static double WindowedMeanSecondDifference(ReadOnlySpan<double> x, int m)
    {
        int windows = x.Length - 3 * m + 1;
        double s = 0;
        for (int k = 0; k + 2 * m < x.Length; k++)
        {
            int weight = Math.Min(k, windows - 1) - Math.Max(0, k - m + 1) + 1;
            if (weight > 0) s += weight * (x[k + 2 * m] - 2 * x[k + m] + x[k]);
        }
        return s / ((double)windows * m);
    }

    // Σ_{i=0}^{N−2m−1} (x[i+2m] − 2x[i+m] + x[i]) = S(N−m, N) − S(N−2m, N−m) − S(m, 2m) + S(0, m), S(a, b) = Σ_{a ≤ k < b} x_k
    private static double TelescopedMeanSecondDifference(ReadOnlySpan<double> x, int m)
    {
        int n = x.Length;
        double total = Sum(x.Slice(n - m, m)) - Sum(x.Slice(n - 2 * m, m)) - Sum(x.Slice(m, m)) + Sum(x[..m]);
        return total / (n - 2 * m);
    }

    private static double Sum(ReadOnlySpan<double> values)
    {
        double s = 0;
        foreach (double v in values) s += v;
        return s;
    }

    // d̄ over all overlapping starts, gaps skipped
    private static double MeanSecondDifference(ReadOnlySpan<double> x, int m)
    {
        double s = 0;
        long n = 0;
        for (int i = 0; i + 2 * m < x.Length; i++)
        {
            double d = x[i + 2 * m] - 2 * x[i + m] + x[i];
            if (double.IsNaN(d)) continue;
            s += d;
            n++;
        }
        return n == 0 ? double.NaN : s / n;
    }

    // candidates ordered by increasing R; pick the one whose log R is nearest (boundary = geometric mean of neighbours)
    private static int Nearest(double rn, ReadOnlySpan<(int Alpha, double Rn)> candidates)
    {
        int best = candidates[0].Alpha;
        for (int k = 1; k < candidates.Length; k++)
            if (rn >= Math.Sqrt(candidates[k - 1].Rn * candidates[k].Rn)) best = candidates[k].Alpha;
        return best;
    }
}
