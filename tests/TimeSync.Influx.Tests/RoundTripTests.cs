using TimeSync.Core.Time;
using TimeSync.Influx.Delivery;
using TimeSync.Influx.Schema;
using TimeSync.Influx.Tests.Infrastructure;
using TimeSync.Influx.Transport;

namespace TimeSync.Influx.Tests;

/// <summary>Write a series through the sink into a real server and read every point back.</summary>
public class RoundTripTests
{
    [InfluxFact]
    public async Task V1Write_IntoInfluxDb_EveryPointReadBackWithSameInstantAndValue()
    {
        using var ql = new InfluxQl(Servers.Influx);
        var db = TestData.UniqueName("rt");
        await ql.ExecAsync($"CREATE DATABASE {db}");
        var samples = TestData.Series(TestData.RecentStart(), 12_000, 20, seed: 1);
        samples[77] = samples[77] with { TimeErrorSeconds = double.NaN }; // a gap
        var log = new LogLines();
        var spool = TestData.TempDir("rt");
        await using (var sink = new InfluxSink(TestData.V1(Servers.Influx, db).CreateTransport(), TestData.FastRetry(spool), "bench A",
                         [new ChannelInfo("dut 1,a", "gnss=pps", "ticc")], log.Add))
        {
            foreach (var s in samples) sink.WriteSample("dut 1,a", s);
            var stats = await sink.CompleteAsync();
            Assert.Equal(0, stats.SpooledBatches);
            Assert.Equal(0, stats.Dropped);
            Assert.Equal(stats.Accepted, stats.Written);
        }

        var count = await ql.QueryAsync(db, "SELECT count(x_s) FROM time_error WHERE channel = 'dut 1,a'");
        Assert.Equal(samples.Count - 1, count[0].Rows[0][1].GetInt64()); // count(x_s) = samples that are not gaps
        var rows = (await ql.QueryAsync(db, "SELECT x_s, gap, t_sub_ns_ps, bench, reference, source FROM time_error WHERE channel = 'dut 1,a'"))[0];
        Assert.Equal(samples.Count, rows.Rows.Count);
        int ix = rows.Column("x_s"), ig = rows.Column("gap"), ip = rows.Column("t_sub_ns_ps");
        for (int i = 0; i < samples.Count; i++)
        {
            var r = rows.Rows[i];
            long ns = r[0].GetInt64();
            long subPs = r[ip].ValueKind == System.Text.Json.JsonValueKind.Null ? 0 : r[ip].GetInt64();
            Assert.Equal(samples[i].Time, Instant.FromUnixNanoseconds(ns) + Duration.FromPicoseconds(subPs));
            if (double.IsNaN(samples[i].TimeErrorSeconds)) Assert.True(r[ig].GetBoolean());
            else Assert.Equal(samples[i].TimeErrorSeconds, r[ix].GetDouble());
        }
        Assert.Equal("bench A", rows.Rows[0][rows.Column("bench")].GetString());
        Assert.Equal("gnss=pps", rows.Rows[0][rows.Column("reference")].GetString());
        // The automatic 60 s rolling statistics count every non-gap sample once.
        var rolled = await ql.QueryAsync(db, "SELECT sum(\"count\") FROM time_error_stats WHERE channel = 'dut 1,a'");
        Assert.Equal(samples.Count - 1, rolled[0].Rows[0][1].GetInt64());
    }

    [VictoriaTheory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Write_IntoVictoriaMetrics_ExportHasSameCountAndValues(bool v2Client)
    {
        var url = Servers.Victoria;
        var channel = TestData.UniqueName(v2Client ? "v2" : "v1");
        var samples = TestData.Series(TestData.RecentStart(), 5_000, 10, seed: 2);
        InfluxTarget target = v2Client
            ? new() { Url = new Uri(url), Org = "lab", Bucket = "timesync", Token = "not-checked-by-victoria" }
            : new() { Url = new Uri(url), Database = "timesync" };
        await using (var sink = new InfluxSink(target.CreateTransport(), TestData.FastRetry(TestData.TempDir("vm")), "bench-vm", null, _ => { }, 0))
        {
            foreach (var s in samples) sink.WriteSample(channel, s);
            var stats = await sink.CompleteAsync();
            Assert.Equal(samples.Count, stats.Written);
        }
        // VictoriaMetrics names a line-protocol field "<measurement>_<field>" and keeps milliseconds.
        var series = await Victoria.ExportAsync(url, $"time_error_x_s{{channel=\"{channel}\"}}");
        var one = Assert.Single(series);
        Assert.Equal("bench-vm", one.Labels["bench"]);
        Assert.Equal(samples.Count, one.Values.Length);
        var byTime = one.TimestampsMs.Zip(one.Values).OrderBy(p => p.First).ToList();
        double largest = samples.Max(s => Math.Abs(s.TimeErrorSeconds));
        for (int i = 0; i < samples.Count; i++)
        {
            Assert.Equal(samples[i].Time.ToUnixNanoseconds() / 1_000_000, byTime[i].First);
            // VictoriaMetrics rounds floats to 12 significant digits and stores a block as int64 decimal mantissas with
            // one exponent (its compression), so a value is kept to ~1e-11 relative, and small values beside large ones
            // to ~1e-15 of the block's largest: here < 1e-17 s, far below any bench. InfluxDB keeps every bit.
            double expected = samples[i].TimeErrorSeconds;
            Assert.True(Math.Abs(byTime[i].Second - expected) <= 1e-11 * Math.Abs(expected) + 1e-15 * largest, $"point {i}: {byTime[i].Second:R} vs {expected:R}");
        }
    }

    [InfluxFact]
    public async Task AwkwardNamesAndMessages_SurviveTheRoundTrip()
    {
        using var ql = new InfluxQl(Servers.Influx);
        var db = TestData.UniqueName("esc");
        await ql.ExecAsync($"CREATE DATABASE {db}");
        string[] channels = ["a b", "c,d", "e=f", "g\\h", "quote\"d", "ünï©ødé", "tab\tx"];
        var t0 = TestData.RecentStart();
        await using (var sink = new InfluxSink(TestData.V1(Servers.Influx, db).CreateTransport(), TestData.FastRetry(TestData.TempDir("esc")), "b,1 =x", null, _ => { }, 0))
        {
            for (int i = 0; i < channels.Length; i++)
            {
                sink.WriteSample(channels[i], new TimeErrorSample(t0 + Duration.FromSeconds(i), i * 1e-9));
                sink.WriteEvent(new SinkEvent(t0 + Duration.FromSeconds(i), InfluxSchema.EventSourceFault, channels[i], "src " + i, $"msg \"{channels[i]}\" \\ end\nline2"));
            }
            Assert.Equal(0, (await sink.CompleteAsync()).Rejected);
        }
        var rows = (await ql.QueryAsync(db, "SELECT x_s, channel, bench FROM time_error"))[0];
        Assert.Equal(channels, rows.Rows.Select(r => r[rows.Column("channel")].GetString()).ToArray());
        Assert.All(rows.Rows, r => Assert.Equal("b,1 =x", r[rows.Column("bench")].GetString()));
        var ev = (await ql.QueryAsync(db, "SELECT message, channel, kind FROM event"))[0];
        Assert.Equal(channels.Select(c => $"msg \"{c}\" \\ end line2").ToArray(), ev.Rows.Select(r => r[ev.Column("message")].GetString()).ToArray());
    }
}
