using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

/// <summary>
/// The fast O(N) kernels on long records against references computed in double-double arithmetic (no running-sum
/// drift): the sliding sums must stay within 1e-10 relative however long the record and whatever its offset and drift.
/// </summary>
public class KernelPrecisionTests
{
    // random-walk FM + white PM on a 1 ms offset and a 1e-7 frequency offset: large values, tiny differences
    private static double[] Phase(int n, int seed)
    {
        var rnd = new Random(seed);
        var x = new double[n];
        double y = 1e-7, acc = 1e-3;
        for (int i = 0; i < n; i++)
        {
            y += (rnd.NextDouble() - 0.5) * 1e-12;
            acc += y;
            x[i] = acc + (rnd.NextDouble() - 0.5) * 1e-9;
        }
        return x;
    }

    /// <summary>Σ_j W_j² with W_j = S[j+3m] − 3S[j+2m] + 3S[j+m] − S[j], S the prefix sums of x in double-double.</summary>
    private static double ReferenceMvarSum(double[] x, int m)
    {
        int n = x.Length;
        var hi = new double[n + 1];
        var lo = new double[n + 1];
        for (int i = 0; i < n; i++) (hi[i + 1], lo[i + 1]) = DdAdd(hi[i], lo[i], x[i], 0);
        double sum = 0, comp = 0;
        for (int j = 0; j + 3 * m <= n; j++)
        {
            var a = DdAdd(hi[j + 3 * m], lo[j + 3 * m], -hi[j], -lo[j]);
            var b = DdAdd(hi[j + m], lo[j + m], -hi[j + 2 * m], -lo[j + 2 * m]);
            var b3 = DdAdd(b.Hi, b.Lo, b.Hi, b.Lo);
            b3 = DdAdd(b3.Hi, b3.Lo, b.Hi, b.Lo);
            var w = DdAdd(a.Hi, a.Lo, b3.Hi, b3.Lo);
            double v = w.Hi + w.Lo;
            (sum, comp) = (sum + v * v, comp + TwoSumError(sum, v * v));
        }
        return sum + comp;
    }

    private static (double Hi, double Lo) DdAdd(double ah, double al, double bh, double bl)
    {
        double s = ah + bh;
        double e = TwoSumError(ah, bh) + al + bl;
        double h = s + e;
        return (h, e - (h - s));
    }

    private static double TwoSumError(double a, double b)
    {
        double s = a + b;
        double bb = s - a;
        return (a - (s - bb)) + (b - bb);
    }

    [Fact]
    public void MdevKernelMatchesDoubleDoubleReferenceOnTwoMillionPoints()
    {
        var x = Phase(2_000_000, 11);
        foreach (int m in new[] { 1, 2, 3, 5, 8, 13, 64, 1000, 4096, 65537, 333_333, 666_666 })
        {
            var (sum, terms) = ModifiedAllanDeviation.WindowedSecondDifferenceSquares(x, m);
            Assert.Equal(x.Length - 3L * m + 1, terms);
            double reference = ReferenceMvarSum(x, m);
            double rel = Math.Abs(sum / reference - 1);
            Assert.True(rel < 1e-10, $"m {m}: {sum:R} vs {reference:R} (relative {rel:E2})");
        }
    }
}
