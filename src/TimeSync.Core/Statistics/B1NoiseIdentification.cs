namespace TimeSync.Core.Statistics;

/// <summary>
/// The fallback of <see cref="NoiseIdentification.Identify"/> where fewer than <see cref="NoiseIdentification.MinimumAcfPoints"/>
/// averaged points remain: the B1 bias ratio with R(n) (NIST SP 1065 §5.6; Howe, Beard, Greenhall, Riley 2000).
/// </summary>
internal static class B1NoiseIdentification
{
    /// <summary>
    /// B1-ratio identification (NIST SP 1065 §5.6; Howe, Beard, Greenhall, Riley 2000 Table 3): B1 = N-sample variance
    /// of the m-averaged frequencies / their two-sample (Allan) variance, compared with the theoretical B1(N, μ) at the
    /// geometric-mean boundaries; μ = −2 (white or flicker PM) is split by R(n) = Mod σ²/σ² against 1/m. Both ratios use
    /// the overlapping Allan variance: with the non-overlapping one (Barnes' definition, allantools b1/rn) fewer Stable32
    /// B1-region α differ (399 instead of 565 of 1220) but the ratio from ~10 averages is so noisy that white FM is read
    /// as white PM at N/m ≈ 12 (the three-cornered-hat physics test in TimeSync.Simulation.Tests then fails).
    /// </summary>
    internal static int? B1Alpha(ReadOnlySpan<double> phase, double tau0Seconds, int m)
    {
        var avg = new List<double>();
        for (int i = 0; i + m < phase.Length; i += m)
        {
            double d = phase[i + m] - phase[i];
            if (!double.IsNaN(d)) avg.Add(d / (m * tau0Seconds));
        }
        int n = avg.Count;
        if (n < 3) return null;
        double mean = avg.Average();
        double var = avg.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var allan = AllanDeviation.Oadev(phase, tau0Seconds, m); // overlapping Allan variance: a steadier denominator
        if (allan.Terms == 0 || allan.Value == 0) return null;
        double b1 = var / (allan.Value * allan.Value);
        // μ = −2 (α 2,1), −1 (α 0), 0 (α −1), 1 (α −2)
        int mu = -2;
        for (int candidate = -1; candidate <= 1; candidate++)
        {
            double boundary = Math.Sqrt(B1Theory(n, candidate - 1) * B1Theory(n, candidate));
            if (b1 > boundary) mu = candidate; else break;
        }
        if (mu > -2) return -1 - mu; // μ −1 → α 0, μ 0 → α −1, μ 1 → α −2
        var mdev = ModifiedAllanDeviation.Mdev(phase, tau0Seconds, m);
        if (mdev.Terms == 0) return 2;
        double rn = mdev.Value * mdev.Value / (allan.Value * allan.Value);
        double rnBoundary = Math.Sqrt(RnTheory(m, 2) * RnTheory(m, 1));
        return rn < rnBoundary ? 2 : 1;
    }

    /// <summary>Expected B1 for N averages and exponent μ of σ²(τ) ∝ τ^μ (Howe et al. 2000, Table 3).</summary>
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
