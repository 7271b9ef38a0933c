using System.Text;
using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

public sealed class DecodingCounterTests
{
    private static List<DecodedEvent> Run(IStreamDecoder d, string text, int chunk)
    {
        var bytes = Encoding.ASCII.GetBytes(text);
        var output = new List<DecodedEvent>();
        for (int i = 0; i < bytes.Length; i += chunk) d.Push(bytes.AsSpan(i, Math.Min(chunk, bytes.Length - i)), i, output);
        return output;
    }

    [Theory]
    [InlineData("7324.017700023026", 7324L, 17_700_023_026L)] // TICC debug-mode timestamp (peers.md), 12 decimals
    [InlineData("17.000000001234", 17L, 1_234L)]
    [InlineData("-0.000000001234", -1L, 999_999_998_766L)]
    [InlineData("+1.234567890123E-07", 0L, 123_457L)]           // 53230A: 123456.7890123 ps rounds to 123457 ps
    [InlineData("1.00000000000E+00", 1L, 0L)]
    [InlineData("5E-12", 0L, 5L)]
    [InlineData("-2.5E-12", -1L, 999_999_999_997L)]             // half away from zero: −2.5 ps → −3 ps
    public void Exact_decimal_seconds(string text, long seconds, long picoseconds)
    {
        Assert.True(ExactDecimal.TryParseSeconds(text, out var d));
        Assert.Equal(new Duration(seconds, picoseconds), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("abc")]
    [InlineData("1.2.3")]
    [InlineData("1E")]
    [InlineData("1e999")]
    public void Not_a_number_is_rejected(string text) => Assert.False(ExactDecimal.TryParseSeconds(text, out _));

    [Fact]
    public void Large_timestamps_keep_their_picoseconds_where_a_double_would_not()
    {
        Assert.True(ExactDecimal.TryParseSeconds("123456.789012345678", out var d)); // 18 digits: beyond a double
        Assert.Equal(new Duration(123_456, 789_012_345_678), d);
        Assert.NotEqual(789_012_345_678L, Duration.FromSecondsDouble(double.Parse("123456.789012345678", System.Globalization.CultureInfo.InvariantCulture)).Picoseconds);
    }

    [Fact]
    public void Ticc_timestamp_interval_debug_and_header_lines()
    {
        const string text = "# TAPR TICC\r\n# timestamp (seconds with 11 decimal places)\r\n" +
                            "7324.01770002303 chA\r\n7324.01770012345 chB\r\n" +
                            "000848 001271 001000 001839 036830 73240178 0.000099976974 7324.017700023026 chA\r\n" +
                            "0.00000001234 TI(A->B)\r\n104.897999794440\r\n7325.0 chC\r\nrubbish chX\r\n";
        var events = Run(new TiccDecoder("ticc"), text, 7);
        var r = events.OfType<CounterReading>().ToList();
        Assert.Equal(["chA", "chB", "chA", "TI", "TI"], r.Select(x => x.Channel));
        Assert.Equal(new Duration(7324, 17_700_023_030), r[0].Value);
        Assert.Equal(new Duration(7324, 17_700_123_450), r[1].Value);
        Assert.Equal(new Duration(7324, 17_700_023_026), r[2].Value);
        Assert.Equal(new Duration(0, 12_340), r[3].Value);
        Assert.Equal(new Duration(104, 897_999_794_440), r[4].Value);
        var problem = Assert.Single(events.OfType<DecodeProblem>());
        Assert.Equal(text.IndexOf("rubbish", StringComparison.Ordinal), problem.StreamOffset);
    }

    [Fact]
    public void One_reading_per_line_counters_53230A_and_SR620()
    {
        var events = Run(new CounterLineDecoder("ti"), "+1.234567890120E-07\n1.23456789E-07\r\n\n-4.0E-09,+5.0E-09\nOVLD\n", 3);
        var r = events.OfType<CounterReading>().ToList();
        Assert.All(r, x => Assert.Equal("TI", x.Channel));
        Assert.Equal([new Duration(0, 123_457), new Duration(0, 123_457), -new Duration(0, 4_000), new Duration(0, 5_000)], r.Select(x => x.Value));
        Assert.Contains("OVLD", Assert.Single(events.OfType<DecodeProblem>()).Message);
    }

    [Fact]
    public void An_endless_line_is_dropped_with_bounded_memory()
    {
        var events = Run(new TiccDecoder("ticc"), new string('1', 100_000) + "\n1.5 chA\n", 4096);
        Assert.Contains("longer than", Assert.Single(events.OfType<DecodeProblem>()).Message);
        Assert.Equal(new Duration(1, 500_000_000_000), Assert.Single(events.OfType<CounterReading>()).Value);
    }
}
