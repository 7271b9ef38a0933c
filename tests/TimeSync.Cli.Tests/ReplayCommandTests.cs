using System.Text;
using System.Text.Json;

namespace TimeSync.Cli.Tests;

public sealed class ReplayCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-replaycli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double EcuX(long k) => 42e-9 + 3e-9 * Math.Sin(k * 0.7);      // seconds
    private static double LoggerX(long k) => -1.5e-6 + 2e-9 * k;

    /// <summary>The two-channel bench (ecu1 by TICC, logger by kernel PPS), <paramref name="seconds"/> long.</summary>
    private string WriteCapture(int seconds) => TwoChannelBench.Write(Path.Combine(_dir, "bench.pcapng"), "cli-test", seconds, EcuX, LoggerX);

    [Fact]
    public void Replay_json_holds_each_channels_analysis_and_is_byte_identical()
    {
        string capture = WriteCapture(200);
        string out1 = Path.Combine(_dir, "a.json"), out2 = Path.Combine(_dir, "b.json");
        var r1 = CliProcess.Run("replay", capture, "--json", out1, "--stats", "adev,mtie");
        Assert.True(r1.ExitCode == 0, r1.StdErr);
        Assert.Contains("[ecu1]", r1.StdOut);
        Assert.DoesNotContain("[", r1.StdErr); // no progress bar when redirected
        var r2 = CliProcess.Run("replay", capture, "--json", out2, "--stats", "adev,mtie");
        Assert.Equal(0, r2.ExitCode);
        Assert.Equal(File.ReadAllBytes(out1), File.ReadAllBytes(out2));

        using var doc = JsonDocument.Parse(File.ReadAllText(out1));
        var ecu = doc.RootElement.GetProperty("channels").GetProperty("ecu1");
        Assert.Equal(200, ecu.GetProperty("count").GetInt64());
        var xs = Enumerable.Range(0, 200).Select(k => EcuX(k)).ToArray();
        Assert.Equal(xs.Average(), ecu.GetProperty("summary").GetProperty("mean").GetDouble(), 1e-12); // TICC lines carry 1 ps
        Assert.Equal(xs.Max() - xs.Min(), ecu.GetProperty("summary").GetProperty("peak_to_peak").GetDouble(), 2e-12);
        var logger = doc.RootElement.GetProperty("channels").GetProperty("logger");
        Assert.Equal(Enumerable.Range(0, 200).Average(k => LoggerX(k)), logger.GetProperty("summary").GetProperty("mean").GetDouble(), 1e-12);
        // MTIE at τ = 1 s of a ramp of 2 ns/s is 2 ns
        var mtie1 = logger.GetProperty("deviations").GetProperty("mtie")[0];
        Assert.Equal(1.0, mtie1.GetProperty("tau").GetDouble());
        Assert.Equal(2e-9, mtie1.GetProperty("value").GetDouble(), 1e-12);
    }

    [Fact]
    public void Replay_one_channel_to_stdout_is_the_analyze_document()
    {
        string capture = WriteCapture(50);
        var r = CliProcess.Run("replay", capture, "--channel", "ecu1", "--json", "-", "--stats", "adev");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal(50, doc.RootElement.GetProperty("count").GetInt64());
        Assert.True(doc.RootElement.TryGetProperty("deviations", out _));
        Assert.False(doc.RootElement.TryGetProperty("channels", out _));
    }

    [Fact]
    public void Replay_bad_inputs_exit_2_with_one_line()
    {
        string capture = WriteCapture(10);
        var r = CliProcess.Run("replay", capture, "--channel", "nope");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no channel 'nope'", r.StdErr);
        Assert.Single(r.StdErr.Trim().Split('\n'), l => l.StartsWith("timesync:"));

        string garbage = Path.Combine(_dir, "garbage.pcapng");
        File.WriteAllBytes(garbage, Encoding.ASCII.GetBytes("this is not a capture\n"));
        var g = CliProcess.Run("replay", garbage);
        Assert.Equal(2, g.ExitCode);
        Assert.StartsWith("timesync: " + garbage, g.StdErr);
        Assert.DoesNotContain("   at ", g.StdErr);

        Assert.Equal(2, CliProcess.Run("replay", capture, "--speed", "0").ExitCode);
    }
}
