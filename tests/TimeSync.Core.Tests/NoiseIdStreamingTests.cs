using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

/// <summary>
/// The one-pass, copy-free lag-1 noise identification against the textbook procedure written out with arrays
/// (decimate or average, least-squares detrend, difference in place, two-pass autocorrelation).
/// </summary>
public class NoiseIdStreamingTests
{
    private static double[] Noise(int n, int seed, double white, double randomWalkFm, double drift, double nanFraction)
    {
        var rnd = new Random(seed);
        double Gauss() => Math.Sqrt(-2 * Math.Log(1 - rnd.NextDouble())) * Math.Cos(2 * Math.PI * rnd.NextDouble());
        var x = new double[n];
        double y = 3e-8, acc = 2e-3;
        for (int i = 0; i < n; i++)
        {
            y += randomWalkFm * Gauss() + drift;
            acc += y;
            x[i] = acc + white * Gauss();
        }
        for (int i = 0; i < n; i++) if (rnd.NextDouble() < nanFraction) x[i] = double.NaN;
        return x;
    }

    private static (int Alpha, double Estimate)? Reference(double[] values, SeriesKind kind, int m, int maxDifferences)
    {
        var z = new List<double>();
        if (kind == SeriesKind.Phase)
        {
            for (int i = 0; i < values.Length; i += m) if (!double.IsNaN(values[i])) z.Add(values[i]);
        }
        else
        {
            for (int i = 0; i + m <= values.Length; i += m)
            {
                double s = 0;
                for (int k = i; k < i + m; k++) s += values[k];
                if (!double.IsNaN(s)) z.Add(s / m);
            }
        }
        var a = z.ToArray();
        if (a.Length < NoiseIdentification.MinimumAcfPoints) return null;
        if (kind == SeriesKind.Phase) RemoveQuadratic(a);
        int n = a.Length, add = kind == SeriesKind.Phase ? 2 : 0;
        for (int d = 0; ; d++)
        {
            double r1 = NoiseIdentification.Lag1Autocorrelation(a.AsSpan(0, n));
            double rho = r1 / (1 + r1);
            if (rho < 0.25 || d >= maxDifferences || n < 3)
                return (Math.Clamp((int)(-Math.Round(2 * rho, MidpointRounding.ToEven) - 2 * d) + add, 2 - 2 * maxDifferences, 2), -2 * (rho + d) + add);
            for (int i = 0; i + 1 < n; i++) a[i] = a[i + 1] - a[i];
            n--;
        }
    }

    // least-squares quadratic removed by projecting out orthonormal 1, t, t² (modified Gram–Schmidt, twice), t centred
    private static void RemoveQuadratic(double[] a)
    {
        int n = a.Length;
        var basis = new double[3][];
        for (int k = 0; k < 3; k++)
        {
            var v = new double[n];
            for (int i = 0; i < n; i++) v[i] = Math.Pow((i - (n - 1) / 2.0) / n, k);
            for (int pass = 0; pass < 2; pass++)
                for (int j = 0; j < k; j++) Project(v, basis[j]);
            double norm = Math.Sqrt(v.Sum(e => e * e));
            for (int i = 0; i < n; i++) v[i] /= norm;
            basis[k] = v;
        }
        for (int pass = 0; pass < 2; pass++)
            foreach (var b in basis) Project(a, b);
    }

    private static void Project(double[] v, double[] unit)
    {
        double dot = 0;
        for (int i = 0; i < v.Length; i++) dot += v[i] * unit[i];
        for (int i = 0; i < v.Length; i++) v[i] -= dot * unit[i];
    }

    [Theory]
    [InlineData(1e-9, 0.0, 0.0, 0.0)]      // white PM
    [InlineData(1e-11, 1e-12, 0.0, 0.0)]   // random-walk FM
    [InlineData(1e-9, 1e-13, 1e-15, 0.0)]  // mixed, with drift
    [InlineData(1e-10, 1e-12, 0.0, 0.01)]  // with gaps
    public void StreamingAlphaEqualsArrayProcedure(double white, double randomWalkFm, double drift, double nanFraction)
    {
        var x = Noise(200_000, 5, white, randomWalkFm, drift, nanFraction);
        var y = new double[x.Length - 1];
        for (int i = 0; i < y.Length; i++) y[i] = x[i + 1] - x[i];
        int checkedCount = 0;
        foreach (int m in new[] { 1, 2, 3, 7, 16, 100, 1000, 6000 })
        {
            foreach (int dmax in new[] { 2, 3 })
            {
                foreach (var (data, kind) in new[] { (x, SeriesKind.Phase), (y, SeriesKind.Frequency) })
                {
                    var got = NoiseIdentification.Identify(data, kind, 1.0, m, dmax, mode: NoiseIdMode.Stable32);
                    if (Reference(data, kind, m, dmax) is not var (alpha, estimate))
                    {
                        Assert.Equal(NoiseIdMethod.B1Ratio, got.Method); // too few averages: the B1 ratio decides
                        continue;
                    }
                    Assert.Equal(NoiseIdMethod.Lag1Autocorrelation, got.Method);
                    Assert.Equal(alpha, got.Alpha);
                    // differences of detrended phase carry rounding of order ε·|x| / |Δx| (≈ 1e-10 here) in either procedure
                    Assert.True(Math.Abs(estimate - got.AlphaEstimate) < 1e-8, $"m {m} {kind} d {dmax}: {got.AlphaEstimate:R} vs {estimate:R}");
                    checkedCount++;
                }
            }
        }
        Assert.True(checkedCount >= 28, $"{checkedCount} cases used the lag-1 ACF");
    }
}
