namespace TimeSync.Cli.Tests;

/// <summary>
/// <c>analyze --start</c>: a log with relative times only (ptp4l's CLOCK_MONOTONIC stamps) is placed at the given
/// instant, which the report shows as its first sample; a malformed --start is one line and exit 2.
/// </summary>
public sealed class AnalyzeStartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ts-start-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Ptp4lLog() => Ptp4lLogFile.Write(Path.Combine(_dir, "ptp4l.log"), 64, 362, 223, i => (i * 37 % 23) - 11);

    [Fact]
    public void RelativeLogIsPlacedAtStart()
    {
        string log = Ptp4lLog(), report = Path.Combine(_dir, "r.html");
        var r = CliProcess.Run(TimeSpan.FromSeconds(120), "analyze", log, "--start", "2026-03-01T12:00:00Z", "--report", report, "--stats", "adev");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("2026-03-01T12:00:00", File.ReadAllText(report));

        string later = Path.Combine(_dir, "later.html");
        r = CliProcess.Run(TimeSpan.FromSeconds(120), "analyze", log, "--start", "2027-01-02T00:00:00Z", "--report", later, "--stats", "adev");
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("2027-01-02T00:00:00", File.ReadAllText(later));
        Assert.DoesNotContain("2026-03-01T12:00:00", File.ReadAllText(later));
    }

    [Fact]
    public void MalformedStartIsOneLineAndExit2()
    {
        var r = CliProcess.Run("analyze", Ptp4lLog(), "--start", "yesterday");
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("--start", r.StdErr);
    }
}
