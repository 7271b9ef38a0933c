namespace TimeSync.Core.Series;

/// <summary>
/// A uniformly sampled clock series: phase x (time error, seconds, x = T_dut − T_ref) or fractional frequency y,
/// one value every <see cref="Tau0Seconds"/>. NaN marks a gap (a missing sample); gaps are kept, never closed.
/// </summary>
public sealed class ClockSeries
{
    public SeriesKind Kind { get; }
    public double Tau0Seconds { get; }
    public double[] Values { get; }

    public ClockSeries(SeriesKind kind, double tau0Seconds, double[] values)
    {
        if (!(tau0Seconds > 0) || double.IsInfinity(tau0Seconds)) throw new ArgumentOutOfRangeException(nameof(tau0Seconds), "τ0 must be positive and finite");
        ArgumentNullException.ThrowIfNull(values);
        Kind = kind;
        Tau0Seconds = tau0Seconds;
        Values = values;
    }

    public int Count => Values.Length;

    /// <summary>Number of NaN (gap) values.</summary>
    public int GapCount
    {
        get
        {
            int n = 0;
            foreach (var v in Values) if (double.IsNaN(v)) n++;
            return n;
        }
    }

    /// <summary>
    /// Phase form. Frequency is integrated: x[0] = 0, x[i+1] = x[i] + y[i]·τ0 (NIST SP 1065 §5.1), giving N+1 points.
    /// A NaN frequency leaves the phase across it unknown: each gap in y becomes a NaN in x, and integration goes on
    /// across it with the record's mean frequency, as Stable32's frequency-to-phase conversion does (W. Riley, "Gaps,
    /// Outliers, Dead Time, and Uneven Spacing in Frequency Stability Data"), so that a frequency offset does not turn
    /// a gap into a phase step. (The statistics that can leave out every term spanning a gap do so instead; see
    /// <see cref="Statistics.StabilityAnalysis"/>.)
    /// </summary>
    /// <param name="removeMeanFrequency">
    /// Integrate y − ȳ instead of y (the phase less its linear ramp), as allantools does: frequency given in Hz
    /// (10 MHz ± mHz) integrates to 10^12 s over 10^5 points, where a double keeps only 10^-4 s and the statistics lose
    /// their digits. Every statistic but MTIE and TIE rms is blind to a constant frequency offset, so they run on this form.
    /// </param>
    public ClockSeries ToPhase(bool removeMeanFrequency = false)
    {
        if (Kind == SeriesKind.Phase) return this;
        var y = Values;
        var x = new double[y.Length + 1];
        double mean = MeanOfFinite(y);
        double meanStep = double.IsNaN(mean) ? 0 : mean * Tau0Seconds;
        double shift = removeMeanFrequency && !double.IsNaN(mean) ? mean : 0;
        if (shift != 0) meanStep = 0;
        double acc = 0;
        x[0] = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (double.IsNaN(y[i])) { acc += meanStep; x[i + 1] = double.NaN; continue; }
            acc += (y[i] - shift) * Tau0Seconds;
            x[i + 1] = acc;
        }
        return new ClockSeries(SeriesKind.Phase, Tau0Seconds, x);
    }

    /// <summary>Mean of the finite values (Neumaier-compensated sum), NaN when there are none.</summary>
    internal static double MeanOfFinite(double[] values)
    {
        double sum = 0, compensation = 0;
        long n = 0;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            double t = sum + v;
            compensation += Math.Abs(sum) >= Math.Abs(v) ? (sum - t) + v : (v - t) + sum;
            sum = t;
            n++;
        }
        return n > 0 ? (sum + compensation) / n : double.NaN;
    }

    /// <summary>Frequency form: y[i] = (x[i+1] − x[i]) / τ0 (NIST SP 1065 eq. 3), N−1 points; a NaN on either side gives NaN.</summary>
    public ClockSeries ToFrequency()
    {
        if (Kind == SeriesKind.Frequency) return this;
        var x = Values;
        var y = new double[Math.Max(0, x.Length - 1)];
        for (int i = 0; i < y.Length; i++) y[i] = (x[i + 1] - x[i]) / Tau0Seconds;
        return new ClockSeries(SeriesKind.Frequency, Tau0Seconds, y);
    }
}
