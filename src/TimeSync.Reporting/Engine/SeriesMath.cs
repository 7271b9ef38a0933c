using TimeSync.Core.Series;

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

    /// <summary>
    /// Least-squares fit x = c0 + c1·t (+ c2·t²) over valid samples, t = index·τ0, through Core's
    /// <see cref="LeastSquares.Polynomial"/> (fit in the index, rescaled to seconds); returns c0, c1, c2.
    /// </summary>
    public static double[] PolyFit(ReadOnlySpan<double> x, double tau0Seconds, int degree)
    {
        int valid = x.Length - CountNaN(x);
        if (valid <= degree) return [double.NaN, double.NaN, double.NaN];
        double[] c = LeastSquares.Polynomial(x, degree);
        return [c[0], c[1] / tau0Seconds, degree >= 2 ? c[2] / (tau0Seconds * tau0Seconds) : 0];
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
