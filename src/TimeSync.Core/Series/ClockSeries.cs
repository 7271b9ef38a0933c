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
    /// A NaN frequency makes the following phase points unknown relative to the earlier ones, so each gap in y
    /// becomes a NaN in x and integration restarts after it at the last known phase (the gap's own interval is unknown).
    /// </summary>
    public ClockSeries ToPhase()
    {
        if (Kind == SeriesKind.Phase) return this;
        var y = Values;
        var x = new double[y.Length + 1];
        double acc = 0;
        x[0] = 0;
        for (int i = 0; i < y.Length; i++)
        {
            if (double.IsNaN(y[i])) { x[i + 1] = double.NaN; continue; }
            acc += y[i] * Tau0Seconds;
            x[i + 1] = acc;
        }
        return new ClockSeries(SeriesKind.Phase, Tau0Seconds, x);
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
