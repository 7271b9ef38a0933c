namespace TimeSync.Core.Statistics;

/// <summary>
/// Modified total deviation, mtotdev (Howe &amp; Vernotte 1999; NIST SP 1065 §5.2.12, eq. 27), and time total deviation,
/// ttotdev (NIST SP 1065 §5.2.13, eq. 28: σ_x(τ) = τ/√3 · mtotdev(τ)), computed as Stable32 does: every run of 3m phase
/// points has its half-average frequency offset removed and is extended to 9m points by uninverted even reflection.
/// </summary>
/// <remarks>
/// O(N·m) per τ using prefix sums of the phase (no window loop, no copy of the run); scratch of 9m+1 doubles and
/// one prefix array of N+1 doubles per call. Runs touching a NaN phase point are left out; the divisor and the printed
/// number of terms count the runs used (N−3m+1 without gaps).
/// </remarks>
public static class TotalModifiedVariance
{
    /// <summary>mtotdev at averaging factor <paramref name="m"/> (Stable32 1.60 prints it without bias correction).</summary>
    /// <param name="phaseSeconds">Phase x in seconds, N ≥ 3m points.</param>
    /// <param name="tau0Seconds">Sampling interval τ0 in seconds.</param>
    /// <param name="m">Averaging factor, 1 ≤ m ≤ N/3.</param>
    public static DeviationPoint Mtotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
        => Mtotdev(phaseSeconds, tau0Seconds, [m])[0];

    /// <summary>mtotdev at each averaging factor of <paramref name="factors"/>, sharing one prefix-sum pass.</summary>
    public static DeviationPoint[] Mtotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, ReadOnlySpan<int> factors)
    {
        int n = phaseSeconds.Length;
        Validate(n, tau0Seconds, factors, "mtotdev");
        double offset = FirstFinite(phaseSeconds);
        var (prefix, nan) = TotalKernel.Prefix(phaseSeconds, offset);
        var result = new DeviationPoint[factors.Length];
        double[] scratch = new double[9 * Max(factors) + 1];
        for (int k = 0; k < factors.Length; k++)
        {
            int m = factors[k];
            var (sum, runs) = TotalKernel.ReflectedSecondDifferences(prefix, nan, m, 3 * m, scratch);
            double tau = m * tau0Seconds;
            // NIST SP 1065 eq. 27: Mod Totvar(τ) = 1/(2τ²(N−3m+1)) Σ_n { 1/(6m) Σ_i [z*_i(m)]² } with z* the
            // second difference of m-point averages (our D is of m-point sums, hence the extra m²)
            double variance = runs > 0 ? sum / (6.0 * m * (double)m * m * 2.0 * tau * tau * runs) : double.NaN;
            result[k] = new DeviationPoint(Math.Sqrt(variance), runs);
        }
        return result;
    }

    /// <summary>ttotdev (seconds) at averaging factor <paramref name="m"/>: τ/√3 · mtotdev (NIST SP 1065 eq. 28).</summary>
    public static DeviationPoint Ttotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
        => Ttotdev(phaseSeconds, tau0Seconds, [m])[0];

    /// <summary>ttotdev (seconds) at each averaging factor of <paramref name="factors"/>.</summary>
    public static DeviationPoint[] Ttotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, ReadOnlySpan<int> factors)
    {
        var points = Mtotdev(phaseSeconds, tau0Seconds, factors);
        for (int k = 0; k < points.Length; k++)
        {
            double tau = factors[k] * tau0Seconds;
            // NIST SP 1065 eq. 28: σ_x²(τ) = τ²/3 · Mod σ²_total(τ) (τ², as Stable32 computes it; SP 1065 misprints τ³)
            points[k] = points[k] with { Value = tau / Math.Sqrt(3.0) * points[k].Value };
        }
        return points;
    }

    internal static void Validate(int n, double tau0Seconds, ReadOnlySpan<int> factors, string name)
    {
        if (!(tau0Seconds > 0)) throw new ArgumentOutOfRangeException(nameof(tau0Seconds), tau0Seconds, "τ0 must be positive");
        foreach (int m in factors)
        {
            if (m < 1 || 3 * (long)m > n)
                throw new ArgumentOutOfRangeException(nameof(factors), m, $"{name} needs 1 ≤ m ≤ N/3 with N = {n} points");
        }
    }

    internal static int Max(ReadOnlySpan<int> factors)
    {
        int max = 1;
        foreach (int m in factors) max = Math.Max(max, m);
        return max;
    }

    internal static double FirstFinite(ReadOnlySpan<double> values)
    {
        foreach (double v in values) if (double.IsFinite(v)) return v;
        return 0.0;
    }
}
