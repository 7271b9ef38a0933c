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

    /// <summary>Not identified: α = 0 printed as Stable32 prints it (totdev of frequency input, <see cref="StatisticDefinition.IdentifiesNoiseOfFrequencyInput"/>).</summary>
    Assumed,

    /// <summary>Refined mode, few points at m: the α of the nearest factor with enough points, which the data at m do not reject (<see cref="SparseNoiseHold"/>).</summary>
    Held,

    /// <summary>Set by the user for every τ, as Stable32's manual noise type (<see cref="StabilityAnalysis.Analyze"/>'s fixedAlpha).</summary>
    Fixed,
}

/// <summary>
/// Which noise identification an analysis prints. <see cref="Stable32"/> (the default everywhere) is Stable32's procedure
/// alone: α identical to what Stable32 prints on any data, including where that procedure misreads single-law noise
/// because few points remain. <see cref="Refined"/> is the physically best identification (see
/// <see cref="NoiseIdentification.Identify"/>).
/// </summary>
public enum NoiseIdMode { Stable32, Refined }

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
    /// Where the B1 ratio decides, Stable32's result depends on the statistic it is printed beside through
    /// <paramref name="b1Terms"/>, that statistic's number of terms at <paramref name="m"/> (its "#" column); without it the
    /// B1 ratio takes its physically steadier form (<see cref="B1NoiseIdentification.B1Alpha"/>).
    /// <paramref name="mode"/> <see cref="NoiseIdMode.Stable32"/> (default) is that procedure alone. <see cref="NoiseIdMode.Refined"/>
    /// adds on phase data the split of flicker PM and flicker FM where decimation misleads the lag-1 ACF
    /// (<see cref="PmNoiseSplit"/>), and where fewer than <see cref="SparseNoiseHold.ReliablePoints"/> points remain holds
    /// the α of the nearest factor with enough points unless the data at m reject it (<see cref="SparseNoiseHold"/>);
    /// it ignores <paramref name="b1Terms"/> (the B1 ratio in its physical form).
    /// </summary>
    public static NoiseEstimate Identify(ReadOnlySpan<double> values, SeriesKind kind, double tau0Seconds, int m, int maxDifferences = 2, long? b1Terms = null, NoiseIdMode mode = NoiseIdMode.Stable32)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m), m, "averaging factor must be ≥ 1");
        if (maxDifferences is < 0 or > Lag1Sums.MaxOrder) throw new ArgumentOutOfRangeException(nameof(maxDifferences));
        return mode == NoiseIdMode.Refined
            ? SparseNoiseHold.Identify(values, kind, tau0Seconds, m, maxDifferences)
            : IdentifyAt(values, kind, tau0Seconds, m, maxDifferences, b1Terms, refined: false);
    }

    /// <summary>α at m from the data at m alone: Stable32's procedure, and when <paramref name="refined"/> the <see cref="PmNoiseSplit"/> on phase data.</summary>
    internal static NoiseEstimate IdentifyAt(ReadOnlySpan<double> values, SeriesKind kind, double tau0Seconds, int m, int maxDifferences, long? b1Terms, bool refined)
    {
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
            // frequency input: the FFM/RWFM split on its integrated phase (averages do not fold PM, so that split is phase-only)
            if (refined && (phase || alpha < 0) && PmNoiseSplit.Applies(alpha, estimate, m))
                alpha = PmNoiseSplit.Refine(PhaseOf(values, kind, tau0Seconds), m, alpha);
            return new(Math.Clamp(alpha, alphaMin, 2), estimate, NoiseIdMethod.Lag1Autocorrelation);
        }
        int? b1 = B1NoiseIdentification.B1Alpha(PhaseOf(values, kind, tau0Seconds), tau0Seconds, m, b1Terms);
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

    /// <summary>The phase of <paramref name="values"/> (themselves when phase; integrated frequency, a copy, otherwise).</summary>
    internal static ReadOnlySpan<double> PhaseOf(ReadOnlySpan<double> values, SeriesKind kind, double tau0Seconds) =>
        kind == SeriesKind.Phase ? values : new ClockSeries(SeriesKind.Frequency, tau0Seconds, values.ToArray()).ToPhase(removeMeanFrequency: true).Values;

    internal static int CountDecimated(ReadOnlySpan<double> x, int m)
    {
        int n = 0;
        for (int i = 0; i < x.Length; i += m) if (!double.IsNaN(x[i])) n++;
        return n;
    }

    internal static int CountAveraged(ReadOnlySpan<double> y, int m)
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

    /// <summary>
    /// Lag-1 autocorrelation as Stable32 computes it: (1/n)Σ(z_i − z̄)(z_{i+1} − z̄) / ((1/(n−1))Σ(z_i − z̄)²), i.e.
    /// Riley &amp; Greenhall (2004) eq. 2 times (n − 1)/n (see <see cref="Lag1Sums.Lag1Autocorrelation"/>).
    /// </summary>
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
        return den == 0 ? 0 : num / den * (z.Length - 1) / z.Length;
    }

    /// <summary>Expected R(n) = Mod σ²/σ² for white PM (1/m) and flicker PM; kept here for callers of the lag-1 path
    /// (the B1 fallback and its theory live in <see cref="B1NoiseIdentification"/>).</summary>
    internal static double RnTheory(int m, int alpha) => B1NoiseIdentification.RnTheory(m, alpha);
}
