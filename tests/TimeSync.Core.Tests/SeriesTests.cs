using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

public class SeriesTests
{
    [Fact]
    public void FrequencyToPhaseAndBackIsExactWithTau0()
    {
        double[] y = [1e-9, -2e-9, 3e-9, 0.5e-9];
        var x = new ClockSeries(SeriesKind.Frequency, 0.5, y).ToPhase();
        Assert.Equal([0, 0.5e-9, -0.5e-9, 1e-9, 1.25e-9], x.Values, (a, b) => Math.Abs(a - b) < 1e-24);
        var back = x.ToFrequency().Values;
        for (int i = 0; i < y.Length; i++) Assert.Equal(y[i], back[i], 1e-22);
    }

    [Fact]
    public void GapsStayNaNThroughConversion()
    {
        var x = new ClockSeries(SeriesKind.Phase, 1, [0, 1, double.NaN, 3, 4]);
        Assert.Equal(1, x.GapCount);
        var y = x.ToFrequency().Values;
        Assert.True(double.IsNaN(y[1]) && double.IsNaN(y[2]));
        Assert.Equal(1.0, y[3]);
    }

    [Fact]
    public void FitRecoversOffsetAndDriftAndRemovesThem()
    {
        const double tau0 = 0.1, y0 = 3e-8, drift = 2e-10; // x = a + y0 t + drift t²/2
        var x = Enumerable.Range(0, 5000).Select(i => { double t = i * tau0; return 1e-6 + y0 * t + drift * t * t / 2 + (i % 7 - 3) * 1e-12; }).ToArray();
        var s = new ClockSeries(SeriesKind.Phase, tau0, x);
        var fit = FrequencyFit.Of(s);
        Assert.Equal(drift, fit.DriftPerSecond, 1e-14);
        Assert.Equal(y0 + drift * (4999 * tau0) / 2, fit.FrequencyOffset, 1e-12); // linear fit slope = mean frequency
        var r = FrequencyFit.Remove(s).Values;
        Assert.True(r.Max(Math.Abs) < 4e-12);
    }

    [Fact]
    public void MadFlagsOutliersWithoutChangingData()
    {
        var rnd = new Random(3);
        var y = Enumerable.Range(0, 1000).Select(_ => rnd.NextDouble() - 0.5).ToArray();
        y[100] = 40;
        y[700] = -25;
        var copy = (double[])y.Clone();
        var flagged = OutlierDetector.Flag(new ClockSeries(SeriesKind.Frequency, 1, y));
        Assert.Equal([100, 700], flagged.Select(o => o.Index).ToArray());
        Assert.Equal(copy, y);
    }

    [Fact]
    public void MadOnPhaseFlagsWhatItsFrequencyFormFlags()
    {
        var rnd = new Random(5);
        double acc = 0;
        var x = Enumerable.Range(0, 2000).Select(_ => acc += 1e-9 * (rnd.NextDouble() - 0.5)).ToArray();
        x[300] += 4e-8;   // a phase step: two frequency outliers of opposite sign
        x[1200] = double.NaN;
        var phase = new ClockSeries(SeriesKind.Phase, 0.5, x);
        var fromPhase = OutlierDetector.Flag(phase);
        var fromFrequency = OutlierDetector.Flag(phase.ToFrequency());
        Assert.Equal([299, 300], fromPhase.Select(o => o.Index).ToArray());
        Assert.Equal(fromFrequency, fromPhase);
    }

    [Theory]
    [InlineData("octave", 250, false, new[] { 1, 2, 4, 8, 16, 32, 64, 128 })]
    [InlineData("octave", 999, true, new[] { 1, 3, 7, 15, 31, 63, 127, 255, 511 })]
    [InlineData("decade", 500, false, new[] { 1, 2, 4, 10, 20, 40, 100, 200, 400 })]
    [InlineData("5,1,2,2", 10, false, new[] { 1, 2, 5 })]
    public void Grids(string text, int max, bool window, int[] expected)
    {
        Assert.Equal(expected, TauGrid.Parse(text).AveragingFactors(max, window).ToArray());
    }

    [Fact]
    public void AllAndManyGrids()
    {
        var all = TauGrid.Parse("all").AveragingFactors(250); // D = ⌊214/3⌋ = 71: 1..71, then 73, 75, …, 143, 146, …
        Assert.Equal(Enumerable.Range(1, 71), all.Take(71));
        Assert.Equal([73, 75], all.Skip(71).Take(2));
        Assert.Equal(247, all[^1]);
        var many = TauGrid.Parse("many").AveragingFactors(1000);
        Assert.Equal(1, many[0]);
        Assert.Equal(1000, many[^1]);
        Assert.True(many.Zip(many.Skip(1)).All(p => p.Second > p.First));
        Assert.InRange(many.Count, 40, 61);
    }

    [Fact]
    public void ExplicitFactorBeyondTheStopRatioIsAnInputError()
    {
        var e = Assert.Throws<TimeSync.Core.InputException>(() => TauGrid.Parse("1,300").AveragingFactors(250));
        Assert.Equal("--taus", e.Location);
        Assert.Throws<TimeSync.Core.InputException>(() => TauGrid.Parse("1,x").AveragingFactors(250));
    }

    [Fact]
    public void SummaryOfKnownValues()
    {
        var s = SeriesSummary.Of(new ClockSeries(SeriesKind.Phase, 1, [1, -2, 3, double.NaN, -4, 5]));
        Assert.Equal(5, s.Count);
        Assert.Equal(1, s.Gaps);
        Assert.Equal(0.6, s.Mean, 12);
        Assert.Equal(Math.Sqrt(55 / 5.0), s.Rms, 12);
        Assert.Equal(Math.Sqrt((0.16 + 6.76 + 5.76 + 21.16 + 19.36) / 4), s.Stdev, 12);
        Assert.Equal(9, s.PeakToPeak);
        Assert.Equal(1, s.Percentiles.P50);   // sorted −4 −2 1 3 5
        Assert.Equal(4.2, s.Percentiles.P90, 12);
        Assert.Equal(3, s.AbsPercentiles.P50);  // sorted 1 2 3 4 5
        Assert.Equal(Math.Sqrt((9 + 25 + 81) / 3.0), s.PeriodJitter, 12); // differences across the gap are skipped
    }
}
