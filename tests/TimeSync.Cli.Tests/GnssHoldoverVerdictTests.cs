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
        var (capture, truth) = GnssHoldoverBench.Simulated;

        // expected: max |x(t) − x(loss)| over 600 s ≤ t ≤ 1200 s, x = what the labeller must report (truth file)
        var x = GnssHoldoverBench.TruthX(truth);
        double excursion = Enumerable.Range(600, 601).Where(i => !double.IsNaN(x[i])).Max(i => Math.Abs(x[i] - x[600]));
        Assert.InRange(excursion, 5e-9, 1e-5); // the outage moves the clock visibly

        GnssHoldoverBench.AssertPassesAboveAndFailsBelow(dir, capture, excursion, "    loss-at: 600 s\n    duration: 600 s\n",
            doc => Assert.StartsWith("holdover from 600 s to 1200 s: worst |x − x(loss)| = ", doc.Descendants("system-out").Single().Value));
    }
}
