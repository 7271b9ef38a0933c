using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

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
    /// W slides in O(1) per step (W_{j+1} = W_j + third difference of x at j, four W at a time in SIMD lanes) and is
    /// recomputed exactly every max(64k, 16m) steps (bounded rounding drift); windows holding a NaN are skipped.
    /// O(N), no allocation.
    /// </summary>
    public static (double Sum, long Terms) WindowedSecondDifferenceSquares(ReadOnlySpan<double> x, int m)
    {
        long count = x.Length - 3L * m + 1;
        if (m < 1 || count <= 0) return (0, 0);
        double dense = Avx.IsSupported && count >= 64 ? DenseFused(x, m, (int)count) : Dense(x, m, (int)count);
        if (!double.IsNaN(dense)) return (dense, count);
        return WithGaps(x, m, count);
    }

    private const int Chunk = 2048;
    private const int Pad = 8;
    private const int Reanchor = 1 << 16;

    // Gap-free path with AVX, no buffer: two chains (the first and second half of the windows), each holding W_j..W_{j+3}
    // in a Vector256 and advancing four steps at a time by D4 = δ_j + δ_{j+1} + δ_{j+2} + δ_{j+3} (per lane), where the
    // shifted δ vectors are formed by shuffles of two aligned-by-position δ vectors computed straight from x (each δ
    // vector is computed once). Each chain re-anchors W exactly every max(64k, 16m) steps. NaN if a NaN was met.
    private static double DenseFused(ReadOnlySpan<double> x, int m, int count)
    {
        ref double x0 = ref MemoryMarshal.GetReference(x);
        int half = (count - 5) / 8 * 4; // chain A: W_0 .. W_{half−1}; chain B: W_half .. W_{2·half−1}; the rest scalar
        int reanchor = (int)Math.Min(int.MaxValue / 2, Math.Max(Reanchor, 16L * m)) / 4 * 4;
        var sA = Vector256<double>.Zero;
        var sB = Vector256<double>.Zero;
        Vector256<double> wA = default, wB = default, dA = default, dB = default;
        for (int k = 0, untilAnchor = 0; k < half; k += 4, untilAnchor -= 4)
        {
            if (untilAnchor == 0)
            {
                untilAnchor = reanchor;
                wA = Lanes(x, k, m);
                wB = Lanes(x, half + k, m);
                dA = Delta(ref x0, k, m);
                dB = Delta(ref x0, half + k, m);
            }
            sA = Vector256.FusedMultiplyAdd(wA, wA, sA);
            sB = Vector256.FusedMultiplyAdd(wB, wB, sB);
            var nA = Delta(ref x0, k + 4, m);
            var nB = Delta(ref x0, half + k + 4, m);
            wA += Sum4(dA, nA);
            wB += Sum4(dB, nB);
            dA = nA;
            dB = nB;
        }
        double tail = 0, w = half > 0 ? wB.GetElement(0) : WindowSum(x, 0, m); // W_{2·half}
        for (int j = 2 * half; j < count; j++)
        {
            tail += w * w;
            if (j + 1 < count) w += ThirdDifference(x, j, m);
        }
        return Vector256.Sum(sA + sB) + tail;
    }

    // W_j, W_{j+1}, W_{j+2}, W_{j+3}, W_j summed exactly
    private static Vector256<double> Lanes(ReadOnlySpan<double> x, int j, int m)
    {
        double w0 = WindowSum(x, j, m);
        double w1 = w0 + ThirdDifference(x, j, m);
        double w2 = w1 + ThirdDifference(x, j + 1, m);
        return Vector256.Create(w0, w1, w2, w2 + ThirdDifference(x, j + 2, m));
    }

    private static double ThirdDifference(ReadOnlySpan<double> x, int t, int m) => x[t + 3 * m] - x[t] + 3 * (x[t + m] - x[t + 2 * m]);

    // δ_t .. δ_{t+3}, δ_t = x[t+3m] − 3x[t+2m] + 3x[t+m] − x[t]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Delta(ref double x0, int t, int m) =>
        Load(ref x0, t + 3 * m) - Load(ref x0, t) + 3.0 * (Load(ref x0, t + m) - Load(ref x0, t + 2 * m));

    // per lane i: a_i + a_{i+1} + a_{i+2} + a_{i+3} over the eight values a0..a3 b0..b3
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Sum4(Vector256<double> a, Vector256<double> b)
    {
        var t = Avx.Permute2x128(a, b, 0x21);   // a2 a3 b0 b1
        var s1 = Avx.Shuffle(a, t, 0b0101);      // a1 a2 a3 b0
        var s3 = Avx.Shuffle(t, b, 0b0101);      // a3 b0 b1 b2
        return a + s1 + (t + s3);
    }

    // Gap-free path. W_{j+1} = W_j + δ_j with δ_t = x[t+3m]−3x[t+2m]+3x[t+m]−x[t] (NIST SP 1065 eq. 14 as a sliding sum).
    // The δ of a chunk are computed with SIMD into a stack buffer; the running sum is then advanced four steps at a time
    // in the lanes of a Vector256 holding W_t..W_{t+3}: W_{t+4+k} = W_{t+k} + δ_{t+k} + δ_{t+k+1} + δ_{t+k+2} + δ_{t+k+3},
    // as two independent chains (the two halves of the chunk, the second half's start found from the first half's δ sum).
    // W is recomputed exactly every max(64k, 16m) steps, bounding rounding drift. Returns NaN if a NaN was met.
    private static double Dense(ReadOnlySpan<double> x, int m, int count)
    {
        Span<double> buf = stackalloc double[Chunk + 2 * Pad];
        ref double b0 = ref MemoryMarshal.GetReference(buf);
        var s0 = Vector256<double>.Zero;
        var s1 = Vector256<double>.Zero;
        double tail = 0;
        long reanchor = Math.Max(Reanchor, 16L * m); // an exact re-sum costs m: keep it below N/16 per τ
        double w = WindowSum(x, 0, m); // W_t
        int t = 0, sinceAnchor = 0;
        while (t < count)
        {
            int len = Math.Min(Chunk, count - t);      // this chunk squares W_t .. W_{t+len−1}
            int nd = Math.Min(len + Pad - 2, count - 1 - t); // δ_t .. δ_{t+nd−1} exist (δ up to index count−2)
            DifferenceSums.ThirdDifferences(x, m, t, buf[..nd]);
            buf.Slice(nd, Pad).Clear(); // the chains read up to 3 past the chunk, into lanes that are discarded
            int h = len / 8 * 4, full = 2 * h;
            double wh = w + SumOf(buf[..h]); // W_{t+h}
            var wa = Vector256.Create(w, w + b0, w + b0 + Unsafe.Add(ref b0, 1), w + b0 + Unsafe.Add(ref b0, 1) + Unsafe.Add(ref b0, 2));
            ref double bh = ref Unsafe.Add(ref b0, h);
            var wb = Vector256.Create(wh, wh + bh, wh + bh + Unsafe.Add(ref bh, 1), wh + bh + Unsafe.Add(ref bh, 1) + Unsafe.Add(ref bh, 2));
            for (int k = 0; k < h; k += 4)
            {
                s0 = Vector256.FusedMultiplyAdd(wa, wa, s0);
                s1 = Vector256.FusedMultiplyAdd(wb, wb, s1);
                wa += Load(ref b0, k) + Load(ref b0, k + 1) + (Load(ref b0, k + 2) + Load(ref b0, k + 3));
                wb += Load(ref bh, k) + Load(ref bh, k + 1) + (Load(ref bh, k + 2) + Load(ref bh, k + 3));
            }
            w = wb.GetElement(0); // W_{t+full}
            for (int k = full; k < len; k++) { tail += w * w; w += buf[k]; }
            t += len;
            sinceAnchor += len;
            if (sinceAnchor >= reanchor && t < count)
            {
                sinceAnchor = 0;
                w = WindowSum(x, t, m);
            }
        }
        return Vector256.Sum(s0 + s1) + tail;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Load(ref double b, int k) => Vector256.LoadUnsafe(ref b, (nuint)k);

    private static double SumOf(ReadOnlySpan<double> v)
    {
        ref double b = ref MemoryMarshal.GetReference(v);
        var a0 = Vector256<double>.Zero;
        var a1 = Vector256<double>.Zero;
        int i = 0;
        for (; i + 8 <= v.Length; i += 8) { a0 += Load(ref b, i); a1 += Load(ref b, i + 4); }
        double s = Vector256.Sum(a0 + a1);
        for (; i < v.Length; i++) s += v[i];
        return s;
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
