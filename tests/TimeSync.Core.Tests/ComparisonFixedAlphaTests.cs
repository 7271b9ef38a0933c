using TimeSync.Core.Comparison;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

/// <summary>A fixed noise type (Stable32's manual setting, <c>compare --alpha</c>) reaches every clock's analysis and the hat's EDF.</summary>
public class ComparisonFixedAlphaTests
{
    /// <summary>Three clocks of white FM (random-walk phase) of different levels against a common reference, 4000 s at τ0 = 1 s.</summary>
    private static double[][] Clocks()
    {
        var rng = new Random(11);
        double[] sigmas = [1e-11, 3e-11, 2e-11];
        return sigmas.Select(s =>
        {
            var x = new double[4000];
            for (int k = 1; k < x.Length; k++)
                x[k] = x[k - 1] + s * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            return x;
        }).ToArray();
    }

    private static ComparisonDocument Compare(double[][] columns, int? fixedAlpha) =>
        ClockComparer.Compare(["A", "B", "C"], ["a", "b", "c"], columns, 1, null, null, pairsMode: false, "reference", TauGrid.Octave, [1, 100], fixedAlpha: fixedAlpha);

    [Fact]
    public void Fixed_alpha_is_printed_on_every_row_of_every_clock()
    {
        var doc = Compare(Clocks(), fixedAlpha: 1);
        Assert.Equal(1, doc.FixedAlpha);
        Assert.Contains("\"alpha_fixed\": 1", ComparisonJson.Serialize(doc));
        foreach (var clock in doc.Clocks)
        {
            Assert.Equal(1, clock.Analysis.FixedAlpha);
            foreach (var stat in clock.Analysis.Deviations.Where(d => d.Definition.HasConfidence))
                Assert.All(stat.Rows, r => Assert.Equal(1, r.Alpha));
        }
        var auto = Compare(Clocks(), fixedAlpha: null);
        Assert.Null(auto.FixedAlpha);
        Assert.DoesNotContain("alpha_fixed", ComparisonJson.Serialize(auto));
        // white FM is identified as α = 0 where the data say so: the fixed run really replaced the identification
        Assert.Contains(auto.Clocks[0].Analysis.Deviations[0].Rows, r => r.Alpha == 0);
    }

    /// <summary>
    /// With α fixed, every pair's EDF at τ is the statistic's EDF for that α (Greenhall–Riley), and the hat's EDF per clock
    /// is their Satterthwaite combination (<see cref="CorneredHat.Solve"/>), not the one from the identified noise types.
    /// </summary>
    [Fact]
    public void Hat_edf_rests_on_the_fixed_alpha()
    {
        var columns = Clocks();
        const int alpha = 2; // white PM: far from the white FM these clocks have, so the EDF differs from the identified one
        var doc = Compare(columns, alpha);
        var auto = Compare(columns, null);
        var oadev = StatisticsCatalog.Get("oadev");
        var (names, pairs) = ClockComparison.AgainstCommonReference(["A", "B", "C"], columns);
        int n = names.Count;
        var rowsOfPair = pairs.Select(p => StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, 1, p.PhaseSeconds), [oadev], TauGrid.Octave, fixedAlpha: alpha)
            .Deviations[0].Rows.ToDictionary(r => r.Af)).ToArray();
        bool anyDiffers = false;
        foreach (var row in doc.Hat![0].Rows)
        {
            var variance = new double[n, n];
            var edf = new double[n, n];
            for (int p = 0; p < pairs.Count; p++)
            {
                var r = rowsOfPair[p][row.Af];
                variance[pairs[p].ClockA, pairs[p].ClockB] = variance[pairs[p].ClockB, pairs[p].ClockA] = r.Value * r.Value;
                edf[pairs[p].ClockA, pairs[p].ClockB] = edf[pairs[p].ClockB, pairs[p].ClockA] = oadev.Edf!(alpha, row.Af, pairs[p].PhaseSeconds.Length);
            }
            var expected = CorneredHat.Solve(variance, edf)[0].EquivalentDegreesOfFreedom;
            Assert.Equal(expected, row.Edf!.Value, expected * 1e-12);
            var autoEdf = auto.Hat![0].Rows.Single(r => r.Af == row.Af).Edf;
            anyDiffers |= autoEdf is not double a || Math.Abs(a / row.Edf.Value - 1) > 0.05;
        }
        Assert.True(anyDiffers, "the fixed α left every hat EDF as the identified noise types give it");
    }

    [Fact]
    public void Fixed_alpha_outside_the_statistics_range_is_an_input_error()
    {
        var e = Assert.Throws<InputException>(() => Compare(Clocks(), fixedAlpha: -3)); // oadev goes down to α = −2 only
        Assert.Equal("--alpha", e.Location);
    }
}
