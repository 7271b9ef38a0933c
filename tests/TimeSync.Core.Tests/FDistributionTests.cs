using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

/// <summary>Snedecor's F quantiles, used by the refined noise identification's hold test (SparseNoiseHold).</summary>
public class FDistributionTests
{
    // integer degrees of freedom: NIST/SEMATECH e-Handbook 1.3.6.7.3 (F upper critical values), to their digits beyond
    // the table's 3 decimals from scipy.stats.f.ppf (SciPy 1.x, Debian); fractional ones (Greenhall EDFs are) from scipy
    [Theory]
    [InlineData(0.95, 5, 10, 3.3258345304130112)]
    [InlineData(0.99, 7, 60, 2.953049208002701)]
    [InlineData(0.95, 1, 1, 161.44763879758827)]
    [InlineData(0.025, 10, 20, 0.29252223798395927)]
    [InlineData(0.005, 4.5, 80.3, 0.06605821723236684)]
    [InlineData(0.995, 4.5, 80.3, 3.821273166096179)]
    [InlineData(0.5, 3, 3, 1.0)]
    public void QuantileMatchesTables(double p, double k1, double k2, double expected)
    {
        double q = FDistribution.Quantile(p, k1, k2);
        Assert.True(Math.Abs(q - expected) / expected < 1e-8, $"F({p}; {k1}, {k2}) = {q:R}, table {expected}");
        Assert.True(Math.Abs(FDistribution.Cdf(q, k1, k2) - p) < 1e-10);
        Assert.True(Math.Abs(q * FDistribution.Quantile(1 - p, k2, k1) - 1) < 1e-8); // F(p; a, b) = 1/F(1 − p; b, a)
    }
}
