using System.Globalization;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Simulation.Noise;
using TimeSync.Testing;

namespace TimeSync.Simulation.Tests;

/// <summary>
/// The default (`--noise-id stable32`) prints Stable32's procedure alone; refined adds PmNoiseSplit. On flicker PM the
/// plain decimated lag-1 ACF reads white PM at large m (the reason the split exists), so the two modes must differ there,
/// and refined must give the generated α.
/// </summary>
public class NoiseIdModeTests
{
    [Fact]
    public void TheDefaultIsStable32sProcedureAloneAndRefinedRecoversFlickerPm()
    {
        const int n = 1 << 14;
        var x = PowerLawNoise.GeneratePhase(new PowerLawCoefficients(H1: 1e-20), 1.0, n, seed: 5);
        var series = new ClockSeries(SeriesKind.Phase, 1.0, x);
        var oadev = StatisticsCatalog.Get("oadev");
        var refined = StabilityAnalysis.Analyze(series, [oadev], TauGrid.Octave, noiseId: NoiseIdMode.Refined).Deviations[0].Rows;
        var stable32 = StabilityAnalysis.Analyze(series, [oadev], TauGrid.Octave, noiseId: NoiseIdMode.Stable32).Deviations[0].Rows;
        var byDefault = StabilityAnalysis.Analyze(series, [oadev], TauGrid.Octave).Deviations[0].Rows;
        Assert.Equal(stable32.Select(r => r.Alpha), byDefault.Select(r => r.Alpha));
        Assert.Equal(stable32.Select(r => NoiseIdentification.Identify(x, SeriesKind.Phase, 1.0, r.Af, 2, r.Terms, NoiseIdMode.Stable32).Alpha),
            stable32.Select(r => NoiseIdentification.Identify(x, SeriesKind.Phase, 1.0, r.Af, 2, r.Terms).Alpha));
        var checkedRows = refined.Where(r => n / r.Af >= 90).ToList();
        Assert.True(checkedRows.Count >= 7);
        Assert.All(checkedRows, r => Assert.Equal(1, r.Alpha));
        var differing = stable32.Where(r => n / r.Af >= 90 && r.Alpha != 1).Select(r => r.Af).ToList();
        Assert.NotEmpty(differing); // plain lag-1 misreads decimated flicker PM at some octaves
        Assert.All(differing, af => Assert.True(af >= PmNoiseSplitMinimum, $"AF {af}: the modes may only differ where the split applies"));
        Assert.All(stable32.Zip(refined), p => Assert.Equal(p.First.Value, p.Second.Value)); // α only: values are the same
    }

    private const int PmNoiseSplitMinimum = 4;

    [Fact]
    public void AnUnknownNoiseIdModeIsOneLineAndExit2()
    {
        string path = Path.Combine(Path.GetTempPath(), $"noiseid-{Guid.NewGuid():N}.txt");
        File.WriteAllLines(path, Enumerable.Range(0, 100).Select(i => (Math.Sin(i) * 1e-9).ToString("R", CultureInfo.InvariantCulture)));
        try
        {
            var r = CliProcess.Run("analyze", path, "--noise-id", "sideways");
            Assert.Equal(2, r.ExitCode);
            Assert.Contains("--noise-id", r.StdErr);
            Assert.Single(r.StdErr.Trim().Split('\n'));
            var ok = CliProcess.Run("analyze", path, "--noise-id", "stable32", "--json", "-");
            Assert.Equal(0, ok.ExitCode);
            Assert.Contains("\"oadev\"", ok.StdOut);
        }
        finally { File.Delete(path); }
    }
}
