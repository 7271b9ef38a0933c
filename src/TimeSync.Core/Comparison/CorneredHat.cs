namespace TimeSync.Core.Comparison;

/// <summary>
/// One clock's variance separated from pairwise measurements, at one τ.
/// <see cref="Variance"/> may be negative: the estimate is reported as computed, never clamped, because a negative
/// value says the data cannot separate that clock (it is far better than the others, or the clocks are correlated).
/// </summary>
/// <param name="Clock">Clock index (order of the names given to <see cref="CorneredHat.Solve"/>).</param>
/// <param name="Variance">Separated variance, e.g. an Allan variance σ²_i(τ).</param>
/// <param name="EquivalentDegreesOfFreedom">Satterthwaite EDF of the estimate; NaN when the variance is not positive.</param>
/// <param name="VarianceStandardError">Conservative standard error of <paramref name="Variance"/> (NaN without pair EDFs).</param>
public readonly record struct SeparatedVariance(int Clock, double Variance, double EquivalentDegreesOfFreedom, double VarianceStandardError = double.NaN)
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

        // σ̂²_i = Σ_p c_p σ̂²_p with c_p = (1{i∈p} − 1/(N−1))/(N−2) (Barnes 1990).
        double inv = 1.0 / (n - 2);
        double common = 1.0 / (n - 1);
        double Coefficient(int i, int k, int j) => (((k == i || j == i) ? 1.0 : 0.0) - common) * inv;
        var variance = new double[n];
        for (int i = 0; i < n; i++)
            for (int k = 0; k < n; k++)
                for (int j = k + 1; j < n; j++)
                    variance[i] += Coefficient(i, k, j) * Pair(pairVariance, k, j);

        bool edfKnown = pairEdf is not null;
        if (edfKnown)
            for (int k = 0; k < n && edfKnown; k++)
                for (int j = k + 1; j < n; j++)
                    if (!(Pair(pairEdf!, k, j) > 0)) { edfKnown = false; break; }

        var result = new SeparatedVariance[n];
        for (int i = 0; i < n; i++)
        {
            double sd = double.NaN, edfI = double.NaN;
            if (edfKnown)
            {
                // Each pair's sample variance is S_k + S_j − 2·X_kj: the clocks' own sample variances plus a zero-mean
                // cross term. The estimator is unbiased, so σ̂²_i − σ²_i = (S_i − σ²_i) − 2 Σ_p c_p X_p, and for
                // independent Gaussian clocks Var S_i = 2σ⁴_i/edf, Var X_kj = σ²_k σ²_j/edf (the error analysis of
                // Ekström & Koppang 2006, with the separated variances plugged in, negatives as zero).
                double ownEdf = 0;
                int ownPairs = 0;
                double crossVariance = 0;
                for (int k = 0; k < n; k++)
                {
                    for (int j = k + 1; j < n; j++)
                    {
                        double edf = Pair(pairEdf!, k, j);
                        if (k == i || j == i) { ownEdf += edf; ownPairs++; }
                        double c = Coefficient(i, k, j);
                        crossVariance += 4.0 * c * c * Math.Max(variance[k], 0) * Math.Max(variance[j], 0) / edf;
                    }
                }
                ownEdf /= ownPairs; // clock i's own EDF: the mean EDF of the pairs it is in
                double vi = Math.Max(variance[i], 0);
                double varianceOfEstimate = 2.0 * vi * vi / ownEdf + crossVariance;
                sd = Math.Sqrt(varianceOfEstimate);
                // Satterthwaite (1946): the EDF of a chi-squared-like estimate with this mean and variance.
                if (variance[i] > 0 && varianceOfEstimate > 0) edfI = 2.0 * variance[i] * variance[i] / varianceOfEstimate;
            }
            result[i] = new SeparatedVariance(i, variance[i], edfI, sd);
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
