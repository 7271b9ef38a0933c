namespace TimeSync.Cli.Tests;

/// <summary>
/// <c>replay</c> takes other tools' logs as well as captures (issue 3: importers are detected by analyze and replay):
/// the same analysis document as <c>analyze</c>, verdicts with --limits, and --speed refused for a log.
/// </summary>
public sealed class ReplayImportedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ts-replay-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Ptp4lLog(int offsetAmplitudeNs) =>
        Ptp4lLogFile.Write(Path.Combine(_dir, $"ptp4l-{offsetAmplitudeNs}.log"), 200, 1000, 512, i => (i * 37 % 23 - 11) * offsetAmplitudeNs / 11);

    [Fact]
    public void ReplayOfALogGivesTheAnalyzeDocument()
    {
        string log = Ptp4lLog(50), viaReplay = Path.Combine(_dir, "replay.json"), viaAnalyze = Path.Combine(_dir, "analyze.json");
        var r = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", log, "--json", viaReplay);
        Assert.True(r.ExitCode == 0, r.StdErr);
        r = CliProcess.Run(TimeSpan.FromSeconds(120), "analyze", log, "--json", viaAnalyze);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(File.ReadAllText(viaAnalyze).TrimEnd(), File.ReadAllText(viaReplay).TrimEnd());
        Assert.Contains("\"count\": 200", File.ReadAllText(viaReplay));
    }

    [Fact]
    public void ReplayOfALogJudgesItsLimits()
    {
        string limits = Path.Combine(_dir, "limits.yaml");
        File.WriteAllText(limits, """
            version: 1
            checks:
              - name: te
                channel: "*"
                type: max-abs-te
                limit: 100 ns
            """);
        var pass = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", Ptp4lLog(50), "--limits", limits);
        Assert.True(pass.ExitCode == 0, pass.StdOut + pass.StdErr);
        var fail = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", Ptp4lLog(150), "--limits", limits);
        Assert.True(fail.ExitCode == 1, fail.StdOut + fail.StdErr);
    }

    [Fact]
    public void SpeedIsRefusedForALog()
    {
        var r = CliProcess.Run("replay", Ptp4lLog(50), "--speed", "1");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("--speed", r.StdErr);
        Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }
}
