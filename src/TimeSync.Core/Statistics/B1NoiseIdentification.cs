namespace TimeSync.Core.Statistics;

/// <summary>
/// The fallback of <see cref="NoiseIdentification.Identify"/> where fewer than <see cref="NoiseIdentification.MinimumAcfPoints"/>
/// averaged points remain: the B1 bias ratio with R(n) (NIST SP 1065 §5.6; Howe, Beard, Greenhall, Riley 2000), in
/// Stable32's form beside a statistic and in a physically steadier form otherwise (see <see cref="B1Alpha"/>).
/// </summary>
internal static class B1NoiseIdentification
{
    /// <summary>
    /// B1-ratio identification (NIST SP 1065 §5.6; Barnes 1969; Howe, Beard, Greenhall, Riley 2000 Table 3): B1 = N-sample
    /// variance (divisor n − 1) of the n non-overlapping m-averaged frequencies / a two-sample variance, compared with the
    /// expected B1(N, μ) at the geometric-mean boundaries √(B1(μ)·B1(μ+1)); μ = −2 (white or flicker PM) is split by
    /// R(n) = Mod σ²/σ² against the geometric mean of its white-PM and flicker-PM values. Two forms:
    /// <list type="bullet">
    /// <item>with <paramref name="stable32Terms"/> (what <see cref="StabilityAnalysis"/> prints beside a statistic), Stable32's:
    ///   the non-overlapping Allan variance for every statistic, and as N of B1(N, μ) the statistic's own number of terms
    ///   (its "#" column: adev n − 1, oadev N − 2m, totdev N − 2, …), not the number of averages. This reproduces every
    ///   B1-region α of the identifying Stable32 reference runs (1640 rows); with the number of averages and the
    ///   overlapping Allan variance 565 of 1220 differed. Physically it is Stable32's quirk: with N ≫ n the expected
    ///   B1 of random-walk FM (N/2) is out of reach, so the overlapping family is never read as α = −2 here;</item>
    /// <item>without (an identification for its own sake: simulations, plots, bias corrections), the physically steadier
    ///   one: the overlapping Allan variance and N = n, the number of averages.</item>
    /// </list>
    /// </summary>
    /// <param name="phase">Phase in seconds (NaN gaps skipped).</param>
    /// <param name="tau0Seconds">Sampling interval.</param>
    /// <param name="m">Averaging factor.</param>
    /// <param name="stable32Terms">The number of terms of the statistic the α is printed beside, or null.</param>
    internal static int? B1Alpha(ReadOnlySpan<double> phase, double tau0Seconds, int m, long? stable32Terms = null)
    {
        double sum = 0;
        int n = 0;
        double scale = 1.0 / (m * tau0Seconds);
        for (int i = 0; i + m < phase.Length; i += m)
        {
            double d = (phase[i + m] - phase[i]) * scale;
            if (double.IsNaN(d)) continue;
            sum += d;
            n++;
        }
        if (n < 3) return null;
        double mean = sum / n;
        double variance = 0;
        for (int i = 0; i + m < phase.Length; i += m)
        {
            double d = (phase[i + m] - phase[i]) * scale;
            if (!double.IsNaN(d)) variance += (d - mean) * (d - mean);
        }
        variance /= n - 1;
        var allan = stable32Terms is null ? AllanDeviation.Oadev(phase, tau0Seconds, m) : AllanDeviation.Adev(phase, tau0Seconds, m);
        if (allan.Terms == 0 || !(allan.Value > 0)) return null;
        double allanVariance = allan.Value * allan.Value;
        double b1 = variance / allanVariance;
        int bigN = stable32Terms is long terms ? (int)Math.Clamp(terms, 2, int.MaxValue) : n;
        // μ = −2 (α 2, 1), −1 (α 0), 0 (α −1), 1 (α −2); σ²(τ) ∝ τ^μ
        int mu = -2;
        for (int candidate = -1; candidate <= 1; candidate++)
        {
            double boundary = Math.Sqrt(B1Theory(bigN, candidate - 1) * B1Theory(bigN, candidate));
            if (b1 > boundary) mu = candidate; else break;
        }
        if (mu > -2) return -1 - mu;
        var mdev = ModifiedAllanDeviation.Mdev(phase, tau0Seconds, m);
        if (mdev.Terms == 0) return 2;
        double rn = mdev.Value * mdev.Value / allanVariance;
        double rnBoundary = Math.Sqrt(RnTheory(m, 2) * RnTheory(m, 1));
        return rn < rnBoundary ? 2 : 1;
    }

    /// <summary>Expected B1 for N values and exponent μ of σ²(τ) ∝ τ^μ (Howe et al. 2000, Table 3; NIST SP 1065 §5.6).</summary>
    internal static double B1Theory(int n, int mu) => mu switch
    {
        2 => n * (n + 1.0) / 6.0,
        1 => n / 2.0,
        0 => n * Math.Log(n) / (2.0 * (n - 1.0) * Math.Log(2)),
        -1 => 1,
        -2 => (n * (double)n - 1.0) / (1.5 * n * (n - 1.0)),
        _ => n * (1 - Math.Pow(n, mu)) / (2 * (n - 1.0) * (1 - Math.Pow(2, mu))),
    };

    /// <summary>Expected R(n) = Mod σ²/σ² for white PM (1/m) and flicker PM (NIST SP 1065 §5.6, f_h = 1/(2τ0)).</summary>
    internal static double RnTheory(int m, int alpha)
    {
        if (alpha == 2) return 1.0 / m;
        if (alpha != 1) return 1;
        double avar = (1.038 + 3 * Math.Log(2 * Math.PI * 0.5 * m)) / (4.0 * Math.PI * Math.PI);
        double mvar = 3 * Math.Log(256.0 / 27.0) / (8.0 * Math.PI * Math.PI);
        return mvar / avar;
    }
}
