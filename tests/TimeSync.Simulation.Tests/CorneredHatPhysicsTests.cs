using TimeSync.Core.Comparison;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Simulation.Noise;

namespace TimeSync.Simulation.Tests;

/// <summary>
/// Issue 8 acceptance: three simulated clocks with white FM at three distinct levels, measured pairwise; the
/// three-cornered hat must recover each clock's ADEV (theory, NIST SP 1065 Table 5: σ_y² = h0/(2τ)) within its
/// confidence interval at every octave τ up to a tenth of the run.
/// </summary>
public class CorneredHatPhysicsTests
{
    [Theory]
    [InlineData(1e-22, 4e-22, 1.6e-21, 11UL)]
    [InlineData(2.5e-23, 1e-22, 9e-22, 12UL)]
    [InlineData(1e-20, 3e-21, 3e-22, 13UL)]
    [InlineData(7e-22, 6e-22, 8e-22, 15UL)]
    public void Three_cornered_hat_recovers_each_white_fm_clock(double h0A, double h0B, double h0C, ulong seed)
    {
        const int count = 50_000;
        const double tau0 = 1.0;
        double[] h0 = [h0A, h0B, h0C];
        var clocks = h0.Select((h, i) => PowerLawNoise.GeneratePhase(new PowerLawCoefficients(H0: h), tau0, count, seed * 10 + (ulong)i)).ToArray();
        var pairs = new List<ClockPair>();
        for (int i = 0; i < 3; i++)
            for (int j = i + 1; j < 3; j++)
                pairs.Add(new ClockPair(i, j, clocks[i].Zip(clocks[j], (a, b) => a - b).ToArray())); // what a counter measures between them

        var (grid, perCheck) = WhiteFmHat.OctavesToATenth(count, clocks: 3);
        var hat = ClockComparison.Hat(["A", "B", "C"], pairs, tau0, StatisticsCatalog.Get("oadev"), grid, perCheck);

        WhiteFmHat.AssertEachClockWithinItsInterval(hat, h0, tau0, grid);
        // Informative, not vacuous: at τ0 every clock is resolved with an interval narrower than its value.
        foreach (var clock in hat)
        {
            var first = clock.Rows[0];
            Assert.True((first.CiHigh - first.CiLow) / first.Deviation < 0.8, $"clock {clock.Name}: interval [{first.CiLow:R}, {first.CiHigh:R}] too wide at τ0");
        }
    }

    [Fact]
    public void Hat_confidence_interval_narrows_where_pairs_have_more_terms()
    {
        const int count = 20_000;
        double[] h0 = [1e-22, 2e-22, 4e-22];
        var clocks = h0.Select((h, i) => PowerLawNoise.GeneratePhase(new PowerLawCoefficients(H0: h), 1.0, count, 77UL + (ulong)i)).ToArray();
        var (names, pairs) = ClockComparison.AgainstCommonReference(["A", "B"], [clocks[0].Zip(clocks[2], (a, r) => a - r).ToArray(), clocks[1].Zip(clocks[2], (b, r) => b - r).ToArray()], "C");
        var hat = ClockComparison.Hat(names, pairs, 1.0, StatisticsCatalog.Get("oadev"), TauGrid.Parse("1,100"));
        Assert.Equal(["A", "B", "C"], hat.Select(c => c.Name));
        foreach (var clock in hat)
        {
            var (short_, long_) = (clock.Rows[0], clock.Rows[1]);
            Assert.True(short_.Edf > long_.Edf, $"{clock.Name}: edf {short_.Edf} at τ=1 not above {long_.Edf} at τ=100");
            Assert.True((short_.CiHigh - short_.CiLow) / short_.Deviation < (long_.CiHigh - long_.CiLow) / long_.Deviation);
        }
    }
}
