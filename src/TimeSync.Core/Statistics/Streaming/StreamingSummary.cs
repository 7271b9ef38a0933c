namespace TimeSync.Core.Statistics.Streaming;

/// <summary>
/// Running summary of a sample stream: count, mean and standard deviation by Welford's algorithm (Welford 1962;
/// Knuth TAOCP vol. 2 §4.2.2), minimum, maximum and rms. NaN samples are gaps: counted in <see cref="Gaps"/>, not used.
/// </summary>
/// <remarks>Memory: a fixed handful of fields, whatever the length of the stream. No allocation per sample.</remarks>
public sealed class StreamingSummary
{
    private double _mean;
    private double _m2;

    /// <summary>Number of non-NaN samples.</summary>
    public long Count { get; private set; }

    /// <summary>Number of NaN samples (gaps).</summary>
    public long Gaps { get; private set; }

    /// <summary>Mean of the samples; NaN before the first.</summary>
    public double Mean => Count > 0 ? _mean : double.NaN;

    /// <summary>Sample standard deviation √(Σ(x−x̄)²/(n−1)); NaN below two samples.</summary>
    public double StandardDeviation => Count > 1 ? Math.Sqrt(_m2 / (Count - 1)) : double.NaN;

    /// <summary>Population standard deviation √(Σ(x−x̄)²/n); NaN before the first sample.</summary>
    public double PopulationStandardDeviation => Count > 0 ? Math.Sqrt(_m2 / Count) : double.NaN;

    /// <summary>Root mean square √(Σx²/n) = √(x̄² + Σ(x−x̄)²/n); NaN before the first sample.</summary>
    public double Rms => Count > 0 ? Math.Sqrt(_mean * _mean + _m2 / Count) : double.NaN;

    /// <summary>Smallest sample; NaN before the first.</summary>
    public double Min { get; private set; } = double.NaN;

    /// <summary>Largest sample; NaN before the first.</summary>
    public double Max { get; private set; } = double.NaN;

    /// <summary>Adds one sample (NaN: a gap).</summary>
    public void Push(double value)
    {
        if (double.IsNaN(value))
        {
            Gaps++;
            return;
        }
        long n = ++Count;
        // Welford 1962: mean_n = mean_{n−1} + (x − mean_{n−1})/n, M2_n = M2_{n−1} + (x − mean_{n−1})(x − mean_n)
        double delta = value - _mean;
        _mean += delta / n;
        _m2 += delta * (value - _mean);
        if (n == 1)
        {
            Min = value;
            Max = value;
        }
        else
        {
            if (value < Min) Min = value;
            if (value > Max) Max = value;
        }
    }

    /// <summary>Adds every sample of <paramref name="values"/>.</summary>
    public void PushMany(ReadOnlySpan<double> values)
    {
        foreach (double v in values) Push(v);
    }
}
