using System.Globalization;
using System.Text.Json;
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

    /// <summary>The HTML report runs its own analysis for its curves and noise-type column: it follows --noise-id.</summary>
    [Fact]
    public void TheReportsNoiseTypesFollowNoiseId()
    {
        var x = PowerLawNoise.GeneratePhase(new PowerLawCoefficients(H1: 1e-20), 1.0, 1 << 14, seed: 5);
        string dir = Path.Combine(Path.GetTempPath(), $"noiseid-report-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            string data = Path.Combine(dir, "fpm.txt"), byDefault = Path.Combine(dir, "default.html"), refined = Path.Combine(dir, "refined.html");
            File.WriteAllLines(data, x.Select(v => v.ToString("R", CultureInfo.InvariantCulture)));
            Assert.Equal(0, CliProcess.Run("analyze", data, "--report", byDefault).ExitCode);
            Assert.Equal(0, CliProcess.Run("analyze", data, "--noise-id", "refined", "--report", refined).ExitCode);
            // flicker PM: Stable32's decimated lag-1 reads white PM at some octaves, refined reads flicker PM at all
            Assert.Contains("<td>W PM</td>", File.ReadAllText(byDefault));
            string html = File.ReadAllText(refined);
            Assert.DoesNotContain("<td>W PM</td>", html);
            Assert.Contains("<td>F PM</td>", html);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    /// <summary>
    /// PHASE.DAT is white FM throughout, yet Stable32 prints α = 1 for mtotdev at AF 100 and 200 of its decade run
    /// (../shared/reference/stable32-phase-dat/phase_dat_mtotdev_decade.txt; 10 and 5 points remain): analyze prints that
    /// by default, and white FM (the α held from AF 10, which those points do not reject) with --noise-id refined; replay
    /// takes the same option.
    /// </summary>
    [Fact]
    public void AnalyzePrintsStable32sAlphaByDefaultAndTheHeldWhiteFmWhenRefined()
    {
        string phaseDat = RepoPaths.SharedFile("reference", "stable32-phase-dat", "PHASE.DAT");
        var reference = File.ReadLines(RepoPaths.SharedFile("reference", "stable32-phase-dat", "phase_dat_mtotdev_decade.txt"))
            .Where(l => !l.StartsWith('#') && l.Trim().Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .ToDictionary(f => int.Parse(f[0], CultureInfo.InvariantCulture), f => int.Parse(f[3], CultureInfo.InvariantCulture));
        Assert.Equal(1, reference[100]);
        Assert.Equal(1, reference[200]);
        string[] args = ["analyze", phaseDat, "--stats", "mtotdev", "--taus", "decade", "--json", "-"];
        var byDefault = Alphas(CliProcess.Run(args));
        Assert.Equal(reference, byDefault); // every AF, α as Stable32 prints it
        var explicitStable32 = Alphas(CliProcess.Run([.. args, "--noise-id", "stable32"]));
        Assert.Equal(reference, explicitStable32);
        var refined = Alphas(CliProcess.Run([.. args, "--noise-id", "refined"]));
        Assert.Equal(reference.Keys.Order(), refined.Keys.Order());
        Assert.All(refined, p => Assert.Equal(0, p.Value));
        var replayed = Alphas(CliProcess.Run("replay", phaseDat, "--stats", "mtotdev", "--taus", "decade", "--noise-id", "refined", "--json", "-"));
        Assert.Equal(refined, replayed);
        Assert.Equal(reference, Alphas(CliProcess.Run("replay", phaseDat, "--stats", "mtotdev", "--taus", "decade", "--json", "-")));
    }

    private static Dictionary<int, int> Alphas(CliProcess.Result r)
    {
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var doc = JsonDocument.Parse(r.StdOut);
        return doc.RootElement.GetProperty("deviations").GetProperty("mtotdev").EnumerateArray()
            .ToDictionary(row => row.GetProperty("af").GetInt32(), row => row.GetProperty("alpha").GetInt32());
    }

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
            foreach (var command in new[] { new[] { "replay", path }, ["compare", path, path] })
            {
                var bad = CliProcess.Run([.. command, "--noise-id", "sideways"]);
                Assert.Equal(2, bad.ExitCode);
                Assert.Contains("--noise-id", bad.StdErr);
                Assert.Single(bad.StdErr.Trim().Split('\n'));
            }
        }
        finally { File.Delete(path); }
    }
}
