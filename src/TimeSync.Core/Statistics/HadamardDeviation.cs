namespace TimeSync.Core.Statistics;

/// <summary>Hadamard deviation, non-overlapping and overlapping, from phase data.</summary>
public static class HadamardDeviation
{
    /// <summary>Non-overlapping HDEV: NIST SP 1065 eq. (16) in phase form, σ² = Σ(x[i+3m]−3x[i+2m]+3x[i+m]−x[i])² / (6 n τ²), stride m.</summary>
    public static DeviationPoint Hdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        var (sum, n) = DifferenceSums.ThirdDifference(phaseSeconds, m, m);
        return Finish(sum, n, m * tau0Seconds);
    }

    /// <summary>Overlapping HDEV: NIST SP 1065 eq. (18), all N−3m third differences at lag m.</summary>
    public static DeviationPoint Ohdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        var (sum, n) = DifferenceSums.ThirdDifference(phaseSeconds, m, 1);
        return Finish(sum, n, m * tau0Seconds);
    }

    private static DeviationPoint Finish(double sum, long n, double tauSeconds) =>
        n == 0 ? DeviationPoint.None : new(Math.Sqrt(sum / (6.0 * n * tauSeconds * tauSeconds)), n);
}
