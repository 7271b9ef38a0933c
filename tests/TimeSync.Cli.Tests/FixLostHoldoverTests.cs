using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TimeSync.Simulation.Bench;

namespace TimeSync.Cli.Tests;

/// <summary>
/// The gnss-holdover bench with the GNSS antenna outage seen by the bench receiver too: its messages report no fix
/// (RMC status V, GGA quality 0, NAV-TIMEUTC and TIM-TP without valid UTC: the simulator's <c>receiver.fixLoss</c>) from
/// 600 s to 1200 s, as the device under test loses its reference. The holdover check, without `loss-at`, starts at the
/// labeller's fix-lost event and ends at fix-regained, end to end through simulate and replay.
/// </summary>
public class FixLostHoldoverTests
{
    [Fact]
    public void HoldoverIsMeasuredFromTheFixLostEventToFixRegained()
    {
        var dir = Directory.CreateTempSubdirectory("timesync-fixlost-").FullName;
        string scenario = Path.Combine(dir, "fixlost.json"), capture = Path.Combine(dir, "fixlost.pcapng"), truth = Path.Combine(dir, "truth.csv");
        var holdover = Scenarios.Named("gnss-holdover")!;
        File.WriteAllText(scenario, JsonSerializer.Serialize(holdover with
        {
            Receiver = holdover.Receiver with { FixLoss = [new WindowSpec(600, 600)] },
        }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        var sim = CliProcess.Run(TimeSpan.FromSeconds(120), "simulate", "--scenario", scenario, "--duration", "1500", "--seed", "3", "--out", capture, "--truth", truth);
        Assert.True(sim.ExitCode == 0, sim.StdErr);
        var x = GnssHoldoverBench.TruthX(truth);

        // where the check puts the loss and the return: the labeller's events (TIM-TP, sent after pulse N−1, speaks for pulse N,
        // so an event may name the second after the first one without fix)
        string probe = Path.Combine(dir, "probe.yaml"), probeJunit = Path.Combine(dir, "probe.xml");
        File.WriteAllText(probe, GnssHoldoverBench.Limits("1 ms"));
        var first = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", capture, "--limits", probe, "--junit", probeJunit, "--stats", "adev");
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("channel gm-ocxo: 1 × FixLost", first.StdErr); // the labeller saw the receiver lose its fix once
        Assert.Contains("channel gm-ocxo: 1 × FixRegained", first.StdErr);
        var m = Regex.Match(XDocument.Load(probeJunit).Descendants("system-out").Single().Value, @"^holdover from (\d+) s to (\d+) s: worst \|x − x\(loss\)\| = .* \(1 of (\d+) samples after the loss measured; the others missing or flagged\)");
        Assert.True(m.Success, XDocument.Load(probeJunit).Descendants("system-out").Single().Value);
        int loss = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), end = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(loss, 600, 601);
        Assert.InRange(end, 1200, 1201);
        // the seconds without fix are gaps: the last second measured before the outage (599) against the first after it
        double excursion = Math.Abs(x[end] - x[599]);
        Assert.InRange(excursion, 5e-9, 1e-5);

        GnssHoldoverBench.AssertPassesAboveAndFailsBelow(dir, capture, excursion);
    }
}
