namespace TimeSync.Cli.Tests;

/// <summary>How the labeller tied edges to seconds is information, not a warning; real problems still are warnings.</summary>
public sealed class ReplayWarningsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ts-replay-warn-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void AssociationIsNotAWarningButMissingPulsesAre()
    {
        string clean = Path.Combine(_dir, "ecu.pcapng"), bad = Path.Combine(_dir, "bad.pcapng");
        Assert.Equal(0, CliProcess.Run(TimeSpan.FromSeconds(120), "simulate", "--scenario", "gptp-ecu", "--duration", "120", "--seed", "3", "--out", clean).ExitCode);
        var r = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", clean);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.DoesNotContain("AssociationDecided", r.StdErr);

        Assert.Equal(0, CliProcess.Run(TimeSpan.FromSeconds(120), "simulate", "--scenario", "bad-cable", "--duration", "600", "--seed", "3", "--out", bad).ExitCode);
        r = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", bad);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.DoesNotContain("AssociationDecided", r.StdErr);
        Assert.Contains("MissingPulse", r.StdErr);
    }
}
