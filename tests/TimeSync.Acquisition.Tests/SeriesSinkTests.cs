using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// <see cref="SeriesSink"/> builds the 1 s grid while samples come; it must give exactly the series
/// <see cref="CaptureSeries.ToSeries"/> builds from the collected samples: same times, same value bits, NaN where a
/// second has no usable sample, and the same refusal of labels spread too far.
/// </summary>
public class SeriesSinkTests
{
    private const long T0 = 1_795_000_000;

    private static (Func<TimeSync.Capture.Readers.ImportedSeries> Grid, Func<TimeSync.Capture.Readers.ImportedSeries> List) Both(IEnumerable<(long Second, double X, SampleFlags Flags)> samples)
    {
        var grid = new SeriesSink();
        var list = new CollectingSink();
        foreach (var (second, x, flags) in samples)
        {
            var s = new ChannelSample(new TimeErrorSample(Instant.FromUnixSeconds(second), x), flags);
            grid.OnSample("ecu1", s);
            list.OnSample("ecu1", s);
        }
        return (() => grid.ToSeries("cap", "ecu1"), () => CaptureSeries.ToSeries("cap", "ecu1", list.For("ecu1")));
    }

    private static void AssertSame(Func<TimeSync.Capture.Readers.ImportedSeries> a, Func<TimeSync.Capture.Readers.ImportedSeries> b)
    {
        var x = a();
        var y = b();
        Assert.Equal(y.Times, x.Times);
        Assert.Equal(y.Values.Select(BitConverter.DoubleToInt64Bits), x.Values.Select(BitConverter.DoubleToInt64Bits));
        Assert.Equal(y.Tau0Seconds, x.Tau0Seconds);
    }

    [Fact]
    public void TheGridIsTheSeriesOfTheCollectedSamples()
    {
        var samples = new List<(long, double, SampleFlags)>();
        for (long k = 0; k < 5000; k++)
        {
            if (k % 97 == 5) continue; // missing seconds
            var flags = k % 211 == 7 ? SampleFlags.FixInvalid : k % 307 == 9 ? SampleFlags.HostClockLabel : k % 13 == 0 ? SampleFlags.ReferenceLate : SampleFlags.None;
            samples.Add((T0 + k + (k > 3000 ? 40 : 0), 1e-9 * Math.Sin(k) + k * 1e-15, flags)); // and a 40 s hole
        }
        var (grid, list) = Both(samples);
        AssertSame(grid, list);
        var series = grid();
        Assert.Equal(5040, series.Values.Count);
        Assert.True(double.IsNaN(series.Values[5]) && double.IsNaN(series.Values[7]) && double.IsNaN(series.Values[3020]));
        Assert.False(double.IsNaN(series.Values[13])); // late reference: still usable
    }

    [Fact]
    public void ALabelFarAwayIsKeptAsideAndJudgedByTheSameSpanRule()
    {
        // 10 s, then a jump past the grid's bound (2 × 11 + 7 days), then enough seconds that the span is acceptable
        var ok = Enumerable.Range(0, 10).Select(k => (T0 + k, 1e-9 * k, SampleFlags.None))
            .Concat(Enumerable.Range(0, 101).Select(k => (T0 + 604_909 + k, -2e-9 * k, SampleFlags.None))).ToList();
        var (grid, list) = Both(ok);
        AssertSame(grid, list);
        Assert.Equal(605_010, grid().Values.Count);

        // too few seconds after the jump: both refuse with the same message
        var (badGrid, badList) = Both(ok.Take(60));
        var e1 = Assert.Throws<InputException>(() => badGrid());
        var e2 = Assert.Throws<InputException>(() => badList());
        Assert.Equal(e2.Message, e1.Message);
        Assert.Contains("UTC labels are not usable", e1.Message);
    }

    [Fact]
    public void AChannelWithoutSamplesIsAnEmptySeries()
    {
        var series = new SeriesSink().ToSeries("cap", "ecu1");
        Assert.Empty(series.Values);
        Assert.Empty(series.Times!);
    }
}
