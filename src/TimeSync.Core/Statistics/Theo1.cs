using System.Numerics;

namespace TimeSync.Core.Statistics;

/// <summary>
/// Thêo1 (Howe &amp; Peppler 2003; NIST SP 1065 §5.2.15, eq. 30), for even averaging factors m, at τ = 0.75·m·τ0:
/// σ²(0.75mτ0) = 1/(0.75(N−m)(mτ0)²) Σ_{i=1}^{N−m} Σ_{δ=0}^{m/2−1} [(x_i − x_{i−δ+m/2}) + (x_{i+m} − x_{i+δ+m/2})]² / (m/2 − δ).
/// Unbiased against the Allan variance for white FM only; see <see cref="TheoBias"/> for the other noise types.
/// </summary>
/// <remarks>
/// O(N·m/2) per τ, vectorised along i for each δ; no allocation. NaN phase points are gaps: terms touching one are left
/// out and the double sum is rescaled by (N−m)·m/2 over the number of terms used.
/// </remarks>
public static class Theo1
{
    /// <summary>The τ Stable32 prints for Thêo1 at averaging factor m: 0.75·m·τ0.</summary>
    public static double TauSeconds(int m, double tau0Seconds) => 0.75 * m * tau0Seconds;

    /// <summary>The number of terms Stable32 prints for Thêo1: (N−m)·m/2.</summary>
    public static long TermCount(int phaseCount, int m) => (long)(phaseCount - m) * (m / 2);

    /// <summary>Thêo1 deviation at even averaging factor <paramref name="m"/> (τ = 0.75·m·τ0), without bias correction.</summary>
    /// <param name="phaseSeconds">Phase x in seconds, N ≥ m+1 points.</param>
    /// <param name="tau0Seconds">Sampling interval τ0 in seconds.</param>
    /// <param name="m">Even averaging factor, 2 ≤ m ≤ N−1.</param>
    public static DeviationPoint Theo1Deviation(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        double variance = Variance(phaseSeconds, tau0Seconds, m, out long terms);
        return terms == 0 ? DeviationPoint.None : new DeviationPoint(Math.Sqrt(variance), terms);
    }

    /// <summary>Thêo1 variance at even <paramref name="m"/>, and the number of (i, δ) terms used.</summary>
    public static double Variance(ReadOnlySpan<double> x, double tau0Seconds, int m, out long terms)
    {
        int n = x.Length;
        if (m < 2 || m % 2 != 0) throw new ArgumentOutOfRangeException(nameof(m), m, "Thêo1 needs an even averaging factor m ≥ 2");
        if (m > n - 1) throw new ArgumentOutOfRangeException(nameof(m), m, $"Thêo1 needs m ≤ N−1 = {n - 1}");
        if (!(tau0Seconds > 0)) throw new ArgumentOutOfRangeException(nameof(tau0Seconds), tau0Seconds, "τ0 must be positive");
        int half = m / 2;
        int count = n - m; // i = 0..N−m−1
        double sum = 0.0;
        terms = 0;
        for (int d = 0; d < half; d++)
        {
            var (s, t) = WeightlessSum(x, m, half, d, count);
            sum += s / (half - d);
            terms += t;
        }
        if (terms == 0) return double.NaN;
        double tau = m * tau0Seconds;
        // NIST SP 1065 eq. 30, rescaled by (N−m)(m/2)/terms when gaps removed terms
        return sum * ((double)count * half / terms) / (0.75 * count * tau * tau);
    }

    /// <summary>Σ_i (x_i + x_{i+m} − x_{i+h−δ} − x_{i+h+δ})² over i = 0..count−1, NaN terms left out.</summary>
    private static (double Sum, long Terms) WeightlessSum(ReadOnlySpan<double> x, int m, int half, int d, int count)
    {
        int lo = half - d, hi = half + d;
        double sum = 0.0;
        int i = 0;
        if (Vector.IsHardwareAccelerated && count >= Vector<double>.Count)
        {
            int w = Vector<double>.Count;
            var acc = Vector<double>.Zero;
            for (; i + w <= count; i += w)
            {
                var a = new Vector<double>(x.Slice(i, w)) + new Vector<double>(x.Slice(i + m, w))
                        - new Vector<double>(x.Slice(i + lo, w)) - new Vector<double>(x.Slice(i + hi, w));
                acc += a * a;
            }
            sum = Vector.Sum(acc);
        }
        for (; i < count; i++)
        {
            double a = x[i] + x[i + m] - x[i + lo] - x[i + hi];
            sum += a * a;
        }
        if (double.IsFinite(sum)) return (sum, count);
        sum = 0.0;
        long terms = 0;
        for (i = 0; i < count; i++)
        {
            double a = x[i] + x[i + m] - x[i + lo] - x[i + hi];
            if (!double.IsFinite(a)) continue;
            sum += a * a;
            terms++;
        }
        return (sum, terms);
    }
}
