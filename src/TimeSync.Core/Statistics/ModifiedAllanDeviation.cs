using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    /// W slides in O(1) per step (W_{j+1} = W_j + third difference of x at j) and is recomputed exactly every
    /// max(64k, 16m) steps (bounded rounding drift); windows holding a NaN are skipped. O(N), no allocation.
    /// </summary>
    public static (double Sum, long Terms) WindowedSecondDifferenceSquares(ReadOnlySpan<double> x, int m)
    {
        long count = x.Length - 3L * m + 1;
        if (m < 1 || count <= 0) return (0, 0);
        double dense = Dense(x, m, (int)count);
        if (!double.IsNaN(dense)) return (dense, count);
        return WithGaps(x, m, count);
    }

    private const int Chunk = 2048;
    private const int Reanchor = 1 << 16;

    // Gap-free path: the third differences δ_t = x[t+3m]−3x[t+2m]+3x[t+m]−x[t] of a chunk are computed with SIMD, then
    // the running sum W is scanned as four interleaved chains (the chunk is split in four, each quarter's start found
    // from the quarter sums), so the additions do not wait on each other. Returns NaN if a NaN was met.
    private static double Dense(ReadOnlySpan<double> x, int m, int count)
    {
        double w = WindowSum(x, 0, m);
        double s0 = w * w, s1 = 0, s2 = 0, s3 = 0;
        Span<double> buf = stackalloc double[Chunk];
        int t = 0, sinceAnchor = 0;
        long reanchor = Math.Max(Reanchor, 16L * m); // an exact re-sum costs m: keep it below N/16 per τ
        int steps = count - 1; // W_1 .. W_{count-1}
        while (t < steps)
        {
            int len = Math.Min(Chunk, steps - t);
            var delta = buf[..len];
            DifferenceSums.ThirdDifferences(x, m, t, delta);
            int q = len / 4;
            double wa = w, wb = wa + Sum(delta[..q]), wc = wb + Sum(delta.Slice(q, q)), wd = wc + Sum(delta.Slice(2 * q, q));
            ref double da = ref MemoryMarshal.GetReference(delta);
            ref double db = ref Unsafe.Add(ref da, q);
            ref double dc = ref Unsafe.Add(ref da, 2 * q);
            ref double dd = ref Unsafe.Add(ref da, 3 * q);
            for (int k = 0; k < q; k++)
            {
                wa += Unsafe.Add(ref da, k); s0 += wa * wa;
                wb += Unsafe.Add(ref db, k); s1 += wb * wb;
                wc += Unsafe.Add(ref dc, k); s2 += wc * wc;
                wd += Unsafe.Add(ref dd, k); s3 += wd * wd;
            }
            for (int k = 4 * q; k < len; k++) { wd += delta[k]; s3 += wd * wd; }
            w = wd;
            t += len;
            sinceAnchor += len;
            if (sinceAnchor >= reanchor && t < steps)
            {
                sinceAnchor = 0;
                w = WindowSum(x, t, m);
            }
        }
        return s0 + s1 + s2 + s3;
    }

    private static double Sum(ReadOnlySpan<double> v)
    {
        double a = 0, b = 0;
        int i = 0;
        for (; i + 1 < v.Length; i += 2) { a += v[i]; b += v[i + 1]; }
        if (i < v.Length) a += v[i];
        return a + b;
    }

    // W_j = Σ_{i=j}^{j+m−1} (x[i+2m] − 2x[i+m] + x[i])
    private static double WindowSum(ReadOnlySpan<double> x, int j, int m)
    {
        double w = 0;
        for (int i = j; i < j + m; i++) w += x[i + 2 * m] - 2 * x[i + m] + x[i];
        return w;
    }

    private static (double Sum, long Terms) WithGaps(ReadOnlySpan<double> x, int m, long count)
    {
        int reanchor = (int)Math.Min(int.MaxValue, Math.Max(16L * m, 4096));
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
