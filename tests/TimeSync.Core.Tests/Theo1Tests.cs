using TimeSync.Core.Statistics;
using TimeSync.Core.Tests.Reference;

namespace TimeSync.Core.Tests;

/// <summary>Thêo1 against Stable32's printouts of PHASE.DAT: without bias (α = 0) and with its automatic ThêoBR correction.</summary>
public class Theo1Tests
{
    private const double PrintedTolerance = 1e-4;
    private const string PhaseDat = "stable32-phase-dat";

    [Theory]
    [InlineData("phase_dat_theo1_alpha0.txt")]
    [InlineData("phase_dat_theo1_alpha0_decade.txt")]
    public void Theo1_without_bias_matches_Stable32(string file)
    {
        var x = Stable32Table.PhaseDat();
        foreach (var row in TotalReference.Load(PhaseDat, file))
        {
            Assert.Equal(0, row.Alpha);
            var p = Theo1.Theo1Deviation(x, 1.0, row.Af);
            Assert.Equal(row.Tau, Theo1.TauSeconds(row.Af, 1.0), 12);
            Assert.True(TotalReference.Relative(p.Terms, row.Terms) <= PrintedTolerance, $"AF {row.Af}: terms {p.Terms}, Stable32 {row.Terms}");
            Assert.True(TotalReference.Relative(p.Value, row.Value) <= PrintedTolerance, $"AF {row.Af}: {p.Value:R}, Stable32 {row.Value:R}");
        }
    }

    [Fact]
    public void Theo1_with_automatic_bias_removal_matches_Stable32()
    {
        var x = Stable32Table.PhaseDat();
        double kf = TheoBias.BiasRemovalFactor(x);
        int alpha = TheoBias.AlphaFromBiasRemovalFactor(kf);
        foreach (var row in TotalReference.Load(PhaseDat, "phase_dat_theo1.txt"))
        {
            Assert.Equal(row.Alpha, alpha);
            var p = Theo1.Theo1Deviation(x, 1.0, row.Af);
            double corrected = Math.Sqrt(kf) * p.Value;
            Assert.True(TotalReference.Relative(corrected, row.Value) <= PrintedTolerance, $"AF {row.Af}: {corrected:R} (kf {kf:R}), Stable32 {row.Value:R}");
        }
    }
}
