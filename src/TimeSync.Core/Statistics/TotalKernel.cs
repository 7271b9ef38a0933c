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
    public static (double Sum, int Runs) ReflectedSecondDifferences(
        ReadOnlySpan<double> prefix, int[]? nanPrefix, int m, int nanSpan, Span<double> xs)
    {
        int k = prefix.Length - 1;
        int len = 3 * m;
        int half1 = len / 2, half2 = (len + 1) / 2;
        // distance between the centres of the two half-means (Howe & Vernotte 1999; as in Stable32's MTC.c)
        double dist = (len % 2 == 1) ? (len + 1) / 2.0 : len / 2.0;
        double total = 0.0;
        int runs = 0;
        xs = xs[..(9 * m + 1)];
        for (int i = 0; i + len <= k; i++)
        {
            if (nanPrefix is not null && nanPrefix[i + nanSpan] != nanPrefix[i]) continue;
            double b = prefix[i];
            double mean1 = (prefix[i + half1] - b) / half1;
            double mean2 = (prefix[i + len] - prefix[i + half2]) / (len - half2);
            double s = (mean2 - mean1) / dist;
            // Z(q) = Σ_{r<q} (v_{i+r} − s·r) = Pf[i+q] − Pf[i] − s·q(q−1)/2
            double zl = prefix[i + len] - b - s * 0.5 * len * (len - 1.0);
            // prefix of the extension [reverse(z), z, reverse(z)] at p = 0..9m
            for (int p = 0; p <= len; p++)
            {
                int q = len - p;
                xs[p] = zl - (prefix[i + q] - b - s * 0.5 * q * (q - 1.0));
            }
            for (int p = len + 1; p <= 2 * len; p++)
            {
                int q = p - len;
                xs[p] = zl + (prefix[i + q] - b - s * 0.5 * q * (q - 1.0));
            }
            for (int p = 2 * len + 1; p <= 3 * len; p++)
            {
                int q = 3 * len - p;
                xs[p] = 3.0 * zl - (prefix[i + q] - b - s * 0.5 * q * (q - 1.0));
            }
            total += ThirdDifferenceSquares(xs, m);
            runs++;
        }
        return (total, runs);
    }

    /// <summary>Σ_{j=0}^{6m−1} (XS[j+3m] − 3·XS[j+2m] + 3·XS[j+m] − XS[j])².</summary>
    private static double ThirdDifferenceSquares(ReadOnlySpan<double> xs, int m)
    {
        int count = 6 * m;
        double acc = 0.0;
        int j = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated && count >= System.Numerics.Vector<double>.Count)
        {
            int w = System.Numerics.Vector<double>.Count;
            var vacc = System.Numerics.Vector<double>.Zero;
            var three = new System.Numerics.Vector<double>(3.0);
            for (; j + w <= count; j += w)
            {
                var a = new System.Numerics.Vector<double>(xs.Slice(j, w));
                var b1 = new System.Numerics.Vector<double>(xs.Slice(j + m, w));
                var c = new System.Numerics.Vector<double>(xs.Slice(j + 2 * m, w));
                var d = new System.Numerics.Vector<double>(xs.Slice(j + 3 * m, w));
                var diff = d - three * c + three * b1 - a;
                vacc += diff * diff;
            }
            acc = System.Numerics.Vector.Sum(vacc);
        }
        for (; j < count; j++)
        {
            double diff = xs[j + 3 * m] - 3.0 * xs[j + 2 * m] + 3.0 * xs[j + m] - xs[j];
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
