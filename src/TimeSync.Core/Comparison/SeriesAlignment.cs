using TimeSync.Core.Time;

namespace TimeSync.Core.Comparison;

/// <summary>One input to <see cref="SeriesAlignment.Align"/>: a named series with an absolute time per value.</summary>
public sealed record TimedSeries(string Name, IReadOnlyList<Instant> Times, IReadOnlyList<double> Values);

/// <summary>A stretch of the common grid where one input has no value (a gap, never interpolated across).</summary>
public readonly record struct AlignmentGap(string Name, Instant From, Instant To, long MissingSamples);

/// <summary>Values of one input left out because they lie outside the time range all inputs share.</summary>
public readonly record struct AlignmentTrim(string Name, Instant From, Instant To, long Samples);

/// <summary>
/// Several series on one regular grid: <see cref="Values"/>[i][k] is input i at <see cref="Start"/> + k·τ0, NaN where
/// that input has no sample there.
/// </summary>
public sealed record AlignedSeries(
    IReadOnlyList<string> Names, Instant Start, Duration Tau0, IReadOnlyList<double[]> Values, IReadOnlyList<AlignmentGap> Gaps)
{
    /// <summary>Stretches of inputs outside the common range (e.g. a clock that started an hour after the others).</summary>
    public IReadOnlyList<AlignmentTrim> Trimmed { get; init; } = [];

    public double Tau0Seconds => Tau0.TotalSeconds;
    public int Length => Values.Count == 0 ? 0 : Values[0].Length;
}

/// <summary>
/// Aligns timestamped series on their common timestamps: the grid step is the coarsest input's sampling interval, the
/// grid spans the overlap of all inputs, and a value lands on the grid point within a tenth of a step of its time.
/// Nothing is interpolated: where an input has no sample the aligned value is NaN and the gap is reported.
/// Inputs that cannot be aligned (no overlap, a sampling interval that is not a whole multiple of the others')
/// are refused with an <see cref="InputException"/> naming the input and the time range.
/// </summary>
public static class SeriesAlignment
{
    public static AlignedSeries Align(IReadOnlyList<TimedSeries> inputs)
    {
        if (inputs.Count == 0) throw new ArgumentException("nothing to align", nameof(inputs));
        var steps = new Duration[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            var s = inputs[i];
            if (s.Times.Count != s.Values.Count) throw new InputException(s.Name, "times and values differ in count");
            if (s.Times.Count < 2) throw new InputException(s.Name, "fewer than two timestamped values");
            for (int k = 1; k < s.Times.Count; k++)
                if (s.Times[k] <= s.Times[k - 1])
                    throw new InputException(s.Name, $"times not increasing at {s.Times[k]} (value {k + 1})");
            steps[i] = MedianStep(s.Times);
        }

        // The coarsest step; every other step must divide it (within 0.1 %) so that common timestamps exist.
        int coarsest = 0;
        for (int i = 1; i < steps.Length; i++) if (steps[i] > steps[coarsest]) coarsest = i;
        var tau0 = steps[coarsest];
        double tau0Ps = (double)tau0.TotalPicoseconds;
        for (int i = 0; i < steps.Length; i++)
        {
            double ratio = tau0Ps / (double)steps[i].TotalPicoseconds;
            if (Math.Abs(ratio - Math.Round(ratio)) > 1e-3)
                throw new InputException(inputs[i].Name,
                    $"sampled every {steps[i]} s ({inputs[i].Times[0]} to {inputs[i].Times[^1]}), which does not divide the {tau0} s of '{inputs[coarsest].Name}' ({inputs[coarsest].Times[0]} to {inputs[coarsest].Times[^1]}); resample one of them first");
        }

        // Overlap of all inputs.
        Instant start = inputs.Max(s => s.Times[0]);
        Instant end = inputs.Min(s => s.Times[^1]);
        if (end < start)
        {
            var ranges = string.Join("; ", inputs.Select(s => $"{s.Name}: {s.Times[0]} to {s.Times[^1]}"));
            throw new InputException(inputs[0].Name, $"the inputs do not overlap in time ({ranges})");
        }
        // Anchor the grid on the coarsest input's first sample inside the overlap.
        var anchorTimes = inputs[coarsest].Times;
        int a = 0;
        while (a < anchorTimes.Count && anchorTimes[a] < start - Tolerance(tau0)) a++;
        Instant origin = anchorTimes[Math.Min(a, anchorTimes.Count - 1)];
        long length = checked((long)Math.Floor((double)(end - origin).TotalPicoseconds / tau0Ps + 1e-9) + 1);
        if (length < 2) throw new InputException(inputs[0].Name, $"the common time range {start} to {end} holds fewer than two samples");
        if (length > int.MaxValue) throw new InputException(inputs[0].Name, "the common grid is too long");

        var values = new List<double[]>(inputs.Count);
        var gaps = new List<AlignmentGap>();
        var trimmed = new List<AlignmentTrim>();
        Instant gridEnd = origin + Scale(tau0, length - 1);
        var tolerancePs = (double)Tolerance(tau0).TotalPicoseconds;
        foreach (var s in inputs)
        {
            var row = new double[length];
            Array.Fill(row, double.NaN);
            for (int k = 0; k < s.Times.Count; k++)
            {
                double offsetPs = (double)(s.Times[k] - origin).TotalPicoseconds;
                double index = offsetPs / tau0Ps;
                long nearest = (long)Math.Round(index);
                if (nearest < 0 || nearest >= length) continue;
                if (Math.Abs(offsetPs - nearest * tau0Ps) > tolerancePs) continue; // between grid points: not a common timestamp
                row[nearest] = s.Values[k];
            }
            values.Add(row);
            CollectGaps(s.Name, row, origin, tau0, gaps);
            var tolerance = Tolerance(tau0);
            int before = 0, after = 0;
            while (before < s.Times.Count && s.Times[before] < origin - tolerance) before++;
            while (after < s.Times.Count - before && s.Times[s.Times.Count - 1 - after] > gridEnd + tolerance) after++;
            if (before > 0) trimmed.Add(new AlignmentTrim(s.Name, s.Times[0], s.Times[before - 1], before));
            if (after > 0) trimmed.Add(new AlignmentTrim(s.Name, s.Times[s.Times.Count - after], s.Times[^1], after));
        }
        return new AlignedSeries(inputs.Select(s => s.Name).ToArray(), origin, tau0, values, gaps) { Trimmed = trimmed };
    }

    private static Duration Tolerance(Duration tau0) => Duration.FromTotalPicoseconds(tau0.TotalPicoseconds / 10);

    private static Duration MedianStep(IReadOnlyList<Instant> times)
    {
        var d = new Int128[times.Count - 1];
        for (int k = 1; k < times.Count; k++) d[k - 1] = (times[k] - times[k - 1]).TotalPicoseconds;
        Array.Sort(d);
        return Duration.FromTotalPicoseconds(d[d.Length / 2]);
    }

    private static void CollectGaps(string name, double[] row, Instant origin, Duration tau0, List<AlignmentGap> gaps)
    {
        long k = 0;
        while (k < row.Length)
        {
            if (!double.IsNaN(row[k])) { k++; continue; }
            long first = k;
            while (k < row.Length && double.IsNaN(row[k])) k++;
            gaps.Add(new AlignmentGap(name, origin + Scale(tau0, first), origin + Scale(tau0, k - 1), k - first));
        }
    }

    private static Duration Scale(Duration d, long n) => Duration.FromTotalPicoseconds(d.TotalPicoseconds * n);
}
