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
        if (h.H1 > 0 || h.HMinus1 > 0) AddSpectral(x, h.H1, h.HMinus1, tau0Seconds, new Xoshiro256StarStar(seed, 1), new Xoshiro256StarStar(seed, 11));
        if (h.H0 > 0) AddWhiteFm(x, h.H0, tau0Seconds, new Xoshiro256StarStar(seed, 10));
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

    /// <summary>
    /// Flicker PM and flicker FM by spectral synthesis, both from one complex FFT: X = X1 + i X2 with X1, X2 Hermitian
    /// (X_{M−k} = conj X_k), so IFFT(X) = x1 + i x2 with x1, x2 real and independent. For 0 &lt; k &lt; M/2,
    /// X_k = √(M P(ω_k)/2)(g1 + i g2) gives E|X_k|² = M P(ω_k) and cov(x_n, x_{n+l}) = (1/M) Σ_k P(ω_k) cos(ω_k l).
    /// </summary>
    private static void AddSpectral(double[] x, double h1, double hm1, double tau0, Xoshiro256StarStar rngFpm, Xoshiro256StarStar rngFfm)
    {
        int n = x.Length;
        int m = 8;
        while (m < 4L * n) m <<= 1;
        int half = m / 2;
        var re = new double[m];
        var im = new double[m];
        double twoPiOverM = 2.0 * Math.PI / m;
        for (int k = 1; k <= half; k++)
        {
            double w = k * twoPiOverM;
            double a1 = h1 > 0 ? Math.Sqrt(m * DiscretePhasePsd(1, h1, tau0, w) / (k == half ? 1.0 : 2.0)) : 0;
            double a2 = hm1 > 0 ? Math.Sqrt(m * DiscretePhasePsd(-1, hm1, tau0, w) / (k == half ? 1.0 : 2.0)) : 0;
            double r1 = 0, i1 = 0, r2 = 0, i2 = 0;
            if (a1 > 0) { r1 = a1 * rngFpm.NextGaussian(); i1 = k == half ? 0 : a1 * rngFpm.NextGaussian(); }
            if (a2 > 0) { r2 = a2 * rngFfm.NextGaussian(); i2 = k == half ? 0 : a2 * rngFfm.NextGaussian(); }
            // X_k = X1_k + i X2_k ; X_{M−k} = conj(X1_k) + i conj(X2_k)
            re[k] = r1 - i2;
            im[k] = i1 + r2;
            if (k != half)
            {
                re[m - k] = r1 + i2;
                im[m - k] = -i1 + r2;
            }
        }
        new Fft(m).Inverse(re, im);
        double re0 = re[0], im0 = im[0];
        for (int i = 0; i < n; i++) x[i] += (re[i] - re0) + (im[i] - im0);
    }
}
