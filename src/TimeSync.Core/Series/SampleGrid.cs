namespace TimeSync.Core.Series;

/// <summary>
/// Where time-tagged samples fall on the regular grid t₀ + k·τ0 that every statistic assumes.
/// <see cref="Values"/>[k] is the sample at slot k, NaN where the tags show no sample (a gap, kept, never closed).
/// </summary>
/// <param name="Values">One value per grid slot.</param>
/// <param name="Tau0Seconds">The grid step.</param>
/// <param name="MissingSamples">Slots with no sample (the gaps the time tags reveal).</param>
/// <param name="Gaps">Runs of missing slots.</param>
/// <param name="LargestGapSamples">The longest run of missing slots.</param>
/// <param name="LargestGapAfterIndex">Index (in the input) of the sample after which that run starts; −1 when there is none.</param>
/// <param name="MaxResidualSeconds">Largest distance of a time tag from its grid slot.</param>
public sealed record GridPlacement(
    double[] Values, double Tau0Seconds, long MissingSamples, int Gaps, long LargestGapSamples, int LargestGapAfterIndex,
    double MaxResidualSeconds);

/// <summary>
/// Puts time-tagged samples on a regular grid, so that a missing sample stays a gap instead of silently joining its
/// neighbours (NIST SP 1065 §5.15: gaps are filled with placeholders, not closed). τ0 comes from the tags when not
/// given: the mean of the regular spacings (within 1.5× their median, so jitter and tags quantized finer than τ0
/// average out, and gaps do not count), refined by a least-squares fit of the tags to their slot numbers.
/// </summary>
public static class SampleGrid
{
    /// <summary>Most samples a median is taken over (evenly spaced); enough for a stable median, cheap on 10^8 tags.</summary>
    private const int MedianSampleLimit = 100_001;

    /// <summary>
    /// τ0 in seconds from offsets (seconds from the first tag); null with fewer than two tags. Tags that go back or repeat
    /// give their median spacing (null if that is not positive).
    /// The result is the value with the fewest significant digits within three standard errors of the fit, so a 1 s grid
    /// read from jittery or quantized tags is exactly 1 s, while a step the tags pin down more finely keeps its digits.
    /// </summary>
    public static double? EstimateStepSeconds(ReadOnlySpan<double> offsetsSeconds)
    {
        int n = offsetsSeconds.Length;
        if (n < 2) return null;
        double median = MedianSpacing(offsetsSeconds);
        if (!(median > 0)) return null;

        // mean of the regular spacings: jitter and tag quantization average out, gaps (≥ 1.5 steps) do not count
        double sum = 0;
        long count = 0;
        for (int i = 1; i < n; i++)
        {
            double d = offsetsSeconds[i] - offsetsSeconds[i - 1];
            if (!(d > 0)) return median; // tags that go back or repeat fit no grid: the median spacing is all there is
            if (d <= 1.5 * median) { sum += d; count++; }
        }
        double step = sum / count;

        // refine: least-squares slope of tag against slot number (the slots found with the current step)
        double standardError = 0;
        for (int iteration = 0; iteration < 5; iteration++)
        {
            (double refined, standardError) = FitSlope(offsetsSeconds, step);
            bool settled = Math.Abs(refined - step) <= 1e-12 * step;
            step = refined;
            if (settled) break;
        }
        // 1e-12 relative: below that the fit only sees the rounding of the tags' decimal text and of the sums
        double tolerance = Math.Max(3 * standardError, 1e-12 * step);
        for (int digits = 1; digits < 16; digits++)
        {
            double simple = RoundSignificant(step, digits);
            if (Math.Abs(simple - step) <= tolerance) return simple;
        }
        return step;
    }

    /// <summary>
    /// Places the samples at offsets (seconds from the first tag, increasing) on slots k = round(offset/τ0).
    /// Returns null when the tags do not fit the grid: two samples on one slot, or a tag more than τ0/4 from its slot
    /// (irregular sampling; the caller decides what to do). Throws <see cref="InputException"/> (at
    /// <paramref name="location"/>) when the grid would exceed <paramref name="maxSlots"/> (a wild time tag).
    /// </summary>
    public static GridPlacement? Place(ReadOnlySpan<double> offsetsSeconds, IReadOnlyList<double> values, double tau0Seconds,
        long maxSlots, string location)
    {
        int n = offsetsSeconds.Length;
        if (n != values.Count) throw new ArgumentException("offsets and values differ in count", nameof(values));
        if (!(tau0Seconds > 0) || !double.IsFinite(tau0Seconds)) throw new ArgumentOutOfRangeException(nameof(tau0Seconds));
        if (n == 0) return new GridPlacement([], tau0Seconds, 0, 0, 0, -1, 0);

        double lastSlot = Math.Round(offsetsSeconds[n - 1] / tau0Seconds);
        if (!(lastSlot + 1 <= maxSlots))
            throw new InputException(location,
                $"the time tags span {offsetsSeconds[n - 1]:G6} s, {lastSlot + 1:G6} steps of {tau0Seconds:G6} s for {n} samples (more than {maxSlots}); a time tag is wrong, or give --tau0");

        var grid = new double[(long)lastSlot + 1];
        Array.Fill(grid, double.NaN);
        long previous = -1, missing = 0, largest = 0;
        int gaps = 0, largestAfter = -1;
        double maxResidual = 0;
        for (int i = 0; i < n; i++)
        {
            double exact = offsetsSeconds[i] / tau0Seconds;
            long slot = (long)Math.Round(exact);
            maxResidual = Math.Max(maxResidual, Math.Abs(exact - slot) * tau0Seconds);
            if (slot <= previous || maxResidual > 0.25 * tau0Seconds) return null;
            long hole = slot - previous - 1;
            if (hole > 0 && previous >= 0)
            {
                missing += hole;
                gaps++;
                if (hole > largest) { largest = hole; largestAfter = i - 1; }
            }
            grid[slot] = values[i];
            previous = slot;
        }
        return new GridPlacement(grid, tau0Seconds, missing, gaps, largest, largestAfter, maxResidual);
    }

    private static double MedianSpacing(ReadOnlySpan<double> t)
    {
        int spacings = t.Length - 1;
        int take = Math.Min(spacings, MedianSampleLimit);
        var d = new double[take];
        for (int j = 0; j < take; j++)
        {
            int i = (int)((long)j * spacings / take) + 1;
            d[j] = t[i] - t[i - 1];
        }
        Array.Sort(d);
        return d[take / 2];
    }

    /// <summary>
    /// Least-squares slope of offset against slot k = round(offset/step), through the first tag (slot 0, offset 0),
    /// with its standard error: τ0 = Σk·t / Σk², σ = rms residual / √Σk² (ordinary least squares without intercept).
    /// </summary>
    private static (double Slope, double StandardError) FitSlope(ReadOnlySpan<double> t, double step)
    {
        double skt = 0, skk = 0;
        for (int i = 1; i < t.Length; i++)
        {
            double k = Math.Round(t[i] / step);
            skt += k * t[i];
            skk += k * k;
        }
        if (!(skk > 0)) return (step, 0);
        double slope = skt / skk, squares = 0;
        for (int i = 1; i < t.Length; i++)
        {
            double r = t[i] - Math.Round(t[i] / step) * slope;
            squares += r * r;
        }
        double rms = t.Length > 2 ? Math.Sqrt(squares / (t.Length - 2)) : 0;
        return (slope, rms / Math.Sqrt(skk));
    }

    private static double RoundSignificant(double value, int digits)
    {
        double scale = Math.Pow(10, digits - 1 - (int)Math.Floor(Math.Log10(Math.Abs(value))));
        return Math.Round(value * scale) / scale;
    }
}
