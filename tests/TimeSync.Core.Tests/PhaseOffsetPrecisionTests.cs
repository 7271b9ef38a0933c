using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

/// <summary>
/// Phase with a large constant offset (a counter reading 0.5 s ± 1 ps): every statistic is blind to the offset, so the
/// results must equal those of the same record less its first value (an exact subtraction), to rounding.
/// </summary>
public sealed class PhaseOffsetPrecisionTests
{
    [Fact]
    public void A_large_phase_offset_costs_no_digits()
    {
        var rng = new Random(25);
        var x = Enumerable.Range(0, 40_000).Select(_ => 0.5 + 1e-12 * (rng.NextDouble() - 0.5)).ToArray();
        var shifted = x.Select(v => v - x[0]).ToArray(); // exact (Sterbenz)
        var stats = new[] { "oadev", "mdev", "hdev", "ohdev", "totdev", "tierms", "mtie" }.Select(n => StatisticsCatalog.Get(n)).ToArray();
        var grid = TauGrid.Parse("1,10,100,1000,5000");
        var a = StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, 1.0, x), stats, grid);
        var b = StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, 1.0, shifted), stats, grid);
        for (int s = 0; s < stats.Length; s++)
            for (int k = 0; k < a.Deviations[s].Rows.Count; k++)
            {
                double va = a.Deviations[s].Rows[k].Value, vb = b.Deviations[s].Rows[k].Value;
                Assert.True(Math.Abs(va / vb - 1) < 1e-12, $"{stats[s].Name} AF {a.Deviations[s].Rows[k].Af}: {va:R} vs {vb:R}");
                Assert.Equal(b.Deviations[s].Rows[k].Alpha, a.Deviations[s].Rows[k].Alpha);
                Assert.Equal(b.Deviations[s].Rows[k].Edf, a.Deviations[s].Rows[k].Edf);
            }
    }
}
