using System.Text.Json;

namespace TimeSync.Cli.Tests;

/// <summary>The labeller's events reach the verdicts: missing pulses are counted from labelled events, not from NaN samples.</summary>
public class ReplayEventsVerdictTests
{
    [Fact]
    public void Missing_pulses_are_counted_from_the_labellers_events()
    {
        var dir = Directory.CreateTempSubdirectory("timesync-events-").FullName;
        var capture = Path.Combine(dir, "bad-cable.pcapng");
        var sim = CliProcess.Run(TimeSpan.FromSeconds(120), "simulate", "--scenario", "bad-cable", "--duration", "3600", "--seed", "4", "--out", capture);
        Assert.True(sim.ExitCode == 0, sim.StdErr);
        var limits = Path.Combine(dir, "limits.yaml");
        File.WriteAllText(limits, "version: 1\nchecks:\n  - name: pulses\n    channel: \"*\"\n    type: missing-pulses\n    limit: 1\n");

        var r = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", capture, "--limits", limits, "--json", "-");
        Assert.Equal(1, r.ExitCode); // 0.2 % of 3600 pulses missing: more than the limit of 1
        using var doc = JsonDocument.Parse(r.StdOut);
        var verdict = doc.RootElement.GetProperty("verdicts").EnumerateArray().Single();
        Assert.False(verdict.GetProperty("passed").GetBoolean());
        Assert.StartsWith("missing pulses (labelled events)", verdict.GetProperty("message").GetString());
        double measured = verdict.GetProperty("measured").GetDouble();
        Assert.InRange(measured, 2, 30); // expectation 7.2 missing pulses
    }
}
