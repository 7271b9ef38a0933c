using TimeSync.Core.Series;

namespace TimeSync.Core.Statistics;

/// <summary>
/// The total deviations as Stable32 1.60 reports them, in the catalog's <see cref="DeviationFunction"/> shape: where
/// Stable32 applies a bias correction that depends on the noise type, the noise type is identified here at the same
/// averaging factor and by the same method (<see cref="NoiseIdentification.Identify"/>) the analysis prints α with.
/// An averaging factor outside a statistic's range gives <see cref="DeviationPoint.None"/>, as for the other statistics.
/// </summary>
public static class TotalStatistics
{
    /// <summary>totdev with the TOTVAR bias correction for flicker and random-walk FM (<see cref="TotalBias.Totvar"/>).</summary>
    public static DeviationPoint Totdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        if (m < 1 || m > phaseSeconds.Length - 1 || phaseSeconds.Length < 3) return DeviationPoint.None;
        var p = TotalVariance.Totdev(phaseSeconds, tau0Seconds, m);
        if (p.Terms == 0) return p;
        int alpha = NoiseIdentification.Identify(phaseSeconds, SeriesKind.Phase, tau0Seconds, m, 2).Alpha;
        return p with { Value = p.Value * Math.Sqrt(TotalBias.Totvar(alpha, m, phaseSeconds.Length)) };
    }

    /// <summary>mtotdev, as Stable32 1.60 prints it (no bias correction).</summary>
    public static DeviationPoint Mtotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
        => m < 1 || 3L * m > phaseSeconds.Length ? DeviationPoint.None : TotalModifiedVariance.Mtotdev(phaseSeconds, tau0Seconds, m);

    /// <summary>ttotdev (seconds), as Stable32 1.60 prints it (no bias correction).</summary>
    public static DeviationPoint Ttotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
        => m < 1 || 3L * m > phaseSeconds.Length ? DeviationPoint.None : TotalModifiedVariance.Ttotdev(phaseSeconds, tau0Seconds, m);

    /// <summary>htotdev with the HTOTVAR bias correction Stable32 1.60 applies (<see cref="TotalBias.Htotvar"/>).</summary>
    public static DeviationPoint Htotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        if (m < 1 || 3L * m > phaseSeconds.Length - 1 || phaseSeconds.Length < 4) return DeviationPoint.None;
        var p = TotalHadamardVariance.Htotdev(phaseSeconds, tau0Seconds, m);
        if (p.Terms == 0 || m == 1) return p;
        int alpha = NoiseIdentification.Identify(phaseSeconds, SeriesKind.Phase, tau0Seconds, m, 3).Alpha;
        return p with { Value = p.Value * Math.Sqrt(TotalBias.Htotvar(alpha, m)) };
    }
}
