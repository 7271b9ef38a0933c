using System.Globalization;
using System.Text;
using TimeSync.Testing;

namespace TimeSync.Cli.Tests;

/// <summary>
/// <c>replay</c> takes other tools' logs as well as captures (issue 3: importers are detected by analyze and replay):
/// the same analysis document as <c>analyze</c>, verdicts with --limits, and --speed refused for a log.
/// </summary>
public sealed class ReplayImportedTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ts-replay-log-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Ptp4lLog(int offsetAmplitudeNs)
    {
        // linuxptp ptp4l's servo line (clock.c): "master offset %10" PRId64 " s%d freq %+7.0f path delay %9" PRId64
        var b = new StringBuilder();
        for (int i = 0; i < 200; i++)
            b.AppendLine(CultureInfo.InvariantCulture, $"ptp4l[{1000 + i}.512]: master offset {(i * 37 % 23 - 11) * offsetAmplitudeNs / 11,10} s2 freq {-30580 + i,7} path delay {9202,9}");
        string path = Path.Combine(_dir, $"ptp4l-{offsetAmplitudeNs}.log");
        File.WriteAllText(path, b.ToString());
        return path;
    }

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
