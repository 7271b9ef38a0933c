using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Core.Tests.Reference;

namespace TimeSync.Core.Tests;

/// <summary>theo1 selectable by name: the analysis gives Stable32's AF, Thêo1 τ (0.75·m·τ0) and value, even m only.</summary>
public class Theo1CatalogTests
{
    [Fact]
    public void Analysis_by_name_reproduces_stable32_theo1_rows()
    {
        var x = Stable32Table.PhaseDat();
        var doc = StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, 1.0, x), [StatisticsCatalog.Get("theo1")], TauGrid.Parse("all"));
        var rows = doc.Deviations.Single().Rows.ToDictionary(r => r.Af);
        Assert.All(rows.Keys, m => Assert.Equal(0, m % 2));
        var reference = TotalReference.Load("stable32-phase-dat", "phase_dat_theo1_alpha0.txt");
        Assert.NotEmpty(reference);
        foreach (var expected in reference)
        {
            var row = rows[expected.Af];
            Assert.Equal(0.75 * expected.Af, row.TauSeconds, 12);
            Assert.True(TotalReference.Relative(row.Value, expected.Value) <= 1e-4, $"AF {expected.Af}: {row.Value:R} vs {expected.Value:R}");
        }
        Assert.Equal(998, rows.Keys.Max());
    }

    [Fact]
    public void An_odd_explicit_factor_is_refused()
    {
        var x = Stable32Table.PhaseDat();
        var e = Assert.Throws<InputException>(() => StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, 1.0, x), [StatisticsCatalog.Get("theo1")], TauGrid.Parse("10,11")));
        Assert.Contains("even", e.Message);
    }
}
