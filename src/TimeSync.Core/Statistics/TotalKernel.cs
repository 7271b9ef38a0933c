namespace TimeSync.Core.Statistics;

/// <summary>
/// The inner sum shared by MTOTVAR and HTOTVAR (Howe &amp; Vernotte 1999; Howe et al. 2000; NIST SP 1065 §5.2.12, §5.2.14):
/// for every run of 3m consecutive samples, remove the linear trend found from the means of its two halves, extend the
/// run to 9m samples by uninverted even reflection at both ends, and sum the squares of the 6m second differences of
/// m-sample sums over the extension.
/// </summary>
/// <remarks>
/// Works on the prefix sums <c>Pf[k] = Σ_{q&lt;k} v_q</c> of the samples v, so every m-sample sum over the extended run is
/// a difference of two prefix values: one run costs O(m) with no inner window loop and no copy of the run.
/// NaN samples are marked in <c>nanPrefix</c> (count of NaN among the first k samples, NaN replaced by 0 in Pf);
/// a run touching one is skipped.
/// </remarks>
internal static class TotalKernel
{
    /// <summary>Σ over usable runs of Σ_j D_j², where D_j is the second difference of m-sums (not averages); and the run count.</summary>
    /// <param name="prefix">Pf[0..K]: prefix sums of the K samples.</param>
    /// <param name="nanPrefix">Null when there are no NaN samples; else the count of NaN among the first k samples.</param>
    /// <param name="m">Averaging factor, 1 ≤ 3m ≤ K.</param>
    /// <param name="nanSpan">How many NaN-marked entries from index i one run depends on.</param>
    /// <param name="xs">Scratch of at least 9m+1 values.</param>
    /// <remarks>
    /// With Z(q) = Pf[i+q] − Pf[i] − s·q(q−1)/2 the prefix of the detrended run, the prefix of its extension is
    /// XS(p) = Z(3m) − Z(3m−p) for p ≤ 3m, Z(3m) + Z(p−3m) up to 6m, 3Z(3m) − Z(9m−p) up to 9m, and
    /// D_j = XS(j+3m) − 3XS(j+2m) + 3XS(j+m) − XS(j). The slope term is the same for every run, so D_j = Dx_j − s·Q_j with
    /// Q computed once per m and Dx from a reflected copy of the raw prefix (three vectorised copies, no per-point arithmetic).
    /// </remarks>
    public static (double Sum, int Runs) ReflectedSecondDifferences(
        double[] prefix, int[]? nanPrefix, int m, int nanSpan, Span<double> xs)
    {
        int count = prefix.Length - 3 * m; // runs i = 0 .. K−3m
        if (count <= 0) return (0.0, 0);
        if ((double)count * m < ParallelWork) return Runs(prefix, nanPrefix, m, nanSpan, xs, 0, count);
        // long records: the runs in Chunks fixed slices on the thread pool, summed in slice order, so the result does not
        // depend on the number of cores (it differs from one pass in the last bits only)
        var sums = new double[Chunks];
        var used = new int[Chunks];
        Parallel.For(0, Chunks, () => new double[9 * m + 1], (c, _, scratch) =>
        {
            int from = (int)((long)count * c / Chunks), to = (int)((long)count * (c + 1) / Chunks);
            (sums[c], used[c]) = Runs(prefix, nanPrefix, m, nanSpan, scratch, from, to);
            return scratch;
        }, _ => { });
        double total = 0.0;
        int runs = 0;
        for (int c = 0; c < Chunks; c++) { total += sums[c]; runs += used[c]; }
        return (total, runs);
    }

    /// <summary>Runs × m above which the runs are spread over the cores (about 20 ms of work on one).</summary>
    internal const double ParallelWork = 1 << 22;

    /// <summary>Fixed number of slices of a parallel pass (independent of the machine, for reproducible sums).</summary>
    private const int Chunks = 32;

    /// <summary>The runs starting at i = <paramref name="from"/> .. <paramref name="to"/> − 1.</summary>
    private static (double Sum, int Runs) Runs(
        ReadOnlySpan<double> prefix, int[]? nanPrefix, int m, int nanSpan, Span<double> xs, int from, int to)
    {
        int len = 3 * m;
        int half1 = len / 2, half2 = (len + 1) / 2;
        // distance between the centres of the two half-means (Howe & Vernotte 1999; as in Stable32's MTC.c)
        double dist = (len % 2 == 1) ? (len + 1) / 2.0 : len / 2.0;
        xs = xs[..(9 * m + 1)];
        double[] q = SlopeResponse(m);
        double total = 0.0;
        int runs = 0;
        for (int i = from; i < to; i++)
        {
            if (nanPrefix is not null && nanPrefix[i + nanSpan] != nanPrefix[i]) continue;
            double b = prefix[i];
            double mean1 = (prefix[i + half1] - b) / half1;
            double mean2 = (prefix[i + len] - prefix[i + half2]) / (len - half2);
            double slope = (mean2 - mean1) / dist;
            double pl = prefix[i + len];
            var run = prefix.Slice(i, len + 1);
            // region B (p = 3m..6m): Pf[i+p−3m] + Pf[i+3m] − 2b
            AddConstant(run, pl - 2.0 * b, xs.Slice(len, len + 1));
            // region A (p = 0..3m): Pf[i+3m] − Pf[i+3m−p]; region C (p = 6m..9m): 3Pf[i+3m] − 2b − Pf[i+9m−p]
            var a = xs[..(len + 1)];
            run.CopyTo(a);
            a.Reverse();
            var c = xs.Slice(2 * len, len + 1);
            SubtractFrom(3.0 * pl - 2.0 * b, a, c);
            SubtractFrom(pl, a, a);
            total += ThirdDifferenceSquares(xs, q, slope, m);
            runs++;
        }
        return (total, runs);
    }

    /// <summary>Q_j: the D_j of the slope term alone, q(q−1)/2 in place of the prefix (same extension and differences).</summary>
    private static double[] SlopeResponse(int m)
    {
        int len = 3 * m;
        static double T(int q) => 0.5 * q * (q - 1.0);
        var xsq = new double[9 * m + 1];
        for (int p = 0; p <= len; p++) xsq[p] = T(len) - T(len - p);
        for (int p = len + 1; p <= 2 * len; p++) xsq[p] = T(len) + T(p - len);
        for (int p = 2 * len + 1; p <= 3 * len; p++) xsq[p] = 3.0 * T(len) - T(3 * len - p);
        var q = new double[6 * m];
        for (int j = 0; j < q.Length; j++) q[j] = xsq[j + 3 * m] - 3.0 * xsq[j + 2 * m] + 3.0 * xsq[j + m] - xsq[j];
        return q;
    }

    private static void AddConstant(ReadOnlySpan<double> source, double constant, Span<double> destination)
    {
        int j = 0, n = source.Length;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int w = System.Numerics.Vector<double>.Count;
            var cv = new System.Numerics.Vector<double>(constant);
            for (; j + w <= n; j += w) (new System.Numerics.Vector<double>(source.Slice(j, w)) + cv).CopyTo(destination.Slice(j, w));
        }
        for (; j < n; j++) destination[j] = source[j] + constant;
    }

    /// <summary>destination[j] = constant − source[j] (source and destination may be the same span).</summary>
    private static void SubtractFrom(double constant, ReadOnlySpan<double> source, Span<double> destination)
    {
        int j = 0, n = source.Length;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            int w = System.Numerics.Vector<double>.Count;
            var cv = new System.Numerics.Vector<double>(constant);
            for (; j + w <= n; j += w) (cv - new System.Numerics.Vector<double>(source.Slice(j, w))).CopyTo(destination.Slice(j, w));
        }
        for (; j < n; j++) destination[j] = constant - source[j];
    }

    /// <summary>Σ_{j=0}^{6m−1} (XS[j+3m] − 3·XS[j+2m] + 3·XS[j+m] − XS[j] − s·Q_j)².</summary>
    private static double ThirdDifferenceSquares(ReadOnlySpan<double> xs, ReadOnlySpan<double> q, double slope, int m)
    {
        int count = 6 * m;
        double acc = 0.0;
        int j = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && count >= System.Numerics.Vector<double>.Count)
        {
            int w = System.Numerics.Vector<double>.Count;
            var vacc = System.Numerics.Vector<double>.Zero;
            var three = new System.Numerics.Vector<double>(3.0);
            var sv = new System.Numerics.Vector<double>(slope);
            for (; j + w <= count; j += w)
            {
                var a = new System.Numerics.Vector<double>(xs.Slice(j, w));
                var b1 = new System.Numerics.Vector<double>(xs.Slice(j + m, w));
                var c = new System.Numerics.Vector<double>(xs.Slice(j + 2 * m, w));
                var d = new System.Numerics.Vector<double>(xs.Slice(j + 3 * m, w));
                var diff = d - three * c + three * b1 - a - sv * new System.Numerics.Vector<double>(q.Slice(j, w));
                vacc += diff * diff;
            }
            acc = System.Numerics.Vector.Sum(vacc);
        }
        for (; j < count; j++)
        {
            double diff = xs[j + 3 * m] - 3.0 * xs[j + 2 * m] + 3.0 * xs[j + m] - xs[j] - slope * q[j];
            acc += diff * diff;
        }
        return acc;
    }

    /// <summary>Prefix sums of <paramref name="values"/> (NaN counted as 0) and, if any NaN, the NaN-count prefix.</summary>
    public static (double[] Prefix, int[]? NanPrefix) Prefix(ReadOnlySpan<double> values, double offset)
    {
        var prefix = new double[values.Length + 1];
        int[]? nan = null;
        double sum = 0.0;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (double.IsNaN(v))
            {
                nan ??= new int[values.Length + 1];
                v = offset;
            }
            sum += v - offset;
            prefix[i + 1] = sum;
        }
        if (nan is not null)
        {
            int c = 0;
            for (int i = 0; i < values.Length; i++)
            {
                if (double.IsNaN(values[i])) c++;
                nan[i + 1] = c;
            }
        }
        return (prefix, nan);
    }
}
