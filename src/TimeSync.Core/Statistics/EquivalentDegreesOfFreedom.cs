namespace TimeSync.Core.Statistics;

/// <summary>
/// Equivalent degrees of freedom of the Allan/Hadamard family by C. A. Greenhall and W. J. Riley,
/// "Uncertainty of stability variances based on finite differences", 35th PTTI (2003), the algorithm Stable32 uses
/// (a port of its published cases; cross-checked against allantools' edf_greenhall).
/// </summary>
public static class EquivalentDegreesOfFreedom
{
    public static double Adev(int alpha, int m, int phaseCount) => Greenhall(alpha, 2, m, phaseCount, overlapping: false, modified: false);
    public static double Oadev(int alpha, int m, int phaseCount) => Greenhall(alpha, 2, m, phaseCount, overlapping: true, modified: false);
    public static double Mdev(int alpha, int m, int phaseCount) => Greenhall(alpha, 2, m, phaseCount, overlapping: true, modified: true);
    public static double Hdev(int alpha, int m, int phaseCount) => Greenhall(alpha, 3, m, phaseCount, overlapping: false, modified: false);
    public static double Ohdev(int alpha, int m, int phaseCount) => Greenhall(alpha, 3, m, phaseCount, overlapping: true, modified: false);

    private const int JMax = 100;

    /// <summary>
    /// Greenhall &amp; Riley (2003) EDF for a variance of d-th differences (d = 2 Allan, 3 Hadamard) of phase with
    /// averaging factor m over N phase points, noise exponent α (S_y ∝ f^α), requiring α + 2d &gt; 1.
    /// Returns NaN when no case applies.
    /// </summary>
    public static double Greenhall(int alpha, int d, int m, int phaseCount, bool overlapping, bool modified)
    {
        if (alpha + 2 * d <= 1 || m < 1) return double.NaN;
        double f = modified ? 1 : m;          // F: filter factor, 1 modified, m unmodified
        double s = overlapping ? m : 1;        // S: stride factor, m overlapped, 1 non-overlapped
        double l = m / f + m * d;              // L: filter length in phase samples
        double bigM = 1 + Math.Floor(s * (phaseCount - l) / m);
        if (bigM < 1) return double.NaN;
        double j = Math.Min(bigM, (d + 1) * s);
        double r = bigM / s;
        double invEdf;
        if (modified)
        {
            // case 1: modified variances, all α
            if (j <= JMax) invEdf = BasicSum(j, bigM, s, 1, alpha, d) / (Sq(Sz(0, 1, alpha, d)) * bigM);
            else if (r > d + 1) { var (a0, a1) = Table1(alpha, d); invEdf = (a0 - a1 / r) / r; }
            else invEdf = BasicSum(JMax, JMax, JMax / r, 1, alpha, d) / (Sq(Sz(0, 1, alpha, d)) * JMax);
        }
        else if (alpha <= 0)
        {
            // case 2: unmodified, α ≤ 0
            if (j <= JMax)
            {
                double mPrime = m * (d + 1) <= JMax ? m : double.PositiveInfinity;
                invEdf = BasicSum(j, bigM, s, mPrime, alpha, d) / (Sq(Sz(0, mPrime, alpha, d)) * bigM);
            }
            else if (r > d + 1) { var (a0, a1) = Table2(alpha, d); invEdf = (a0 - a1 / r) / r; }
            else invEdf = BasicSum(JMax, JMax, JMax / r, double.PositiveInfinity, alpha, d) / (Sq(Sz(0, double.PositiveInfinity, alpha, d)) * JMax);
        }
        else if (alpha == 1)
        {
            // case 3: unmodified, α = 1
            if (j <= JMax) invEdf = BasicSum(j, bigM, s, m, 1, d) / (Sq(Sz(0, m, 1, d)) * bigM);
            else if (r > d + 1)
            {
                var (a0, a1) = Table2(alpha, d);
                var (b0, b1) = Table3(d);
                invEdf = (a0 - a1 / r) / (Sq(b0 + b1 * Math.Log(m)) * r);
            }
            else
            {
                var (b0, b1) = Table3(d);
                invEdf = BasicSum(JMax, JMax, JMax / r, JMax / r, 1, d) / (Sq(b0 + b1 * Math.Log(m)) * JMax);
            }
        }
        else
        {
            // case 4: unmodified, α = 2
            double k = Math.Ceiling(r);
            if (k <= d)
            {
                // Greenhall & Riley (2003) case 4, K ≤ d: 1/edf = (1/M) Σ_{|k|<K} (1 − |k|/r) [C(2d, d−k)/C(2d, d)]²
                // (white PM: only lags that are multiples of m correlate, with ρ_k = (−1)^k C(2d, d+k)/C(2d, d))
                double sum = 0;
                for (int lag = 1 - (int)k; lag <= (int)k - 1; lag++)
                    sum += (1 - Math.Abs(lag) / r) * Sq(Binomial(2 * d, d - Math.Abs(lag)) / Binomial(2 * d, d));
                invEdf = sum / bigM;
            }
            else
            {
                // K > d: 1/edf = (a0 − a1/r)/M with a0 = C(4d, 2d)/C(2d, d)², a1 = d/2
                double a0 = Binomial(4 * d, 2 * d) / Sq(Binomial(2 * d, d));
                double a1 = d / 2.0;
                invEdf = (a0 - a1 / r) / bigM;
            }
        }
        return 1.0 / invEdf;
    }

    private static double Sq(double v) => v * v;

    private static double Binomial(int n, int k)
    {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }

    // Greenhall & Riley (2003) eq. (10)
    private static double BasicSum(double j, double bigM, double s, double f, int alpha, int d)
    {
        double first = Sq(Sz(0, f, alpha, d));
        double second = (1 - j / bigM) * Sq(Sz(j / s, f, alpha, d));
        double third = 0;
        for (int k = 1; k < (int)j; k++)
            third += 2 * (1 - k / bigM) * Sq(Sz(k / s, f, alpha, d));
        return first + second + third;
    }

    // eq. (9)
    private static double Sz(double t, double f, int alpha, int d) => d switch
    {
        1 => 2 * Sx(t, f, alpha) - Sx(t - 1, f, alpha) - Sx(t + 1, f, alpha),
        2 => 6 * Sx(t, f, alpha) - 4 * Sx(t - 1, f, alpha) - 4 * Sx(t + 1, f, alpha) + Sx(t - 2, f, alpha) + Sx(t + 2, f, alpha),
        3 => 20 * Sx(t, f, alpha) - 15 * Sx(t - 1, f, alpha) - 15 * Sx(t + 1, f, alpha) + 6 * Sx(t - 2, f, alpha) + 6 * Sx(t + 2, f, alpha)
             - Sx(t - 3, f, alpha) - Sx(t + 3, f, alpha),
        _ => throw new ArgumentOutOfRangeException(nameof(d)),
    };

    // eq. (8)
    private static double Sx(double t, double f, int alpha)
    {
        if (double.IsPositiveInfinity(f)) return Sw(t, alpha + 2);
        return f * f * (2 * Sw(t, alpha) - Sw(t - 1 / f, alpha) - Sw(t + 1 / f, alpha));
    }

    // eq. (7)
    private static double Sw(double t, int alpha)
    {
        double a = Math.Abs(t);
        return alpha switch
        {
            2 => -a,
            1 => t == 0 ? 0 : t * t * Math.Log(a),
            0 => a * a * a,
            -1 => t == 0 ? 0 : Math.Pow(t, 4) * Math.Log(a),
            -2 => Math.Pow(a, 5),
            -3 => t == 0 ? 0 : Math.Pow(t, 6) * Math.Log(a),
            -4 => Math.Pow(a, 7),
            _ => double.NaN,
        };
    }

    // Table 1 (modified variances): (a0, a1) by α = 2..−4 rows and d = 1..3 columns
    private static (double, double) Table1(int alpha, int d) => (alpha, d) switch
    {
        (2, 1) => (2.0 / 3, 1.0 / 3), (2, 2) => (7.0 / 9, 1.0 / 2), (2, 3) => (22.0 / 25, 2.0 / 3),
        (1, 1) => (0.840, 0.345), (1, 2) => (0.997, 0.616), (1, 3) => (1.141, 0.843),
        (0, 1) => (1.079, 0.368), (0, 2) => (1.033, 0.607), (0, 3) => (1.184, 0.848),
        (-1, 2) => (1.048, 0.534), (-1, 3) => (1.180, 0.816),
        (-2, 2) => (1.302, 0.535), (-2, 3) => (1.175, 0.777),
        (-3, 3) => (1.194, 0.703),
        (-4, 3) => (1.489, 0.702),
        _ => (double.NaN, double.NaN),
    };

    // Table 2 (unmodified variances)
    private static (double, double) Table2(int alpha, int d) => (alpha, d) switch
    {
        (2, 1) => (3.0 / 2, 1.0 / 2), (2, 2) => (35.0 / 18, 1.0), (2, 3) => (231.0 / 100, 3.0 / 2),
        (1, 1) => (78.6, 25.2), (1, 2) => (790.0, 410.0), (1, 3) => (9950.0, 6520.0),
        (0, 1) => (2.0 / 3, 1.0 / 6), (0, 2) => (2.0 / 3, 1.0 / 3), (0, 3) => (7.0 / 9, 1.0 / 2),
        (-1, 2) => (0.852, 0.375), (-1, 3) => (0.997, 0.617),
        (-2, 2) => (1.079, 0.368), (-2, 3) => (1.033, 0.607),
        (-3, 3) => (1.053, 0.553),
        (-4, 3) => (1.302, 0.535),
        _ => (double.NaN, double.NaN),
    };

    // Table 3 (α = 1, unmodified): (b0, b1) by d
    private static (double, double) Table3(int d) => d switch
    {
        1 => (6.0, 4.0), 2 => (15.23, 12.0), 3 => (47.8, 40.0),
        _ => (double.NaN, double.NaN),
    };
}
