namespace TimeSync.Core.Statistics;

/// <summary>
/// The simple EDF formulas of the overlapping Allan variance for the five power-law noises (NIST SP 1065 Table 12,
/// from Howe, Allan &amp; Barnes 1981, NBS TN 1337 Table 12-4), which Stable32 also uses for the Hadamard total
/// deviation outside Howe's HTOT model (see <see cref="TotalEdf.Htotdev"/>).
/// </summary>
public static class SimpleAllanEdf
{
    /// <summary>
    /// EDF for noise α (2 … −2) at averaging factor <paramref name="m"/> over <paramref name="phaseCount"/> phase points;
    /// NaN for another α or where a formula has no value (m ≥ N/2 for the PM noises, which Stable32 sets to 1 at m = N/2).
    /// </summary>
    public static double Edf(int alpha, int m, int phaseCount)
    {
        double n = phaseCount, t = m;
        if (m < 1 || phaseCount < 4) return double.NaN;
        switch (alpha)
        {
            case 2: // white PM: (N+1)(N−2m) / (2(N−m))
            case 1: // flicker PM: exp(√(ln((N−1)/2m)·ln((2m+1)(N−1)/4)))
                if (2 * m == phaseCount) return 1.0;
                if (2 * m > phaseCount) return double.NaN;
                return alpha == 2
                    ? (n + 1) * (n - 2 * t) / (2 * (n - t))
                    : Math.Exp(Math.Sqrt(Math.Log((n - 1) / (2 * t)) * Math.Log((2 * t + 1) * (n - 1) / 4)));
            case 0: // white FM: (3(N−1)/2m − 2(N−2)/N)·4m²/(4m²+5)
                return (3 * (n - 1) / (2 * t) - 2 * (n - 2) / n) * 4 * t * t / (4 * t * t + 5);
            case -1: // flicker FM: m = 1: 2(N−2)²/(2.3N−4.9); m ≥ 2: 5N²/(4m(N+3m))
                return m == 1 ? 2 * (n - 2) * (n - 2) / (2.3 * n - 4.9) : 5 * n * n / (4 * t * (n + 3 * t));
            case -2: // random-walk FM: (N−2)/m · ((N−1)² − 3m(N−1) + 4m²)/(N−3)²
                return (n - 2) / t * ((n - 1) * (n - 1) - 3 * t * (n - 1) + 4 * t * t) / ((n - 3) * (n - 3));
            default:
                return double.NaN;
        }
    }
}
