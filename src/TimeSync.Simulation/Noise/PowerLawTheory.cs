namespace TimeSync.Simulation.Noise;

/// <summary>
/// Expected Allan and modified Allan variances of power-law noise: the NIST SP 1065 (Riley 2008) Table 5
/// conversion formulas, and the exact values for the sampled processes <see cref="PowerLawNoise"/> generates.
/// </summary>
public static class PowerLawTheory
{
    /// <summary>
    /// σ_y²(τ) from NIST SP 1065 Table 5 with f_h = 1/(2τ0): WPM 3 f_h h2/(4π²τ²); FPM [1.038 + 3 ln(2π f_h τ)] h1/(4π²τ²);
    /// WFM h0/(2τ); FFM 2 ln2 h_−1; RWFM (2π)² τ h_−2/6.
    /// </summary>
    public static double NistAllanVariance(int alpha, double h, double tau0Seconds, double tauSeconds)
    {
        double fh = 0.5 / tau0Seconds;
        double pi2 = Math.PI * Math.PI;
        double t = tauSeconds;
        return alpha switch
        {
            2 => 3.0 * fh * h / (4.0 * pi2 * t * t),
            1 => (1.038 + 3.0 * Math.Log(2.0 * Math.PI * fh * t)) * h / (4.0 * pi2 * t * t),
            0 => h / (2.0 * t),
            -1 => 2.0 * Math.Log(2.0) * h,
            -2 => 4.0 * pi2 * t * h / 6.0,
            _ => throw new ArgumentOutOfRangeException(nameof(alpha)),
        };
    }

    /// <summary>
    /// Mod σ_y²(τ) from NIST SP 1065 Table 5 (asymptotic, τ ≫ τ0; with f_h = 1/(2τ0)): WPM 3 f_h τ0 h2/(4π²τ³) = 3 h2/(8π²τ³);
    /// FPM 3 ln(256/27) h1/(8π²τ²); WFM h0/(4τ); FFM (27/20) ln2 h_−1; RWFM (11/20) π² τ h_−2 (= 0.824·(2π)² τ h_−2/6).
    /// </summary>
    public static double NistModifiedAllanVariance(int alpha, double h, double tau0Seconds, double tauSeconds)
    {
        double fh = 0.5 / tau0Seconds;
        double pi2 = Math.PI * Math.PI;
        double t = tauSeconds;
        return alpha switch
        {
            2 => 3.0 * fh * tau0Seconds * h / (4.0 * pi2 * t * t * t),
            1 => 3.0 * Math.Log(256.0 / 27.0) * h / (8.0 * pi2 * t * t),
            0 => h / (4.0 * t),
            -1 => 27.0 / 20.0 * Math.Log(2.0) * h,
            -2 => 11.0 / 20.0 * pi2 * t * h,
            _ => throw new ArgumentOutOfRangeException(nameof(alpha)),
        };
    }

    /// <summary>
    /// Exact σ_y²(mτ0) (or Mod σ_y² when <paramref name="modified"/>) of the sampled process generated for one power
    /// law: (1/(2m²τ0²))·(1/π)∫₀^π P(ω)|G_m(ω)|² dω with the generator's discrete spectrum P and the estimator's filter
    /// G_m (second difference at lag m, averaged over m starts for Mod σ²; Allan 1981, Riley 2008 §5.2.5).
    /// </summary>
    public static double ExactVariance(int alpha, double h, double tau0Seconds, int m, bool modified)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m));
        double tau0 = tau0Seconds;
        if (alpha == 2)
        {
            double varX = h / (8.0 * Math.PI * Math.PI * tau0);
            double tau = m * tau0;
            return modified ? 3.0 * varX / (m * tau * tau) : 3.0 * varX / (tau * tau);
        }
        if (alpha == 0 && !modified) return h / (2.0 * m * tau0);
        // midpoint rule, ≥ 64 points per oscillation of sin(mω/2)
        int n = Math.Max(8192, 64 * m);
        double dw = Math.PI / n;
        double sum = 0;
        for (int i = 0; i < n; i++)
        {
            double w = (i + 0.5) * dw;
            double s = 2.0 * Math.Sin(m * w / 2.0);
            double g = s * s * s * s;
            if (modified)
            {
                double d = Math.Sin(m * w / 2.0) / (m * Math.Sin(w / 2.0));
                g *= d * d;
            }
            sum += Psd(alpha, h, tau0, w) * g;
        }
        return sum * dw / Math.PI / (2.0 * m * m * tau0 * tau0);
    }

    private static double Psd(int alpha, double h, double tau0, double w)
    {
        switch (alpha)
        {
            case 1:
            case -1:
                return PowerLawNoise.DiscretePhasePsd(alpha, h, tau0, w);
            case 0:
            {
                double s = 2.0 * Math.Sin(w / 2.0);
                return h * tau0 / 2.0 / (s * s); // random walk, step variance h0 τ0/2
            }
            case -2:
            {
                // point samples of integrated Brownian motion: P = 2π² h τ0³ Σ_k (ω + 2πk)⁻⁴
                const int K = 16;
                double twoPi = 2.0 * Math.PI;
                double sum = 0;
                for (int k = -K; k <= K; k++)
                {
                    double u = w + twoPi * k;
                    double u2 = u * u;
                    sum += 1.0 / (u2 * u2);
                }
                double a = twoPi * (K + 0.5) + w, b = twoPi * (K + 0.5) - w;
                sum += 1.0 / (3.0 * twoPi * a * a * a) + 1.0 / (3.0 * twoPi * b * b * b);
                return 2.0 * Math.PI * Math.PI * h * tau0 * tau0 * tau0 * sum;
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(alpha));
        }
    }
}
