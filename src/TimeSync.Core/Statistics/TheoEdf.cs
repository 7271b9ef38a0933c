namespace TimeSync.Core.Statistics;

/// <summary>
/// Equivalent degrees of freedom of Thêo1 (Howe &amp; Peppler 2003, "Estimation of very long-term frequency stability
/// using a special-purpose statistic"; NIST SP 1065 §5.2.15 and Table 13), with τ expressed as t = 0.75·m in units of τ0
/// and N phase points.
/// </summary>
public static class TheoEdf
{
    /// <summary>EDF of Thêo1 at even averaging factor m for noise α = 2…−2.</summary>
    public static double Theo1(int alpha, int m, int phaseCount)
    {
        double n = phaseCount;
        double t = 0.75 * m;
        return alpha switch
        {
            2 => 0.86 * (n + 1) * (n - 4.0 * t / 3.0) / (n - t) * (t / (t + 1.14)),
            1 => (4.798 * n * n - 6.374 * n * t + 12.387 * t) / (Math.Sqrt(t + 36.6) * (n - t)) * (t / (t + 0.3)),
            0 => ((4.1 * n + 0.8) / t - (3.1 * n + 6.5) / n) * (Math.Pow(t, 1.5) / (Math.Pow(t, 1.5) + 5.2)),
            -1 => (2.0 * n * n - 1.3 * n * t - 3.5 * t) / (n * t) * (t * t * t / (t * t * t + 2.3)),
            -2 => (4.4 * n - 2.0) / (2.9 * t) * (((4.4 * n - 1.0) * (4.4 * n - 1.0) - 8.6 * t * (4.4 * n - 1.0) + 11.4 * t * t) / ((4.4 * n - 3.0) * (4.4 * n - 3.0))),
            _ => double.NaN,
        };
    }
}
