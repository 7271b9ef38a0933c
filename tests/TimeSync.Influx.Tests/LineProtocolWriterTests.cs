using System.Text;
using TimeSync.Core.Time;
using TimeSync.Influx.LineProtocol;
using TimeSync.Influx.Schema;

namespace TimeSync.Influx.Tests;

public class LineProtocolWriterTests
{
    private static string One(Action<LineProtocolWriter> build)
    {
        var sb = new StringBuilder();
        build(new LineProtocolWriter(sb));
        return sb.ToString();
    }

    [Fact]
    public void EscapesMeasurementTagsFieldKeysAndStrings()
    {
        var line = One(w => w.Begin("my meas,x").Tag("tag key", "a,b=c d").Tag("empty", "").Field("f=1", 1.5)
            .Field("s", "say \"hi\" \\ now\nnext").Field("n", 42L).Field("b", true).End(1_700_000_000_123_456_789L));
        Assert.Equal("my\\ meas\\,x,tag\\ key=a\\,b\\=c\\ d f\\=1=1.5,s=\"say \\\"hi\\\" \\\\ now next\",n=42i,b=true 1700000000123456789\n", line);
    }

    [Fact]
    public void DoublesRoundTripExactly()
    {
        foreach (double v in new[] { 1e-12, -3.0000000000000004e-9, 0.1, 123456.789e-15, double.Epsilon, -1.7976931348623157e308 })
        {
            var line = One(w => w.Begin("m").Field("v", v).End(0));
            var text = line.Split(' ')[1]["v=".Length..];
            Assert.Equal(v, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void NonFiniteFieldsAreLeftOutAndAPointWithoutFieldsIsDropped()
    {
        var sb = new StringBuilder("keep\n");
        var w = new LineProtocolWriter(sb);
        Assert.False(w.Begin("m").Tag("t", "v").Field("x", double.NaN).Field("y", double.PositiveInfinity).End(5));
        Assert.Equal("keep\n", sb.ToString());
        Assert.True(w.Begin("m").Field("x", double.NaN).Field("z", 2.0).End(5));
        Assert.Equal("keep\nm z=2 5\n", sb.ToString());
    }

    [Theory]
    [InlineData("line\nbreak")]
    [InlineData("carriage\rreturn")]
    [InlineData("trailing\\")]
    public void RefusesTagValuesTheProtocolCannotCarry_AndLeavesTheBufferClean(string value)
    {
        var sb = new StringBuilder("before\n");
        var w = new LineProtocolWriter(sb);
        var e = Assert.Throws<ArgumentException>(() => w.Begin("m").Tag("channel", value));
        Assert.Contains("tag value", e.Message);
        Assert.Equal("before\n", sb.ToString());
        Assert.True(w.Begin("m").Field("ok", 1L).End(1)); // usable afterwards
    }

    [Fact]
    public void TimeErrorPointCarriesExactInstant()
    {
        var f = new PointFormatter("bench 1", [new ChannelInfo("dut,1", "gnss", "ticc")]);
        var sb = new StringBuilder();
        var t = new Instant(1_700_000_000, 123_456_789_012); // .123456789012 s: 12 ps below the ns
        f.TimeError(sb, "dut,1", new TimeErrorSample(t, -2.5e-9), flags: 2);
        Assert.Equal("time_error,bench=bench\\ 1,channel=dut\\,1,reference=gnss,source=ticc x_s=-2.5E-09,flags=2i,t_sub_ns_ps=12i 1700000000123456789\n", sb.ToString());
        sb.Clear();
        f.TimeError(sb, "other", new TimeErrorSample(Instant.FromUnixSeconds(5), double.NaN));
        Assert.Equal("time_error,bench=bench\\ 1,channel=other gap=true 5000000000\n", sb.ToString());
    }
}
