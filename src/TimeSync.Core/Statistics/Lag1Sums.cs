using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace TimeSync.Core.Statistics;

/// <summary>
/// One-pass sums for the lag-1 autocorrelation (Riley &amp; Greenhall 2004 eq. 2) of a series and of its first, second
/// and third differences, so noise identification needs no copy of the (decimated or averaged) data: O(N/m) time,
/// O(1) memory. Each order's values are shifted by its first value before squaring (r1 is shift-invariant), which
/// keeps the one-pass variance free of cancellation against a large mean.
/// </summary>
internal sealed class Lag1Sums
{
    /// <summary>Highest differencing order kept (3: the Hadamard family).</summary>
    public const int MaxOrder = 3;

    private readonly int _maxOrder;
    private readonly long[] _n = new long[MaxOrder + 1];
    private readonly double[] _shift = new double[MaxOrder + 1];
    private readonly double[] _sum = new double[MaxOrder + 1];
    private readonly double[] _sumSquares = new double[MaxOrder + 1];
    private readonly double[] _sumLag = new double[MaxOrder + 1];
    private readonly double[] _lastShifted = new double[MaxOrder + 1];
    private readonly double[] _lastRaw = new double[MaxOrder + 1];

    private Lag1Sums(int maxOrder) => _maxOrder = maxOrder;

    /// <summary>Values seen at differencing order <paramref name="order"/> (N − order for N values).</summary>
    public long Count(int order) => _n[order];

    /// <summary>Values per block fed to <see cref="AddBlock"/>.</summary>
    public const int BlockLength = 1024;

    /// <summary>
    /// Appends <paramref name="len"/> values of the series, held in buf[1..len] (buf has room for
    /// <see cref="BlockLength"/> + 1 values; buf[0] and the values are overwritten). Each order is summed with SIMD, then
    /// differenced in place (d_i = z_i − z_{i−1}, the in-place differencing of the definition) to feed the next.
    /// </summary>
    public void AddBlock(Span<double> buf, int len)
    {
        int start = 1; // first value of this order in buf; buf[start−1] is its predecessor when there is one
        for (int o = 0; o <= _maxOrder && start <= len; o++)
        {
            bool first = _n[o] == 0;
            if (first) _shift[o] = buf[start];
            else buf[start - 1] = _lastRaw[o];
            double shift = _shift[o];
            int lagFrom = first ? start + 1 : start; // products s_{i−1}·s_i for i ≥ lagFrom
            _n[o] += len - start + 1;
            _lastShifted[o] = buf[len] - shift;
            _lastRaw[o] = buf[len];
            if (first)
            {
                double s = buf[start] - shift; // 0: the first value only enters Σs and Σs²
                _sum[o] += s;
                _sumSquares[o] += s * s;
            }
            var (sum, squares, lag) = SumAndDifference(buf, lagFrom, len, shift, o < _maxOrder);
            _sum[o] += sum;
            _sumSquares[o] += squares;
            _sumLag[o] += lag;
            start = lagFrom;
        }
    }

    // For i = from..len: Σs_i, Σs_i², Σs_{i−1}s_i with s = buf − shift; then (if asked) buf[i] = buf[i] − buf[i−1], the
    // next order's values. One SIMD loop from the top down, so every operand of a difference is still the original value.
    private static (double Sum, double Squares, double Lag) SumAndDifference(Span<double> buf, int from, int len, double shift, bool difference)
    {
        ref double b = ref MemoryMarshal.GetReference(buf);
        var vShift = Vector256.Create(shift);
        Vector256<double> sum0 = default, sum1 = default, sq0 = default, sq1 = default, lag0 = default, lag1 = default;
        int i = len;
        for (; i - 7 >= from; i -= 8)
        {
            var hi = Vector256.LoadUnsafe(ref b, (nuint)(i - 3));
            var hiPrev = Vector256.LoadUnsafe(ref b, (nuint)(i - 4));
            var lo = Vector256.LoadUnsafe(ref b, (nuint)(i - 7));
            var loPrev = Vector256.LoadUnsafe(ref b, (nuint)(i - 8));
            var sh = hi - vShift;
            var sl = lo - vShift;
            sum0 += sh;
            sum1 += sl;
            sq0 = Vector256.FusedMultiplyAdd(sh, sh, sq0);
            sq1 = Vector256.FusedMultiplyAdd(sl, sl, sq1);
            lag0 = Vector256.FusedMultiplyAdd(hiPrev - vShift, sh, lag0);
            lag1 = Vector256.FusedMultiplyAdd(loPrev - vShift, sl, lag1);
            if (difference)
            {
                (hi - hiPrev).StoreUnsafe(ref b, (nuint)(i - 3));
                (lo - loPrev).StoreUnsafe(ref b, (nuint)(i - 7));
            }
        }
        double sum = Vector256.Sum(sum0 + sum1), squares = Vector256.Sum(sq0 + sq1), lag = Vector256.Sum(lag0 + lag1);
        for (; i >= from; i--)
        {
            double s = buf[i] - shift;
            sum += s;
            squares += s * s;
            lag += (buf[i - 1] - shift) * s;
            if (difference) buf[i] -= buf[i - 1];
        }
        return (sum, squares, lag);
    }

    /// <summary>
    /// r1 of the order-<paramref name="order"/> differences (0 when constant), as Stable32 computes it: the lag-1
    /// autocovariance over n, (1/n)Σ_{i&lt;n−1}(z_i − z̄)(z_{i+1} − z̄), divided by the sample variance over n − 1,
    /// (1/(n−1))Σ(z_i − z̄)² — i.e. Riley &amp; Greenhall (2004) eq. 2 times (n − 1)/n. With the factor every one of the
    /// 1002 lag-1 rows of the Stable32 OCXO all-τ runs is reproduced; without it AF 113 and 463 (2δ = −0.502, −0.509,
    /// within 0.01 of the rounding boundary) read −1 where Stable32 prints −2.
    /// </summary>
    public double Lag1Autocorrelation(int order)
    {
        long n = _n[order];
        if (n < 2) return 0;
        double sum = _sum[order], mean = sum / n; // the first shifted value is 0
        double den = _sumSquares[order] - sum * mean;
        // Σ_{i<n−1}(s_i − s̄)(s_{i+1} − s̄) = Σ s_i s_{i+1} − s̄(Σ_{i<n−1} s_i + Σ_{i>0} s_i) + (n−1)s̄²
        double num = _sumLag[order] - mean * (2 * sum - _lastShifted[order]) + (n - 1) * mean * mean;
        return den <= 0 ? 0 : num / den * (n - 1) / n;
    }

    /// <summary>Sums of the phase decimated by m (x[0], x[m], …, NaN dropped) after removing its least-squares quadratic in the index.</summary>
    public static Lag1Sums OfDecimatedPhase(ReadOnlySpan<double> x, int m, int count, int maxOrder)
    {
        // least-squares quadratic in t = (k − centre)·scale, k = 0..count−1 the index among the kept values
        double centre = (count - 1) / 2.0, scale = 1.0 / Math.Max(centre, 1);
        // Σt^j over k = 0..count−1 in closed form (Σ(k−c)² = n(n²−1)/12, Σ(k−c)⁴ = n(n²−1)(3n²−7)/240, odd powers 0)
        double n = count, s2 = scale * scale;
        double p2 = n * (n * n - 1) / 12.0 * s2, p4 = n * (n * n - 1) * (3 * n * n - 7) / 240.0 * s2 * s2;
        Span<double> buf = stackalloc double[BlockLength + 1];
        double q0 = 0, q1 = 0, q2 = 0;
        int k0 = 0, pos = 0;
        while (true)
        {
            int len = Gather(x, m, ref pos, buf[1..]);
            if (len == 0) break;
            var (a, b, c) = FitBlock(buf.Slice(1, len), k0, centre, scale);
            q0 += a; q1 += b; q2 += c;
            k0 += len;
        }
        var (c0, c1, c2) = SolveQuadratic([n, 0, p2, 0, p4], [q0, q1, q2]);
        var sums = new Lag1Sums(maxOrder);
        k0 = 0;
        pos = 0;
        while (true)
        {
            int len = Gather(x, m, ref pos, buf[1..]);
            if (len == 0) break;
            Residuals(buf.Slice(1, len), k0, centre, scale, c0, c1, c2);
            sums.AddBlock(buf, len);
            k0 += len;
        }
        return sums;
    }

    // the next finite values x[pos], x[pos+m], … into dst (up to its length); pos advances past the values read
    private static int Gather(ReadOnlySpan<double> x, int m, ref int pos, Span<double> dst)
    {
        if (m == 1)
        {
            int n = Math.Min(dst.Length, x.Length - pos);
            var src = x.Slice(pos, n);
            if (!HasNaN(src))
            {
                src.CopyTo(dst);
                pos += n;
                return n;
            }
        }
        int len = 0, i = pos;
        for (; i < x.Length && len < dst.Length; i += m)
        {
            double v = x[i];
            dst[len] = v;
            if (!double.IsNaN(v)) len++;
        }
        pos = i;
        return len;
    }

    private static bool HasNaN(ReadOnlySpan<double> v)
    {
        ref double b = ref MemoryMarshal.GetReference(v);
        var acc = Vector256<double>.Zero;
        int j = 0;
        for (; j + 4 <= v.Length; j += 4) acc += Vector256.LoadUnsafe(ref b, (nuint)j) * 0.0; // NaN (or ±∞) · 0 is NaN
        double s = Vector256.Sum(acc);
        for (; j < v.Length; j++) s += v[j] * 0.0;
        return double.IsNaN(s);
    }

    private static (double Q0, double Q1, double Q2) FitBlock(ReadOnlySpan<double> v, int k0, double centre, double scale)
    {
        ref double b = ref MemoryMarshal.GetReference(v);
        var s0 = Vector256<double>.Zero;
        var s1 = Vector256<double>.Zero;
        var s2 = Vector256<double>.Zero;
        int j = 0;
        for (; j + 4 <= v.Length; j += 4)
        {
            var tj = (Vector256.Create(0.0, 1, 2, 3) + Vector256.Create(k0 + j - centre)) * scale;
            var vj = Vector256.LoadUnsafe(ref b, (nuint)j);
            s0 += vj;
            var vt = vj * tj;
            s1 += vt;
            s2 = Vector256.FusedMultiplyAdd(vt, tj, s2);
        }
        double q0 = Vector256.Sum(s0), q1 = Vector256.Sum(s1), q2 = Vector256.Sum(s2);
        for (; j < v.Length; j++)
        {
            double tj = (k0 + j - centre) * scale;
            q0 += v[j];
            q1 += v[j] * tj;
            q2 += v[j] * tj * tj;
        }
        return (q0, q1, q2);
    }

    private static void Residuals(Span<double> v, int k0, double centre, double scale, double c0, double c1, double c2)
    {
        ref double b = ref MemoryMarshal.GetReference(v);
        var vc0 = Vector256.Create(c0);
        var vc1 = Vector256.Create(c1);
        var vc2 = Vector256.Create(c2);
        int j = 0;
        for (; j + 4 <= v.Length; j += 4)
        {
            var tj = (Vector256.Create(0.0, 1, 2, 3) + Vector256.Create(k0 + j - centre)) * scale;
            var r = Vector256.LoadUnsafe(ref b, (nuint)j) - (vc0 + tj * (vc1 + tj * vc2));
            r.StoreUnsafe(ref b, (nuint)j);
        }
        for (; j < v.Length; j++)
        {
            double tj = (k0 + j - centre) * scale;
            v[j] -= c0 + tj * (c1 + tj * c2);
        }
    }

    /// <summary>Sums of the frequency averaged over non-overlapping blocks of m (blocks holding a NaN dropped), not detrended.</summary>
    public static Lag1Sums OfAveragedFrequency(ReadOnlySpan<double> y, int m, int maxOrder)
    {
        var sums = new Lag1Sums(maxOrder);
        Span<double> buf = stackalloc double[BlockLength + 1];
        int len = 0;
        for (int i = 0; i + m <= y.Length; i += m)
        {
            double v = NoiseIdentification.BlockMean(y, i, m);
            if (double.IsNaN(v)) continue;
            buf[++len] = v;
            if (len == BlockLength) { sums.AddBlock(buf, len); len = 0; }
        }
        if (len > 0) sums.AddBlock(buf, len);
        return sums;
    }

    // 3×3 normal equations [Σt^{i+j}]·c = [Σ t^i v], Gaussian elimination with partial pivoting
    private static (double C0, double C1, double C2) SolveQuadratic(ReadOnlySpan<double> pw, ReadOnlySpan<double> rhs)
    {
        Span<double> a = stackalloc double[12];
        for (int r = 0; r < 3; r++)
        {
            for (int col = 0; col < 3; col++) a[4 * r + col] = pw[r + col];
            a[4 * r + 3] = rhs[r];
        }
        for (int col = 0; col < 3; col++)
        {
            int piv = col;
            for (int r = col + 1; r < 3; r++) if (Math.Abs(a[4 * r + col]) > Math.Abs(a[4 * piv + col])) piv = r;
            if (piv != col) for (int j = 0; j < 4; j++) (a[4 * col + j], a[4 * piv + j]) = (a[4 * piv + j], a[4 * col + j]);
            for (int r = col + 1; r < 3; r++)
            {
                double f = a[4 * r + col] / a[4 * col + col];
                for (int j = col; j < 4; j++) a[4 * r + j] -= f * a[4 * col + j];
            }
        }
        double c2 = a[11] / a[10];
        double c1 = (a[7] - a[6] * c2) / a[5];
        double c0 = (a[3] - a[1] * c1 - a[2] * c2) / a[0];
        return (c0, c1, c2);
    }
}
