using TimeSync.Core.Statistics;
using TimeSync.Core.Statistics.Streaming;

namespace TimeSync.Core.Tests;

/// <summary>The streaming accumulators against the batch statistics over the same samples, with gaps.</summary>
public class StreamingAccumulatorTests
{
    private const double Tolerance = 1e-12;

    /// <summary>A phase record (s) with random-walk FM, white PM, an offset and a frequency offset; NaN gaps when asked.</summary>
    private static double[] Phase(int n, int seed, bool gaps)
    {
        var rng = new Random(seed);
        double Gauss() => Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
        var x = new double[n];
        double y = 0.0, phase = 3.2e-6;
        for (int i = 0; i < n; i++)
        {
            y += 1e-12 * Gauss();
            phase += (2e-9 + y) * 1.0;
            x[i] = phase + 5e-9 * Gauss();
        }
        if (gaps)
        {
            x[0] = double.NaN;          // a gap before the first sample
            x[777] = double.NaN;        // a single missing sample
            for (int i = 5000; i < 5040; i++) x[i] = double.NaN; // an outage
            x[n - 3] = double.NaN;      // a gap near the end
        }
        return x;
    }

    private static void Close(double expected, double actual, string what)
    {
        Assert.True(double.IsFinite(expected), $"{what}: batch value {expected}");
        double rel = Math.Abs(actual - expected) / Math.Abs(expected);
        Assert.True(rel <= Tolerance, $"{what}: streaming {actual:R}, batch {expected:R}, relative {rel:E2}");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Summary_equals_batch(bool gaps)
    {
        var x = Phase(20_000, 11, gaps);
        var s = new StreamingSummary();
        s.PushMany(x);
        var v = x.Where(d => !double.IsNaN(d)).ToArray();
        double mean = v.Sum() / v.Length;
        double ss = v.Sum(d => (d - mean) * (d - mean));
        Assert.Equal(v.Length, s.Count);
        Assert.Equal(x.Length - v.Length, s.Gaps);
        Close(mean, s.Mean, "mean");
        Close(Math.Sqrt(ss / (v.Length - 1)), s.StandardDeviation, "stdev");
        Close(Math.Sqrt(v.Sum(d => d * d) / v.Length), s.Rms, "rms");
        Assert.Equal(v.Min(), s.Min);
        Assert.Equal(v.Max(), s.Max);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Oadev_and_tdev_equal_batch_at_every_octave_during_the_run(bool gaps)
    {
        var x = Phase(20_000, 5, gaps);
        int[] factors = StreamingOctaves.PowersOfTwo(2048);
        var acc = new StreamingAllanDeviation(0.5, factors);
        int pushed = 0;
        foreach (int checkpoint in new[] { 7_777, 12_345, x.Length })
        {
            acc.PushMany(x.AsSpan(pushed, checkpoint - pushed));
            pushed = checkpoint;
            var prefix = x.AsSpan(0, pushed);
            for (int k = 0; k < factors.Length; k++)
            {
                int m = factors[k];
                var oadev = AllanDeviation.Oadev(prefix, 0.5, m);
                var tdev = ModifiedAllanDeviation.Tdev(prefix, 0.5, m);
                if (oadev.Terms > 0)
                {
                    Assert.Equal(oadev.Terms, acc.Oadev(k).Terms);
                    Close(oadev.Value, acc.Oadev(k).Value, $"oadev m={m} after {pushed}");
                }
                else Assert.Equal(0, acc.Oadev(k).Terms);
                if (tdev.Terms > 0)
                {
                    Assert.Equal(tdev.Terms, acc.Tdev(k).Terms);
                    Close(tdev.Value, acc.Tdev(k).Value, $"tdev m={m} after {pushed}");
                }
                else Assert.Equal(0, acc.Tdev(k).Terms);
            }
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Mtie_whole_run_and_sliding_window_equal_batch(bool gaps)
    {
        var x = Phase(20_000, 7, gaps);
        int[] factors = StreamingOctaves.WindowsOfPowersOfTwo(2047);
        const int w = 4_096;
        var acc = new StreamingMtie(factors, w);
        int pushed = 0;
        foreach (int checkpoint in new[] { 3_000, 5_020, 9_999, x.Length })
        {
            acc.PushMany(x.AsSpan(pushed, checkpoint - pushed));
            pushed = checkpoint;
            var prefix = x.AsSpan(0, pushed);
            var last = prefix[Math.Max(0, pushed - w)..];
            for (int k = 0; k < factors.Length; k++)
            {
                int m = factors[k];
                var whole = TimeIntervalError.Mtie(prefix, 1.0, m);
                Assert.Equal(whole.Terms, acc.WholeRun(k).Terms);
                if (whole.Terms > 0) Assert.Equal(whole.Value, acc.WholeRun(k).Value);
                var sliding = TimeIntervalError.Mtie(last, 1.0, m);
                Assert.True(sliding.Terms == acc.Sliding(k).Terms, $"m={m} after {pushed}: terms {acc.Sliding(k).Terms}, batch {sliding.Terms}");
                if (sliding.Terms > 0) Assert.Equal(sliding.Value, acc.Sliding(k).Value);
            }
        }
    }

    [Fact]
    public void Pushing_allocates_nothing()
    {
        var x = Phase(50_000, 3, gaps: true);
        var summary = new StreamingSummary();
        var allan = new StreamingAllanDeviation(1.0, StreamingOctaves.PowersOfTwo(4096));
        var mtie = new StreamingMtie(StreamingOctaves.WindowsOfPowersOfTwo(4095), 10_000);
        // warm up (JIT, tiering) before measuring
        summary.PushMany(x.AsSpan(0, 1000));
        allan.PushMany(x.AsSpan(0, 1000));
        mtie.PushMany(x.AsSpan(0, 1000));
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 1000; i < x.Length; i++)
        {
            summary.Push(x[i]);
            allan.Push(x[i]);
            mtie.Push(x[i]);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated == 0, $"{allocated} bytes allocated for {x.Length - 1000} samples");
    }

    [Fact]
    public void Sliding_mtie_rejects_a_window_shorter_than_tau()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamingMtie([1, 3, 7, 15], 8));
    }
}
