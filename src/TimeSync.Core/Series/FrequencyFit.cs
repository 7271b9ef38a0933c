namespace TimeSync.Core.Series;

/// <summary>
/// Frequency offset and drift of a series by least squares (NIST SP 1065 §6.2–6.3): for phase, x(t) = a + y·t + (D/2)·t²
/// (quadratic fit; <see cref="FrequencyOffset"/> is the slope of the linear fit, the mean frequency);
/// for frequency, y(t) = y0 + D·t (linear fit; offset is the mean). Drift D is per second.
/// </summary>
public readonly record struct FrequencyFit(double FrequencyOffset, double DriftPerSecond)
{
    public static FrequencyFit Of(ClockSeries series)
    {
        var v = series.Values;
        double tau0 = series.Tau0Seconds;
        int finite = 0;
        foreach (var x in v) if (!double.IsNaN(x)) finite++;
        if (series.Kind == SeriesKind.Phase)
        {
            double offset = finite >= 2 ? LeastSquares.Polynomial(v, 1)[1] / tau0 : double.NaN;
            double drift = finite >= 3 ? 2 * LeastSquares.Polynomial(v, 2)[2] / (tau0 * tau0) : double.NaN;
            return new(offset, drift);
        }
        double mean = ClockSeries.MeanOfFinite(v); // compensated: 10^5 values of 10^7 Hz keep their mHz
        double slope = finite >= 2 ? LeastSquares.Polynomial(v, 1)[1] / tau0 : double.NaN;
        return new(mean, slope);
    }

    /// <summary>The series with the fitted frequency offset and drift removed (phase: quadratic, frequency: linear); gaps stay NaN.</summary>
    public static ClockSeries Remove(ClockSeries series, bool removeDrift = true)
    {
        var v = series.Values;
        int degree = series.Kind == SeriesKind.Phase ? (removeDrift ? 2 : 1) : (removeDrift ? 1 : 0);
        double[] c = degree == 0 ? [Mean(v)] : LeastSquares.Polynomial(v, degree);
        var r = new double[v.Length];
        for (int i = 0; i < v.Length; i++)
        {
            double t = i, fit = 0, p = 1;
            for (int k = 0; k < c.Length; k++) { fit += c[k] * p; p *= t; }
            r[i] = v[i] - fit;
        }
        return new ClockSeries(series.Kind, series.Tau0Seconds, r);
    }

    private static double Mean(double[] v)
    {
        double s = 0;
        int n = 0;
        foreach (var x in v) if (!double.IsNaN(x)) { s += x; n++; }
        return n == 0 ? 0 : s / n;
    }
}
