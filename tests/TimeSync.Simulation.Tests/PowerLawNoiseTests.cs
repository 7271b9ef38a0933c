using TimeSync.Simulation.Noise;

namespace TimeSync.Simulation.Tests;

public class PowerLawNoiseTests
{
    private const double Tau0 = 1.0;

    [Fact]
    public void White_pm_has_the_variance_implied_by_h2_and_f_h()
    {
        const double h2 = 1e-18;
        var x = PowerLawNoise.GeneratePhase(new PowerLawCoefficients(H2: h2), Tau0, 200_000, seed: 11);
        double expected = h2 * (0.5 / Tau0) / (4 * Math.PI * Math.PI); // ∫0^f_h h2/(4π²) df
        double v = x.Select(a => a * a).Average();
        Assert.InRange(v / expected, 0.99, 1.01); // σ of the ratio ≈ √(2/N) = 0.003
    }

    [Fact]
    public void White_fm_steps_have_variance_h0_tau0_over_2()
    {
        const double h0 = 4e-22, tau0 = 0.5;
        var x = PowerLawNoise.GeneratePhase(new PowerLawCoefficients(H0: h0), tau0, 200_001, seed: 12);
        double v = Enumerable.Range(0, x.Length - 1).Select(i => (x[i + 1] - x[i]) * (x[i + 1] - x[i])).Average();
        Assert.InRange(v / (h0 * tau0 / 2), 0.99, 1.01);
    }

    [Fact]
    public void Random_walk_fm_second_differences_match_continuous_rwfm()
    {
        // E[(Δ²x)²] = 2τ²σ_y²(τ) with σ_y² = (2π)² τ h_−2/6 exactly for point samples (NIST SP 1065 Table 5)
        const double hm2 = 1e-28;
        var x = PowerLawNoise.GeneratePhase(new PowerLawCoefficients(HMinus2: hm2), Tau0, 300_002, seed: 13);
        double v = Enumerable.Range(0, x.Length - 2).Select(i => { double d = x[i + 2] - 2 * x[i + 1] + x[i]; return d * d; }).Average();
        double expected = 2 * Tau0 * Tau0 * PowerLawTheory.NistAllanVariance(-2, hm2, Tau0, Tau0);
        Assert.InRange(v / expected, 0.985, 1.015); // second differences are MA(1): σ of the ratio ≈ 0.004
    }

    [Fact]
    public void Flicker_fm_second_differences_match_2ln2_h_minus1()
    {
        const double hm1 = 1e-24;
        var x = PowerLawNoise.GeneratePhase(new PowerLawCoefficients(HMinus1: hm1), Tau0, 100_000, seed: 14);
        double v = Enumerable.Range(0, x.Length - 2).Select(i => { double d = x[i + 2] - 2 * x[i + 1] + x[i]; return d * d; }).Average();
        double expected = 2 * Tau0 * Tau0 * 2 * Math.Log(2) * hm1;
        Assert.InRange(v / expected, 0.98, 1.02);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_noise_and_another_seed_does_not()
    {
        var h = new PowerLawCoefficients(1e-20, 1e-21, 1e-22, 1e-24, 1e-28);
        var a = PowerLawNoise.GeneratePhase(h, Tau0, 5000, seed: 99);
        var b = PowerLawNoise.GeneratePhase(h, Tau0, 5000, seed: 99);
        var c = PowerLawNoise.GeneratePhase(h, Tau0, 5000, seed: 100);
        Assert.Equal(a, b);
        Assert.NotEqual(a[4999], c[4999]);
    }

    [Fact]
    public void Noise_of_a_given_seed_is_stable_across_runtimes_golden_value()
    {
        // Golden bits: if this changes, every recorded simulation changes — the generator must stay bit-stable.
        var h = new PowerLawCoefficients(1e-20, 1e-21, 1e-22, 1e-24, 1e-28);
        var x = PowerLawNoise.GeneratePhase(h, Tau0, 4096, seed: 2026);
        Assert.Equal(GoldenBits, BitConverter.DoubleToInt64Bits(x[4095]));
    }

    private const long GoldenBits = 4473322449290972751;

    [Fact]
    public void Exact_theory_reproduces_closed_forms()
    {
        // MVAR = AVAR at m = 1 (same estimator); WFM AVAR = h0/(2τ) at every m.
        Assert.Equal(1.0, PowerLawTheory.ExactVariance(0, 1e-22, Tau0, 1, modified: true) / (1e-22 / 2), 4);
        foreach (int m in new[] { 1, 2, 8, 64 })
        {
            // continuous FFM/RWFM formulas are exact for point samples at every τ
            Assert.Equal(1.0, PowerLawTheory.ExactVariance(-2, 1, Tau0, m, false) / PowerLawTheory.NistAllanVariance(-2, 1, Tau0, m), 4);
            Assert.Equal(1.0, PowerLawTheory.ExactVariance(-1, 1, Tau0, m, false) / PowerLawTheory.NistAllanVariance(-1, 1, Tau0, m), 3);
            // WPM MVAR = 3σx²/(mτ²) exactly (each x appears once in the averaged second difference)
            Assert.Equal(1.0, PowerLawTheory.ExactVariance(2, 1, Tau0, m, true) / PowerLawTheory.NistModifiedAllanVariance(2, 1, Tau0, m), 9);
        }
        // asymptotic Mod σ² table and FPM's 1.038 formula are reached for large m
        foreach (int alpha in PowerLawCoefficients.Alphas)
            Assert.Equal(1.0, PowerLawTheory.ExactVariance(alpha, 1, Tau0, 512, true) / PowerLawTheory.NistModifiedAllanVariance(alpha, 1, Tau0, 512), 2);
        Assert.Equal(1.0, PowerLawTheory.ExactVariance(1, 1, Tau0, 16, false) / PowerLawTheory.NistAllanVariance(1, 1, Tau0, 16), 3);
    }

    [Fact]
    public void Coefficients_parse_and_reject_bad_text()
    {
        var h = PowerLawCoefficients.Parse("h2=1e-20, h-1=3e-24,hm2=1e-30", "--noise");
        Assert.Equal(1e-20, h.H2);
        Assert.Equal(3e-24, h.HMinus1);
        Assert.Equal(1e-30, h.HMinus2);
        var e = Assert.Throws<TimeSync.Core.InputException>(() => PowerLawCoefficients.Parse("h3=1", "--noise"));
        Assert.Contains("--noise", e.Message);
        Assert.Throws<TimeSync.Core.InputException>(() => PowerLawCoefficients.Parse("h0=-1", "--noise"));
        Assert.Throws<TimeSync.Core.InputException>(() => PowerLawCoefficients.Parse("h0=1,h0=2", "--noise"));
    }
}
