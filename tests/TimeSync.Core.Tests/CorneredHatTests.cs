using TimeSync.Core.Comparison;

namespace TimeSync.Core.Tests;

public class CorneredHatTests
{
    private static double[,] PairsFrom(double[] clockVariances)
    {
        int n = clockVariances.Length;
        var m = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                m[i, j] = i == j ? double.NaN : clockVariances[i] + clockVariances[j]; // uncorrelated clocks: σ²_ij = σ²_i + σ²_j
        return m;
    }

    [Theory]
    [InlineData(new[] { 1.0, 4.0, 9.0 })]
    [InlineData(new[] { 1e-24, 2e-22, 3e-23, 5e-25 })]
    [InlineData(new[] { 2.0, 3.0, 5.0, 7.0, 11.0 })]
    public void Recovers_each_clock_from_exact_pairwise_variances(double[] clocks)
    {
        var separated = CorneredHat.Solve(PairsFrom(clocks));
        for (int i = 0; i < clocks.Length; i++)
            Assert.Equal(clocks[i], separated[i].Variance, clocks[i] * 1e-12);
    }

    [Fact]
    public void Three_clock_case_is_gray_and_allan()
    {
        var m = new double[3, 3];
        m[0, 1] = 5; m[0, 2] = 10; m[1, 2] = 13;
        var s = CorneredHat.Solve(m);
        Assert.Equal(0.5 * (5 + 10 - 13), s[0].Variance, 12);
        Assert.Equal(0.5 * (5 + 13 - 10), s[1].Variance, 12);
        Assert.Equal(0.5 * (10 + 13 - 5), s[2].Variance, 12);
    }

    [Fact]
    public void Negative_estimate_is_reported_not_clamped()
    {
        var m = new double[3, 3];
        m[0, 1] = 1.0; m[0, 2] = 1.0; m[1, 2] = 3.0; // σ²_0 = ½(1+1−3) = −0.5
        var s = CorneredHat.Solve(m);
        Assert.True(s[0].IsNegative);
        Assert.Equal(-0.5, s[0].Variance, 12);
        Assert.True(double.IsNaN(s[0].Deviation));
        Assert.True(double.IsNaN(s[0].EquivalentDegreesOfFreedom));
    }

    [Fact]
    public void Satterthwaite_edf_of_one_pair_dominated_estimate()
    {
        // Clock 2 is much worse than 0 and 1: σ²_2 ≈ ½(σ²_02 + σ²_12) with two nearly independent pairs of equal EDF,
        // so its EDF approaches twice the pair EDF.
        var m = PairsFrom([1e-6, 1e-6, 1.0]);
        var edf = new double[3, 3];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 3; j++) edf[i, j] = 100;
        var s = CorneredHat.Solve(m, edf);
        Assert.InRange(s[2].EquivalentDegreesOfFreedom, 199.0, 200.0);
    }

    [Fact]
    public void Refuses_a_missing_pair()
    {
        var m = PairsFrom([1, 2, 3]);
        m[0, 2] = double.NaN; m[2, 0] = double.NaN;
        Assert.Throws<ArgumentException>(() => CorneredHat.Solve(m));
    }
}
