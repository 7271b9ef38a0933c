using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

/// <summary>The O(N) kernels against direct O(N·m) definitions, with and without gaps.</summary>
public class GapAndFastPathTests
{
    private static double[] RandomWalk(int n, int seed, double nanFraction = 0)
    {
        var rnd = new Random(seed);
        var x = new double[n];
        double acc = 1e-3; // an offset, to exercise cancellation
        for (int i = 0; i < n; i++)
        {
            acc += (rnd.NextDouble() - 0.5) * 1e-9;
            x[i] = acc + (rnd.NextDouble() - 0.5) * 1e-10;
        }
        for (int i = 0; i < n; i++) if (rnd.NextDouble() < nanFraction) x[i] = double.NaN;
        return x;
    }

    private static (double, long) NaiveMvar(double[] x, int m)
    {
        double s = 0;
        long n = 0;
        for (int j = 0; j + 3 * m <= x.Length; j++)
        {
            double w = 0;
            for (int i = j; i < j + m; i++) w += x[i + 2 * m] - 2 * x[i + m] + x[i];
            if (double.IsNaN(w)) continue;
            s += w * w;
            n++;
        }
        return (s, n);
    }

    private static (double, long) NaiveMtie(double[] x, int m)
    {
        double best = double.NegativeInfinity;
        long n = 0;
        for (int i = 0; i + m < x.Length; i++)
        {
            double hi = double.NegativeInfinity, lo = double.PositiveInfinity;
            bool gap = false;
            for (int k = i; k <= i + m; k++) { if (double.IsNaN(x[k])) { gap = true; break; } hi = Math.Max(hi, x[k]); lo = Math.Min(lo, x[k]); }
            if (gap) continue;
            best = Math.Max(best, hi - lo);
            n++;
        }
        return (best, n);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void MdevSlidingWindowEqualsDirectSum(double nanFraction)
    {
        var x = RandomWalk(20_000, 1, nanFraction);
        foreach (var m in new[] { 1, 2, 7, 64, 1000 })
        {
            var (s, n) = NaiveMvar(x, m);
            var (fs, fn) = ModifiedAllanDeviation.WindowedSecondDifferenceSquares(x, m);
            Assert.Equal(n, fn);
            if (n > 0) Assert.True(Math.Abs(fs / s - 1) < 1e-9, $"m {m}: {fs:R} vs {s:R}");
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.002)]
    public void MtieDequeAndDoublingEqualDirectMax(double nanFraction)
    {
        var x = RandomWalk(5000, 2, nanFraction);
        int[] ms = [1, 2, 3, 5, 7, 8, 100, 255, 1000, 4999];
        var many = TimeIntervalError.MtieMany(x, 1, ms);
        for (int k = 0; k < ms.Length; k++)
        {
            var (v, n) = NaiveMtie(x, ms[k]);
            var single = TimeIntervalError.Mtie(x, 1, ms[k]);
            Assert.Equal(n, single.Terms);
            Assert.Equal(n, many[k].Terms);
            if (n > 0)
            {
                Assert.Equal(v, single.Value);
                Assert.Equal(v, many[k].Value);
            }
        }
    }

    [Fact]
    public void GapTermsAreSkippedNotClosed()
    {
        var x = RandomWalk(1000, 3);
        var withGap = (double[])x.Clone();
        withGap[500] = double.NaN;
        // oadev at m = 10: the terms using x[500] are i = 480, 490, 500 → three fewer terms
        Assert.Equal(AllanDeviation.Oadev(x, 1, 10).Terms - 3, AllanDeviation.Oadev(withGap, 1, 10).Terms);
        Assert.Equal(HadamardDeviation.Ohdev(x, 1, 10).Terms - 4, HadamardDeviation.Ohdev(withGap, 1, 10).Terms);
        Assert.Equal(TimeIntervalError.TieRms(x, 1, 10).Terms - 2, TimeIntervalError.TieRms(withGap, 1, 10).Terms);
        // closing the gap (dropping the sample) would change every later term; skipping keeps the rest identical
        Assert.False(double.IsNaN(AllanDeviation.Oadev(withGap, 1, 10).Value));
    }

    // NIST SP 1065 eq. 25 literally: extend x by odd reflection at both ends, then all second differences at lag m
    private static (double Sum, long Terms) NaiveTotvarSum(double[] x, int m)
    {
        int n = x.Length;
        double At(int i) => i < 0 ? 2 * x[0] - x[-i] : i > n - 1 ? 2 * x[n - 1] - x[2 * (n - 1) - i] : x[i];
        double s = 0;
        long terms = 0;
        for (int i = 1; i <= n - 2; i++)
        {
            double d = At(i - m) - 2 * x[i] + At(i + m);
            if (double.IsNaN(d)) continue;
            s += d * d;
            terms++;
        }
        return (s, terms);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.01)]
    public void TotdevVectorisedReflectionEqualsExtendedSeries(double nanFraction)
    {
        var x = RandomWalk(1001, 4, nanFraction);
        foreach (int m in new[] { 1, 2, 3, 5, 100, 333, 499, 500, 501, 700, 999, 1000 })
        {
            var (s, n) = NaiveTotvarSum(x, m);
            var p = TotalVariance.Totdev(x, 1.0, m);
            Assert.Equal(n, p.Terms);
            if (n == 0) continue;
            double expected = Math.Sqrt(s / (2.0 * m * m * n));
            Assert.True(Math.Abs(p.Value / expected - 1) < 1e-12, $"m {m}: {p.Value:R} vs {expected:R}");
        }
    }
}
