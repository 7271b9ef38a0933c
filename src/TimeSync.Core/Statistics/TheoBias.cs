namespace TimeSync.Core.Statistics;

/// <summary>
/// Bias of Thêo1 against the Allan variance, and the bias-removed ThêoBR factor Stable32 applies when its Thêo1
/// "Alpha" setting is automatic.
/// </summary>
public static class TheoBias
{
    /// <summary>
    /// AVAR/Thêo1 for a fixed power-law noise α at averaging factor m: a + b/(0.75m)^c (Howe &amp; Tasset 2004, "Thêo1:
    /// characterization of very long-term frequency stability", Table 1). Multiply a Thêo1 variance by it; 1 for white FM.
    /// </summary>
    public static double FixedAlphaFactor(int alpha, int m)
    {
        (double a, double b, double c) = alpha switch
        {
            2 => (0.09, 0.74, 0.40),
            1 => (0.14, 0.82, 0.30),
            0 => (1.0, 0.0, 0.0),
            -1 => (1.87, -1.05, 0.79),
            -2 => (2.70, -1.53, 0.85),
            _ => throw new ArgumentOutOfRangeException(nameof(alpha), alpha, "Thêo1 bias is tabulated for α = 2..−2"),
        };
        return a + b / Math.Pow(0.75 * m, c);
    }

    /// <summary>
    /// ThêoBR factor k_f (Taylor &amp; Howe, "Fast ThêoBR: a method for long data set stability analysis", 2010): the
    /// mean of AVAR(m = 9+3i)/Thêo1(m = 12+4i) for i = 0..⌊N/6 − 3⌋, over the whole run. Multiply Thêo1 variances by it.
    /// </summary>
    /// <param name="phaseSeconds">Phase x in seconds, N ≥ 18 points, no NaN needed (gaps are skipped term by term).</param>
    public static double BiasRemovalFactor(ReadOnlySpan<double> phaseSeconds)
    {
        int n = phaseSeconds.Length;
        int last = (int)Math.Floor(n / 6.0 - 3.0);
        if (last < 0) throw new ArgumentException($"ThêoBR needs at least 18 phase points, got {n}", nameof(phaseSeconds));
        double ratios = 0.0;
        int used = 0;
        for (int i = 0; i <= last; i++)
        {
            int mAvar = 9 + 3 * i, mTheo = 12 + 4 * i;
            if (mTheo > n - 1 || 2 * mAvar >= n) break;
            var avar = AllanDeviation.Oadev(phaseSeconds, 1.0, mAvar);
            double theo = Theo1.Variance(phaseSeconds, 1.0, mTheo, out long terms);
            if (avar.Terms == 0 || terms == 0) continue;
            ratios += avar.Value * avar.Value / theo;
            used++;
        }
        return used > 0 ? ratios / used : double.NaN;
    }

    /// <summary>
    /// The noise type Stable32 prints for a ThêoBR run: the α whose nominal Thêo1 bias (Howe &amp; Peppler 2003:
    /// 0.4, 0.6, 1.0, 1.71, 2.24 for α = 2..−2) is nearest to k_f on a log scale (boundaries at geometric means).
    /// </summary>
    public static int AlphaFromBiasRemovalFactor(double kf)
    {
        ReadOnlySpan<double> nominal = [0.4, 0.6, 1.0, 1.71, 2.24]; // α = 2, 1, 0, −1, −2
        for (int k = 0; k < nominal.Length - 1; k++)
        {
            if (kf < Math.Sqrt(nominal[k] * nominal[k + 1])) return 2 - k;
        }
        return -2;
    }
}
