using System.Text.Json;
using System.Text.RegularExpressions;
using TimeSync.Core.Time;
using TimeSync.Influx.Schema;
using TimeSync.Influx.Tests.Infrastructure;
using TimeSync.Testing;

namespace TimeSync.Influx.Tests;

/// <summary>Every query of every dashboard in dashboards/ runs against InfluxDB loaded by the sink and returns data.</summary>
public class DashboardQueryTests
{
    private const string Bench = "lab-bench.1";
    private static readonly string[] Channels = ["dut-a", "dut b"];

    public static IEnumerable<object[]> Dashboards() =>
        Directory.GetFiles(RepoPaths.RepoFile("dashboards"), "*.json").Select(f => new object[] { Path.GetFileName(f) });

    /// <summary>All InfluxQL in a dashboard: panel targets, template variables and annotations, with where they are.</summary>
    private static List<(string Where, string Query)> Queries(JsonElement dashboard)
    {
        var list = new List<(string, string)>();
        foreach (var panel in dashboard.GetProperty("panels").EnumerateArray())
            foreach (var t in panel.GetProperty("targets").EnumerateArray())
                list.Add(($"panel '{panel.GetProperty("title").GetString()}' {t.GetProperty("refId").GetString()}", t.GetProperty("query").GetString()!));
        foreach (var v in dashboard.GetProperty("templating").GetProperty("list").EnumerateArray())
            list.Add(($"variable {v.GetProperty("name").GetString()}", v.GetProperty("query").GetString()!));
        if (dashboard.TryGetProperty("annotations", out var a))
            foreach (var an in a.GetProperty("list").EnumerateArray())
                if (an.TryGetProperty("query", out var q)) list.Add(($"annotation {an.GetProperty("name").GetString()}", q.GetString()!));
        return list;
    }

    // Grafana's substitution for InfluxQL: multi-value variables become an escaped regex alternation, the time range
    // becomes "time >= Xms and time <= Yms", $__interval a duration.
    private static string Substitute(string query, long fromMs, long toMs)
    {
        static string Escape(string v) => Regex.Replace(v, @"[\\^$.|?*+()\[\]{}/\- ]", m => "\\" + m.Value);
        return query
            .Replace("$timeFilter", $"time >= {fromMs}ms and time <= {toMs}ms")
            .Replace("$__interval", "30s")
            .Replace("$bench", Escape(Bench))
            .Replace("$channel", "(" + string.Join("|", Channels.Select(Escape)) + ")");
    }

    [Fact]
    public void DashboardsUseTheProvisionedDatasourceAndRawInfluxQl()
    {
        var yaml = File.ReadAllText(RepoPaths.RepoFile("dashboards", "provisioning", "datasources", "timesync-influxdb.yaml"));
        var uid = Regex.Match(yaml, @"uid:\s*(\S+)").Groups[1].Value;
        Assert.Equal("timesync-influxdb", uid);
        foreach (var file in Directory.GetFiles(RepoPaths.RepoFile("dashboards"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var vars = doc.RootElement.GetProperty("templating").GetProperty("list").EnumerateArray().Select(v => v.GetProperty("name").GetString()).ToList();
            Assert.Contains("bench", vars);
            Assert.Contains("channel", vars);
            foreach (var panel in doc.RootElement.GetProperty("panels").EnumerateArray())
            {
                Assert.Equal(uid, panel.GetProperty("datasource").GetProperty("uid").GetString());
                foreach (var t in panel.GetProperty("targets").EnumerateArray()) Assert.True(t.GetProperty("rawQuery").GetBoolean());
            }
            var types = doc.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("type").GetString()).ToList();
            Assert.Contains("xychart", types);
        }
    }

    [InfluxFact]
    public async Task EveryPanelQuery_WithVariablesAndTimeFilterSubstituted_ReturnsData()
    {
        using var ql = new InfluxQl(Servers.Influx);
        var db = TestData.UniqueName("dash");
        await ql.ExecAsync($"CREATE DATABASE {db}");
        var start = TestData.RecentStart(1800);
        await LoadBenchAsync(db, start);
        long fromMs = start.UnixSeconds * 1000 - 60_000, toMs = fromMs + 3_600_000;

        foreach (var file in Directory.GetFiles(RepoPaths.RepoFile("dashboards"), "*.json"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var queries = Queries(doc.RootElement);
            Assert.True(queries.Count >= 10, $"{file}: only {queries.Count} queries");
            foreach (var (where, query) in queries)
            {
                var q = Substitute(query, fromMs, toMs);
                Assert.DoesNotMatch(@"\$\w", q); // no variable left (a '$' before '/' is the regex anchor)
                var series = await ql.QueryAsync(db, q);
                Assert.True(series.Count > 0 && series.Sum(s => s.Rows.Count) > 0, $"{Path.GetFileName(file)} {where} returned no data: {q}");
                // A query that selects a value must find numbers, not only nulls.
                Assert.True(series.SelectMany(s => s.Rows).Any(r => r.Skip(1).Any(v => v.ValueKind is JsonValueKind.Number or JsonValueKind.String or JsonValueKind.True or JsonValueKind.False)),
                    $"{where}: only nulls");
            }
        }
    }

    /// <summary>What a bench run writes: samples on two channels (with a gap and flags), rolling statistics,
    /// deviations and MTIE with its mask, verdicts, and every kind of event.</summary>
    private static async Task LoadBenchAsync(string db, Instant start)
    {
        await using var sink = new InfluxSink(TestData.V1(Servers.Influx, db).CreateTransport(), TestData.FastRetry(TestData.TempDir("dash")), Bench,
            [new ChannelInfo(Channels[0], "gnss", "ticc"), new ChannelInfo(Channels[1], "gnss", "ticc")], _ => { }, 60);
        foreach (var channel in Channels)
        {
            var samples = TestData.Series(start, 600, 1, seed: channel.Length);
            for (int i = 0; i < samples.Count; i++)
                sink.WriteSample(channel, i == 100 ? samples[i] with { TimeErrorSeconds = double.NaN } : samples[i], flags: i % 50 == 0 ? 1 : 0);
            var at = start + Duration.FromSeconds(600);
            foreach (var tau in new[] { 1.0, 2, 4, 8, 16, 32, 64 })
            {
                sink.WriteDeviation(new DeviationPoint(at, channel, "adev", tau, 1e-9 / tau, 0.8e-9 / tau, 1.2e-9 / tau));
                sink.WriteDeviation(new DeviationPoint(at, channel, "tdev", tau, 1e-9 * Math.Sqrt(tau)));
                sink.WriteDeviation(new DeviationPoint(at, channel, "mtie", tau, 5e-9 * Math.Log2(tau + 1), Mask: 1e-7 + 1e-8 * tau));
            }
            sink.WriteVerdict(new VerdictPoint(at, channel, "mtie-g8271.1", true, 0.4, 64, "MTIE within the mask"));
            foreach (var kind in new[] { InfluxSchema.EventMissingPulse, InfluxSchema.EventFixLost, InfluxSchema.EventRelock, InfluxSchema.EventSourceFault })
                sink.WriteEvent(new SinkEvent(start + Duration.FromSeconds(kind.Length * 10), kind, channel, "ticc", kind + " on " + channel));
        }
        sink.WriteEvent(new SinkEvent(start + Duration.FromSeconds(300), InfluxSchema.EventSpoolOverflow, null, "influx-sink", "spool full")
        { Values = [new(InfluxSchema.DroppedPoints, 1234)] });
        var stats = await sink.CompleteAsync();
        Assert.Equal(stats.Accepted, stats.Written);
    }
}
