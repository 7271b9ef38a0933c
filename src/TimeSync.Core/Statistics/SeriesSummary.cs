using TimeSync.Core.Series;

namespace TimeSync.Core.Statistics;

/// <summary>Percentiles p50, p90, p95, p99, p99.9 (linear interpolation between order statistics, Hyndman &amp; Fan type 7).</summary>
public readonly record struct Percentiles(double P50, double P90, double P95, double P99, double P999);

/// <summary>
/// Summary of a series (values in its own unit: seconds for phase, dimensionless for frequency); NaN gaps are excluded
/// and counted separately.
/// </summary>
public sealed record SeriesSummary(
    long Count, long Gaps, double Mean, double Stdev, double Rms, double Min, double Max, double PeakToPeak,
    Percentiles Percentiles, Percentiles AbsPercentiles, double PeriodJitter, double FrequencyOffset, double DriftPerSecond)
{
    public static SeriesSummary Of(ClockSeries series)
    {
        var v = series.Values;
        var finite = new double[v.Length];
        int n = 0;
        double sumSq = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        foreach (var x in v)
        {
            if (double.IsNaN(x)) continue;
            finite[n++] = x;
            sumSq += x * x;
            if (x < min) min = x;
            if (x > max) max = x;
        }
        if (n == 0) throw new InputException("series", "no finite values");
        double mean = ClockSeries.MeanOfFinite(v); // compensated sum (the plain one loses digits on 10^7 Hz values)
        double ss = 0; // two-pass variance, NIST SP 1065 eq. (1)
        for (int i = 0; i < n; i++) { double d = finite[i] - mean; ss += d * d; }
        double stdev = n > 1 ? Math.Sqrt(ss / (n - 1)) : double.NaN;
        double rms = Math.Sqrt(sumSq / n);
        var span = finite.AsSpan(0, n);
        span.Sort();
        var pct = Of(span);
        for (int i = 0; i < n; i++) span[i] = Math.Abs(span[i]);
        span.Sort();
        var absPct = Of(span);
        // period jitter: rms of first differences of x (consecutive finite pairs only)
        double dj = 0;
        long dn = 0;
        for (int i = 0; i + 1 < v.Length; i++)
        {
            double d = v[i + 1] - v[i];
            if (double.IsNaN(d)) continue;
            dj += d * d;
            dn++;
        }
        var fit = FrequencyFit.Of(series);
        return new(n, v.Length - n, mean, stdev, rms, min, max, max - min, pct, absPct,
            dn > 0 ? Math.Sqrt(dj / dn) : double.NaN, fit.FrequencyOffset, fit.DriftPerSecond);
    }

    private static Percentiles Of(ReadOnlySpan<double> sorted) =>
        new(Quantile(sorted, 0.50), Quantile(sorted, 0.90), Quantile(sorted, 0.95), Quantile(sorted, 0.99), Quantile(sorted, 0.999));

    /// <summary>Type-7 quantile of sorted data: h = (n−1)p, linear between floor and ceil.</summary>
    public static double Quantile(ReadOnlySpan<double> sorted, double p)
    {
        double h = (sorted.Length - 1) * p;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, sorted.Length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
