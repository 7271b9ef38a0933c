using System.Text.Json;
using System.Text.RegularExpressions;
using TimeSync.Core.Time;
using TimeSync.Influx.Schema;
using TimeSync.Influx.Tests.Infrastructure;
using TimeSync.Testing;

namespace TimeSync.Influx.Tests;

/// <summary>
/// Every query of every dashboard in dashboards/ runs against InfluxDB loaded by `timesync replay --limits` of a capture
/// (samples, rolling statistics, events, deviations, verdicts and mask curves as the tool writes them) and by the sink
/// directly (awkward channel names, a spool overflow), and returns data; a query grouped by channel returns every channel.
/// </summary>
public class DashboardQueryTests
{
    private const string Bench = "lab-bench.1";
    private static readonly string[] SinkChannels = ["dut-a", "dut b"];
    private static readonly string[] ReplayChannels = ["ecu1", "logger"];
    private static readonly string[] Channels = [.. SinkChannels, .. ReplayChannels];

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
    private static string Substitute(string query, long fromMs, long toMs, IEnumerable<string>? channels = null)
    {
        static string Escape(string v) => Regex.Replace(v, @"[\\^$.|?*+()\[\]{}/\- ]", m => "\\" + m.Value);
        return query
            .Replace("$timeFilter", $"time >= {fromMs}ms and time <= {toMs}ms")
            .Replace("$__interval", "30s")
            .Replace("$bench", Escape(Bench))
            .Replace("$channel", "(" + string.Join("|", (channels ?? Channels).Select(Escape)) + ")");
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
        var start = Instant.FromUnixSeconds(ReplayToInfluxTests.Start);
        ReplayCapture(db);
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
                // What `timesync replay` wrote alone feeds the panel (only the spool overflow panel has no channel filter).
                var fromReplay = await ql.QueryAsync(db, Substitute(query, fromMs, toMs, ReplayChannels));
                Assert.True(fromReplay.SelectMany(s => s.Rows).Any(r => r.Skip(1).Any(v => v.ValueKind != JsonValueKind.Null)), $"{where}: no data from replay");
                // Grouped by channel: every channel the variable selects has its series (with a value, not only nulls);
                // except gaps, which only some channels have (the capture's ECU misses no pulse).
                if (Regex.IsMatch(q, @"GROUP BY .*""channel""") && !q.Contains("count(\"gap\")"))
                {
                    var withData = series.Where(s => s.Rows.Any(r => r.Skip(1).Any(v => v.ValueKind != JsonValueKind.Null)))
                        .Select(s => s.Tags.GetValueOrDefault("channel")).Distinct().Order().ToList();
                    Assert.True(Channels.Order().SequenceEqual(withData!), $"{where}: channels [{string.Join(", ", withData)}]");
                }
            }
        }
    }

    /// <summary>`timesync replay --limits` of a 900 s capture (missing pulses, a fix outage) into the database.</summary>
    private static void ReplayCapture(string db)
    {
        var dir = TestData.TempDir("dash-replay");
        var capture = ReplayToInfluxTests.WriteCapture(dir, 900, new HashSet<long> { 30, 31, 77 }, new HashSet<long>(Enumerable.Range(400, 10).Select(i => (long)i)));
        var limits = Path.Combine(dir, "limits.yaml");
        File.WriteAllText(limits, ReplayAnalysisToInfluxTests.Limits);
        var r = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", capture, "--limits", limits, "--influx-url", Servers.Influx,
            "--influx-database", db, "--influx-bench", Bench, "--influx-spool-dir", Path.Combine(dir, "spool"));
        Assert.True(r.ExitCode is 0 or 1, r.StdErr);
        Assert.Matches(@"influx: (\d+) of \1 points written", r.StdErr);
    }

    /// <summary>What a bench run writes: samples on two channels (with a gap and flags), rolling statistics,
    /// deviations and MTIE with its mask, verdicts, and every kind of event.</summary>
    private static async Task LoadBenchAsync(string db, Instant start)
    {
        await using var sink = new InfluxSink(TestData.V1(Servers.Influx, db).CreateTransport(), TestData.FastRetry(TestData.TempDir("dash")), Bench,
            [new ChannelInfo(SinkChannels[0], "gnss", "ticc"), new ChannelInfo(SinkChannels[1], "gnss", "ticc")], _ => { }, 60);
        foreach (var channel in SinkChannels)
        {
            var samples = TestData.Series(start, 600, 1, seed: channel.Length);
            for (int i = 0; i < samples.Count; i++)
                sink.WriteSample(channel, i == 100 ? samples[i] with { TimeErrorSeconds = double.NaN } : samples[i], flags: i % 50 == 0 ? 1 : 0);
            var at = start + Duration.FromSeconds(600);
            foreach (var tau in new[] { 1.0, 2, 4, 8, 16, 32, 64 })
            {
                sink.WriteDeviation(new DeviationPoint(at, channel, "adev", tau, 1e-9 / tau, 0.8e-9 / tau, 1.2e-9 / tau) { Alpha = 0, Edf = 100 / tau });
                sink.WriteDeviation(new DeviationPoint(at, channel, "tdev", tau, 1e-9 * Math.Sqrt(tau)));
                sink.WriteDeviation(new DeviationPoint(at, channel, "mtie", tau, 5e-9 * Math.Log2(tau + 1)));
                sink.WriteDeviation(new DeviationPoint(at, channel, "mtie", tau, 5e-9 * Math.Log2(tau + 1), Mask: 1e-7 + 1e-8 * tau) { Check = "mtie-g8271.1" });
            }
            sink.WriteVerdict(new VerdictPoint(at, channel, "mtie-g8271.1", true, 0.4, 64, "MTIE within the mask") { Type = "mtie", Measured = 40, Limit = 100, Unit = "ns" });
            foreach (var kind in new[] { InfluxSchema.EventMissingPulse, InfluxSchema.EventFixLost, InfluxSchema.EventRelock, InfluxSchema.EventSourceFault })
                sink.WriteEvent(new SinkEvent(start + Duration.FromSeconds(kind.Length * 10), kind, channel, "ticc", kind + " on " + channel));
        }
        sink.WriteEvent(new SinkEvent(start + Duration.FromSeconds(300), InfluxSchema.EventSpoolOverflow, null, "influx-sink", "spool full")
        { Values = [new(InfluxSchema.DroppedPoints, 1234)] });
        var stats = await sink.CompleteAsync();
        Assert.Equal(stats.Accepted, stats.Written);
    }
}
