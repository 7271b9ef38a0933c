using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Core.Tests.Reference;

namespace TimeSync.Core.Tests;

/// <summary>Values against Stable32's printouts in ../shared/reference, at every AF Stable32 printed.</summary>
public class DeviationAccuracyTests
{
    // Stable32 prints 5 significant digits: half a unit in the last place is ≤ 5e-5 relative.
    private const double PrintedTolerance = 1e-4;

    [Theory]
    [InlineData("adev", "phase_dat_adev.txt")]
    [InlineData("oadev", "phase_dat_oadev.txt")]
    [InlineData("mdev", "phase_dat_mdev.txt")]
    [InlineData("tdev", "phase_dat_tdev.txt")]
    [InlineData("hdev", "phase_dat_hdev.txt")]
    [InlineData("ohdev", "phase_dat_ohdev.txt")]
    [InlineData("tierms", "phase_dat_tierms.txt")]
    [InlineData("mtie", "phase_dat_mtie.txt")]
    [InlineData("adev", "phase_dat_adev_octave.txt")]
    [InlineData("oadev", "phase_dat_oadev_octave.txt")]
    [InlineData("mdev", "phase_dat_mdev_octave.txt")]
    [InlineData("tdev", "phase_dat_tdev_octave.txt")]
    [InlineData("hdev", "phase_dat_hdev_octave.txt")]
    [InlineData("ohdev", "phase_dat_ohdev_octave.txt")]
    public void PhaseDatMatchesStable32(string statistic, string file)
    {
        var x = Stable32Table.PhaseDat();
        Assert.Equal(1001, x.Length);
        var rows = Stable32Table.Load("stable32-phase-dat", file);
        Assert.NotEmpty(rows);
        AssertEveryRowMatches(statistic, x, rows);
    }

    [Theory]
    [InlineData("adev", "stable32_adev_alltau.txt")]
    [InlineData("oadev", "stable32_oadev_alltau.txt")]
    [InlineData("mdev", "stable32_mdev_alltau.txt")]
    [InlineData("tdev", "stable32_tdev_alltau.txt")]
    [InlineData("hdev", "stable32_hdev_alltau.txt")]
    [InlineData("ohdev", "stable32_ohdev_alltau.txt")]
    public void OcxoFrequencyMatchesStable32(string statistic, string file)
    {
        var y = Stable32Table.OcxoFractionalFrequency();
        Assert.Equal(19982, y.Length);
        var x = new ClockSeries(SeriesKind.Frequency, 1.0, y).ToPhase().Values;
        var rows = Stable32Table.Load("stable32-ocxo-frequency", file);
        AssertEveryRowMatches(statistic, x, rows);
    }

    /// <summary>At every AF Stable32 printed: the same number of terms, the value within its printed digits (τ0 = 1 s).</summary>
    private static void AssertEveryRowMatches(string statistic, double[] x, IEnumerable<Stable32Row> rows)
    {
        var def = StatisticsCatalog.Get(statistic);
        foreach (var row in rows)
        {
            var p = def.Compute(x, 1.0, row.Af);
            Assert.True(row.N == p.Terms, $"{statistic} AF {row.Af}: terms {p.Terms}, Stable32 {row.N}");
            Assert.True(Stable32Table.Relative(p.Value, row.Value) <= PrintedTolerance,
                $"{statistic} AF {row.Af}: {p.Value:R}, Stable32 {row.Value:R}");
        }
    }
}
