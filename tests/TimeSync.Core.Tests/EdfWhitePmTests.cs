using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

/// <summary>
/// Greenhall &amp; Riley (2003) case 4 (unmodified variance, white PM α = 2) when K = ⌈M/S⌉ ≤ d: an EDF (no longer NaN)
/// that joins the K &gt; d formula at r = d and agrees with a Monte Carlo of white PM.
/// </summary>
public sealed class EdfWhitePmTests
{
    [Theory]
    [InlineData(400, 1001, 201)] // M = N − 2m = 201 ≤ m: r < 1, M uncorrelated terms (white PM correlates only at lags k·m)
    [InlineData(450, 1001, 101)]
    public void OadevBelowOneStrideHasMTerms(int m, int n, double expected) =>
        Assert.Equal(expected, EquivalentDegreesOfFreedom.Oadev(2, m, n), 9);

    [Theory]
    [InlineData(2, 100)] // oadev: d = 2
    [InlineData(3, 100)] // ohdev: d = 3
    public void ContinuousAcrossRequalsD(int d, int m)
    {
        // overlapping d-th differences at stride 1: M = N − d·m terms, r = M/m; find the N where r = d exactly
        int nAtD = Enumerable.Range(d * m, 20 * m).First(n => Terms(d, m, n) == d * m);
        double at = Edf(d, m, nAtD), after = Edf(d, m, nAtD + 1), before = Edf(d, m, nAtD - 1);
        Assert.True(double.IsFinite(at) && double.IsFinite(before) && double.IsFinite(after));
        Assert.True(Math.Abs(after / at - 1) < 0.01, $"{at} vs {after}");
        Assert.True(Math.Abs(before / at - 1) < 0.01, $"{at} vs {before}");
    }

    [Theory]
    [InlineData(400, 1001)] // K = 1
    [InlineData(256, 1001)] // K = 2 = d
    public void OadevEdfMatchesMonteCarloOfWhitePm(int m, int n)
    {
        var random = new Random(20031110);
        const int runs = 600;
        var estimates = new double[runs];
        var x = new double[n];
        for (int run = 0; run < runs; run++)
        {
            for (int i = 0; i < n; i++) x[i] = Gaussian(random);
            double sum = 0;
            for (int i = 0; i + 2 * m < n; i++) { double d2 = x[i + 2 * m] - 2 * x[i + m] + x[i]; sum += d2 * d2; }
            estimates[run] = sum / (2.0 * m * m * (n - 2 * m)); // NIST SP 1065 eq. 11 (τ0 = 1)
        }
        double mean = estimates.Average();
        double variance = estimates.Sum(e => (e - mean) * (e - mean)) / (runs - 1);
        double edfMonteCarlo = 2 * mean * mean / variance; // χ² with ν degrees of freedom: var = 2σ⁴/ν
        double edf = EquivalentDegreesOfFreedom.Oadev(2, m, n);
        Assert.True(Math.Abs(edfMonteCarlo / edf - 1) < 0.2, $"EDF {edf:F1}, Monte Carlo {edfMonteCarlo:F1}");
    }

    private static int Terms(int d, int m, int n) => n - d * m; // overlapping terms of d-th differences at stride m: N − d·m

    private static double Edf(int d, int m, int n) => d == 2 ? EquivalentDegreesOfFreedom.Oadev(2, m, n) : EquivalentDegreesOfFreedom.Ohdev(2, m, n);

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
