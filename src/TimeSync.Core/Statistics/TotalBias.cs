namespace TimeSync.Core.Statistics;

/// <summary>
/// Bias corrections of the total variances for power-law noise α (S_y ∝ f^α), as factors to multiply a variance by
/// (a deviation by their square root). 1 where no correction applies.
/// </summary>
public static class TotalBias
{
    /// <summary>
    /// TOTVAR: E[Totvar]/AVAR = 1 − a·τ/T with a = 1/(3 ln 2) for flicker FM (α = −1) and 3/4 for random-walk FM (α = −2),
    /// T = (N−1)·τ0 the record length (Howe 1999, "Total variance explained"; NIST SP 1065 §5.2.11, eq. 26); returns
    /// 1/(1 − a·τ/T). No correction for α ≥ 0, nor beyond τ/T = 1/2.
    /// </summary>
    public static double Totvar(int alpha, int m, int phaseCount)
    {
        double a = alpha switch { -1 => 1.0 / (3.0 * Math.Log(2.0)), -2 => 0.75, _ => 0.0 };
        double ratio = m / (double)(phaseCount - 1);
        if (a == 0.0 || ratio > 0.5) return 1.0;
        return 1.0 / (1.0 - a * ratio);
    }

    /// <summary>
    /// MTOTVAR and TTOTVAR: E[Mod Totvar]/MVAR = 0.94, 0.83, 0.73, 0.70, 0.69 for α = 2, 1, 0, −1, −2 (Howe &amp; Vernotte
    /// 1999; W. J. Riley, "Confidence intervals and bias corrections for the Stable32 variance functions", 2000); returns
    /// its inverse. Stable32 1.53 applied it; Stable32 1.60 prints mtotdev/ttotdev without it.
    /// </summary>
    public static double Mtotvar(int alpha) => alpha switch
    {
        2 => 1.0 / 0.94,
        1 => 1.0 / 0.83,
        0 => 1.0 / 0.73,
        -1 => 1.0 / 0.70,
        -2 => 1.0 / 0.69,
        _ => 1.0,
    };

    /// <summary>
    /// HTOTVAR: E[Htotvar]/HVAR = 1 + a with a = −0.005, −0.149, −0.229, −0.283, −0.321 for α = 0, −1, −2, −3, −4
    /// (Howe, Beard, Greenhall, Riley 2000, "A total estimator of the Hadamard function used for GPS operations",
    /// Table 2); returns 1/(1 + a). None for α &gt; 0, and none at m = 1, where Stable32's htotdev is the overlapping
    /// Hadamard deviation. Stable32 1.60 applies it.
    /// </summary>
    public static double Htotvar(int alpha, int m)
    {
        if (m == 1) return 1.0;
        double a = alpha switch { 0 => -0.005, -1 => -0.149, -2 => -0.229, -3 => -0.283, -4 => -0.321, _ => 0.0 };
        return 1.0 / (1.0 + a);
    }
}
