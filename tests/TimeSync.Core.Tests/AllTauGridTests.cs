using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Core.Tests.Reference;

namespace TimeSync.Core.Tests;

/// <summary>The "all" τ grid through the analysis gives exactly the averaging factors Stable32's all-τ printouts list.</summary>
public class AllTauGridTests
{
    [Theory]
    [InlineData("stable32-phase-dat", "phase_dat_adev.txt", "adev")]
    [InlineData("stable32-phase-dat", "phase_dat_oadev.txt", "oadev")]
    [InlineData("stable32-phase-dat", "phase_dat_mdev.txt", "mdev")]
    [InlineData("stable32-phase-dat", "phase_dat_hdev.txt", "hdev")]
    [InlineData("stable32-phase-dat", "phase_dat_ohdev.txt", "ohdev")]
    [InlineData("stable32-phase-dat", "phase_dat_totdev.txt", "totdev")]
    [InlineData("stable32-phase-dat", "phase_dat_mtotdev.txt", "mtotdev")]
    [InlineData("stable32-phase-dat", "phase_dat_tierms.txt", "tierms")]
    [InlineData("stable32-phase-dat", "phase_dat_theo1.txt", "theo1")]
    [InlineData("stable32-ocxo-frequency", "stable32_adev_alltau.txt", "adev")]
    [InlineData("stable32-ocxo-frequency", "stable32_oadev_alltau.txt", "oadev")]
    [InlineData("stable32-ocxo-frequency", "stable32_mdev_alltau.txt", "mdev")]
    [InlineData("stable32-ocxo-frequency", "stable32_hdev_alltau.txt", "hdev")]
    [InlineData("stable32-ocxo-frequency", "stable32_ohdev_alltau.txt", "ohdev")]
    [InlineData("stable32-ocxo-frequency", "stable32_totdev_alltau.txt", "totdev")]
    public void All_grid_lists_Stable32s_averaging_factors(string folder, string file, string statistic)
    {
        var series = folder == "stable32-phase-dat"
            ? new ClockSeries(SeriesKind.Phase, 1.0, Stable32Table.PhaseDat())
            : new ClockSeries(SeriesKind.Frequency, 1.0, Stable32Table.OcxoFractionalFrequency());
        var def = StatisticsCatalog.Get(statistic);
        var phaseCount = series.ToPhase().Count;
        var ours = TauGrid.Parse("all").AveragingFactors(def.MaxAveragingFactor(phaseCount), def.WindowOctaves, "--taus", def.EvenFactorsOnly);
        var stable32 = File.ReadLines(TimeSync.Testing.RepoPaths.SharedFile("reference", folder, file))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => int.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0], System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        // Stable32's Thêo1 all-τ printout starts at AF 10 (τ = 7.5 τ0); from there the lists must be identical
        if (statistic == "theo1") ours = ours.Where(m => m >= stable32[0]).ToArray();
        Assert.Equal(stable32, ours);
    }
}
