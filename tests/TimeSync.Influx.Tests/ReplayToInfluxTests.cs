using System.Text.Json;
using TimeSync.Influx.Tests.Infrastructure;
using TimeSync.Testing;

namespace TimeSync.Influx.Tests;

/// <summary>`timesync replay CAPTURE --influx-*` as a real process: per channel, the points in InfluxDB are the samples replay analyzes.</summary>
public class ReplayToInfluxTests
{
    internal const long Start = TwoChannelBench.Start;

    /// <summary>The two-channel bench (ecu1 by TICC, logger by kernel PPS) named influx-replay; the logger misses
    /// <paramref name="missing"/> pulses, the receiver reports no fix (RMC status V) in the seconds of <paramref name="noFix"/>.</summary>
    internal static string WriteCapture(string dir, int seconds, ISet<long> missing, ISet<long>? noFix = null) =>
        TwoChannelBench.Write(Path.Combine(dir, "bench.pcapng"), "influx-replay", seconds,
            k => 40e-9 + 3e-9 * Math.Sin(k * 0.7), k => -1.5e-6 + 2e-9 * k, missing, noFix);

    [InfluxFact]
    public async Task Replay_PointsPerChannelEqualReplayAnalysisCount_WithGapsAndEvents()
    {
        var dir = TestData.TempDir("replay");
        var capture = WriteCapture(dir, 120, new HashSet<long> { 30, 31, 32, 77 });
        using var ql = new InfluxQl(Servers.Influx);
        var db = TestData.UniqueName("replay");
        await ql.ExecAsync($"CREATE DATABASE {db}");

        var r = CliProcess.Run(TimeSpan.FromSeconds(90), "replay", capture, "--json", "-", "--stats", "adev",
            "--influx-url", Servers.Influx, "--influx-database", db, "--influx-spool-dir", Path.Combine(dir, "spool"));
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("points written to", r.StdErr);

        var channels = JsonDocument.Parse(r.StdOut).RootElement.GetProperty("channels");
        foreach (var name in new[] { "ecu1", "logger" })
        {
            long analyzed = channels.GetProperty(name).GetProperty("count").GetInt64();
            var counts = (await ql.QueryAsync(db, $"SELECT count(x_s), count(gap) FROM time_error WHERE channel = '{name}' AND bench = 'influx-replay'"))[0];
            long values = counts.Rows[0][1].GetInt64();
            long gaps = counts.Rows[0][2].ValueKind == JsonValueKind.Null ? 0 : counts.Rows[0][2].GetInt64();
            Assert.Equal(analyzed, values + gaps);
            if (name == "logger") Assert.Equal(4, gaps);
        }
        var tags = (await ql.QueryAsync(db, "SELECT x_s, reference, source FROM time_error WHERE channel = 'ecu1' LIMIT 1"))[0];
        Assert.Equal("ticc", tags.Rows[0][tags.Column("source")].GetString());
        var missing = await ql.QueryAsync(db, "SELECT sum(\"count\") FROM event WHERE kind = 'missing_pulse' AND channel = 'logger'");
        Assert.True(missing.Count == 1 && missing[0].Rows[0][1].GetInt64() >= 1, "missing pulses are events");
    }
}
