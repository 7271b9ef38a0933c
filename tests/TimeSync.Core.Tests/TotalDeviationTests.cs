using System.Globalization;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Core.Tests.Reference;
using TimeSync.Testing;

namespace TimeSync.Core.Tests;

/// <summary>
/// A Stable32 row as printed, including the rows Stable32 comments out with a leading '#' (it prints them, marked as
/// beyond its recommended range, and they are Stable32's own values all the same). Also reads Thêo1's float "#".
/// </summary>
internal sealed record TotalReferenceRow(int Af, double Tau, double Terms, int Alpha, double Min, double Value, double Max, bool Commented);

internal static class TotalReference
{
    public static IReadOnlyList<TotalReferenceRow> Load(string folder, string file)
    {
        var rows = new List<TotalReferenceRow>();
        foreach (var line in File.ReadLines(RepoPaths.SharedFile("reference", folder, file)))
        {
            var t = line.Trim();
            bool commented = t.StartsWith('#');
            var c = t.TrimStart('#').Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (c.Length != 7 || !int.TryParse(c[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int af)) continue;
            double D(int i) => double.Parse(c[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            rows.Add(new(af, D(1), D(2), int.Parse(c[3], CultureInfo.InvariantCulture), D(4), D(5), D(6), commented));
        }
        Assert.NotEmpty(rows);
        return rows;
    }

    public static double Relative(double actual, double expected) => Math.Abs(actual - expected) / Math.Abs(expected);
}

/// <summary>totdev, mtotdev, ttotdev, htotdev against Stable32's printouts and the NBS14 tables.</summary>
public class TotalDeviationTests
{
    // Stable32 prints 5 significant digits: half a unit in the last place is ≤ 5e-5 relative.
    private const double PrintedTolerance = 1e-4;
    private const string PhaseDat = "stable32-phase-dat";

    public static TheoryData<string> TotdevFiles => new() { "phase_dat_totdev.txt", "phase_dat_totdev_octave.txt" };

    [Theory]
    [MemberData(nameof(TotdevFiles))]
    public void Totdev_matches_Stable32_on_PHASE_DAT(string file)
    {
        var x = Stable32Table.PhaseDat();
        foreach (var row in TotalReference.Load(PhaseDat, file))
        {
            var p = TotalVariance.Totdev(x, 1.0, row.Af);
            Assert.True(row.Terms == p.Terms, $"AF {row.Af}: terms {p.Terms}, Stable32 {row.Terms}");
            Assert.True(TotalReference.Relative(p.Value, row.Value) <= PrintedTolerance, $"AF {row.Af}: {p.Value:R}, Stable32 {row.Value:R}");
        }
    }

    [Fact]
    public void Totdev_matches_Stable32_on_OCXO_frequency_all_tau()
    {
        var y = Stable32Table.OcxoFractionalFrequency();
        var x = new ClockSeries(SeriesKind.Frequency, 1.0, y).ToPhase().Values;
        foreach (var row in TotalReference.Load("stable32-ocxo-frequency", "stable32_totdev_alltau.txt"))
        {
            var p = TotalVariance.Totdev(x, 1.0, row.Af);
            Assert.True(row.Terms == p.Terms, $"AF {row.Af}: terms {p.Terms}, Stable32 {row.Terms}");
            Assert.True(TotalReference.Relative(p.Value, row.Value) <= PrintedTolerance, $"AF {row.Af}: {p.Value:R}, Stable32 {row.Value:R}");
        }
    }

    public static TheoryData<string, string> ModifiedFiles => new()
    {
        { "mtotdev", "phase_dat_mtotdev_octave.txt" },
        { "mtotdev", "phase_dat_mtotdev_octave_alpha0.txt" },
        { "mtotdev", "phase_dat_mtotdev_decade.txt" },
        { "ttotdev", "phase_dat_ttotdev_octave.txt" },
        { "ttotdev", "phase_dat_ttotdev_decade.txt" },
    };

    [Theory]
    [MemberData(nameof(ModifiedFiles))]
    public void Mtotdev_and_ttotdev_match_Stable32_1_60(string statistic, string file)
    {
        var x = Stable32Table.PhaseDat();
        var rows = TotalReference.Load(PhaseDat, file);
        int[] factors = rows.Select(r => r.Af).ToArray();
        var points = statistic == "mtotdev" ? TotalModifiedVariance.Mtotdev(x, 1.0, factors) : TotalModifiedVariance.Ttotdev(x, 1.0, factors);
        for (int i = 0; i < rows.Count; i++)
        {
            var (row, p) = (rows[i], points[i]);
            Assert.True(row.Terms == p.Terms, $"AF {row.Af}: terms {p.Terms}, Stable32 {row.Terms}");
            Assert.True(TotalReference.Relative(p.Value, row.Value) <= PrintedTolerance, $"AF {row.Af}: {p.Value:R}, Stable32 {row.Value:R}");
        }
    }

    [Theory]
    [InlineData("phase_dat_htotdev_octave_nobias.txt")]
    public void Htotdev_without_bias_matches_Stable32(string file)
    {
        var x = Stable32Table.PhaseDat();
        var rows = TotalReference.Load(PhaseDat, file);
        var points = TotalHadamardVariance.Htotdev(x, 1.0, rows.Select(r => r.Af).ToArray());
        for (int i = 0; i < rows.Count; i++)
        {
            var (row, p) = (rows[i], points[i]);
            Assert.True(row.Terms == p.Terms, $"AF {row.Af}: terms {p.Terms}, Stable32 {row.Terms}");
            Assert.True(TotalReference.Relative(p.Value, row.Value) <= PrintedTolerance, $"AF {row.Af}: {p.Value:R}, Stable32 {row.Value:R}");
        }
    }
}
