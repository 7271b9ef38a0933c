using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

public class ChiSquaredTests
{
    // Quantiles from published chi-squared tables (Abramowitz & Stegun Table 26.8; NIST/SEMATECH e-Handbook 1.3.6.7.4).
    [Theory]
    [InlineData(0.05, 1, 0.00393214)]
    [InlineData(0.95, 1, 3.841459)]
    [InlineData(0.5, 2, 1.386294)]
    [InlineData(0.025, 10, 3.246973)]
    [InlineData(0.975, 10, 20.48318)]
    [InlineData(0.01, 100, 70.06489)]
    [InlineData(0.99, 100, 135.8067)]
    [InlineData(0.9, 5, 9.236357)]
    public void QuantileMatchesTables(double p, double k, double expected)
    {
        double q = ChiSquared.Quantile(p, k);
        Assert.True(Math.Abs(q - expected) / expected < 2e-6, $"χ²({p}, {k}) = {q:R}, table {expected}");
        Assert.True(Math.Abs(ChiSquared.Cdf(q, k) - p) < 1e-10);
    }

    [Fact]
    public void LogGammaMatchesFactorials()
    {
        Assert.Equal(Math.Log(3628800.0), ChiSquared.LogGamma(11), 12);
        Assert.Equal(0.5 * Math.Log(Math.PI), ChiSquared.LogGamma(0.5), 12);
    }

    [Fact]
    public void FractionalDegreesOfFreedomAreMonotonic()
    {
        double a = ChiSquared.Quantile(0.8415, 998.1), b = ChiSquared.Quantile(0.8415, 998.6);
        Assert.True(b > a);
    }
}
