using System.Numerics;

namespace TimeSync.Core.Statistics;

/// <summary>
/// Total deviation, totdev (Howe 1995; NIST SP 1065 §5.2.11, eq. 25): the overlapping Allan deviation of the phase
/// series extended at both ends by odd reflection, x*_{1−j} = 2x_1 − x_{1+j} and x*_{N+j} = 2x_N − x_{N−j}, j = 1..N−2.
/// </summary>
/// <remarks>
/// O(N) per τ with no allocation: the reflected points are computed, never stored. NaN phase points are gaps: a term
/// touching one is left out and the divisor counts the terms used (a gap at either end spoils every reflected term
/// that uses that end).
/// </remarks>
public static class TotalVariance
{
    /// <summary>totdev at averaging factor <paramref name="m"/>, with the N−2 terms Stable32 prints.</summary>
    /// <param name="phaseSeconds">Phase (time error) x in seconds, N ≥ 3 points at interval τ0.</param>
    /// <param name="tau0Seconds">Sampling interval τ0 in seconds.</param>
    /// <param name="m">Averaging factor, 1 ≤ m ≤ N−1.</param>
    public static DeviationPoint Totdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        int n = phaseSeconds.Length;
        if (n < 3) throw new ArgumentException($"totdev needs at least 3 phase points, got {n}", nameof(phaseSeconds));
        if (m < 1 || m > n - 1) throw new ArgumentOutOfRangeException(nameof(m), m, $"totdev needs 1 ≤ m ≤ N−1 = {n - 1}");
        if (!(tau0Seconds > 0)) throw new ArgumentOutOfRangeException(nameof(tau0Seconds), tau0Seconds, "τ0 must be positive");

        var (sum, terms) = SumSquares(phaseSeconds, m);
        double tau = m * tau0Seconds;
        // NIST SP 1065 eq. 25: Totvar(τ) = Σ_{i=2}^{N−1} (x*_{i−m} − 2x*_i + x*_{i+m})² / (2τ²(N−2))
        double variance = terms > 0 ? sum / (2.0 * tau * tau * terms) : double.NaN;
        return new DeviationPoint(Math.Sqrt(variance), terms);
    }

    /// <summary>Σ (x*_{i−m} − 2x_i + x*_{i+m})² over i = 2..N−1 (1-based), and the number of finite terms.</summary>
    private static (double Sum, int Terms) SumSquares(ReadOnlySpan<double> x, int m)
    {
        int n = x.Length;
        int last = n - 1;
        double first2 = 2.0 * x[0], last2 = 2.0 * x[last];
        double sum = 0.0;
        int terms = 0;
        // 0-based i = 1..N−2; the left point is reflected while i < m, the right one while i + m > N−1
        int midStart = Math.Max(1, m), midEnd = Math.Min(n - 2, last - m); // inclusive bounds of the plain part
        for (int i = 1; i <= n - 2; i++)
        {
            if (i == midStart && midStart <= midEnd)
            {
                var (s, t) = PlainSecondDifferences(x, m, midStart, midEnd);
                sum += s;
                terms += t;
                i = midEnd;
                continue;
            }
            int l = i - m, r = i + m;
            double xl = l < 0 ? first2 - x[-l] : x[l];
            double xr = r > last ? last2 - x[2 * last - r] : x[r];
            double d = xl - 2.0 * x[i] + xr;
            if (double.IsFinite(d))
            {
                sum += d * d;
                terms++;
            }
        }
        return (sum, terms);
    }

    /// <summary>Σ (x_{i−m} − 2x_i + x_{i+m})² for i in [from, to], vectorised; NaN terms left out.</summary>
    private static (double Sum, int Terms) PlainSecondDifferences(ReadOnlySpan<double> x, int m, int from, int to)
    {
        int count = to - from + 1;
        double sum = 0.0;
        int j = 0;
        if (Vector.IsHardwareAccelerated && count >= Vector<double>.Count)
        {
            int w = Vector<double>.Count;
            var acc = Vector<double>.Zero;
            var two = new Vector<double>(2.0);
            for (; j + w <= count; j += w)
            {
                int i = from + j;
                var d = new Vector<double>(x.Slice(i - m, w)) - two * new Vector<double>(x.Slice(i, w)) + new Vector<double>(x.Slice(i + m, w));
                acc += d * d;
            }
            sum = Vector.Sum(acc);
        }
        for (; j < count; j++)
        {
            int i = from + j;
            double d = x[i - m] - 2.0 * x[i] + x[i + m];
            sum += d * d;
        }
        if (double.IsFinite(sum)) return (sum, count);

        // a gap: recount term by term, leaving out those that touch a NaN
        sum = 0.0;
        int terms = 0;
        for (int i = from; i <= to; i++)
        {
            double d = x[i - m] - 2.0 * x[i] + x[i + m];
            if (!double.IsFinite(d)) continue;
            sum += d * d;
            terms++;
        }
        return (sum, terms);
    }
}
