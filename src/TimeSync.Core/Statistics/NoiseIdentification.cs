using TimeSync.Core.Series;

namespace TimeSync.Core.Statistics;

/// <summary>How the noise type of one τ was decided.</summary>
public enum NoiseIdMethod
{
    /// <summary>Lag-1 autocorrelation (Riley &amp; Greenhall 2004); on phase data refined by R(n) at m ≥ 4 (<see cref="PmNoiseSplit"/>).</summary>
    Lag1Autocorrelation,

    /// <summary>B1 bias ratio (Barnes 1969, Howe et al. 2000), with R(n) separating white and flicker PM.</summary>
    B1Ratio,

    /// <summary>Too few points for either method.</summary>
    None,
}

/// <summary>The power-law noise type at one τ: S_y(f) ∝ f^α, α ∈ {2 WPM, 1 FPM, 0 WFM, −1 FFM, −2 RWFM, −3, −4}.</summary>
public readonly record struct NoiseEstimate(int Alpha, double AlphaEstimate, NoiseIdMethod Method);

/// <summary>
/// Power-law noise identification per averaging factor, as Stable32: the lag-1 autocorrelation method of
/// W. J. Riley and C. A. Greenhall, "Power law noise identification using the lag 1 autocorrelation", EFTF 2004,
/// where at least <see cref="MinimumAcfPoints"/> averaged points remain, else the B1 ratio (NIST SP 1065 §5.6).
/// </summary>
public static class NoiseIdentification
{
    /// <summary>Fewest decimated/averaged points the lag-1 ACF is used with (Riley &amp; Greenhall 2004: N ≥ 30).</summary>
    public const int MinimumAcfPoints = 30;

    /// <summary>
    /// Noise type at averaging factor <paramref name="m"/> of <paramref name="values"/> (phase in seconds, or fractional
    /// frequency, as given by <paramref name="kind"/>; NaN gaps are dropped), with at most <paramref name="maxDifferences"/>
    /// differencing steps (2 for the Allan family, 3 for Hadamard). α is clamped to [2, 2 − 2·maxDifferences].
    /// </summary>
    public static NoiseEstimate Identify(ReadOnlySpan<double> values, SeriesKind kind, double tau0Seconds, int m, int maxDifferences = 2)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m), m, "averaging factor must be ≥ 1");
        if (maxDifferences is < 0 or > Lag1Sums.MaxOrder) throw new ArgumentOutOfRangeException(nameof(maxDifferences));
        int alphaMin = 2 - 2 * maxDifferences;
        bool phase = kind == SeriesKind.Phase;
        int count = phase ? CountDecimated(values, m) : CountAveraged(values, m);
        if (count >= MinimumAcfPoints)
        {
            // phase: remove frequency offset and drift (quadratic); frequency averages are used as they are,
            // which is what reproduces Stable32's α on the OCXO reference (a linear detrend changes AF 5 from 1 to 0)
            var sums = phase ? Lag1Sums.OfDecimatedPhase(values, m, count, maxDifferences) : Lag1Sums.OfAveragedFrequency(values, m, maxDifferences);
            var (alpha, estimate) = Lag1(sums, kind, maxDifferences);
            // decimated phase folds flicker PM and FM: R(n) re-decides WPM/FPM/WFM, the Mod σ² slope FFM/RWFM (PmNoiseSplit)
            if (phase && PmNoiseSplit.Applies(alpha, estimate, m)) alpha = PmNoiseSplit.Refine(values, m, alpha);
            return new(Math.Clamp(alpha, alphaMin, 2), estimate, NoiseIdMethod.Lag1Autocorrelation);
        }
        int? b1;
        if (phase) b1 = B1Alpha(values, tau0Seconds, m);
        else b1 = B1Alpha(new ClockSeries(SeriesKind.Frequency, tau0Seconds, values.ToArray()).ToPhase().Values, tau0Seconds, m);
        return b1 is int a ? new(Math.Clamp(a, alphaMin, 2), a, NoiseIdMethod.B1Ratio) : new(0, double.NaN, NoiseIdMethod.None);
    }

    // Riley & Greenhall (2004) eq. (2)–(4): difference until ρ = r1/(1+r1) < 0.25 (or d = dmax); α = 2 − 2(ρ + d) for phase.
    private static (int Alpha, double Estimate) Lag1(in Lag1Sums sums, SeriesKind kind, int maxDifferences)
    {
        int add = kind == SeriesKind.Phase ? 2 : 0;
        for (int d = 0; ; d++)
        {
            double r1 = sums.Lag1Autocorrelation(d);
            double rho = r1 / (1 + r1);
            if (rho < 0.25 || d >= maxDifferences || sums.Count(d) < 3)
                return ((int)(-Math.Round(2 * rho, MidpointRounding.ToEven) - 2 * d) + add, -2 * (rho + d) + add);
        }
    }

    private static int CountDecimated(ReadOnlySpan<double> x, int m)
    {
        int n = 0;
        for (int i = 0; i < x.Length; i += m) if (!double.IsNaN(x[i])) n++;
        return n;
    }

    private static int CountAveraged(ReadOnlySpan<double> y, int m)
    {
        int n = 0;
        for (int i = 0; i + m <= y.Length; i += m) if (!double.IsNaN(BlockMean(y, i, m))) n++;
        return n;
    }

    internal static double BlockMean(ReadOnlySpan<double> y, int from, int m)
    {
        double s = 0;
        for (int k = from; k < from + m; k++) s += y[k];
        return s / m;
    }

    /// <summary>Lag-1 autocorrelation r1 = Σ(z_i − z̄)(z_{i+1} − z̄) / Σ(z_i − z̄)² (Riley &amp; Greenhall 2004 eq. 2).</summary>
    public static double Lag1Autocorrelation(ReadOnlySpan<double> z)
    {
        double mean = 0;
        foreach (var v in z) mean += v;
        mean /= z.Length;
        double num = 0, den = 0;
        for (int i = 0; i < z.Length; i++)
        {
            double a = z[i] - mean;
            den += a * a;
            if (i + 1 < z.Length) num += a * (z[i + 1] - mean);
        }
        return den == 0 ? 0 : num / den;
    }

    /// <summary>
    /// B1-ratio identification (NIST SP 1065 §5.6; Howe, Beard, Greenhall, Riley 2000 Table 3): B1 = N-sample variance
    /// of the m-averaged frequencies / their two-sample (Allan) variance, compared with the theoretical B1(N, μ) at the
    /// geometric-mean boundaries; μ = −2 (white or flicker PM) is split by R(n) = Mod σ²/σ² against 1/m. Both ratios use
    /// the overlapping Allan variance: with the non-overlapping one (Barnes' definition, allantools b1/rn) fewer Stable32
    /// B1-region α differ (399 instead of 565 of 1220) but the ratio from ~10 averages is so noisy that white FM is read
    /// as white PM at N/m ≈ 12 (the three-cornered-hat physics test in TimeSync.Simulation.Tests then fails).
    /// </summary>
    internal static int? B1Alpha(ReadOnlySpan<double> phase, double tau0Seconds, int m)
    {
        var avg = new List<double>();
        for (int i = 0; i + m < phase.Length; i += m)
        {
            double d = phase[i + m] - phase[i];
            if (!double.IsNaN(d)) avg.Add(d / (m * tau0Seconds));
        }
        int n = avg.Count;
        if (n < 3) return null;
        double mean = avg.Average();
        double var = avg.Sum(v => (v - mean) * (v - mean)) / (n - 1);
        var allan = AllanDeviation.Oadev(phase, tau0Seconds, m); // overlapping Allan variance: a steadier denominator
        if (allan.Terms == 0 || allan.Value == 0) return null;
        double b1 = var / (allan.Value * allan.Value);
        // μ = −2 (α 2,1), −1 (α 0), 0 (α −1), 1 (α −2)
        int mu = -2;
        for (int candidate = -1; candidate <= 1; candidate++)
        {
            double boundary = Math.Sqrt(B1Theory(n, candidate - 1) * B1Theory(n, candidate));
            if (b1 > boundary) mu = candidate; else break;
        }
        if (mu > -2) return -1 - mu; // μ −1 → α 0, μ 0 → α −1, μ 1 → α −2
        var mdev = ModifiedAllanDeviation.Mdev(phase, tau0Seconds, m);
        if (mdev.Terms == 0) return 2;
        double rn = mdev.Value * mdev.Value / (allan.Value * allan.Value);
        double rnBoundary = Math.Sqrt(RnTheory(m, 2) * RnTheory(m, 1));
        return rn < rnBoundary ? 2 : 1;
    }

    /// <summary>Expected B1 for N averages and exponent μ of σ²(τ) ∝ τ^μ (Howe et al. 2000, Table 3).</summary>
    internal static double B1Theory(int n, int mu) => mu switch
    {
        2 => n * (n + 1.0) / 6.0,
        1 => n / 2.0,
        0 => n * Math.Log(n) / (2.0 * (n - 1.0) * Math.Log(2)),
        -1 => 1,
        -2 => (n * (double)n - 1.0) / (1.5 * n * (n - 1.0)),
        _ => n * (1 - Math.Pow(n, mu)) / (2 * (n - 1.0) * (1 - Math.Pow(2, mu))),
    };

    /// <summary>Expected R(n) = Mod σ²/σ² for white PM (1/m) and flicker PM (NIST SP 1065 §5.6, f_h = 1/(2τ0)).</summary>
    internal static double RnTheory(int m, int alpha)
    {
        if (alpha == 2) return 1.0 / m;
        if (alpha != 1) return 1;
        double avar = (1.038 + 3 * Math.Log(2 * Math.PI * 0.5 * m)) / (4.0 * Math.PI * Math.PI);
        double mvar = 3 * Math.Log(256.0 / 27.0) / (8.0 * Math.PI * Math.PI);
        return mvar / avar;
    }
}
