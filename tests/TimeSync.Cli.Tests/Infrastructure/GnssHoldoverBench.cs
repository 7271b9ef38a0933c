using System.Globalization;
using System.Xml.Linq;

namespace TimeSync.Cli.Tests;

/// <summary>
/// The named gnss-holdover bench as the holdover tests replay it: the OCXO under test (channel gm-ocxo) loses its GNSS
/// reference from 600 s to 1200 s of a 1500 s run (seed 3), simulated once for all of them, and its holdover check.
/// </summary>
internal static class GnssHoldoverBench
{
    private static readonly Lazy<(string Capture, string Truth)> SimulatedOnce = new(() =>
    {
        var dir = Directory.CreateTempSubdirectory("timesync-holdover-sim-").FullName;
        string capture = Path.Combine(dir, "holdover.pcapng"), truth = Path.Combine(dir, "truth.csv");
        var sim = CliProcess.Run(TimeSpan.FromSeconds(120), "simulate", "--scenario", "gnss-holdover", "--duration", "1500", "--seed", "3", "--out", capture, "--truth", truth);
        Assert.True(sim.ExitCode == 0, sim.StdErr);
        return (capture, truth);
    });

    /// <summary>The simulated capture and the simulator's truth file (read them, don't change them: the tests share them).</summary>
    public static (string Capture, string Truth) Simulated => SimulatedOnce.Value;

    /// <summary>x of gm-ocxo each second from the truth file, what the labeller must report (NaN where it has none).</summary>
    public static double[] TruthX(string truth) =>
        File.ReadLines(truth).Where(l => !l.StartsWith('#') && !l.StartsWith("utc,", StringComparison.Ordinal))
            .Select(l => l.Split(',')[3]).Select(v => v.Length == 0 ? double.NaN : double.Parse(v, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>A limits file of one holdover check on gm-ocxo; <paramref name="lossLines"/>: its loss-at/duration lines, if any.</summary>
    public static string Limits(string limit, string lossLines = "") =>
        $"version: 1\nchecks:\n  - name: holdover\n    channel: gm-ocxo\n    type: holdover\n{lossLines}    limit: {limit}\n";

    /// <summary>
    /// Replays <paramref name="capture"/> against the holdover check with a limit 2 % above the expected excursion (exit 0)
    /// and 2 % below it (exit 1, the failure message's measured value within 0.5 ns of it), JUnit valid against the schema;
    /// <paramref name="inspect"/> sees each JUnit document.
    /// </summary>
    public static void AssertPassesAboveAndFailsBelow(string dir, string capture, double excursion, string lossLines = "", Action<XDocument>? inspect = null)
    {
        foreach (var (factor, exit) in new[] { (1.02, 0), (0.98, 1) })
        {
            string limits = Path.Combine(dir, $"limits-{factor}.yaml"), junit = Path.Combine(dir, $"junit-{factor}.xml");
            string bound = (excursion * factor * 1e9).ToString("R", CultureInfo.InvariantCulture);
            File.WriteAllText(limits, Limits(bound + " ns", lossLines));
            var r = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", capture, "--limits", limits, "--junit", junit, "--stats", "adev");
            Assert.True(r.ExitCode == exit, $"bound {bound} ns: exit {r.ExitCode}\n{r.StdErr}");
            var doc = XDocument.Load(junit);
            Assert.Empty(JUnitSchema.Validate(doc));
            var failure = Assert.Single(doc.Descendants("testcase")).Element("failure");
            Assert.Equal(exit == 1, failure is not null);
            inspect?.Invoke(doc);
            if (failure is not null)
            {
                // "holdover on gm-ocxo: measured <v> ns, limit <v> ns": the TICC's 60 ps jitter per channel is the only difference from the truth
                double measured = double.Parse(failure.Attribute("message")!.Value.Split(' ')[4], CultureInfo.InvariantCulture);
                Assert.Equal(excursion * 1e9, measured, 0.5);
            }
        }
    }
}
