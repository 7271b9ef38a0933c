namespace TimeSync.Core.Statistics;

/// <summary>Modified Allan deviation and time deviation from phase data.</summary>
public static class ModifiedAllanDeviation
{
    /// <summary>MDEV: NIST SP 1065 eq. (14), σ² = Σ_j [Σ_{i=j}^{j+m−1}(x[i+2m]−2x[i+m]+x[i])]² / (2 m² τ² (N−3m+1)).</summary>
    public static DeviationPoint Mdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        var (sum, n) = WindowedSecondDifferenceSquares(phaseSeconds, m);
        double tau = m * tau0Seconds;
        return n == 0 ? DeviationPoint.None : new(Math.Sqrt(sum / (2.0 * m * (double)m * tau * tau * n)), n);
    }

    /// <summary>TDEV: NIST SP 1065 eq. (15), σx(τ) = τ/√3 · Mod σy(τ), in seconds.</summary>
    public static DeviationPoint Tdev(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        var p = Mdev(phaseSeconds, tau0Seconds, m);
        return p.Terms == 0 ? p : new(p.Value * m * tau0Seconds / Math.Sqrt(3.0), p.Terms);
    }

    /// <summary>
    /// Σ_j W_j² with W_j = Σ_{i=j}^{j+m−1} d_i, d_i = x[i+2m]−2x[i+m]+x[i], j = 0..N−3m.
    /// W slides in O(1) per step and is recomputed exactly every few thousand steps (bounded rounding drift);
    /// windows holding a NaN are skipped. O(N), no allocation.
    /// </summary>
    internal static (double Sum, long Terms) WindowedSecondDifferenceSquares(ReadOnlySpan<double> x, int m)
    {
        long count = x.Length - 3L * m + 1;
        if (m < 1 || count <= 0) return (0, 0);
        int reanchor = Math.Max(4 * m, 4096);
        double w = 0;
        int bad = 0;
        for (int i = 0; i < m; i++)
        {
            double d = x[i + 2 * m] - 2 * x[i + m] + x[i];
            if (double.IsNaN(d)) bad++; else w += d;
        }
        double s0 = 0, s1 = 0;
        long n = 0;
        if (bad == 0) { s0 += w * w; n++; }
        int sinceAnchor = 0;
        for (int j = 1; j < count; j++)
        {
            int a = j + m - 1, r = j - 1;
            double dIn = x[a + 2 * m] - 2 * x[a + m] + x[a];
            double dOut = x[r + 2 * m] - 2 * x[r + m] + x[r];
            if (double.IsNaN(dIn)) { bad++; dIn = 0; }
            if (double.IsNaN(dOut)) { bad--; dOut = 0; }
            w += dIn - dOut;
            if (++sinceAnchor == reanchor)
            {
                sinceAnchor = 0;
                w = 0;
                for (int i = j; i < j + m; i++)
                {
                    double d = x[i + 2 * m] - 2 * x[i + m] + x[i];
                    if (!double.IsNaN(d)) w += d;
                }
            }
            if (bad == 0)
            {
                if ((j & 1) == 0) s0 += w * w; else s1 += w * w;
                n++;
            }
        }
        return (s0 + s1, n);
    }
}
