using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Acquisition.Tests;
using TimeSync.Influx.Tests.Infrastructure;
using TimeSync.Testing;

namespace TimeSync.Influx.Tests;

/// <summary>
/// `timesync agent --config bench.yaml` as a real process on real pseudo-terminals (socat): a receiver sends RMC 0.4 s
/// after each second, a TICC prints its chA (reference) and chB (ECU) timestamps just after (<see cref="AgentPtyBench"/>); the bench.yaml's
/// <c>influx:</c> section points at the real server; then the TICC is unplugged and plugged back. After SIGTERM every live
/// sample is in the server with the value the capture replays to, the rolling statistics and the source fault are there,
/// and no secret shows in the agent's output or arguments.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class AgentToInfluxTests
{
    private const string Token = "agent-tok-5e4d3c2b1a-SECRET";
    private const string Password = "agent-pw-0f9e8d-SECRET";
    private const int Seconds = 8;

    private static double X(long k) => Math.Round(25_000 + 3_000 * Math.Sin(k)) * 1e-12; // whole picoseconds: the TICC prints 12 decimals

    [InfluxFact]
    public Task Agent_V1ToInfluxDb_EveryLiveSampleStored_NoSecretInItsOutput() => RunAsync(v2: false);

    [VictoriaFact]
    public Task Agent_V2ToVictoriaMetrics_EveryLiveSampleStored_NoSecretInItsOutput() => RunAsync(v2: true);

    private static async Task RunAsync(bool v2)
    {
        var dir = TestData.TempDir("agent");
        using var devices = new AgentPtyBench(dir);
        string benchTag = TestData.UniqueName("agent");
        string db = TestData.UniqueName("agentdb");
        using var ql = v2 ? null : new InfluxQl(Servers.Influx);
        if (ql is not null) await ql.ExecAsync($"CREATE DATABASE {db}");
        File.WriteAllText(Path.Combine(dir, "influx-token"), Token + "\n");
        string influx = v2
            ? $"influx: {{ url: '{Servers.Victoria}', org: lab, bucket: timesync, tokenFile: influx-token, spoolDirectory: spool, benchTag: {benchTag}, rollingWindowSeconds: 2 }}"
            : $"influx: {{ url: '{Servers.Influx}', database: {db}, spoolDirectory: spool, benchTag: {benchTag}, rollingWindowSeconds: 2 }}";
        string config = Path.Combine(dir, "bench.yaml");
        File.WriteAllText(config, devices.Yaml(influx));
        string capture = Path.Combine(dir, "agent.pcapng");

        var output = new ConcurrentQueue<string>();
        using var agent = CliProcess.Start(new Dictionary<string, string> { ["INFLUX_TOKEN"] = Token, ["INFLUX_USERNAME"] = "bench-ops", ["INFLUX_PASSWORD"] = Password },
            "agent", "--config", config, "--capture", capture, "--no-view");
        agent.OutputDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        agent.ErrorDataReceived += (_, e) => { if (e.Data is not null) output.Enqueue(e.Data); };
        agent.BeginOutputReadLine();
        agent.BeginErrorReadLine();
        string cmdline;
        long first;
        try
        {
            RealTime.WaitFor(() => output.Any(l => l.Contains("agent starting")) || agent.HasExited, TimeSpan.FromSeconds(60), () => "the agent to start: " + string.Join("\n", output));
            Assert.False(agent.HasExited, "agent exited: " + string.Join("\n", output));
            cmdline = File.ReadAllText($"/proc/{agent.Id}/cmdline").Replace('\0', ' ');
            AgentPtyBench.WaitForPortsOpen(() => output, TimeSpan.FromSeconds(60));
            first = devices.Play(Seconds, X);
            // The TICC's USB adapter is pulled and plugged back: the agent resumes it and records a source fault.
            devices.Ticc.Unplug();
            Thread.Sleep(700); // unplugged for a while
            devices.Ticc.Start();
            RealTime.WaitFor(() => output.Any(l => l.Contains("resumed after")), TimeSpan.FromSeconds(60), () => "the agent to resume the TICC: " + string.Join("\n", output));
            using (var kill = Process.Start("kill", ["-TERM", agent.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
            Assert.True(agent.WaitForExit(60_000), "agent stops on SIGTERM");
            agent.WaitForExit();
        }
        finally
        {
            if (!agent.HasExited) agent.Kill();
        }
        string log = string.Join("\n", output);
        Assert.Equal(0, agent.ExitCode);

        // What the agent measured: its capture replays to the live samples (AgentEndToEndTests), so compare with that.
        var replay = new CollectingSink();
        CaptureReplay.Run(capture, replay);
        var samples = replay.For("ecu1").Where(s => double.IsFinite(s.Sample.TimeErrorSeconds)).ToList();
        Assert.True(samples.Count >= Seconds - 2 - devices.SkippedSeconds && samples.Count >= 3, $"{samples.Count} samples; log:\n{log}\nwritten:\n{devices.Writes}");
        foreach (var s in samples)
            Assert.True(Math.Abs(X(s.Sample.Time.UnixSeconds - first) - s.Sample.TimeErrorSeconds) < 1e-15,
                $"sample {s.Sample.Time} = {s.Sample.TimeErrorSeconds:R} is not second {s.Sample.Time.UnixSeconds - first} of {first}..; written:\n{devices.Writes}\nrecorded:\n{AgentPtyBench.Reads(capture)}");
        // The sink's lines go through the agent's logger: "influx: N of N points written to <server>" (N counts every measurement).
        var written = System.Text.RegularExpressions.Regex.Match(log, @"info: TimeSync\.Influx\[41\] influx: (\d+) of (\d+) points written to http://127\.0\.0\.1:\d+ (db|org)=");
        Assert.True(written.Success, log);
        Assert.Equal(written.Groups[2].Value, written.Groups[1].Value);
        long points = long.Parse(written.Groups[1].Value, CultureInfo.InvariantCulture);

        if (ql is not null)
        {
            var rows = (await ql.QueryAsync(db, $"SELECT x_s FROM time_error WHERE channel = 'ecu1' AND bench = '{benchTag}'"))[0];
            Assert.Equal(samples.Select(s => s.Sample.Time.ToUnixNanoseconds()), rows.Rows.Select(r => r[0].GetInt64()));
            Assert.Equal(samples.Select(s => s.Sample.TimeErrorSeconds), rows.Rows.Select(r => r[1].GetDouble()));
            var stats = await ql.QueryAsync(db, $"SELECT sum(\"count\") FROM time_error_stats WHERE channel = 'ecu1' AND bench = '{benchTag}'");
            Assert.Equal(samples.Count, stats[0].Rows[0][1].GetInt64());
            // Every point the agent reports written is there: samples (and gap points), rolling statistics, events.
            long stored = 0;
            foreach (var (m, f) in new[] { ("time_error", "x_s"), ("time_error", "gap"), ("time_error_stats", "count"), ("event", "message") })
                if ((await ql.QueryAsync(db, $"SELECT count(\"{f}\") FROM {m}")) is [var c, ..]) stored += c.Rows[0][1].GetInt64();
            Assert.Equal(points, stored);
            // The TICC's outage: lost and resumed, on the channel that needs it.
            var fault = (await ql.QueryAsync(db, $"SELECT \"count\", message FROM event WHERE kind = 'source_fault' AND channel = 'ecu1' AND bench = '{benchTag}'"))[0];
            Assert.Contains("source ticc lost", Assert.Single(fault.Rows)[2].GetString());
            var back = (await ql.QueryAsync(db, $"SELECT \"count\", message FROM event WHERE kind = 'source_resumed' AND channel = 'ecu1' AND bench = '{benchTag}'"))[0];
            Assert.Contains("source ticc resumed", Assert.Single(back.Rows)[2].GetString());
        }
        else
        {
            var one = Assert.Single(await Victoria.ExportAsync(Servers.Victoria, $"time_error_x_s{{channel=\"ecu1\",bench=\"{benchTag}\"}}"));
            var byTime = one.TimestampsMs.Zip(one.Values).OrderBy(p => p.First).ToList();
            Assert.Equal(samples.Select(s => s.Sample.Time.ToUnixNanoseconds() / 1_000_000), byTime.Select(p => p.First));
            for (int i = 0; i < samples.Count; i++) Assert.Equal(samples[i].Sample.TimeErrorSeconds, byTime[i].Second, 1e-19);
            var counts = await Victoria.ExportAsync(Servers.Victoria, $"time_error_stats_count{{channel=\"ecu1\",bench=\"{benchTag}\"}}");
            Assert.Equal(samples.Count, Assert.Single(counts).Values.Sum());
            foreach (var kind in new[] { "source_fault", "source_resumed" })
            {
                var fault = await Victoria.ExportAsync(Servers.Victoria, $"event_count{{kind=\"{kind}\",channel=\"ecu1\",bench=\"{benchTag}\"}}");
                Assert.Equal(1, Assert.Single(Assert.Single(fault).Values));
            }
        }

        // No secret in anything the agent printed, nor in its process arguments (anyone can read /proc/PID/cmdline).
        Assert.DoesNotContain(Token, log);
        Assert.DoesNotContain(Password, log);
        Assert.DoesNotContain(Convert.ToBase64String(Encoding.UTF8.GetBytes("bench-ops:" + Password)), log);
        Assert.DoesNotContain("SECRET", cmdline);
        Assert.Contains("agent --config", cmdline);
    }
}
