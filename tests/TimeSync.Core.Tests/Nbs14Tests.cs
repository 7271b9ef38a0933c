using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

/// <summary>NIST SP 1065 §12 NBS14 test suite (values in ../shared/reference/nbs14.md), seven significant digits → 1e-6.</summary>
public class Nbs14Tests
{
    private static readonly double[] TenPointFrequency = [892, 809, 823, 798, 671, 644, 883, 903, 677];

    private static double[] ThousandPointFrequency()
    {
        // Lehmer generator of the handbook: n[i+1] = 16807·n[i] mod (2^31 − 1), y = n / (2^31 − 1)
        var y = new double[1000];
        long n = 1234567890;
        for (int i = 0; i < y.Length; i++)
        {
            y[i] = n / 2147483647.0;
            n = 16807 * n % 2147483647;
        }
        return y;
    }

    [Fact]
    public void LehmerGeneratorMatchesTheHandbookCheckValues()
    {
        long n = 1234567890;
        n = 16807 * n % 2147483647;
        Assert.Equal(395529916, n);
        n = 16807 * n % 2147483647;
        Assert.Equal(1209410747, n);
        n = 16807 * n % 2147483647;
        Assert.Equal(633705974, n);
    }

    [Theory]
    [InlineData("adev", 1, 91.22945)]
    [InlineData("adev", 2, 115.8082)]
    [InlineData("oadev", 1, 91.22945)]
    [InlineData("oadev", 2, 85.95287)]
    [InlineData("mdev", 1, 91.22945)]
    [InlineData("mdev", 2, 74.78849)]
    [InlineData("hdev", 1, 70.80608)]
    [InlineData("hdev", 2, 116.7980)]
    [InlineData("ohdev", 1, 70.80607)]
    [InlineData("ohdev", 2, 85.61487)]
    [InlineData("tdev", 1, 52.67135)]
    [InlineData("tdev", 2, 86.35831)]
    public void TenPointSet(string statistic, int m, double expected)
    {
        var x = new ClockSeries(SeriesKind.Frequency, 1.0, TenPointFrequency).ToPhase().Values;
        var p = StatisticsCatalog.Get(statistic).Compute(x, 1.0, m);
        Assert.True(Math.Abs(p.Value - expected) / expected <= 1e-6, $"{statistic}({m}) = {p.Value:R}, NBS14 {expected}");
    }

    [Fact]
    public void TenPointPublishedPhaseGivesTheSameValues()
    {
        // the handbook's phase column (frequency with mean removed, integrated) — deviations ignore the mean frequency
        double[] x = [0.00000, 103.11111, 123.22222, 157.33333, 166.44444, 48.55555, -96.33333, -2.22222, 111.88889, 0.00000];
        Assert.True(Math.Abs(AllanDeviation.Oadev(x, 1, 2).Value / 85.95287 - 1) <= 1e-6);
    }

    [Theory]
    [InlineData("adev", 1, 2.922319e-01)]
    [InlineData("adev", 10, 9.965736e-02)]
    [InlineData("adev", 100, 3.897804e-02)]
    [InlineData("oadev", 1, 2.922319e-01)]
    [InlineData("oadev", 10, 9.159953e-02)]
    [InlineData("oadev", 100, 3.241343e-02)]
    [InlineData("mdev", 1, 2.922319e-01)]
    [InlineData("mdev", 10, 6.172376e-02)]
    [InlineData("mdev", 100, 2.170921e-02)]
    [InlineData("hdev", 1, 2.943883e-01)]
    [InlineData("hdev", 10, 1.052754e-01)]
    [InlineData("hdev", 100, 3.910860e-02)]
    [InlineData("ohdev", 1, 2.943883e-01)]
    [InlineData("ohdev", 10, 9.581083e-02)]
    [InlineData("ohdev", 100, 3.237638e-02)]
    [InlineData("tdev", 1, 1.687202e-01)]
    [InlineData("tdev", 10, 3.563623e-01)]
    [InlineData("tdev", 100, 1.253382e+00)]
    public void ThousandPointSet(string statistic, int m, double expected)
    {
        var x = new ClockSeries(SeriesKind.Frequency, 1.0, ThousandPointFrequency()).ToPhase().Values;
        Assert.Equal(1001, x.Length);
        var p = StatisticsCatalog.Get(statistic).Compute(x, 1.0, m);
        Assert.True(Math.Abs(p.Value - expected) / expected <= 1e-6, $"{statistic}({m}) = {p.Value:R}, NBS14 {expected}");
    }

    [Theory]
    [InlineData(1, 2.884664e-01)]
    [InlineData(10, 9.296352e-02)]
    [InlineData(100, 3.206656e-02)]
    public void ThousandPointSampleStandardDeviationOfAverages(int m, double expected)
    {
        var y = ThousandPointFrequency();
        var avg = Enumerable.Range(0, y.Length / m).Select(k => y.Skip(k * m).Take(m).Average()).ToArray();
        var s = SeriesSummary.Of(new ClockSeries(SeriesKind.Frequency, m, avg));
        Assert.True(Math.Abs(s.Stdev - expected) / expected <= 1e-6, $"stdev({m}) = {s.Stdev:R}, NBS14 {expected}");
    }
}
