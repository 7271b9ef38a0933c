using System.Text.Json;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Cli.Influx;
using TimeSync.Influx.Tests.Infrastructure;
using TimeSync.Testing;

namespace TimeSync.Influx.Tests;

/// <summary>
/// `timesync replay CAPTURE --limits L --influx-*` writes, beside the samples, every measurement of the schema: deviations
/// per τ (value, bounds, α, EDF, terms), rolling statistics, verdicts with the mask curves, and the labeller's events.
/// Read back from InfluxDB (InfluxQL) and VictoriaMetrics (export API) and compared with `timesync analyze CAPTURE
/// --channel C --limits L --json -` and with the events of the same capture replayed in-process.
/// </summary>
public class ReplayAnalysisToInfluxTests
{
    private static readonly string[] ChannelNames = ["ecu1", "logger"];

    internal const string Limits = """
        version: 1
        checks:
          - name: pulses
            channel: "*"
            type: missing-pulses
            limit: 2
          - name: bench-mtie
            channel: "*"
            type: mtie
            filter: none
            mask:
              title: bench MTIE budget
              pieces:
                - { from: 1 s, to: 100 s, constant: 20 ns, coefficient: 0.5 ns, exponent: 1 }
                - { from: 100 s, to: inf, constant: 70 ns }
          - name: te
            channel: "*"
            type: max-abs-te
            limit: 1 us
        """;

    private sealed record Fixture(string Dir, string Capture, string LimitsPath, Dictionary<string, JsonElement> Analysis, CollectingSink Replayed);

    private static Fixture Prepare()
    {
        var dir = TestData.TempDir("analysis");
        // 900 s; the logger misses 5 pulses (a failed pulses check); the receiver has no fix for 10 s (fix lost, relock).
        var capture = ReplayToInfluxTests.WriteCapture(dir, 900, new HashSet<long> { 30, 31, 32, 77, 500 }, new HashSet<long>(Enumerable.Range(400, 10).Select(i => (long)i)));
        var limits = Path.Combine(dir, "limits.yaml");
        File.WriteAllText(limits, Limits);
        var analysis = new Dictionary<string, JsonElement>();
        foreach (var c in ChannelNames)
        {
            var r = Run(null, "analyze", capture, "--channel", c, "--limits", limits, "--json", "-");
            Assert.True(r.ExitCode is 0 or 1, r.StdErr);
            analysis[c] = JsonDocument.Parse(r.StdOut).RootElement.Clone();
        }
        var replayed = new CollectingSink();
        CaptureReplay.Run(capture, replayed);
        return new Fixture(dir, capture, limits, analysis, replayed);
    }

    private static CliProcess.Result Run(Dictionary<string, string>? env, params string[] args) =>
        CliProcess.Run(TimeSpan.FromSeconds(120), env ?? new Dictionary<string, string>(), args);

    /// <summary>Label events per (kind tag, channel tag), as the sink names them.</summary>
    private static Dictionary<(string Kind, string Channel), long> ExpectedEvents(CollectingSink replayed) =>
        replayed.Events.GroupBy(e => (InfluxSampleSink.KindName(e.Kind), e.Channel)).ToDictionary(g => g.Key, g => g.Sum(e => (long)e.Count));

    private static IEnumerable<(string Statistic, JsonElement Row)> DeviationRows(JsonElement analysis)
    {
        foreach (var stat in analysis.GetProperty("deviations").EnumerateObject())
            foreach (var row in stat.Value.EnumerateArray())
                if (row.GetProperty("value").ValueKind == JsonValueKind.Number) yield return (stat.Name, row);
    }

    private static double? Num(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string Tau(double tau) => TimeSync.Influx.Schema.PointFormatter.FormatSeconds(tau);

    [InfluxFact]
    public async Task Replay_IntoInfluxDb_EveryMeasurementMatchesAnalyze()
    {
        var f = Prepare();
        using var ql = new InfluxQl(Servers.Influx);
        var db = TestData.UniqueName("analysis");
        await ql.ExecAsync($"CREATE DATABASE {db}");
        var r = Run(null, "replay", f.Capture, "--limits", f.LimitsPath, "--influx-url", Servers.Influx, "--influx-database", db,
            "--influx-spool-dir", Path.Combine(f.Dir, "spool"));
        Assert.True(r.ExitCode == 1, r.StdErr); // the logger's 5 missing pulses fail the pulses check
        Assert.Matches(@"influx: (\d+) of \1 points written", r.StdErr);

        foreach (var c in ChannelNames)
        {
            var analysis = f.Analysis[c];
            // deviations: one point per statistic and τ with a value, every field as analyze computed it
            var rows = DeviationRows(analysis).ToList();
            Assert.True(rows.Count > 40, $"{c}: {rows.Count} rows");
            var points = (await ql.QueryAsync(db, $"SELECT value, low, high, alpha, edf, n, tau_s, statistic, tau FROM deviation WHERE channel = '{c}' AND \"check\" = ''"))[0];
            Assert.Equal(rows.Count, points.Rows.Count);
            var byKey = points.Rows.ToDictionary(p => (p[points.Column("statistic")].GetString(), p[points.Column("tau")].GetString()));
            foreach (var (stat, row) in rows)
            {
                var p = byKey[(stat, Tau(row.GetProperty("tau").GetDouble()))];
                Assert.Equal(row.GetProperty("value").GetDouble(), p[points.Column("value")].GetDouble());
                Assert.Equal(row.GetProperty("tau").GetDouble(), p[points.Column("tau_s")].GetDouble());
                Assert.Equal(row.GetProperty("n").GetInt64(), p[points.Column("n")].GetInt64());
                Assert.Equal(Num(row, "ci_low"), Nullable(p[points.Column("low")]));
                Assert.Equal(Num(row, "ci_high"), Nullable(p[points.Column("high")]));
                Assert.Equal(Num(row, "edf"), Nullable(p[points.Column("edf")]));
                Assert.Equal(Num(row, "alpha"), Nullable(p[points.Column("alpha")]));
            }
            Assert.Contains(rows, x => x.Statistic == "tdev");
            Assert.Contains(points.Rows, p => p[points.Column("alpha")].ValueKind == JsonValueKind.Number);

            // verdicts: one per check, as analyze --limits judged it
            var verdicts = analysis.GetProperty("verdicts").EnumerateArray().ToList();
            var stored = (await ql.QueryAsync(db, $"SELECT passed, measured, \"limit\", \"type\", worst_tau_s, message, \"check\" FROM verdict WHERE channel = '{c}'"))[0];
            Assert.Equal(verdicts.Count, stored.Rows.Count);
            foreach (var v in verdicts)
            {
                var p = stored.Rows.Single(x => x[stored.Column("check")].GetString() == v.GetProperty("name").GetString());
                Assert.Equal(v.GetProperty("passed").GetBoolean() ? 1 : 0, p[stored.Column("passed")].GetInt64());
                Assert.Equal(Num(v, "measured"), Nullable(p[stored.Column("measured")]));
                Assert.Equal(Num(v, "limit"), Nullable(p[stored.Column("limit")]));
                Assert.Equal(v.GetProperty("check").GetString(), p[stored.Column("type")].GetString());
                Assert.Equal(Num(v, "worstTauSeconds"), Nullable(p[stored.Column("worst_tau_s")]));
                Assert.Equal(v.GetProperty("message").GetString(), p[stored.Column("message")].GetString());
            }
            // the MTIE check's curve against its mask: at the worst τ the stored MTIE is the verdict's measured value (ns)
            var mtie = verdicts.Single(v => v.GetProperty("name").GetString() == "bench-mtie");
            var curve = (await ql.QueryAsync(db, $"SELECT value, mask, tau_s FROM deviation WHERE channel = '{c}' AND \"check\" = 'bench-mtie' AND statistic = 'mtie'"))[0];
            var worst = curve.Rows.Single(p => p[curve.Column("tau_s")].GetDouble() == mtie.GetProperty("worstTauSeconds").GetDouble());
            Assert.Equal(mtie.GetProperty("measured").GetDouble(), worst[curve.Column("value")].GetDouble() * 1e9, 1e-9);
            Assert.Equal(mtie.GetProperty("limit").GetDouble(), worst[curve.Column("mask")].GetDouble() * 1e9, 1e-9);

            // rolling statistics: every usable sample counted once; the extremes are the analysis' extremes
            var summary = analysis.GetProperty("summary");
            var stats = (await ql.QueryAsync(db, $"SELECT sum(\"count\"), min(min_s), max(max_s) FROM time_error_stats WHERE channel = '{c}'"))[0];
            Assert.Equal(analysis.GetProperty("count").GetInt64() - summary.GetProperty("gaps").GetInt64(), stats.Rows[0][1].GetInt64());
            Assert.Equal(summary.GetProperty("min").GetDouble(), stats.Rows[0][2].GetDouble());
            Assert.Equal(summary.GetProperty("max").GetDouble(), stats.Rows[0][3].GetDouble());
        }

        // events: every labelled event of the capture, by kind and channel
        var expected = ExpectedEvents(f.Replayed);
        Assert.Contains(expected.Keys, k => k.Kind == "missing_pulse");
        Assert.Contains(expected.Keys, k => k.Kind == "fix_lost");
        Assert.Contains(expected.Keys, k => k.Kind == "relock");
        var events = await ql.QueryAsync(db, "SELECT sum(\"count\") FROM event GROUP BY kind, channel");
        var got = events.ToDictionary(s => (s.Tags["kind"], s.Tags["channel"]), s => s.Rows[0][1].GetInt64());
        Assert.Equal(expected.OrderBy(k => k.Key), got.OrderBy(k => k.Key));
        var pulses = f.Analysis["logger"].GetProperty("verdicts").EnumerateArray().Single(v => v.GetProperty("name").GetString() == "pulses");
        Assert.Equal(pulses.GetProperty("measured").GetDouble(), got[("missing_pulse", "logger")]);
    }

    [VictoriaFact]
    public async Task Replay_IntoVictoriaMetricsV2_EveryMeasurementMatchesAnalyze()
    {
        var f = Prepare();
        var bench = TestData.UniqueName("analysis");
        var r = Run(new() { ["INFLUX_TOKEN"] = "vm-token" }, "replay", f.Capture, "--limits", f.LimitsPath, "--influx-url", Servers.Victoria,
            "--influx-org", "lab", "--influx-bucket", "timesync", "--influx-bench", bench, "--influx-spool-dir", Path.Combine(f.Dir, "spool"));
        Assert.True(r.ExitCode == 1, r.StdErr);
        Assert.Matches(@"influx: (\d+) of \1 points written", r.StdErr);

        static bool Close(double expected, double actual) => Math.Abs(actual - expected) <= 1e-11 * Math.Abs(expected);
        foreach (var c in ChannelNames)
        {
            var analysis = f.Analysis[c];
            // VictoriaMetrics names a field "<measurement>_<field>"; series without the check tag are the analysis'
            var values = (await Victoria.ExportAsync(Servers.Victoria, $"deviation_value{{bench=\"{bench}\",channel=\"{c}\",check=\"\"}}"))
                .ToDictionary(s => (s.Labels["statistic"], s.Labels["tau"]), s => Assert.Single(s.Values));
            var lows = (await Victoria.ExportAsync(Servers.Victoria, $"deviation_low{{bench=\"{bench}\",channel=\"{c}\",check=\"\"}}"))
                .ToDictionary(s => (s.Labels["statistic"], s.Labels["tau"]), s => Assert.Single(s.Values));
            var alphas = (await Victoria.ExportAsync(Servers.Victoria, $"deviation_alpha{{bench=\"{bench}\",channel=\"{c}\",check=\"\"}}"))
                .ToDictionary(s => (s.Labels["statistic"], s.Labels["tau"]), s => Assert.Single(s.Values));
            var rows = DeviationRows(analysis).ToList();
            Assert.Equal(rows.Count, values.Count);
            Assert.Equal(rows.Count(x => Num(x.Row, "ci_low") is not null), lows.Count);
            Assert.Equal(rows.Count(x => Num(x.Row, "alpha") is not null), alphas.Count);
            foreach (var (stat, row) in rows)
            {
                var key = (stat, Tau(row.GetProperty("tau").GetDouble()));
                Assert.True(Close(row.GetProperty("value").GetDouble(), values[key]), $"{c} {key}: {values[key]:R} vs {row.GetProperty("value")}");
                if (Num(row, "ci_low") is double low) Assert.True(Close(low, lows[key]), $"{c} {key} low");
                if (Num(row, "alpha") is double alpha) Assert.Equal(alpha, alphas[key]);
            }

            var verdicts = analysis.GetProperty("verdicts").EnumerateArray().ToList();
            var passed = (await Victoria.ExportAsync(Servers.Victoria, $"verdict_passed{{bench=\"{bench}\",channel=\"{c}\"}}"))
                .ToDictionary(s => s.Labels["check"], s => Assert.Single(s.Values));
            Assert.Equal(verdicts.Count, passed.Count);
            foreach (var v in verdicts) Assert.Equal(v.GetProperty("passed").GetBoolean() ? 1 : 0, passed[v.GetProperty("name").GetString()!]);
            var masks = await Victoria.ExportAsync(Servers.Victoria, $"deviation_mask{{bench=\"{bench}\",channel=\"{c}\",check=\"bench-mtie\"}}");
            Assert.NotEmpty(masks);

            var summary = analysis.GetProperty("summary");
            var counts = await Victoria.ExportAsync(Servers.Victoria, $"time_error_stats_count{{bench=\"{bench}\",channel=\"{c}\"}}");
            Assert.Equal(analysis.GetProperty("count").GetInt64() - summary.GetProperty("gaps").GetInt64(), Assert.Single(counts).Values.Sum());
            var samples = Assert.Single(await Victoria.ExportAsync(Servers.Victoria, $"time_error_x_s{{bench=\"{bench}\",channel=\"{c}\"}}")).Values.Length;
            var gaps = (await Victoria.ExportAsync(Servers.Victoria, $"time_error_gap{{bench=\"{bench}\",channel=\"{c}\"}}")).Sum(s => s.Values.Length);
            Assert.Equal(analysis.GetProperty("count").GetInt64(), samples + gaps);
        }

        var expected = ExpectedEvents(f.Replayed);
        var got = (await Victoria.ExportAsync(Servers.Victoria, $"event_count{{bench=\"{bench}\"}}"))
            .GroupBy(s => (s.Labels["kind"], s.Labels.GetValueOrDefault("channel", ""))).ToDictionary(g => g.Key, g => (long)g.Sum(s => s.Values.Sum()));
        Assert.Equal(expected.OrderBy(k => k.Key), got.OrderBy(k => k.Key));
    }

    private static double? Nullable(JsonElement e) => e.ValueKind == JsonValueKind.Number ? e.GetDouble() : null;
}
