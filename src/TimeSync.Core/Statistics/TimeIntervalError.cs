using System.Buffers;
using System.Numerics;

namespace TimeSync.Core.Statistics;

/// <summary>MTIE and TIE rms from phase (time-error) data, in seconds.</summary>
public static class TimeIntervalError
{
    /// <summary>
    /// MTIE(τ = m·τ0): the largest peak-to-peak time error over every window of m+1 consecutive samples
    /// (ITU-T G.810 §4.5.13, NIST SP 1065 §5.2.14); windows holding a NaN are skipped.
    /// O(N) per τ with monotonic deques of window maxima/minima (Lemire 2006).
    /// </summary>
    public static DeviationPoint Mtie(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        int n = phaseSeconds.Length;
        int window = m + 1;
        if (m < 1 || window > n) return DeviationPoint.None;
        var pool = ArrayPool<int>.Shared;
        int[] maxQ = pool.Rent(window + 1), minQ = pool.Rent(window + 1);
        try
        {
            int cap = window + 1;
            int maxHead = 0, maxCount = 0, minHead = 0, minCount = 0;
            int lastNaN = -1;
            double best = double.NaN;
            long terms = 0;
            for (int i = 0; i < n; i++)
            {
                double v = phaseSeconds[i];
                if (double.IsNaN(v))
                {
                    lastNaN = i;
                    maxCount = minCount = 0;
                    continue;
                }
                // drop indices that left the window
                if (maxCount > 0 && maxQ[maxHead] <= i - window) { maxHead = (maxHead + 1) % cap; maxCount--; }
                if (minCount > 0 && minQ[minHead] <= i - window) { minHead = (minHead + 1) % cap; minCount--; }
                while (maxCount > 0 && phaseSeconds[maxQ[(maxHead + maxCount - 1) % cap]] <= v) maxCount--;
                maxQ[(maxHead + maxCount) % cap] = i; maxCount++;
                while (minCount > 0 && phaseSeconds[minQ[(minHead + minCount - 1) % cap]] >= v) minCount--;
                minQ[(minHead + minCount) % cap] = i; minCount++;
                if (i - m > lastNaN && i >= m)
                {
                    double pp = phaseSeconds[maxQ[maxHead]] - phaseSeconds[minQ[minHead]];
                    if (!(pp <= best)) best = pp;
                    terms++;
                }
            }
            return terms == 0 ? DeviationPoint.None : new(best, terms);
        }
        finally
        {
            pool.Return(maxQ);
            pool.Return(minQ);
        }
    }

    /// <summary>
    /// MTIE at many averaging factors at once for gap-free data: sliding maxima/minima over windows of 2^k samples
    /// are built by doubling in place (M_{k+1}[i] = max(M_k[i], M_k[i+2^k])), and a window of w samples with
    /// 2^k ≤ w &lt; 2^{k+1} is the max of two overlapping 2^k windows. O(N) per level and per τ, SIMD, 2N doubles of scratch.
    /// Falls back to <see cref="Mtie"/> per τ when the data have gaps.
    /// </summary>
    public static DeviationPoint[] MtieMany(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, IReadOnlyList<int> ms)
    {
        var result = new DeviationPoint[ms.Count];
        int n = phaseSeconds.Length;
        bool gaps = false;
        foreach (var v in phaseSeconds) if (double.IsNaN(v)) { gaps = true; break; }
        if (gaps)
        {
            for (int k = 0; k < ms.Count; k++) result[k] = Mtie(phaseSeconds, tau0Seconds, ms[k]);
            return result;
        }
        var order = Enumerable.Range(0, ms.Count).Where(k => ms[k] >= 1 && ms[k] + 1 <= n).OrderBy(k => ms[k]).ToArray();
        for (int k = 0; k < ms.Count; k++) result[k] = DeviationPoint.None;
        if (order.Length == 0) return result;
        var pool = ArrayPool<double>.Shared;
        double[] hi = pool.Rent(n), lo = pool.Rent(n);
        try
        {
            phaseSeconds.CopyTo(hi);
            phaseSeconds.CopyTo(lo);
            int level = 1; // hi[i] = max(x[i .. i+level-1]), valid for i ≤ n − level
            foreach (int k in order)
            {
                int window = ms[k] + 1;
                while (level * 2 <= window)
                {
                    Double(hi, lo, level, n - 2 * level + 1);
                    level *= 2;
                }
                int shift = window - level;
                int count = n - window + 1;
                result[k] = new(PeakToPeak(hi, lo, shift, count), count);
            }
        }
        finally
        {
            pool.Return(hi);
            pool.Return(lo);
        }
        return result;
    }

    private static void Double(double[] hi, double[] lo, int level, int count)
    {
        int w = Vector<double>.Count;
        int i = 0;
        var h = hi.AsSpan();
        var l = lo.AsSpan();
        for (; i + w <= count; i += w)
        {
            // both inputs are loaded before the chunk is written, and earlier chunks are never read again: safe in place
            var a = new Vector<double>(h.Slice(i));
            var b = new Vector<double>(h.Slice(i + level));
            Vector.Max(a, b).CopyTo(h.Slice(i));
            var c = new Vector<double>(l.Slice(i));
            var d = new Vector<double>(l.Slice(i + level));
            Vector.Min(c, d).CopyTo(l.Slice(i));
        }
        for (; i < count; i++)
        {
            hi[i] = Math.Max(hi[i], hi[i + level]);
            lo[i] = Math.Min(lo[i], lo[i + level]);
        }
    }

    private static double PeakToPeak(double[] hi, double[] lo, int shift, int count)
    {
        int w = Vector<double>.Count;
        var best = new Vector<double>(double.NegativeInfinity);
        var h = hi.AsSpan();
        var l = lo.AsSpan();
        int i = 0;
        for (; i + w <= count; i += w)
        {
            var mx = Vector.Max(new Vector<double>(h.Slice(i)), new Vector<double>(h.Slice(i + shift)));
            var mn = Vector.Min(new Vector<double>(l.Slice(i)), new Vector<double>(l.Slice(i + shift)));
            best = Vector.Max(best, mx - mn);
        }
        double b = double.NegativeInfinity;
        for (int k = 0; k < w; k++) b = Math.Max(b, best[k]);
        for (; i < count; i++) b = Math.Max(b, Math.Max(hi[i], hi[i + shift]) - Math.Min(lo[i], lo[i + shift]));
        return b;
    }

    /// <summary>TIE rms(τ = m·τ0) = sqrt(mean (x[i+m] − x[i])²) over the N−m pairs (ITU-T G.810 §4.5.14 without the mean removed, as Stable32); NaN pairs skipped.</summary>
    public static DeviationPoint TieRms(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m)
    {
        if (m < 1 || m >= phaseSeconds.Length) return DeviationPoint.None;
        double s = 0;
        long n = 0;
        for (int i = 0; i + m < phaseSeconds.Length; i++)
        {
            double d = phaseSeconds[i + m] - phaseSeconds[i];
            if (double.IsNaN(d)) continue;
            s += d * d;
            n++;
        }
        return n == 0 ? DeviationPoint.None : new(Math.Sqrt(s / n), n);
    }
}
