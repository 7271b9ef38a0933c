using TimeSync.Core.Time;

namespace TimeSync.Core.Tests;

public class InstantTests
{
    [Theory]
    [InlineData("2026-11-28T16:34:59Z", 1795883699L, 0L)]
    [InlineData("2026-11-28T16:34:59.000000000001Z", 1795883699L, 1L)]
    [InlineData("1970-01-01T00:00:00.5Z", 0L, 500_000_000_000L)]
    [InlineData("1969-12-31T23:59:59.999999999999Z", -1L, 999_999_999_999L)]
    [InlineData("2017-01-10T01:09:41.000+01:00", 1484006981L, 0L)]
    public void Parses_iso8601_to_seconds_and_picoseconds(string text, long seconds, long ps)
    {
        var i = Instant.Parse(text);
        Assert.Equal(seconds, i.UnixSeconds);
        Assert.Equal(ps, i.Picoseconds);
    }

    [Fact]
    public void Round_trips_twelve_fractional_digits()
    {
        const string text = "2026-11-28T16:34:59.123456789012Z";
        Assert.Equal(text, Instant.Parse(text).ToString());
    }

    [Fact]
    public void Picosecond_arithmetic_is_exact_at_modern_epochs()
    {
        var a = Instant.Parse("2026-11-28T16:34:59.999999999999Z");
        var b = a + Duration.FromPicoseconds(1);
        Assert.Equal("2026-11-28T16:35:00Z", b.ToString());
        Assert.Equal(1L, (b - a).TotalPicoseconds);
        Assert.Equal(-1e-12, (a - b).TotalSeconds);
    }

    [Theory]
    [InlineData("2026-11-28T16:34:59.1234567890123Z")]
    [InlineData("2026-13-28T16:34:59Z")]
    [InlineData("2026-11-28T16:34:59")]
    [InlineData("2026-11-28 16:34")]
    [InlineData("")]
    public void Rejects_malformed_text(string text) => Assert.False(Instant.TryParse(text, out _));

    [Fact]
    public void Negative_durations_normalise_with_nonnegative_picoseconds()
    {
        var d = Duration.FromSecondsDouble(-1.5e-9);
        Assert.Equal(-1L, d.Seconds);
        Assert.Equal(1_000_000_000_000L - 1500L, d.Picoseconds);
        Assert.Equal("-0.0000000015", d.ToString());
    }

    [Fact]
    public void Nanosecond_conversions_floor()
    {
        var i = Instant.FromUnixNanoseconds(-1);
        Assert.Equal(-1L, i.UnixSeconds);
        Assert.Equal(999_999_999_000L, i.Picoseconds);
        Assert.Equal(-1L, i.ToUnixNanoseconds());
    }
}
