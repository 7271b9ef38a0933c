namespace TimeSync.Core.Statistics;

/// <summary>
/// Hadamard total deviation, htotdev (Howe, Beard, Greenhall, Riley 2000; NIST SP 1065 §5.2.14, eq. 29), as Stable32
/// computes it: every run of 3m fractional-frequency points has its half-average drift removed and is extended to 9m
/// points by uninverted even reflection; at m = 1 the overlapping Hadamard deviation is used instead ("for best
/// consistency", Riley, Stable32 help), and the result is returned before any bias correction (see <see cref="TotalBias"/>).
/// </summary>
/// <remarks>
/// Works from phase: the frequency prefix sums are the phase itself, Σ_{q&lt;k} y_q = (x_k − x_0)/τ0, so no frequency
/// array is built. O(N·m) per τ; scratch of 9m+1 and N+1 doubles per call. Runs touching a NaN are left out; the printed
/// number of terms counts the runs used (M−3m+1 with M = N−1 frequency points; N−3 at m = 1).
/// </remarks>
public static class TotalHadamardVariance
{
    /// <summary>htotdev at averaging factor <paramref name="m"/>, without bias correction.</summary>
    /// <param name="phaseSeconds">Phase x in seconds, N ≥ 3m+1 points.</param>
    /// <param name="tau0Seconds">Sampling interval τ0 in seconds.</param>
    /// <param name="m">Averaging factor, 1 ≤ m ≤ (N−1)/3.</param>
    public static DeviationPoint Htotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
        => Htotdev(phaseSeconds, tau0Seconds, [m])[0];

    /// <summary>htotdev at each averaging factor of <paramref name="factors"/>, without bias correction.</summary>
    public static DeviationPoint[] Htotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, ReadOnlySpan<int> factors)
    {
        int n = phaseSeconds.Length;
        TotalModifiedVariance.Validate(n - 1, tau0Seconds, factors, "htotdev");
        if (n < 4) throw new ArgumentException($"htotdev needs at least 4 phase points, got {n}", nameof(phaseSeconds));
        double offset = TotalModifiedVariance.FirstFinite(phaseSeconds);
        // prefix of y: Pf[k] = (x_k − x_0)/τ0; the NaN counts are over phase points, a run of 3m y's uses 3m+1 of them
        var prefix = new double[n];
        int[]? nan = null;
        for (int k = 0; k < n; k++)
        {
            double v = phaseSeconds[k];
            if (double.IsNaN(v)) { nan ??= new int[n + 1]; v = offset; }
            prefix[k] = (v - offset) / tau0Seconds;
        }
        if (nan is not null)
        {
            for (int k = 0; k < n; k++) nan[k + 1] = nan[k] + (double.IsNaN(phaseSeconds[k]) ? 1 : 0);
        }

        var result = new DeviationPoint[factors.Length];
        double[]? scratch = null;
        for (int k = 0; k < factors.Length; k++)
        {
            int m = factors[k];
            double tau = m * tau0Seconds;
            if (m == 1)
            {
                result[k] = OverlappingHadamardAtOne(phaseSeconds, tau0Seconds);
                continue;
            }
            scratch ??= new double[9 * TotalModifiedVariance.Max(factors) + 1];
            var (sum, runs) = TotalKernel.ReflectedSecondDifferences(prefix, nan, m, 3 * m + 1, scratch);
            // NIST SP 1065 eq. 29: Htotvar(τ) = 1/(6(M−3m+1)) Σ_n { 1/(6m) Σ_i [H_i(m)]² }, H the second difference of
            // m-point frequency averages (our D is of m-point sums, hence m²)
            double variance = runs > 0 ? sum / (6.0 * m * (double)m * m * 6.0 * runs) : double.NaN;
            result[k] = new DeviationPoint(Math.Sqrt(variance), runs);
        }
        return result;
    }

    /// <summary>Overlapping Hadamard deviation at m = 1 (NIST SP 1065 eq. 18), used by Stable32 for htotdev at m = 1.</summary>
    private static DeviationPoint OverlappingHadamardAtOne(ReadOnlySpan<double> x, double tau0Seconds)
    {
        double sum = 0.0;
        int terms = 0;
        for (int i = 0; i + 3 < x.Length; i++)
        {
            double d = x[i + 3] - 3.0 * x[i + 2] + 3.0 * x[i + 1] - x[i];
            if (!double.IsFinite(d)) continue;
            sum += d * d;
            terms++;
        }
        // NIST SP 1065 eq. 18: Hσ²(τ) = Σ (x_{i+3m} − 3x_{i+2m} + 3x_{i+m} − x_i)² / (6τ²(N−3m))
        double variance = terms > 0 ? sum / (6.0 * tau0Seconds * tau0Seconds * terms) : double.NaN;
        return new DeviationPoint(Math.Sqrt(variance), terms);
    }
}
