namespace TimeSync.Core.Statistics;

/// <summary>
/// The fallback of <see cref="NoiseIdentification.Identify"/> where fewer than <see cref="NoiseIdentification.MinimumAcfPoints"/>
/// averaged points remain: the B1 bias ratio with R(n) (NIST SP 1065 §5.6; Howe, Beard, Greenhall, Riley 2000), in the
/// form that reproduces every B1-region α of Stable32's PHASE.DAT and OCXO printouts (see <see cref="B1Alpha"/>).
/// </summary>
internal static class B1NoiseIdentification
{
    /// <summary>
    /// B1-ratio identification (NIST SP 1065 §5.6; Barnes 1969; Howe, Beard, Greenhall, Riley 2000 Table 3), as Stable32:
    /// B1 = N-sample variance (divisor n − 1) of the n non-overlapping m-averaged frequencies / their non-overlapping
    /// Allan variance, for every statistic; what depends on the statistic is the N of the expected ratio B1(N, μ): it is
    /// the statistic's own number of terms, the "#" column Stable32 prints (adev n − 1, oadev N − 2m, totdev N − 2, …),
    /// not the number of averages. μ is the expected value nearest in the geometric-mean sense (boundaries √(B1(μ)·B1(μ+1)));
    /// μ = −2 (white or flicker PM) is split by R(n) = Mod σ²/σ² against the geometric mean of its white-PM and
    /// flicker-PM values. With the number of averages as N instead (and the overlapping Allan variance, this code before
    /// 2026-11-28) 565 of 1220 Stable32 B1-region rows differed; with this rule none of the identifying runs differ
    /// (the hold beyond half the τ range is <see cref="NoiseIdentification"/>'s caller's, see StabilityAnalysis).
    /// </summary>
    /// <param name="phase">Phase in seconds (NaN gaps skipped).</param>
    /// <param name="tau0Seconds">Sampling interval.</param>
    /// <param name="m">Averaging factor.</param>
    /// <param name="terms">N of B1(N, μ): the number of terms of the statistic being reported at <paramref name="m"/>.</param>
    internal static int? B1Alpha(ReadOnlySpan<double> phase, double tau0Seconds, int m, long terms)
    {
        double sum = 0, sumSquares = 0;
        int n = 0;
        double scale = 1.0 / (m * tau0Seconds);
        for (int i = 0; i + m < phase.Length; i += m)
        {
            double d = (phase[i + m] - phase[i]) * scale;
            if (double.IsNaN(d)) continue;
            sum += d;
            sumSquares += d * d;
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
        var allan = AllanDeviation.Adev(phase, tau0Seconds, m);
        if (allan.Terms == 0 || !(allan.Value > 0)) return null;
        double allanVariance = allan.Value * allan.Value;
        double b1 = variance / allanVariance;
        int bigN = (int)Math.Clamp(terms, 2, int.MaxValue);
        // μ = −2 (α 2, 1), −1 (α 0), 0 (α −1), 1 (α −2), 2 (α −3); σ²(τ) ∝ τ^μ
        int mu = -2;
        for (int candidate = -1; candidate <= 2; candidate++)
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
