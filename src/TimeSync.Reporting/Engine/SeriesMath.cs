namespace TimeSync.Reporting.Engine;

/// <summary>Order statistics, fits and gap counts over phase data with NaN gaps.</summary>
public static class SeriesMath
{
    /// <summary>max |x| over valid samples; NaN when none.</summary>
    public static double MaxAbs(ReadOnlySpan<double> x)
    {
        double best = double.NaN;
        foreach (double v in x)
            if (!double.IsNaN(v) && (double.IsNaN(best) || Math.Abs(v) > best)) best = Math.Abs(v);
        return best;
    }

    /// <summary>max(x) − min(x) over valid samples.</summary>
    public static double PeakToPeak(ReadOnlySpan<double> x)
    {
        double lo = double.PositiveInfinity, hi = double.NegativeInfinity;
        foreach (double v in x)
        {
            if (double.IsNaN(v)) continue;
            lo = Math.Min(lo, v);
            hi = Math.Max(hi, v);
        }
        return hi >= lo ? hi - lo : double.NaN;
    }

    /// <summary>
    /// The p-th percentile (0 &lt; p &lt; 100) of |x|, linear between closest ranks: h = (n−1)p/100
    /// (Hyndman &amp; Fan 1996 definition 7, numpy's default).
    /// </summary>
    public static double PercentileAbs(ReadOnlySpan<double> x, double p)
    {
        var a = new List<double>(x.Length);
        foreach (double v in x) if (!double.IsNaN(v)) a.Add(Math.Abs(v));
        if (a.Count == 0) return double.NaN;
        a.Sort();
        double h = (a.Count - 1) * p / 100.0;
        int lo = (int)Math.Floor(h);
        int hi = Math.Min(lo + 1, a.Count - 1);
        return a[lo] + (h - lo) * (a[hi] - a[lo]);
    }

    /// <summary>Least-squares fit x = c0 + c1·t (+ c2·t²) over valid samples, t = index·τ0; returns c0, c1, c2 (c2 = 0 for degree 1).</summary>
    public static double[] PolyFit(ReadOnlySpan<double> x, double tau0Seconds, int degree)
    {
        // normal equations on t centred and scaled to [-1, 1] for conditioning, then mapped back
        int n = x.Length;
        double mid = (n - 1) / 2.0, half = Math.Max(mid, 1);
        int k = degree + 1;
        var ata = new double[k, k];
        var atb = new double[k];
        int valid = 0;
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(x[i])) continue;
            valid++;
            double u = (i - mid) / half;
            var pow = new double[k];
            pow[0] = 1;
            for (int j = 1; j < k; j++) pow[j] = pow[j - 1] * u;
            for (int r = 0; r < k; r++)
            {
                atb[r] += pow[r] * x[i];
                for (int c = 0; c < k; c++) ata[r, c] += pow[r] * pow[c];
            }
        }
        if (valid < k) return Enumerable.Repeat(double.NaN, 3).ToArray();
        var coef = Solve(ata, atb);
        // x = a0 + a1 u + a2 u², u = (t/τ0 − mid)/half → in t: derivative scale s = 1/(half τ0)
        double s = 1 / (half * tau0Seconds);
        double a0 = coef[0], a1 = coef[1], a2 = k > 2 ? coef[2] : 0;
        double c2 = a2 * s * s;
        double t0 = mid * tau0Seconds;
        double c1 = a1 * s - 2 * c2 * t0;
        double c0 = a0 - a1 * s * t0 + c2 * t0 * t0;
        return [c0, c1, c2];
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        var m = (double[,])a.Clone();
        var v = (double[])b.Clone();
        for (int p = 0; p < n; p++)
        {
            int piv = p;
            for (int r = p + 1; r < n; r++) if (Math.Abs(m[r, p]) > Math.Abs(m[piv, p])) piv = r;
            for (int c = 0; c < n; c++) (m[p, c], m[piv, c]) = (m[piv, c], m[p, c]);
            (v[p], v[piv]) = (v[piv], v[p]);
            for (int r = p + 1; r < n; r++)
            {
                double f = m[r, p] / m[p, p];
                for (int c = p; c < n; c++) m[r, c] -= f * m[p, c];
                v[r] -= f * v[p];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = v[r];
            for (int c = r + 1; c < n; c++) s -= m[r, c] * x[c];
            x[r] = s / m[r, r];
        }
        return x;
    }

    /// <summary>The longest run of NaN samples (count) and where it starts.</summary>
    public static (int Length, int Start) LongestGap(ReadOnlySpan<double> x)
    {
        int best = 0, bestStart = -1, run = 0;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i]))
            {
                run++;
                if (run > best) { best = run; bestStart = i - run + 1; }
            }
            else run = 0;
        }
        return (best, bestStart);
    }

    public static int CountNaN(ReadOnlySpan<double> x)
    {
        int n = 0;
        foreach (double v in x) if (double.IsNaN(v)) n++;
        return n;
    }

    /// <summary>
    /// Time to lock: the first index s from which |x| &lt; bound holds for every sample up to s + hold/τ0
    /// (a NaN breaks the run). Returns -1 when the series never locks.
    /// </summary>
    public static int LockIndex(ReadOnlySpan<double> x, double tau0Seconds, double boundSeconds, double holdSeconds)
    {
        int need = (int)Math.Ceiling(holdSeconds / tau0Seconds - 1e-9);
        int runStart = -1;
        for (int i = 0; i < x.Length; i++)
        {
            if (!double.IsNaN(x[i]) && Math.Abs(x[i]) < boundSeconds)
            {
                if (runStart < 0) runStart = i;
                if (i - runStart >= need) return runStart;
            }
            else runStart = -1;
        }
        return -1;
    }

    /// <summary>Averaging factors m (τ = mτ0) on a 10-per-decade grid from 1 to <paramref name="maxM"/>, plus extra τ values (mask breakpoints).</summary>
    public static int[] TauGrid(int maxM, double tau0Seconds, IEnumerable<double>? extraTaus = null)
    {
        var set = new SortedSet<int>();
        for (double d = 1; d <= maxM; d *= 10)
            foreach (double f in (double[])[1, 1.25, 1.6, 2, 2.5, 3.2, 4, 5, 6.3, 8])
            {
                int m = (int)Math.Round(d * f);
                if (m >= 1 && m <= maxM) set.Add(m);
            }
        if (extraTaus is not null)
            foreach (double tau in extraTaus)
            {
                if (!double.IsFinite(tau)) continue;
                foreach (int m in new[] { (int)Math.Floor(tau / tau0Seconds + 1e-9), (int)Math.Ceiling(tau / tau0Seconds - 1e-9) + (IsWhole(tau / tau0Seconds) ? 1 : 0) })
                    if (m >= 1 && m <= maxM) set.Add(m);
            }
        return [.. set];
    }

    private static bool IsWhole(double v) => Math.Abs(v - Math.Round(v)) < 1e-9;
}
