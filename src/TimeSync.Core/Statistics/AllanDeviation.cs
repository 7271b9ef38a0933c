namespace TimeSync.Core.Statistics;

/// <summary>Allan deviation, non-overlapping and overlapping, from phase data.</summary>
public static class AllanDeviation
{
    /// <summary>Non-overlapping ADEV: NIST SP 1065 eq. (7), σ² = Σ(x[i+2m]−2x[i+m]+x[i])² / (2 n τ²), i stepping by m.</summary>
    public static DeviationPoint Adev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        var (sum, n) = DifferenceSums.SecondDifference(phaseSeconds, m, m);
        return Finish(sum, n, m * tau0Seconds);
    }

    /// <summary>Overlapping ADEV: NIST SP 1065 eq. (11), all N−2m second differences at lag m.</summary>
    public static DeviationPoint Oadev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        var (sum, n) = DifferenceSums.SecondDifference(phaseSeconds, m, 1);
        return Finish(sum, n, m * tau0Seconds);
    }

    private static DeviationPoint Finish(double sum, long n, double tauSeconds) =>
        n == 0 ? DeviationPoint.None : new(Math.Sqrt(sum / (2.0 * n * tauSeconds * tauSeconds)), n);
}
