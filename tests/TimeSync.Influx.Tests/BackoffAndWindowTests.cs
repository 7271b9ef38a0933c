using TimeSync.Core.Time;
using TimeSync.Influx.Delivery;
using TimeSync.Influx.Schema;

namespace TimeSync.Influx.Tests;

public class BackoffAndWindowTests
{
    [Fact]
    public void BackoffDoublesWithJitterAndStaysBounded()
    {
        var b = new Backoff(TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(2), new Random(7));
        var delays = Enumerable.Range(0, 40).Select(_ => b.Next().TotalMilliseconds).ToList();
        for (int n = 0; n < delays.Count; n++)
        {
            double ceiling = Math.Min(2000, 100 * Math.Pow(2, n));
            Assert.InRange(delays[n], ceiling * 0.5, ceiling);
        }
        Assert.True(delays.Skip(10).Distinct().Count() > 20, "jitter: delays at the cap differ");
        b.Reset();
        Assert.InRange(b.Next().TotalMilliseconds, 50, 100);
    }

    [Fact]
    public void RollingWindowMatchesDirectStatisticsPerAlignedWindow()
    {
        var rng = new Random(3);
        var w = new RollingWindow("c", 10);
        var start = new Instant(1_700_000_003, 0); // not aligned: first window is short
        var samples = Enumerable.Range(0, 95).Select(i => new TimeErrorSample(start + Duration.FromSeconds(i), i == 20 ? double.NaN : rng.NextDouble() * 1e-6)).ToList();
        var reported = samples.Select(w.Add).Where(r => r is not null).Select(r => r!).ToList();
        reported.Add(w.Flush()!);
        var expected = samples.GroupBy(s => s.Time.UnixSeconds / 10).ToList();
        Assert.Equal(expected.Count, reported.Count);
        for (int k = 0; k < expected.Count; k++)
        {
            var xs = expected[k].Select(s => s.TimeErrorSeconds).Where(double.IsFinite).ToArray();
            var r = reported[k];
            Assert.Equal(Instant.FromUnixSeconds((expected[k].Key + 1) * 10), r.Time);
            Assert.Equal(xs.Length, r.Count);
            double mean = xs.Average();
            Assert.Equal(mean, r.MeanSeconds, 1e-18);
            Assert.Equal(Math.Sqrt(xs.Sum(x => (x - mean) * (x - mean)) / (xs.Length - 1)), r.StdDevSeconds, 1e-18);
            Assert.Equal(xs.Min(), r.MinSeconds);
            Assert.Equal(xs.Max(), r.MaxSeconds);
        }
    }
}
