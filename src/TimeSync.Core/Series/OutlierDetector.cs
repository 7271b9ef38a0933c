namespace TimeSync.Core.Series;

/// <summary>One flagged sample: its index in the series, its value and how many robust sigmas it lies from the median.</summary>
public readonly record struct Outlier(int Index, double Value, double RobustSigmas);

/// <summary>
/// Outlier flagging by the median absolute deviation (NIST SP 1065 §6.4: MAD = median(|y − m|)/0.6745, flag |y − m| &gt; k·MAD,
/// applied to frequency data as Stable32 does). Outliers are only reported; nothing is removed or changed.
/// </summary>
public static class OutlierDetector
{
    public const double DefaultThresholdSigmas = 5.0;

    /// <summary>Flags samples of the frequency form of <paramref name="series"/>; indices refer to that frequency form.</summary>
    /// <remarks>One scratch array of the finite frequencies (sorted for the median, then turned into |y − median| in
    /// place and sorted again); the frequency form itself is not built.</remarks>
    public static IReadOnlyList<Outlier> Flag(ClockSeries series, double thresholdSigmas = DefaultThresholdSigmas)
    {
        var v = series.Values;
        bool phase = series.Kind == SeriesKind.Phase;
        int count = phase ? Math.Max(0, v.Length - 1) : v.Length;
        double tau0 = series.Tau0Seconds;
        // y[i] = (x[i+1] − x[i]) / τ0 for phase (NIST SP 1065 eq. 3), as ClockSeries.ToFrequency
        double Y(int i) => phase ? (v[i + 1] - v[i]) / tau0 : v[i];

        int finiteCount = 0;
        for (int i = 0; i < count; i++) if (!double.IsNaN(Y(i))) finiteCount++;
        if (finiteCount < 3) return [];
        var scratch = new double[finiteCount];
        for (int i = 0, k = 0; i < count; i++) { double y = Y(i); if (!double.IsNaN(y)) scratch[k++] = y; }
        double median = Median(scratch);
        for (int k = 0; k < scratch.Length; k++) scratch[k] = Math.Abs(scratch[k] - median);
        double mad = Median(scratch) / 0.6745;
        var result = new List<Outlier>();
        if (mad == 0) return result;
        for (int i = 0; i < count; i++)
        {
            double y = Y(i);
            if (double.IsNaN(y)) continue;
            double s = Math.Abs(y - median) / mad;
            if (s > thresholdSigmas) result.Add(new(i, y, s));
        }
        return result;
    }

    private static double Median(double[] v)
    {
        Array.Sort(v);
        int n = v.Length;
        return n % 2 == 1 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
    }
}
