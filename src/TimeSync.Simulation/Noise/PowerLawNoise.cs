using TimeSync.Simulation.Numerics;

namespace TimeSync.Simulation.Noise;

/// <summary>
/// Generates a clock's phase (time-error) noise x_k = x(k τ0), in seconds, from IEEE 1139 coefficients h_α.
///
/// Each power law is produced so that its sampled process has the exact discrete spectrum assumed by the
/// NIST SP 1065 (Table 5) conversion formulas, with the high-frequency cut-off f_h = 1/(2 τ0):
/// <list type="bullet">
/// <item>α = +2 (WPM): white x, variance h2 f_h/(4π²) — brick-wall at f_h (= Kasdin–Walter b = 0).</item>
/// <item>α = +1 (FPM): S_x(f) = h1/(4π² f) brick-walled at f_h; spectral synthesis on a 4N-point grid
///   (Kasdin &amp; Walter 1992 frequency-domain form; the time-domain KW filter (1−z⁻¹)^½ would instead give
///   S ∝ (2 sin(ω/2))⁻¹, 2–3 % off the SP 1065 FPM level at short τ).</item>
/// <item>α = 0 (WFM): x a random walk with step variance h0 τ0/2 (Kasdin–Walter b = −2, exact).</item>
/// <item>α = −1 (FFM): point samples of continuous FFM: discrete spectrum = Σ_k aliases of h_−1/(4π² f³);
///   spectral synthesis on a grid of ≥ 4N points (missing power below 1/(4Nτ0) biases AVAR by &lt; 0.2 % at τ = T/10).</item>
/// <item>α = −2 (RWFM): point samples of integrated Brownian y, exact two-state recursion
///   (diffusion D = 2π² h_−2, so AVAR = Dτ/3 = (2π)² h_−2 τ/6, NIST SP 1065 Table 5).</item>
/// </list>
/// Components use independent streams of one seed; the result is bit-identical on every machine.
/// </summary>
public static class PowerLawNoise
{
    /// <summary>Phase noise in seconds, <paramref name="count"/> samples at <paramref name="tau0Seconds"/>.</summary>
    public static double[] GeneratePhase(PowerLawCoefficients h, double tau0Seconds, int count, ulong seed)
    {
        if (count < 0) throw new ArgumentOutOfRangeException(nameof(count));
        if (!(tau0Seconds > 0) || !double.IsFinite(tau0Seconds)) throw new ArgumentOutOfRangeException(nameof(tau0Seconds));
        var x = new double[count];
        if (count == 0) return x;
        if (h.H2 > 0) AddWhitePm(x, h.H2, tau0Seconds, new Xoshiro256StarStar(seed, 2));
        if (h.H1 > 0) AddSpectral(x, alpha: 1, h.H1, tau0Seconds, new Xoshiro256StarStar(seed, 1));
        if (h.H0 > 0) AddWhiteFm(x, h.H0, tau0Seconds, new Xoshiro256StarStar(seed, 10));
        if (h.HMinus1 > 0) AddSpectral(x, alpha: -1, h.HMinus1, tau0Seconds, new Xoshiro256StarStar(seed, 11));
        if (h.HMinus2 > 0) AddRandomWalkFm(x, h.HMinus2, tau0Seconds, new Xoshiro256StarStar(seed, 12));
        return x;
    }

    private static void AddWhitePm(double[] x, double h2, double tau0, Xoshiro256StarStar rng)
    {
        // NIST SP 1065 Table 5: S_x = h2/(4π²) up to f_h = 1/(2τ0) ⇒ var x = h2 f_h/(4π²)
        double sigma = Math.Sqrt(h2 / (8.0 * Math.PI * Math.PI * tau0));
        for (int i = 0; i < x.Length; i++) x[i] += sigma * rng.NextGaussian();
    }

    private static void AddWhiteFm(double[] x, double h0, double tau0, Xoshiro256StarStar rng)
    {
        // White FM: S_y = h0 ⇒ x Brownian with E[Δx²] = h0 τ/2 (AVAR = h0/(2τ), NIST SP 1065 Table 5)
        double sigma = Math.Sqrt(h0 * tau0 / 2.0);
        double acc = 0;
        for (int i = 0; i < x.Length; i++) { x[i] += acc; acc += sigma * rng.NextGaussian(); }
    }

    private static void AddRandomWalkFm(double[] x, double hm2, double tau0, Xoshiro256StarStar rng)
    {
        // y Brownian with E[Δy²] = D τ, one-sided S_y = D/(2π² f²) ⇒ D = 2π² h_−2. Exact sampling of (x, y):
        // Δy = √(Dτ0) g1, Δx = y τ0 + (τ0/2) Δy + √(D τ0³/12) g2  (covariance of integrated Brownian motion)
        double d = 2.0 * Math.PI * Math.PI * hm2;
        double sy = Math.Sqrt(d * tau0);
        double sx = Math.Sqrt(d * tau0 * tau0 * tau0 / 12.0);
        double phase = 0, freq = 0;
        for (int i = 0; i < x.Length; i++)
        {
            x[i] += phase;
            double dy = sy * rng.NextGaussian();
            phase += freq * tau0 + 0.5 * tau0 * dy + sx * rng.NextGaussian();
            freq += dy;
        }
    }

    /// <summary>Discrete two-sided PSD P(ω) of x (var x = (1/2π)∫P dω) for FPM (brick-wall) or FFM (aliased samples).</summary>
    public static double DiscretePhasePsd(int alpha, double h, double tau0, double omega)
    {
        // P(ω) = (1/(2τ0)) Σ_k S_x(|ω + 2πk|/(2πτ0)), S_x(f) = h f^(α−2)/(4π²) (one-sided)
        if (alpha == 1) return h / (4.0 * Math.PI * Math.PI) * (2.0 * Math.PI * tau0 / omega) / (2.0 * tau0); // brick-wall at f_h
        if (alpha != -1) throw new ArgumentOutOfRangeException(nameof(alpha));
        // FFM: S_x = h/(4π² f³) ⇒ P = h π τ0² Σ_k |ω + 2πk|⁻³ ; tail beyond |k| > K by its integral
        const int K = 16;
        double twoPi = 2.0 * Math.PI;
        double sum = 0;
        for (int k = -K; k <= K; k++)
        {
            double u = Math.Abs(omega + twoPi * k);
            sum += 1.0 / (u * u * u);
        }
        double a = twoPi * (K + 0.5) + omega, b = twoPi * (K + 0.5) - omega;
        sum += 1.0 / (2.0 * twoPi * a * a) + 1.0 / (2.0 * twoPi * b * b);
        return h * Math.PI * tau0 * tau0 * sum;
    }

    private static void AddSpectral(double[] x, int alpha, double h, double tau0, Xoshiro256StarStar rng)
    {
        int n = x.Length;
        int m = 8;
        while (m < 4L * n) m <<= 1;
        var re = new double[m];
        var im = new double[m];
        // Z_k = √(M P(ω_k)) (g1 + i g2); Re(IFFT Z) then has covariance (1/M) Σ P(ω_k) cos(ω_k Δn) (P even in ω).
        double twoPiOverM = 2.0 * Math.PI / m;
        var amplitude = new double[m / 2 + 1];
        for (int k = 1; k <= m / 2; k++) amplitude[k] = Math.Sqrt(m * DiscretePhasePsd(alpha, h, tau0, k * twoPiOverM));
        for (int k = 1; k < m; k++)
        {
            double a = amplitude[k <= m / 2 ? k : m - k];
            re[k] = a * rng.NextGaussian();
            im[k] = a * rng.NextGaussian();
        }
        new Fft(m).Inverse(re, im);
        double x0 = re[0];
        for (int i = 0; i < n; i++) x[i] += re[i] - x0;
    }
}
