using System.Text.Json;
using TimeSync.Acquisition.Labelling;
using TimeSync.Cli.Influx;
using TimeSync.Core.Time;
using TimeSync.Influx.Tests.Infrastructure;
using TimeSync.Testing;

namespace TimeSync.Influx.Tests;

/// <summary>The `timesync influx-write` command as a real process, and the pipeline adapter, against InfluxDB.</summary>
public class InfluxWriteCommandTests
{
    private static CliProcess.Result Timesync(IReadOnlyDictionary<string, string>? env, params string[] args) =>
        CliProcess.Run(TimeSpan.FromSeconds(90), env ?? new Dictionary<string, string>(), args);

    [InfluxFact]
    public async Task PhaseDat_CountOfTimeErrorPointsEqualsAnalyzeCount_PlacedAtStart()
    {
        var file = RepoPaths.SharedFile("reference", "stable32-phase-dat", "PHASE.DAT");
        var analyze = Timesync(null, "analyze", file, "--json", "-", "--stats", "adev");
        Assert.True(analyze.ExitCode == 0, analyze.StdErr);
        long analyzeCount = JsonDocument.Parse(analyze.StdOut).RootElement.GetProperty("count").GetInt64();

        using var ql = new InfluxQl(Servers.Influx);
        var db = TestData.UniqueName("cli");
        await ql.ExecAsync($"CREATE DATABASE {db}");
        var run = Timesync(new Dictionary<string, string> { ["INFLUX_PASSWORD"] = "pw-SECRET-cli", ["INFLUX_USERNAME"] = "ops" },
            "influx-write", file, "--influx-url", Servers.Influx, "--influx-database", db, "--influx-bench", "stable32",
            "--start", "2026-01-01T00:00:00Z", "--influx-spool-dir", TestData.TempDir("cli"), "--deviations");
        Assert.True(run.ExitCode == 0, run.StdErr);
        Assert.DoesNotContain("SECRET", run.StdOut + run.StdErr);

        var count = (await ql.QueryAsync(db, "SELECT count(x_s) FROM time_error WHERE channel = 'PHASE' AND bench = 'stable32'"))[0];
        Assert.Equal(analyzeCount, count.Rows[0][1].GetInt64());
        var firstLast = (await ql.QueryAsync(db, "SELECT first(x_s), last(x_s) FROM time_error"))[0];
        var times = (await ql.QueryAsync(db, "SELECT x_s FROM time_error"))[0].Rows.Select(r => r[0].GetInt64()).ToList();
        long start = Instant.Parse("2026-01-01T00:00:00Z").ToUnixNanoseconds();
        Assert.Equal(start, times[0]);
        Assert.Equal(start + (analyzeCount - 1) * 1_000_000_000L, times[^1]); // τ0 = 1 s
        var adev = (await ql.QueryAsync(db, "SELECT tau_s, value FROM deviation WHERE statistic = 'adev' AND tau = '1'"))[0];
        // PHASE.DAT's published ADEV at τ = 1 (Stable32): 2.922319e-01 (NIST SP 1065 §12.3 test data set).
        Assert.Equal(2.922319e-01, adev.Rows[0][2].GetDouble(), 6);
    }

    [Fact]
    public void UnreachableServer_ExitsTwoAndSaysWhereThePointsWait()
    {
        var spool = TestData.TempDir("cli-down");
        var run = Timesync(new Dictionary<string, string> { ["INFLUX_TOKEN"] = "tok-SECRET-cli" },
            "influx-write", RepoPaths.SharedFile("reference", "stable32-phase-dat", "PHASE.DAT"),
            "--influx-url", $"http://127.0.0.1:{OwnServer.FreePort()}", "--influx-org", "o", "--influx-bucket", "b", "--influx-spool-dir", spool);
        Assert.Equal(2, run.ExitCode);
        Assert.Contains(Path.GetFullPath(spool), run.StdErr);
        Assert.DoesNotContain("SECRET", run.StdOut + run.StdErr);
        Assert.NotEmpty(Directory.GetFiles(spool, "*.lp"));
    }

    [Fact]
    public void LabelEventKinds_MapToTheSchemaNames()
    {
        Assert.Equal("missing_pulse", InfluxSampleSink.KindName(LabelEventKind.MissingPulse));
        Assert.Equal("fix_lost", InfluxSampleSink.KindName(LabelEventKind.FixLost));
        Assert.Equal("relock", InfluxSampleSink.KindName(LabelEventKind.FixRegained));
        Assert.Equal("source_fault", InfluxSampleSink.KindName(LabelEventKind.SourceFailed));
        Assert.Equal("unpaired_dut_pulse", InfluxSampleSink.KindName(LabelEventKind.UnpairedDutPulse));
    }

    [InfluxFact]
    public async Task PipelineAdapter_WritesSamplesWithFlagsAndEvents()
    {
        using var ql = new InfluxQl(Servers.Influx);
        var db = TestData.UniqueName("adapter");
        await ql.ExecAsync($"CREATE DATABASE {db}");
        var sink = new InfluxSink(TestData.V1(Servers.Influx, db).CreateTransport(), TestData.FastRetry(TestData.TempDir("adapter")), "b", null, _ => { }, 0);
        var lines = new LogLines();
        var adapter = new InfluxSampleSink(sink, lines.Add);
        var t0 = TestData.RecentStart();
        for (int i = 0; i < 100; i++)
            adapter.OnSample("dut", new ChannelSample(new TimeErrorSample(t0 + Duration.FromSeconds(i), i * 1e-9), i == 50 ? SampleFlags.FixInvalid : SampleFlags.None));
        adapter.OnEvent(new LabelEvent("dut", t0.ToUnixNanoseconds() + 5_000_000_000L, t0 + Duration.FromSeconds(5), LabelEventKind.MissingPulse, "2 pulses missing", 2));
        adapter.OnEvent(new LabelEvent("gnss", t0.ToUnixNanoseconds() + 7_000_000_123L, null, LabelEventKind.FixLost, "RMC status V"));
        adapter.Complete();
        Assert.Equal(102, adapter.Final!.Value.Written);
        Assert.Contains(lines.All, l => l.Contains("102 of 102 points written"));

        Assert.Equal(100, (await ql.QueryAsync(db, "SELECT count(x_s) FROM time_error"))[0].Rows[0][1].GetInt64());
        var flagged = (await ql.QueryAsync(db, "SELECT x_s, flags FROM time_error WHERE flags > 0"))[0];
        var f = Assert.Single(flagged.Rows);
        Assert.Equal((t0 + Duration.FromSeconds(50)).ToUnixNanoseconds(), f[0].GetInt64());
        Assert.Equal(1, f[2].GetInt64());
        var ev = (await ql.QueryAsync(db, "SELECT \"count\", kind, channel FROM event"))[0];
        Assert.Equal(2, ev.Rows.Count);
        Assert.Equal(2, ev.Rows[0][1].GetInt64());
        Assert.Equal("missing_pulse", ev.Rows[0][2].GetString());
        Assert.Equal(t0.ToUnixNanoseconds() + 7_000_000_123L, ev.Rows[1][0].GetInt64()); // no UTC: the host time
        Assert.Equal("fix_lost", ev.Rows[1][2].GetString());
    }
}
