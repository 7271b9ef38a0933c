namespace TimeSync.Reporting.Engine;

/// <summary>
/// MTIE and TDEV of phase data with the signature of Core's statistics catalogue (phase x in s with NaN gaps,
/// τ0, averaging factor m). INTERIM: replaced by TimeSync.Core.Statistics once the statistics branch is merged.
/// </summary>
internal static class InterimStatistics
{
    /// <summary>
    /// MTIE(mτ0) = max over windows of m+1 consecutive samples of max(x) − min(x) (ITU-T G.810 II.5; window of
    /// m+1 samples as allantools, masks.md §1.7). Windows that contain a NaN are skipped. O(N) with monotone deques.
    /// </summary>
    public static (double Value, long Terms) Mtie(ReadOnlySpan<double> x, int m)
    {
        int w = m + 1;
        var maxQ = new int[x.Length];
        var minQ = new int[x.Length];
        int maxH = 0, maxT = 0, minH = 0, minT = 0, runStart = 0;
        double best = double.NaN;
        long terms = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i])) { maxH = maxT = minH = minT = 0; runStart = i + 1; continue; }
            while (maxT > maxH && x[maxQ[maxT - 1]] <= x[i]) maxT--;
            maxQ[maxT++] = i;
            while (minT > minH && x[minQ[minT - 1]] >= x[i]) minT--;
            minQ[minT++] = i;
            int lo = i - w + 1;
            if (lo < runStart) continue;
            while (maxQ[maxH] < lo) maxH++;
            while (minQ[minH] < lo) minH++;
            double range = x[maxQ[maxH]] - x[minQ[minH]];
            if (double.IsNaN(best) || range > best) best = range;
            terms++;
        }
        return (best, terms);
    }

    /// <summary>
    /// TDEV(mτ0)² = Σ_j [Σ_{i=j}^{j+m−1}(x_{i+2m} − 2x_{i+m} + x_i)]² / (6m²(N−3m+1)) (NIST SP 1065 eqns (14), (15):
    /// TVAR = τ²/3·MVAR). Terms touching a NaN are skipped; prefix sums make it O(N) per τ.
    /// </summary>
    public static (double Value, long Terms) Tdev(ReadOnlySpan<double> x, int m)
    {
        int n = x.Length;
        if (3 * m > n) return (double.NaN, 0);
        var sum = new double[n + 1];
        var nan = new int[n + 1];
        for (int i = 0; i < n; i++)
        {
            bool bad = double.IsNaN(x[i]);
            sum[i + 1] = sum[i] + (bad ? 0 : x[i]);
            nan[i + 1] = nan[i] + (bad ? 1 : 0);
        }
        double acc = 0;
        long terms = 0;
        for (int j = 0; j + 3 * m <= n; j++)
        {
            if (nan[j + 3 * m] - nan[j] != 0) continue;
            double s0 = sum[j + m] - sum[j], s1 = sum[j + 2 * m] - sum[j + m], s2 = sum[j + 3 * m] - sum[j + 2 * m];
            double d = s2 - 2 * s1 + s0;
            acc += d * d;
            terms++;
        }
        if (terms == 0) return (double.NaN, 0);
        return (Math.Sqrt(acc / (6.0 * m * m * terms)), terms);
    }
}
