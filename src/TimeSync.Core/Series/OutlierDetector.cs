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
    public static IReadOnlyList<Outlier> Flag(ClockSeries series, double thresholdSigmas = DefaultThresholdSigmas)
    {
        var y = series.ToFrequency().Values;
        var finite = y.Where(v => !double.IsNaN(v)).ToArray();
        if (finite.Length < 3) return [];
        double median = Median(finite);
        var dev = finite.Select(v => Math.Abs(v - median)).ToArray();
        double mad = Median(dev) / 0.6745;
        var result = new List<Outlier>();
        if (mad == 0) return result;
        for (int i = 0; i < y.Length; i++)
        {
            if (double.IsNaN(y[i])) continue;
            double s = Math.Abs(y[i] - median) / mad;
            if (s > thresholdSigmas) result.Add(new(i, y[i], s));
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
