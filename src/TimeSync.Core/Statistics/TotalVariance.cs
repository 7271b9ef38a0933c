using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
        int n = x.Length, last = n - 1;
        // 0-based i = 1..N−2; the left point is reflected while i < m, the right one while i + m > N−1:
        // at most three ranges, each with a fixed kind of end, summed with SIMD
        int a = Math.Min(m, last - m + 1), b = Math.Max(m, last - m + 1);
        double sum = 0;
        int terms = 0;
        void Range(ReadOnlySpan<double> xs, int from, int to)
        {
            from = Math.Max(from, 1);
            to = Math.Min(to, n - 2);
            if (from > to) return;
            var (s, t) = SecondDifferences(xs, m, from, to, from < m, to + m > last);
            sum += s;
            terms += t;
        }
        Range(x, 1, a - 1);
        Range(x, a, b - 1);
        Range(x, b, n - 2);
        return (sum, terms);
    }

    /// <summary>
    /// Σ (x*_{i−m} − 2x_i + x*_{i+m})² for i in [from, to], where the left point is reflected (2x_0 − x_{m−i}) or not for the
    /// whole range, and likewise the right point (2x_{N−1} − x_{2(N−1)−i−m}); vectorised, NaN terms left out.
    /// </summary>
    private static (double Sum, int Terms) SecondDifferences(ReadOnlySpan<double> x, int m, int from, int to, bool leftReflected, bool rightReflected)
    {
        int last = x.Length - 1;
        double first2 = 2.0 * x[0], last2 = 2.0 * x[last];
        int count = to - from + 1;
        ref double x0 = ref MemoryMarshal.GetReference(x);
        var acc0 = Vector256<double>.Zero;
        var acc1 = Vector256<double>.Zero;
        var vFirst2 = Vector256.Create(first2);
        var vLast2 = Vector256.Create(last2);
        int j = 0;
        for (; j + 4 <= count; j += 4)
        {
            int i = from + j;
            // reflected points run backwards: load the four below and reverse them
            var xl = leftReflected ? vFirst2 - Reverse(Load(ref x0, m - i - 3)) : Load(ref x0, i - m);
            var xr = rightReflected ? vLast2 - Reverse(Load(ref x0, 2 * last - i - m - 3)) : Load(ref x0, i + m);
            var d = xl - 2.0 * Load(ref x0, i) + xr;
            if ((j & 4) == 0) acc0 = Vector256.FusedMultiplyAdd(d, d, acc0); else acc1 = Vector256.FusedMultiplyAdd(d, d, acc1);
        }
        double sum = Vector256.Sum(acc0 + acc1);
        for (; j < count; j++)
        {
            double d = Term(x, m, from + j, first2, last2);
            sum += d * d;
        }
        if (double.IsFinite(sum)) return (sum, count);

        // a gap: recount term by term, leaving out those that touch a NaN
        sum = 0.0;
        int terms = 0;
        for (int i = from; i <= to; i++)
        {
            double d = Term(x, m, i, first2, last2);
            if (!double.IsFinite(d)) continue;
            sum += d * d;
            terms++;
        }
        return (sum, terms);
    }

    private static double Term(ReadOnlySpan<double> x, int m, int i, double first2, double last2)
    {
        int last = x.Length - 1, l = i - m, r = i + m;
        double xl = l < 0 ? first2 - x[-l] : x[l];
        double xr = r > last ? last2 - x[2 * last - r] : x[r];
        return xl - 2.0 * x[i] + xr;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(ref double x0, int offset) => Vector256.LoadUnsafe(ref x0, (nuint)offset);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Reverse(Vector256<double> v) => Vector256.Shuffle(v, Vector256.Create(3L, 2, 1, 0));
}
