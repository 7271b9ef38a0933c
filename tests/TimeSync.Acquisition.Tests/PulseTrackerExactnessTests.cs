using TimeSync.Acquisition.Labelling;
using TimeSync.Core.Time;
using Xunit;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// PulseTracker computes edge differences through a long-picosecond shortcut (DurationMath); its off-grid offset must be
/// exactly the double that Duration's own arithmetic gives, for counter-scale, epoch-scale and far-apart times.
/// </summary>
public sealed class PulseTrackerExactnessTests
{
    public static TheoryData<long, long> Anchors => new()
    {
        { 0, 300_000_000_000L },            // a counter started 0.3 s before the first edge
        { 1_795_000_000, 250_000L },        // kernel PPS edge times (Unix seconds)
        { -5, 999_999_999_999L },           // negative seconds, picoseconds at the top of their range
        { 1L << 41, 123_456_789_012L },     // beyond the shortcut's operand range: Duration itself
    };

    [Theory]
    [MemberData(nameof(Anchors))]
    public void OffGridSecondsEqualDurationArithmetic(long anchorSeconds, long anchorPicoseconds)
    {
        var rng = new Random(12345);
        var anchor = new Duration(anchorSeconds, anchorPicoseconds);
        foreach (long stepSeconds in new long[] { 1, 2, 7, 7999, 8000, 8001, 100_000 })
        {
            for (int i = 0; i < 200; i++)
            {
                var tracker = new PulseTracker(1e-6, 0.2);
                Assert.Equal(PulseCheck.First, tracker.Check(anchor, out _, out _));
                long jitterPs = rng.NextInt64(-150_000_000_000L, 150_000_000_000L); // within the stray limit
                var time = anchor + new Duration(stepSeconds, jitterPs);
                tracker.Check(time, out _, out double off);
                double d = (time - anchor).TotalSeconds;
                Assert.Equal(BitConverter.DoubleToInt64Bits(d - Math.Round(d)), BitConverter.DoubleToInt64Bits(off));
            }
        }
    }
}
