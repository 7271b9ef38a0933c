using System.Text;
using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;
using TimeSync.Testing;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// The allocation-free fast paths of the text decoders (TICC lines parsed from their bytes, lines framed as slices,
/// NMEA fields read as spans) must give exactly what the general text path gives: checked here against an independent
/// reading of the same text (string split + <see cref="ExactDecimal"/>), over many generated lines cut at random places.
/// </summary>
public sealed class DecodingFastPathTests
{
    private static List<DecodedEvent> Push(IStreamDecoder d, byte[] bytes, Random cuts)
    {
        var output = new List<DecodedEvent>();
        for (int i = 0; i < bytes.Length;)
        {
            int n = Math.Min(bytes.Length - i, cuts.Next(1, 40));
            d.Push(bytes.AsSpan(i, n), i, output);
            i += n;
        }
        return output;
    }

    /// <summary>What the TICC decoder must report for one line, read the slow, obvious way.</summary>
    private static (string Channel, Duration Value)? Expected(string line)
    {
        var tokens = line.Trim().Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length < 2) return null;
        string? channel = tokens[^1] switch { "chA" => "chA", "chB" => "chB", "TI(A->B)" => "TI", _ => null };
        if (channel is null || !ExactDecimal.TryParseSeconds(tokens[^2], out var v)) return null;
        return (channel, v);
    }

    [Fact]
    public void Ticc_lines_decode_as_the_exact_decimal_reading_of_their_text_however_they_are_cut()
    {
        var rng = new Random(20261128);
        string[] tags = ["chA", "chB", "TI(A->B)"];
        string[] ends = ["\r\n", "\n", "\r"];
        var lines = new List<string>();
        for (int i = 0; i < 5000; i++)
        {
            long whole = rng.Next(4) switch { 0 => 0, 1 => rng.Next(10), 2 => rng.NextInt64(1, 1_000_000), _ => rng.NextInt64(1, 999_999_999_999_999_999) };
            int decimals = rng.Next(0, 16); // 13–15 decimals take the general path (rounding to the picosecond)
            var frac = new StringBuilder();
            for (int k = 0; k < decimals; k++) frac.Append((char)('0' + rng.Next(10)));
            string sign = rng.Next(8) switch { 0 => "-", 1 => "+", _ => "" };
            string number = rng.Next(20) switch
            {
                0 => $"{sign}{whole}.{frac}E-0{rng.Next(1, 9)}", // exponent: general path
                1 => $"{sign}.{frac}1",                         // no integer digit: general path
                _ => decimals == 0 && rng.Next(2) == 0 ? $"{sign}{whole}" : $"{sign}{whole}.{frac}",
            };
            string lead = rng.Next(6) switch { 0 => "000848 001271 0.000099976974 ", 1 => "  ", 2 => "\t", _ => "" };
            string gap = rng.Next(5) == 0 ? " \t " : " ";
            string trail = rng.Next(6) == 0 ? "  " : "";
            lines.Add(lead + number + gap + tags[rng.Next(tags.Length)] + trail);
        }
        var text = string.Concat(lines.Select(l => l + ends[rng.Next(ends.Length)]));
        var events = Push(new TiccDecoder("ticc"), Encoding.ASCII.GetBytes(text), rng);

        Assert.Empty(events.OfType<DecodeProblem>());
        var readings = events.OfType<CounterReading>().ToList();
        var expected = lines.Select(Expected).ToList();
        Assert.All(expected, e => Assert.NotNull(e));
        Assert.Equal(expected.Count, readings.Count);
        for (int i = 0; i < readings.Count; i++)
        {
            Assert.True(expected[i]!.Value.Channel == readings[i].Channel && expected[i]!.Value.Value == readings[i].Value,
                $"line {i} '{lines[i]}': expected {expected[i]}, got {readings[i].Channel} {readings[i].Value}");
        }
    }

    [Theory]
    [InlineData("1.5 chA", "chA", 1L, 500_000_000_000L)]
    [InlineData("-0.5 TI(A->B)", "TI", -1L, 500_000_000_000L)]
    [InlineData("+12. chB", "chB", 12L, 0L)]
    [InlineData("0.0000000000125 chB", "chB", 0L, 13L)]         // 13 decimals: rounded half away from zero (general path)
    [InlineData("1.5e-3 chA", "chA", 0L, 1_500_000_000L)]       // exponent (general path)
    [InlineData("\v1.25 chA\f", "chA", 1L, 250_000_000_000L)]  // other whitespace (general path trims it)
    public void Edge_forms_of_ticc_values(string line, string channel, long seconds, long picoseconds)
    {
        var events = Push(new TiccDecoder("ticc"), Encoding.ASCII.GetBytes(line + "\n"), new Random(1));
        var r = Assert.Single(events.OfType<CounterReading>());
        Assert.Equal(channel, r.Channel);
        Assert.Equal(new Duration(seconds, picoseconds), r.Value);
    }

    [Theory]
    [InlineData("1.5 chX")]
    [InlineData("1.5x chA")]
    [InlineData("1..5 chA")]
    [InlineData("- chA")]
    [InlineData("1.5 chA\u00e9")]
    public void Malformed_ticc_lines_are_reported_with_their_offset(string line)
    {
        var bytes = Encoding.UTF8.GetBytes("1.0 chA\n" + line + "\n2.0 chA\n");
        var events = Push(new TiccDecoder("ticc"), bytes, new Random(2));
        Assert.Equal(8, Assert.Single(events.OfType<DecodeProblem>()).StreamOffset);
        Assert.Equal([new Duration(1, 0), new Duration(2, 0)], events.OfType<CounterReading>().Select(r => r.Value));
    }

    [Fact]
    public void A_line_just_over_the_limit_is_dropped_wherever_the_reads_cut_it()
    {
        string longLine = new string('7', 256) + ".5 chA"; // 262 bytes > the 256-byte TICC line limit
        string exact = new string(' ', 256 - 7) + "3.5 chB"; // exactly 256 bytes: kept
        var bytes = Encoding.ASCII.GetBytes("1.0 chA\r\n" + longLine + "\r\n" + exact + "\r\n");
        for (int seed = 0; seed < 50; seed++)
        {
            var events = Push(new TiccDecoder("ticc"), bytes, new Random(seed));
            Assert.Equal(9, Assert.Single(events.OfType<DecodeProblem>()).StreamOffset);
            Assert.Equal([new Duration(1, 0), new Duration(3, 500_000_000_000)], events.OfType<CounterReading>().Select(r => r.Value));
        }
    }

    private static byte[] Nmea(string body) => Encoding.ASCII.GetBytes(NmeaSentences.Frame(body));

    [Theory]
    [InlineData("GPRMC,120000.00,A,4717.11399,N,00833.91590,E,0.004,77.52,281126,,,A", true)]
    [InlineData("GNRMC,120000.00,V,4717.11399,N,00833.91590,E,0.004,77.52,281126,,,N", false)]
    [InlineData("GPRMC,120000.00,A,4717.11399,N,00833.91590,E,0.004,77.52,281126,,,N", false)] // mode N overrides A
    [InlineData("GPRMC,120000.00,A,4717.11399,N,00833.91590,E,0.004,77.52,281126,,", true)]    // NMEA 2.2 layout
    [InlineData("GPRMC,120000.00,AV,4717.11399,N,00833.91590,E,0.004,77.52,281126,,,A", false)] // library path
    [InlineData("GPRMC,120000.00,A,4717.11399,N,00833.91590,E,0.004,77.52,281126,,,A,V,X,Y", true)] // library path
    public void Rmc_validity_on_the_direct_and_the_library_path(string body, bool valid)
    {
        var events = Push(new GnssStreamDecoder("gnss"), Nmea(body), new Random(3));
        var m = Assert.Single(events.OfType<GnssTimeMessage>());
        Assert.Equal("RMC", m.Kind);
        Assert.Equal(valid, m.Valid);
        Assert.Equal(new Instant(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds(), 0), m.Utc);
    }

    [Theory]
    [InlineData("0", false)]
    [InlineData("1", true)]
    [InlineData("5", true)]
    [InlineData("6", false)]
    [InlineData("8", false)]
    [InlineData("", false)]
    [InlineData("02", true)] // two digits: the library or the raw field reads quality 2
    public void Gga_quality_on_the_direct_and_the_library_path(string quality, bool valid)
    {
        var bytes = Nmea("GPRMC,115959.00,A,4717.11399,N,00833.91590,E,0.004,77.52,281126,,,A")
            .Concat(Nmea($"GPGGA,120000.00,4717.11399,N,00833.91590,E,{quality},08,0.9,1123.9,M,-19.6,M,,0000")).ToArray();
        var events = Push(new GnssStreamDecoder("gnss"), bytes, new Random(4));
        var gga = events.OfType<GnssTimeMessage>().Single(m => m.Kind == "GGA");
        Assert.Equal(valid, gga.Valid);
    }
}
