using TimeSync.Core.Series;

namespace TimeSync.Core.Statistics;

/// <summary>
/// The total deviations as Stable32 1.60 reports them, in the catalog's <see cref="DeviationFunction"/> shape: where
/// Stable32 applies a bias correction that depends on the noise type, the catalog's plain function identifies the noise
/// type here at the same averaging factor (<see cref="NoiseIdentification.Identify"/>, its steadier form); an analysis
/// (<see cref="StabilityAnalysis"/>) instead corrects the uncorrected value with the α it prints, as Stable32 does.
/// An averaging factor outside a statistic's range gives <see cref="DeviationPoint.None"/>, as for the other statistics.
/// </summary>
public static class TotalStatistics
{
    /// <summary>totdev with the TOTVAR bias correction for flicker and random-walk FM (<see cref="TotalBias.Totvar"/>), α identified here.</summary>
    public static DeviationPoint Totdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        var p = TotdevUncorrected(phaseSeconds, tau0Seconds, m);
        if (p.Terms == 0) return p;
        int alpha = NoiseIdentification.Identify(phaseSeconds, SeriesKind.Phase, tau0Seconds, m, 2, mode: NoiseIdMode.Stable32).Alpha;
        return p with { Value = p.Value * Math.Sqrt(TotvarCorrection(alpha, m, phaseSeconds.Length)) };
    }

    /// <summary>totdev before its bias correction (NIST SP 1065 eq. 25).</summary>
    public static DeviationPoint TotdevUncorrected(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
        => m < 1 || m > phaseSeconds.Length - 1 || phaseSeconds.Length < 3 ? DeviationPoint.None : TotalVariance.Totdev(phaseSeconds, tau0Seconds, m);

    /// <summary>The variance factor correcting <see cref="TotdevUncorrected"/> for noise type α (<see cref="TotalBias.Totvar"/>).</summary>
    public static double TotvarCorrection(int alpha, int m, int phaseCount) => TotalBias.Totvar(alpha, m, phaseCount);

    /// <summary>mtotdev, as Stable32 1.60 prints it (no bias correction).</summary>
    public static DeviationPoint Mtotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
        => m < 1 || 3L * m > phaseSeconds.Length ? DeviationPoint.None : TotalModifiedVariance.Mtotdev(phaseSeconds, tau0Seconds, m);

    /// <summary>ttotdev (seconds), as Stable32 1.60 prints it (no bias correction).</summary>
    public static DeviationPoint Ttotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
        => m < 1 || 3L * m > phaseSeconds.Length ? DeviationPoint.None : TotalModifiedVariance.Ttotdev(phaseSeconds, tau0Seconds, m);

    /// <summary>htotdev with the HTOTVAR bias correction Stable32 1.60 applies (<see cref="TotalBias.Htotvar"/>), α identified here.</summary>
    public static DeviationPoint Htotdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        var p = HtotdevUncorrected(phaseSeconds, tau0Seconds, m);
        if (p.Terms == 0 || m == 1) return p;
        int alpha = NoiseIdentification.Identify(phaseSeconds, SeriesKind.Phase, tau0Seconds, m, 3, mode: NoiseIdMode.Stable32).Alpha;
        return p with { Value = p.Value * Math.Sqrt(HtotvarCorrection(alpha, m, phaseSeconds.Length)) };
    }

    /// <summary>htotdev before its bias correction (NIST SP 1065 eq. 29; the overlapping Hadamard deviation at m = 1).</summary>
    public static DeviationPoint HtotdevUncorrected(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
        => m < 1 || 3L * m > phaseSeconds.Length - 1 || phaseSeconds.Length < 4 ? DeviationPoint.None : TotalHadamardVariance.Htotdev(phaseSeconds, tau0Seconds, m);

    /// <summary>The variance factor correcting <see cref="HtotdevUncorrected"/> for noise type α (<see cref="TotalBias.Htotvar"/>; 1 at m = 1).</summary>
    public static double HtotvarCorrection(int alpha, int m, int phaseCount) => TotalBias.Htotvar(alpha, m);
}
