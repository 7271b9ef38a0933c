using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

/// <summary>
/// mtotdev on a record long enough for the kernel to spread its runs over the cores (runs × m ≥ 2^22) equals a plain
/// transcription of NIST SP 1065 eq. 27 as Stable32 computes it (half-average detrend, 9m-point uninverted reflection).
/// </summary>
public sealed class TotalKernelParallelTests
{
    private static double NaiveMtotvar(double[] x, double tau0, int m)
    {
        int len = 3 * m, runs = x.Length - len + 1;
        int half1 = len / 2, half2 = (len + 1) / 2;
        double dist = len % 2 == 1 ? (len + 1) / 2.0 : len / 2.0;
        var e = new double[9 * m];
        double total = 0;
        for (int i = 0; i < runs; i++)
        {
            double mean1 = 0, mean2 = 0;
            for (int q = 0; q < half1; q++) mean1 += x[i + q];
            for (int q = half2; q < len; q++) mean2 += x[i + q];
            double slope = (mean2 / (len - half2) - mean1 / half1) / dist;
            for (int q = 0; q < len; q++)
            {
                double w = x[i + q] - slope * q;
                e[len + q] = w;                 // the run, detrended
                e[len - 1 - q] = w;             // reflected to the left
                e[3 * len - 1 - q] = w;         // and to the right
            }
            for (int j = 0; j < 6 * m; j++)
            {
                double s0 = 0, s1 = 0, s2 = 0;
                for (int r = 0; r < m; r++) { s0 += e[j + r]; s1 += e[j + m + r]; s2 += e[j + 2 * m + r]; }
                double d = (s2 - 2 * s1 + s0) / m; // second difference of m-point averages
                total += d * d;
            }
        }
        double tau = m * tau0;
        return total / (6.0 * m * 2.0 * tau * tau * runs);
    }

    [Fact]
    public void Parallel_runs_give_the_value_of_the_formula()
    {
        var rng = new Random(17);
        double walk = 0;
        var x = new double[12_000];
        for (int i = 0; i < x.Length; i++) x[i] = (walk += 1e-12 * (rng.NextDouble() - 0.5)) + 1e-10 * (rng.NextDouble() - 0.5);
        const int m = 512;
        Assert.True((double)(x.Length - 3 * m + 1) * m >= TotalKernel.ParallelWork); // the parallel path is the one tested
        var p = TotalModifiedVariance.Mtotdev(x, 0.5, m);
        double expected = Math.Sqrt(NaiveMtotvar(x, 0.5, m));
        Assert.Equal(x.Length - 3 * m + 1, p.Terms);
        Assert.True(Math.Abs(p.Value / expected - 1) < 1e-9, $"{p.Value:R} vs {expected:R}");
    }
}
