namespace TimeSync.Core.Statistics;

/// <summary>Chi-squared confidence bounds of a deviation.</summary>
public static class ConfidenceInterval
{
    /// <summary>Stable32's default confidence factor (≈ 1σ).</summary>
    public const double DefaultConfidence = 0.683;

    /// <summary>
    /// Two-sided bounds of a deviation σ with <paramref name="edf"/> degrees of freedom at <paramref name="confidence"/>:
    /// σ_min = σ·√(edf/χ²(1−(1−c)/2, edf)), σ_max = σ·√(edf/χ²((1−c)/2, edf)) (NIST SP 1065 eq. 45).
    /// </summary>
    public static (double Low, double High) Bounds(double deviation, double edf, double confidence = DefaultConfidence)
    {
        if (!(confidence > 0 && confidence < 1)) throw new ArgumentOutOfRangeException(nameof(confidence));
        if (!(edf > 0) || double.IsNaN(deviation)) return (double.NaN, double.NaN);
        double tail = (1 - confidence) / 2;
        double chiLow = ChiSquared.Quantile(tail, edf);
        double chiHigh = ChiSquared.Quantile(1 - tail, edf);
        return (deviation * Math.Sqrt(edf / chiHigh), deviation * Math.Sqrt(edf / chiLow));
    }
}
