using TimeSync.Simulation.Numerics;

namespace TimeSync.Simulation.Tests;

public class NumericsTests
{
    [Fact]
    public void Xoshiro256StarStar_matches_reference_implementation_outputs()
    {
        // Reference C implementation (prng.di.unimi.it/xoshiro256starstar.c) from state {1, 2, 3, 4}.
        var g = Xoshiro256StarStar.FromState(1, 2, 3, 4);
        ulong[] expected = [11520UL, 0UL, 1509978240UL, 1215971899390074240UL];
        foreach (ulong e in expected) Assert.Equal(e, g.NextUInt64());
    }

    [Fact]
    public void SplitMix64_matches_reference_first_output_for_seed_zero()
    {
        ulong state = 0;
        Assert.Equal(0xE220A8397B1DCDAFUL, Xoshiro256StarStar.SplitMix64(ref state));
    }

    [Fact]
    public void Same_seed_and_stream_give_same_sequence_and_other_streams_differ()
    {
        var a = new Xoshiro256StarStar(42, 3);
        var b = new Xoshiro256StarStar(42, 3);
        var c = new Xoshiro256StarStar(42, 4);
        for (int i = 0; i < 100; i++) Assert.Equal(a.NextGaussian(), b.NextGaussian());
        var a2 = new Xoshiro256StarStar(42, 3);
        Assert.NotEqual(a2.NextUInt64(), c.NextUInt64());
    }

    [Fact]
    public void Gaussian_deviates_have_unit_variance_zero_mean_and_normal_tails()
    {
        var g = new Xoshiro256StarStar(7);
        const int n = 1_000_000;
        double sum = 0, sum2 = 0, sum4 = 0;
        int beyond3 = 0;
        for (int i = 0; i < n; i++)
        {
            double v = g.NextGaussian();
            sum += v; sum2 += v * v; sum4 += v * v * v * v;
            if (Math.Abs(v) > 3) beyond3++;
        }
        Assert.InRange(sum / n, -0.005, 0.005);          // σ_mean = 0.001
        Assert.InRange(sum2 / n, 0.995, 1.005);          // σ = 0.0014
        Assert.InRange(sum4 / n, 2.95, 3.05);            // kurtosis 3, σ ≈ 0.01
        Assert.InRange(beyond3 / (double)n, 0.0024, 0.0030); // 2·(1 − Φ(3)) = 0.0027
    }

    [Fact]
    public void Deterministic_log_agrees_with_libm_to_a_few_ulp()
    {
        var g = new Xoshiro256StarStar(1);
        for (int i = 0; i < 100_000; i++)
        {
            double x = Math.Exp((g.NextDouble() - 0.5) * 1400);
            double expected = Math.Log(x);
            Assert.True(Math.Abs(DeterministicMath.Log(x) - expected) <= 4e-16 * Math.Max(1, Math.Abs(expected)), $"log({x:R})");
        }
        Assert.Equal(0.0, DeterministicMath.Log(1.0));
        Assert.Equal(Math.Log(5e-324), DeterministicMath.Log(5e-324), 12);
        Assert.Throws<ArgumentOutOfRangeException>(() => DeterministicMath.Log(0));
    }

    [Fact]
    public void Deterministic_sincos_agrees_with_libm()
    {
        for (int i = -1000; i <= 1000; i++)
        {
            double t = i * (Math.PI / 4) / 1000;
            var (s, c) = DeterministicMath.SinCosSmall(t);
            Assert.True(Math.Abs(s - Math.Sin(t)) < 2e-16, $"sin {t}");
            Assert.True(Math.Abs(c - Math.Cos(t)) < 2e-16, $"cos {t}");
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(64)]
    [InlineData(1024)]
    public void Fft_matches_direct_dft_and_inverts(int n)
    {
        var g = new Xoshiro256StarStar((ulong)n);
        var re = new double[n];
        var im = new double[n];
        for (int i = 0; i < n; i++) { re[i] = g.NextGaussian(); im[i] = g.NextGaussian(); }
        var re0 = (double[])re.Clone();
        var im0 = (double[])im.Clone();
        var fft = new Fft(n);
        fft.Forward(re, im);
        for (int k = 0; k < n; k += Math.Max(1, n / 16))
        {
            double sr = 0, si = 0;
            for (int j = 0; j < n; j++)
            {
                double a = -2 * Math.PI * ((long)k * j % n) / n;
                sr += re0[j] * Math.Cos(a) - im0[j] * Math.Sin(a);
                si += re0[j] * Math.Sin(a) + im0[j] * Math.Cos(a);
            }
            Assert.Equal(sr, re[k], 1e-9 * Math.Sqrt(n));
            Assert.Equal(si, im[k], 1e-9 * Math.Sqrt(n));
        }
        fft.Inverse(re, im);
        for (int j = 0; j < n; j++) { Assert.Equal(re0[j], re[j], 1e-12); Assert.Equal(im0[j], im[j], 1e-12); }
    }

    [Fact]
    public void Fft_rejects_length_that_is_not_a_power_of_two()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Fft(12));
    }
}
