namespace TimeSync.Cli.Tests;

/// <summary>`analyze CAPTURE --channel NAME` runs the replay pipeline: same document as `replay --channel`.</summary>
public class AnalyzeCaptureTests
{
    [Fact]
    public void Analyze_of_a_capture_channel_equals_replay_of_it()
    {
        var capture = Path.Combine(Path.GetTempPath(), $"timesync-analyze-capture-{Environment.ProcessId}.pcapng");
        var sim = CliProcess.Run(TimeSpan.FromSeconds(120), "simulate", "--scenario", "gptp-ecu", "--duration", "300", "--seed", "3", "--out", capture, "--overwrite");
        Assert.True(sim.ExitCode == 0, sim.StdErr);

        var analyze = CliProcess.Run(TimeSpan.FromSeconds(120), "analyze", capture, "--channel", "ecu1", "--json", "-");
        var replay = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", capture, "--channel", "ecu1", "--json", "-");
        Assert.True(analyze.ExitCode == 0, analyze.StdErr);
        Assert.True(replay.ExitCode == 0, replay.StdErr);
        Assert.Contains("\"count\": 300", analyze.StdOut.Replace("\"count\":300", "\"count\": 300"));
        Assert.Equal(replay.StdOut.TrimEnd(), analyze.StdOut.TrimEnd());

        var missing = CliProcess.Run(TimeSpan.FromSeconds(120), "analyze", capture, "--channel", "nope");
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("no channel 'nope'", missing.StdErr);
    }
}
