using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Simulation.Noise;
using Xunit.Abstractions;

namespace TimeSync.Simulation.Tests;

/// <summary>
/// Where the noise type really changes at long τ, refined mode must still find it although it holds α where few points
/// remain (SparseNoiseHold): two laws whose Allan σ² are equal at τc = T/20 (NIST SP 1065 Table 5 levels), N = 1280,
/// 200 seeds; a seed finds the transition when α at the last octave (τ = T/10 = 2τc, 10 points) is at least half way
/// from the short-τ law's α to the long-τ law's. Both modes' rates are printed; refined's is asserted (measured at the commit, Stable32's
/// procedure in brackets):
/// <list type="bullet">
/// <item>white FM + random-walk FM (RWFM 4× at T/10): 74 % (93 %);</item>
/// <item>white PM + flicker FM: 88.5 % (86 %); white PM + random-walk FM: 96.5 % (95.5 %);</item>
/// <item>adjacent laws, whose mixture at 2τc has the local slope of neither (FFM or RWFM only 2× the other):
///   white FM + flicker FM 29 % (57.5 %), flicker FM + random-walk FM 10 % (47.5 %).</item>
/// </list>
/// Stable32's higher rates there come with its misreads of single-law noise at 10 points (white FM read as another law in
/// 53.5–62.5 % of seeds, NoiseIdentificationRateTests): refined holds unless the Mod σ² at T/10 leaves the F interval of
/// probability 0.99 around the held law's line, i.e. it detects a change once it lifts σ² several times above that line.
/// </summary>
public class NoiseIdentificationMixedTests(ITestOutputHelper output)
{
    private const int N = 1280;
    private const int Seeds = 200;

    [Theory]
    [InlineData(0, -2, 0.70)]
    [InlineData(2, -1, 0.82)]
    [InlineData(2, -2, 0.92)]
    [InlineData(0, -1, 0.22)]
    [InlineData(-1, -2, 0.05)]
    public void A_noise_type_appearing_at_long_tau_is_found(int shortAlpha, int longAlpha, double requiredRate)
    {
        const double tau0 = 1.0;
        double tauCross = N * tau0 / 20;
        const double hShort = 1e-20;
        double hLong = hShort * AllanVariance(shortAlpha, tauCross, tau0) / AllanVariance(longAlpha, tauCross, tau0);
        var coefficients = Sum(PowerLawCoefficients.Single(shortAlpha, hShort), PowerLawCoefficients.Single(longAlpha, hLong));
        var ms = new List<int>();
        for (int m = 1; m <= N / 10; m *= 2) ms.Add(m);
        var refined = ms.Select(_ => new Dictionary<int, int>()).ToArray();
        var stable32 = ms.Select(_ => new Dictionary<int, int>()).ToArray();
        for (int s = 0; s < Seeds; s++)
        {
            double[] x = PowerLawNoise.GeneratePhase(coefficients, tau0, N, (ulong)(77_000_003L * N + 7919 * s + 10 * shortAlpha + longAlpha));
            for (int k = 0; k < ms.Count; k++)
            {
                int a = NoiseIdentification.Identify(x, SeriesKind.Phase, tau0, ms[k], mode: NoiseIdMode.Refined).Alpha;
                refined[k][a] = refined[k].GetValueOrDefault(a) + 1;
                a = NoiseIdentification.Identify(x, SeriesKind.Phase, tau0, ms[k], mode: NoiseIdMode.Stable32).Alpha;
                stable32[k][a] = stable32[k].GetValueOrDefault(a) + 1;
            }
        }
        for (int k = 0; k < ms.Count; k++)
            output.WriteLine($"m={ms[k],4} τ/τc={ms[k] * tau0 / tauCross:F2}: refined {Histogram(refined[k])}   stable32 {Histogram(stable32[k])}");
        double midpoint = (shortAlpha + longAlpha) / 2.0;
        double Found(Dictionary<int, int> counts) => counts.Where(p => p.Key <= midpoint).Sum(p => p.Value) / (double)Seeds;
        double rate = Found(refined[^1]), rate32 = Found(stable32[^1]);
        output.WriteLine($"transition {shortAlpha} → {longAlpha} found at τ = T/10: refined {rate:P1}, Stable32's procedure {rate32:P1}");
        Assert.True(rate >= requiredRate, $"refined found the transition in {rate:P1} of {Seeds} seeds, required {requiredRate:P0} ({Histogram(refined[^1])})");
    }

    // NIST SP 1065 Table 5 (f_h = 1/(2τ0)): WPM 3 f_h h2/(4π²τ²), WFM h0/(2τ), FFM 2 ln2 h−1, RWFM (2π)² h−2 τ/6
    private static double AllanVariance(int alpha, double tau, double tau0) => alpha switch
    {
        2 => 3 / (2 * tau0) / (4 * Math.PI * Math.PI * tau * tau),
        0 => 1 / (2 * tau),
        -1 => 2 * Math.Log(2),
        -2 => 4 * Math.PI * Math.PI * tau / 6,
        _ => throw new ArgumentOutOfRangeException(nameof(alpha)),
    };

    private static PowerLawCoefficients Sum(PowerLawCoefficients a, PowerLawCoefficients b) =>
        new(a.H2 + b.H2, a.H1 + b.H1, a.H0 + b.H0, a.HMinus1 + b.HMinus1, a.HMinus2 + b.HMinus2);

    private static string Histogram(Dictionary<int, int> counts) => string.Join(" ", counts.OrderByDescending(p => p.Key).Select(p => $"{p.Key}:{p.Value}"));
}
