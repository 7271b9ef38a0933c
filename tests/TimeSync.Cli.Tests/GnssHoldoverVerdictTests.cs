using System.Globalization;
using System.Xml.Linq;

namespace TimeSync.Cli.Tests;

/// <summary>
/// The named gnss-holdover bench (the OCXO under test loses its GNSS reference from 600 s to 1200 s, a 2e-11 frequency
/// step 60 s in) end to end: simulate → replay → holdover check from the loss to the return of the reference, against
/// the excursion |x(t) − x(600 s)| computed from the simulator's truth file.
/// </summary>
public class GnssHoldoverVerdictTests
{
    [Fact]
    public void HoldoverDriftFromTheLossPassesAboveAndFailsBelowTheTrueExcursion()
    {
        var dir = Directory.CreateTempSubdirectory("timesync-holdover-").FullName;
        string capture = Path.Combine(dir, "holdover.pcapng"), truth = Path.Combine(dir, "truth.csv");
        var sim = CliProcess.Run(TimeSpan.FromSeconds(120), "simulate", "--scenario", "gnss-holdover", "--duration", "1500", "--seed", "3", "--out", capture, "--truth", truth);
        Assert.True(sim.ExitCode == 0, sim.StdErr);

        // expected: max |x(t) − x(loss)| over 600 s ≤ t ≤ 1200 s, x = what the labeller must report (truth file)
        var x = File.ReadLines(truth).Where(l => !l.StartsWith('#') && !l.StartsWith("utc,", StringComparison.Ordinal))
            .Select(l => l.Split(',')[3]).Select(v => v.Length == 0 ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        double excursion = Enumerable.Range(600, 601).Where(i => !double.IsNaN(x[i])).Max(i => Math.Abs(x[i] - x[600]));
        Assert.InRange(excursion, 5e-9, 1e-5); // the outage moves the clock visibly

        foreach (var (factor, exit) in new[] { (1.02, 0), (0.98, 1) })
        {
            string limits = Path.Combine(dir, $"limits-{factor}.yaml"), junit = Path.Combine(dir, $"junit-{factor}.xml");
            string bound = (excursion * factor * 1e9).ToString("R", CultureInfo.InvariantCulture);
            File.WriteAllText(limits, $"version: 1\nchecks:\n  - name: holdover\n    channel: gm-ocxo\n    type: holdover\n    loss-at: 600 s\n    duration: 600 s\n    limit: {bound} ns\n");
            var r = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", capture, "--limits", limits, "--junit", junit, "--stats", "adev");
            Assert.True(r.ExitCode == exit, $"bound {bound} ns: exit {r.ExitCode}\n{r.StdErr}");
            var doc = XDocument.Load(junit);
            Assert.Empty(JUnitSchema.Validate(doc));
            var failure = Assert.Single(doc.Descendants("testcase")).Element("failure");
            Assert.Equal(exit == 1, failure is not null);
            string message = doc.Descendants("system-out").Single().Value;
            Assert.StartsWith("holdover from 600 s to 1200 s: worst |x − x(loss)| = ", message);
            if (failure is not null)
            {
                // "holdover on gm-ocxo: measured <v> ns, limit <v> ns": the TICC's 60 ps jitter per channel is the only difference from the truth
                var parts = failure.Attribute("message")!.Value.Split(' ');
                double measured = double.Parse(parts[4], CultureInfo.InvariantCulture);
                Assert.Equal(excursion * 1e9, measured, 0.5);
            }
        }
    }
}
