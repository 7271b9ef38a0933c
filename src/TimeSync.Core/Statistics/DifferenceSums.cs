using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace TimeSync.Core.Statistics;

/// <summary>
/// Sums of squared second and third differences of phase at lag m, the kernels of the Allan and Hadamard
/// families. One pass, SIMD, no allocation. Terms touching a NaN (a gap) are skipped and not counted.
/// </summary>
internal static class DifferenceSums
{
    /// <summary>Σ (x[i+2m] − 2x[i+m] + x[i])² over i = 0, stride, 2·stride, … with i + 2m &lt; N.</summary>
    public static (double Sum, long Terms) SecondDifference(ReadOnlySpan<double> x, int m, int stride)
    {
        long last = x.Length - 1 - 2L * m; // largest start index
        if (m < 1 || last < 0) return (0, 0);
        if (stride == 1)
        {
            var (sum, ok) = SecondDifferenceDense(x, m, (int)last + 1);
            if (ok) return (sum, last + 1);
        }
        double s = 0;
        long n = 0;
        for (long i = 0; i <= last; i += stride)
        {
            double d = x[(int)(i + 2 * m)] - 2 * x[(int)(i + m)] + x[(int)i];
            if (double.IsNaN(d)) continue;
            s += d * d;
            n++;
        }
        return (s, n);
    }

    /// <summary>Σ (x[i+3m] − 3x[i+2m] + 3x[i+m] − x[i])² over i = 0, stride, … with i + 3m &lt; N.</summary>
    public static (double Sum, long Terms) ThirdDifference(ReadOnlySpan<double> x, int m, int stride)
    {
        long last = x.Length - 1 - 3L * m;
        if (m < 1 || last < 0) return (0, 0);
        if (stride == 1)
        {
            var (sum, ok) = ThirdDifferenceDense(x, m, (int)last + 1);
            if (ok) return (sum, last + 1);
        }
        double s = 0;
        long n = 0;
        for (long i = 0; i <= last; i += stride)
        {
            double d = x[(int)(i + 3 * m)] - 3 * x[(int)(i + 2 * m)] + 3 * x[(int)(i + m)] - x[(int)i];
            if (double.IsNaN(d)) continue;
            s += d * d;
            n++;
        }
        return (s, n);
    }

    // Dense (no gap) path: returns ok = false when a NaN was met, so the caller takes the gap-skipping path.
    private static (double Sum, bool Ok) SecondDifferenceDense(ReadOnlySpan<double> x, int m, int count)
    {
        ref double x0 = ref MemoryMarshal.GetReference(x);
        int w = Vector<double>.Count;
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        var two = new Vector<double>(2.0);
        int i = 0;
        for (; i + 2 * w <= count; i += 2 * w)
        {
            var d0 = Load(ref x0, i + 2 * m) - two * Load(ref x0, i + m) + Load(ref x0, i);
            var d1 = Load(ref x0, i + w + 2 * m) - two * Load(ref x0, i + w + m) + Load(ref x0, i + w);
            acc0 += d0 * d0;
            acc1 += d1 * d1;
        }
        double s = Vector.Sum(acc0 + acc1);
        for (; i < count; i++)
        {
            double d = Unsafe.Add(ref x0, i + 2 * m) - 2 * Unsafe.Add(ref x0, i + m) + Unsafe.Add(ref x0, i);
            s += d * d;
        }
        return (s, !double.IsNaN(s));
    }

    private static (double Sum, bool Ok) ThirdDifferenceDense(ReadOnlySpan<double> x, int m, int count)
    {
        ref double x0 = ref MemoryMarshal.GetReference(x);
        int w = Vector<double>.Count;
        var acc0 = Vector<double>.Zero;
        var acc1 = Vector<double>.Zero;
        var three = new Vector<double>(3.0);
        int i = 0;
        for (; i + 2 * w <= count; i += 2 * w)
        {
            var d0 = Load(ref x0, i + 3 * m) - Load(ref x0, i) + three * (Load(ref x0, i + m) - Load(ref x0, i + 2 * m));
            var d1 = Load(ref x0, i + w + 3 * m) - Load(ref x0, i + w) + three * (Load(ref x0, i + w + m) - Load(ref x0, i + w + 2 * m));
            acc0 += d0 * d0;
            acc1 += d1 * d1;
        }
        double s = Vector.Sum(acc0 + acc1);
        for (; i < count; i++)
        {
            double d = Unsafe.Add(ref x0, i + 3 * m) - Unsafe.Add(ref x0, i) + 3 * (Unsafe.Add(ref x0, i + m) - Unsafe.Add(ref x0, i + 2 * m));
            s += d * d;
        }
        return (s, !double.IsNaN(s));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector<double> Load(ref double x0, int offset) =>
        Unsafe.As<double, Vector<double>>(ref Unsafe.Add(ref x0, offset));
}
