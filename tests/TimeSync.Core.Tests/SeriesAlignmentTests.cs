using TimeSync.Core.Comparison;
using TimeSync.Core.Time;

namespace TimeSync.Core.Tests;

public class SeriesAlignmentTests
{
    private static readonly Instant T0 = Instant.Parse("2026-11-28T00:00:00Z");

    private static TimedSeries Regular(string name, long startSeconds, int count, long stepSeconds, Func<int, double> value, Func<int, bool>? keep = null)
    {
        var times = new List<Instant>();
        var values = new List<double>();
        for (int k = 0; k < count; k++)
        {
            if (keep is not null && !keep(k)) continue;
            times.Add(T0 + Duration.FromSeconds(startSeconds + k * stepSeconds));
            values.Add(value(k));
        }
        return new TimedSeries(name, times, values);
    }

    [Fact]
    public void Aligns_on_the_overlap_and_marks_a_missing_hour_as_a_gap()
    {
        var a = Regular("a", 0, 10_000, 1, k => k);
        var b = Regular("b", 100, 10_000, 1, k => -k, k => k is < 3000 or >= 6600); // b missing for one hour
        var aligned = SeriesAlignment.Align([a, b]);
        Assert.Equal(T0 + Duration.FromSeconds(100), aligned.Start);
        Assert.Equal(9_900, aligned.Length);
        Assert.Equal(100.0, aligned.Values[0][0]);
        Assert.Equal(0.0, aligned.Values[1][0]);
        var gap = Assert.Single(aligned.Gaps);
        Assert.Equal("b", gap.Name);
        Assert.Equal(3600, gap.MissingSamples);
        Assert.Equal(T0 + Duration.FromSeconds(3100), gap.From);
        Assert.Equal(T0 + Duration.FromSeconds(6699), gap.To);
        // a's first 100 s, before b starts, and b's last 100 s, after a ends, are reported as left out
        Assert.Equal([new AlignmentTrim("a", T0, T0 + Duration.FromSeconds(99), 100),
            new AlignmentTrim("b", T0 + Duration.FromSeconds(10_000), T0 + Duration.FromSeconds(10_099), 100)], aligned.Trimmed);
    }

    [Fact]
    public void A_clock_starting_an_hour_late_trims_the_others_and_says_so()
    {
        var a = Regular("a", 0, 7200, 1, k => k);
        var b = Regular("b", 3600, 3600, 1, k => k);
        var c = Regular("c", 0, 7000, 1, k => k);
        var aligned = SeriesAlignment.Align([a, b, c]);
        Assert.Equal(T0 + Duration.FromSeconds(3600), aligned.Start);
        Assert.Equal(3400, aligned.Length); // to c's end
        Assert.Empty(aligned.Gaps);
        Assert.Equal([
            new AlignmentTrim("a", T0, T0 + Duration.FromSeconds(3599), 3600),
            new AlignmentTrim("a", T0 + Duration.FromSeconds(7000), T0 + Duration.FromSeconds(7199), 200),
            new AlignmentTrim("b", T0 + Duration.FromSeconds(7000), T0 + Duration.FromSeconds(7199), 200),
            new AlignmentTrim("c", T0, T0 + Duration.FromSeconds(3599), 3600)], aligned.Trimmed);
    }

    [Fact]
    public void Different_rates_align_on_common_timestamps_without_interpolation()
    {
        var fast = Regular("fast", 0, 100, 1, k => k);
        var slow = Regular("slow", 0, 50, 2, k => 1000 + k);
        var aligned = SeriesAlignment.Align([fast, slow]);
        Assert.Equal(1.0 * 2, aligned.Tau0Seconds);
        Assert.Equal(new[] { 0.0, 2.0, 4.0 }, aligned.Values[0][..3]);
        Assert.Equal(new[] { 1000.0, 1001.0, 1002.0 }, aligned.Values[1][..3]);
    }

    [Fact]
    public void Refuses_inputs_that_do_not_overlap_naming_their_ranges()
    {
        var a = Regular("a.log", 0, 10, 1, k => k);
        var b = Regular("b.log", 100, 10, 1, k => k);
        var e = Assert.Throws<InputException>(() => SeriesAlignment.Align([a, b]));
        Assert.Contains("do not overlap", e.Message);
        Assert.Contains("b.log: 2026-11-28T00:01:40Z to 2026-11-28T00:01:49Z", e.Message);
    }

    [Fact]
    public void Refuses_rates_that_share_no_common_timestamps()
    {
        var a = Regular("a", 0, 100, 2, k => k);
        var b = Regular("b", 0, 100, 3, k => k);
        var e = Assert.Throws<InputException>(() => SeriesAlignment.Align([a, b]));
        Assert.StartsWith("a: sampled every 2 s (2026-11-28T00:00:00Z to 2026-11-28T00:03:18Z), which does not divide the 3 s of 'b' (2026-11-28T00:00:00Z to 2026-11-28T00:04:57Z)", e.Message);
    }
}
