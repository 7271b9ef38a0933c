namespace TimeSync.Core.Statistics;

/// <summary>
/// The chi-squared distribution with k (possibly fractional) degrees of freedom: CDF through the regularized lower
/// incomplete gamma function P(a, x) and its inverse, after Numerical Recipes 3rd ed. (Press et al. 2007) §6.1–6.2
/// (Lanczos ln Γ, series / Lentz continued fraction for P and Q, Halley iteration for the inverse from the
/// Abramowitz &amp; Stegun 26.2.22 / Wilson–Hilferty starting values).
/// </summary>
public static class ChiSquared
{
    /// <summary>P(χ²_k ≤ x).</summary>
    public static double Cdf(double x, double k) => x <= 0 ? 0 : RegularizedGammaP(k / 2, x / 2);

    /// <summary>The x with P(χ²_k ≤ x) = p, for 0 &lt; p &lt; 1.</summary>
    public static double Quantile(double p, double k)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "probability must be in (0, 1)");
        if (!(k > 0)) throw new ArgumentOutOfRangeException(nameof(k), "degrees of freedom must be positive");
        return 2 * InverseRegularizedGammaP(p, k / 2);
    }

    /// <summary>ln Γ(x) for x &gt; 0, Lanczos approximation (NR3 §6.1, g = 671/128, 14 terms), relative error below 1e-15.</summary>
    public static double LogGamma(double x)
    {
        ReadOnlySpan<double> cof =
        [
            57.1562356658629235, -59.5979603554754912, 14.1360979747417471, -0.491913816097620199,
            .339946499848118887e-4, .465236289270485756e-4, -.983744753048795646e-4, .158088703224912494e-3,
            -.210264441724104883e-3, .217439618115212643e-3, -.164318106536763890e-3, .844182239838527433e-4,
            -.261908384015814087e-4, .368991826595316234e-5,
        ];
        if (x <= 0) throw new ArgumentOutOfRangeException(nameof(x));
        double y = x, tmp = x + 5.24218750000000000;
        tmp = (x + 0.5) * Math.Log(tmp) - tmp;
        double ser = 0.999999999999997092;
        for (int j = 0; j < 14; j++) ser += cof[j] / ++y;
        return tmp + Math.Log(2.5066282746310005 * ser / x);
    }

    /// <summary>Regularized lower incomplete gamma P(a, x) = γ(a, x)/Γ(a).</summary>
    public static double RegularizedGammaP(double a, double x)
    {
        if (x < 0 || a <= 0) throw new ArgumentOutOfRangeException(nameof(x));
        if (x == 0) return 0;
        return x < a + 1 ? GammaSeries(a, x) : 1 - GammaContinuedFraction(a, x);
    }

    // NR3 §6.2: series for P, converges for x < a + 1
    private static double GammaSeries(double a, double x)
    {
        double ap = a, del = 1 / a, sum = del;
        for (int n = 0; n < 100_000; n++)
        {
            ap++;
            del *= x / ap;
            sum += del;
            if (Math.Abs(del) < Math.Abs(sum) * 1e-16) break;
        }
        return sum * Math.Exp(-x + a * Math.Log(x) - LogGamma(a));
    }

    // NR3 §6.2: modified Lentz continued fraction for Q = 1 − P, converges for x ≥ a + 1
    private static double GammaContinuedFraction(double a, double x)
    {
        const double fpmin = 1e-300;
        double b = x + 1 - a, c = 1 / fpmin, d = 1 / b, h = d;
        for (int i = 1; i < 100_000; i++)
        {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.Abs(d) < fpmin) d = fpmin;
            c = b + an / c;
            if (Math.Abs(c) < fpmin) c = fpmin;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-16) break;
        }
        return Math.Exp(-x + a * Math.Log(x) - LogGamma(a)) * h;
    }

    // NR3 §6.2.1 invgammp: Halley's method on P(a, x) − p
    private static double InverseRegularizedGammaP(double p, double a)
    {
        double x, err, t, u, lna1 = 0, afac = 0;
        double a1 = a - 1;
        double gln = LogGamma(a);
        if (a > 1)
        {
            lna1 = Math.Log(a1);
            afac = Math.Exp(a1 * (lna1 - 1) - gln);
            double pp = p < 0.5 ? p : 1 - p;
            t = Math.Sqrt(-2 * Math.Log(pp));
            x = (2.30753 + t * 0.27061) / (1 + t * (0.99229 + t * 0.04481)) - t;
            if (p < 0.5) x = -x;
            x = Math.Max(1e-3, a * Math.Pow(1 - 1 / (9 * a) - x / (3 * Math.Sqrt(a)), 3));
        }
        else
        {
            t = 1 - a * (0.253 + a * 0.12);
            x = p < t ? Math.Pow(p / t, 1 / a) : 1 - Math.Log(1 - (p - t) / (1 - t));
        }
        for (int j = 0; j < 100; j++)
        {
            if (x <= 0) return 0;
            err = RegularizedGammaP(a, x) - p;
            t = a > 1 ? afac * Math.Exp(-(x - a1) + a1 * (Math.Log(x) - lna1)) : Math.Exp(-x + a1 * Math.Log(x) - gln);
            if (t == 0) break;
            u = err / t;
            x -= (t = u / (1 - 0.5 * Math.Min(1, u * ((a - 1) / x - 1))));
            if (x <= 0) x = 0.5 * (x + t);
            if (Math.Abs(t) < 1e-14 * x) break;
        }
        return x;
    }
}
