namespace TimeSync.Core.Statistics;

/// <summary>
/// Snedecor's F distribution with (k1, k2) possibly fractional degrees of freedom, the law of (χ²_k1/k1)/(χ²_k2/k2) for
/// independent χ² variables: CDF through the regularized incomplete beta function I_x(a, b) (Numerical Recipes 3rd ed.
/// §6.4, Lentz continued fraction; §6.14.10: P(F ≤ f) = I_{k1 f/(k1 f + k2)}(k1/2, k2/2)) and its inverse by bisection.
/// </summary>
public static class FDistribution
{
    /// <summary>P(F ≤ f).</summary>
    public static double Cdf(double f, double k1, double k2) => f <= 0 ? 0 : RegularizedBeta(k1 * f / (k1 * f + k2), k1 / 2, k2 / 2);

    /// <summary>The f with P(F ≤ f) = p, for 0 &lt; p &lt; 1 (bisection on ln f to a relative 1e-12).</summary>
    public static double Quantile(double p, double k1, double k2)
    {
        if (!(p > 0 && p < 1)) throw new ArgumentOutOfRangeException(nameof(p), "probability must be in (0, 1)");
        if (!(k1 > 0) || !(k2 > 0)) throw new ArgumentOutOfRangeException(nameof(k1), "degrees of freedom must be positive");
        double lo = -1, hi = 1;
        while (Cdf(Math.Exp(lo), k1, k2) > p) lo *= 2;
        while (Cdf(Math.Exp(hi), k1, k2) < p) hi *= 2;
        while (hi - lo > 1e-12)
        {
            double mid = (lo + hi) / 2;
            if (Cdf(Math.Exp(mid), k1, k2) < p) lo = mid; else hi = mid;
        }
        return Math.Exp((lo + hi) / 2);
    }

    /// <summary>Regularized incomplete beta I_x(a, b) (NR3 §6.4: continued fraction, symmetry beyond the mean).</summary>
    public static double RegularizedBeta(double x, double a, double b)
    {
        if (x <= 0) return 0;
        if (x >= 1) return 1;
        double front = Math.Exp(ChiSquared.LogGamma(a + b) - ChiSquared.LogGamma(a) - ChiSquared.LogGamma(b) + a * Math.Log(x) + b * Math.Log(1 - x));
        return x < (a + 1) / (a + b + 2) ? front * BetaContinuedFraction(x, a, b) / a : 1 - front * BetaContinuedFraction(1 - x, b, a) / b;
    }

    // NR3 §6.4 betacf: modified Lentz
    private static double BetaContinuedFraction(double x, double a, double b)
    {
        const double fpmin = 1e-300;
        double qab = a + b, qap = a + 1, qam = a - 1, c = 1, d = 1 - qab * x / qap;
        if (Math.Abs(d) < fpmin) d = fpmin;
        d = 1 / d;
        double h = d;
        for (int m = 1; m < 100_000; m++)
        {
            int m2 = 2 * m;
            double aa = m * (b - m) * x / ((qam + m2) * (a + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < fpmin) d = fpmin;
            c = 1 + aa / c;
            if (Math.Abs(c) < fpmin) c = fpmin;
            d = 1 / d;
            h *= d * c;
            aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2));
            d = 1 + aa * d;
            if (Math.Abs(d) < fpmin) d = fpmin;
            c = 1 + aa / c;
            if (Math.Abs(c) < fpmin) c = fpmin;
            d = 1 / d;
            double del = d * c;
            h *= del;
            if (Math.Abs(del - 1) < 1e-15) break;
        }
        return h;
    }
}
