namespace TimeSync.Core.Comparison;

/// <summary>
/// One clock's variance separated from pairwise measurements, at one τ.
/// <see cref="Variance"/> may be negative: the estimate is reported as computed, never clamped, because a negative
/// value says the data cannot separate that clock (it is far better than the others, or the clocks are correlated).
/// </summary>
/// <param name="Clock">Clock index (order of the names given to <see cref="CorneredHat.Solve"/>).</param>
/// <param name="Variance">Separated variance, e.g. an Allan variance σ²_i(τ).</param>
/// <param name="EquivalentDegreesOfFreedom">Satterthwaite EDF of the estimate; NaN when the variance is not positive.</param>
public readonly record struct SeparatedVariance(int Clock, double Variance, double EquivalentDegreesOfFreedom)
{
    /// <summary>√variance when positive, else NaN (the deviation of a negative variance is not defined).</summary>
    public double Deviation => Variance > 0 ? Math.Sqrt(Variance) : double.NaN;

    public bool IsNegative => Variance < 0;
}

/// <summary>
/// The N-cornered hat: each clock's own variance from the variances of all pairwise differences, assuming the clocks'
/// noises are uncorrelated. For N = 3 it is the three-cornered hat of Gray &amp; Allan (1974),
/// σ²_i = ½(σ²_ij + σ²_ik − σ²_jk); for N ≥ 3 Barnes' generalisation (NBS TN 1318, 1990; NIST SP 1065 §9.4):
/// σ²_i = 1/(N−2) · [ Σ_{j≠i} σ²_ij − 1/(N−1) · Σ_{k&lt;j} σ²_kj ].
/// </summary>
public static class CorneredHat
{
    /// <summary>
    /// Separates the clocks' variances at one τ.
    /// </summary>
    /// <param name="pairVariance">Symmetric N×N matrix of pairwise variances σ²_ij (diagonal ignored); NaN marks a pair not measured.</param>
    /// <param name="pairEdf">Matching EDFs of the pairwise estimates (e.g. Greenhall–Riley EDF of each pair's AVAR), or null.</param>
    /// <returns>One entry per clock, in index order.</returns>
    /// <exception cref="ArgumentException">fewer than three clocks, a non-square matrix, or a missing pair.</exception>
    public static SeparatedVariance[] Solve(double[,] pairVariance, double[,]? pairEdf = null)
    {
        int n = pairVariance.GetLength(0);
        if (n != pairVariance.GetLength(1)) throw new ArgumentException("pairwise matrix must be square", nameof(pairVariance));
        if (n < 3) throw new ArgumentException("a cornered hat needs at least three clocks", nameof(pairVariance));
        if (pairEdf is not null && (pairEdf.GetLength(0) != n || pairEdf.GetLength(1) != n))
            throw new ArgumentException("EDF matrix must match the variance matrix", nameof(pairEdf));
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
                if (!double.IsFinite(Pair(pairVariance, i, j)))
                    throw new ArgumentException($"pair ({i},{j}) has no variance: every pair must be measured", nameof(pairVariance));

        // Coefficients c_p of each pair p=(k,j) in σ²_i (the estimate is linear in the pairwise variances).
        double inv = 1.0 / (n - 2);
        double common = 1.0 / (n - 1);
        var result = new SeparatedVariance[n];
        for (int i = 0; i < n; i++)
        {
            double variance = 0, satterthwaiteDenominator = 0;
            bool edfKnown = pairEdf is not null;
            for (int k = 0; k < n; k++)
            {
                for (int j = k + 1; j < n; j++)
                {
                    double c = ((k == i || j == i) ? 1.0 : 0.0) - common; // Barnes (1990) coefficient before the 1/(N−2) factor
                    c *= inv;
                    double v = Pair(pairVariance, k, j);
                    variance += c * v;
                    if (edfKnown)
                    {
                        double edf = Pair(pairEdf!, k, j);
                        if (!(edf > 0)) edfKnown = false;
                        else satterthwaiteDenominator += c * c * v * v / edf; // Var(σ̂²) ≈ 2σ⁴/edf per pair
                    }
                }
            }
            // Satterthwaite (1946): edf of a linear combination of independent χ² variances; ignores the covariance
            // between pairs that share a clock, so it is an approximation (Ekström & Koppang 2006 discuss the exact case).
            double edfI = edfKnown && variance > 0 && satterthwaiteDenominator > 0 ? variance * variance / satterthwaiteDenominator : double.NaN;
            result[i] = new SeparatedVariance(i, variance, edfI);
        }
        return result;
    }

    private static double Pair(double[,] m, int i, int j)
    {
        double a = m[i, j], b = m[j, i];
        if (double.IsNaN(a)) return b;
        if (double.IsNaN(b)) return a;
        return a; // symmetric input; the upper triangle wins
    }
}
