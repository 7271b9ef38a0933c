using TimeSync.Core.Comparison;
using TimeSync.Core.Series;
using TimeSync.Simulation.Noise;

namespace TimeSync.Simulation.Tests;

/// <summary>
/// The acceptance check of the three-cornered hat on clocks of known white FM: each clock's separated ADEV must hold
/// the theory (NIST SP 1065 Table 5: σ_y² = h0/(2τ)) within its confidence interval at every octave τ up to a tenth of
/// the run, at a family-wise confidence over all (clock, τ) checks of one run.
/// </summary>
internal static class WhiteFmHat
{
    /// <summary>95 % family-wise over every (clock, τ) check of one run, Bonferroni-corrected per check.</summary>
    public const double FamilyConfidence = 0.95;

    /// <summary>Octave averaging factors up to a tenth of <paramref name="samples"/>, and the per-check confidence.</summary>
    public static (TauGrid Grid, double PerCheckConfidence) OctavesToATenth(int samples, int clocks)
    {
        var grid = TauGrid.Parse(string.Join(",", Enumerable.Range(0, 20).Select(k => 1 << k).Where(m => m <= samples / 10)));
        int checks = clocks * grid.ExplicitFactors!.Count;
        return (grid, 1 - (1 - FamilyConfidence) / checks);
    }

    /// <summary>
    /// Every clock (in the order of <paramref name="h0"/>) has one row per τ of <paramref name="grid"/>, a positive
    /// separated variance at τ0, and its theoretical ADEV inside [CiLow, CiHigh] at every τ (a negative separated variance
    /// is reported as such, with the interval [0, upper bound]).
    /// </summary>
    public static void AssertEachClockWithinItsInterval(IReadOnlyList<HatClock> hat, double[] h0, double tau0Seconds, TauGrid grid)
    {
        Assert.Equal(h0.Length, hat.Count);
        for (int i = 0; i < h0.Length; i++)
        {
            Assert.Equal(grid.ExplicitFactors!.Count, hat[i].Rows.Count);
            Assert.False(hat[i].Rows[0].Negative);
            foreach (var row in hat[i].Rows)
            {
                double theory = Math.Sqrt(PowerLawTheory.NistAllanVariance(0, h0[i], tau0Seconds, row.TauSeconds));
                Assert.NotNull(row.CiLow);
                Assert.NotNull(row.CiHigh);
                Assert.True(row.CiLow <= theory && theory <= row.CiHigh,
                    $"clock {hat[i].Name} τ={row.TauSeconds}: theory {theory:R} outside [{row.CiLow:R}, {row.CiHigh:R}] (estimate {row.Deviation:R}, variance {row.Variance:R}, edf {row.Edf:R})");
            }
        }
    }
}
