using TimeSync.Core.Series;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers;

/// <summary>
/// One channel read from a file: values in the project's units and sign convention (phase in seconds,
/// x = T_dut − T_ref), optionally with an absolute time per value. A value that is NaN marks a gap.
/// </summary>
/// <param name="Channel">Channel name (e.g. "ptp4l", "chB", or the file's stem for single-series files).</param>
/// <param name="Kind">Phase (seconds) or fractional frequency.</param>
/// <param name="Tau0Seconds">Sampling interval if the file states or implies one, else null (caller decides).</param>
/// <param name="Times">Absolute time of each value, or null when the file has none (plain one-column files).</param>
/// <param name="RelativeTimesSeconds">Time of each value in seconds from the first, when the file has relative times only.</param>
/// <param name="Values">The values.</param>
public sealed record ImportedSeries(
    string Channel,
    SeriesKind Kind,
    double? Tau0Seconds,
    IReadOnlyList<Instant>? Times,
    IReadOnlyList<double>? RelativeTimesSeconds,
    IReadOnlyList<double> Values)
{
    /// <summary>Non-fatal problems found while reading (skipped lines, with file and line).</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary>Events a labeller found on this channel (missing pulse, fix lost, ...); null when no labeller ran (plain files).</summary>
    public IReadOnlyList<SeriesEvent>? Events { get; init; }

    /// <summary>
    /// This series on the regular grid the statistics assume, with τ0 set: τ0 as given, else as the file states, else
    /// from the time tags (<see cref="SampleGrid.EstimateStepSeconds"/>), else 1 s. A sample the time tags show missing
    /// becomes a NaN gap, with a warning that says how many and where; tags that fit no grid (backwards, two in one
    /// step, irregular) leave the values consecutive, with a warning.
    /// </summary>
    public ImportedSeries OnRegularGrid(double? tau0Seconds, string location)
    {
        double[]? offsets = Offsets();
        double tau0 = tau0Seconds ?? Tau0Seconds ?? (offsets is null ? null : SampleGrid.EstimateStepSeconds(offsets)) ?? 1.0;
        if (offsets is null || offsets.Length < 2) return this with { Tau0Seconds = tau0 };

        string where = $"{location}: {Channel}";
        for (int i = 1; i < offsets.Length; i++)
            if (!(offsets[i] > offsets[i - 1]))
                return this with { Tau0Seconds = tau0, Warnings = [.. Warnings, $"{where}: time tags do not increase at value {i + 1} ({TagText(i)}); values taken as consecutive, {tau0:G6} s apart"] };

        long maxSlots = 2L * offsets.Length + 10_000_000;
        var placed = SampleGrid.Place(offsets, Values, tau0, maxSlots, where);
        if (placed is null)
            return this with { Tau0Seconds = tau0, Warnings = [.. Warnings, $"{where}: time tags do not fit a {tau0:G6} s grid (two within one step, or one more than a quarter step off); values taken as consecutive (give --tau0 if the step is wrong)"] };
        if (placed.MissingSamples == 0) return this with { Tau0Seconds = tau0 };

        int after = placed.LargestGapAfterIndex;
        string note = $"{where}: the time tags show {placed.MissingSamples} missing sample(s) in {placed.Gaps} gap(s) on a {tau0:G6} s grid " +
            $"(largest {placed.LargestGapSamples} after {TagText(after)}); kept as gaps (analyze --time-tags ignore joins them, as Stable32 does without Regularize)";
        long ps = (long)Math.Round(tau0 * Duration.PicosecondsPerSecond);
        return this with
        {
            Tau0Seconds = tau0,
            Values = placed.Values,
            Times = Times is null ? null : Enumerable.Range(0, placed.Values.Length).Select(k => Times[0] + Duration.FromTotalPicoseconds((Int128)ps * k)).ToArray(),
            RelativeTimesSeconds = RelativeTimesSeconds is null ? null : Enumerable.Range(0, placed.Values.Length).Select(k => RelativeTimesSeconds[0] + k * tau0).ToArray(),
            Warnings = [.. Warnings, note],
        };
    }

    /// <summary>
    /// Stable32's reading of untimed data: an exact zero is a gap (W. Riley, Stable32 manual; "any zero data is treated as
    /// a gap", phase and frequency), except the first point of a phase record, which Stable32 uses (PHASE.DAT starts at 0
    /// and its 999 first-difference terms count it). Series with time tags are returned unchanged, as are series without
    /// zeros; otherwise the zeros become NaN, with a warning giving their count and the first one's place.
    /// </summary>
    public ImportedSeries ZerosAsGaps(SeriesKind kind, string location)
    {
        if (Times is not null || RelativeTimesSeconds is not null) return this;
        int first = kind == SeriesKind.Phase ? 1 : 0, zeros = 0, at = -1;
        for (int i = first; i < Values.Count; i++)
            if (Values[i] == 0.0) { zeros++; if (at < 0) at = i; }
        if (zeros == 0) return this;
        var values = Values.ToArray();
        for (int i = first; i < values.Length; i++) if (values[i] == 0.0) values[i] = double.NaN;
        return this with
        {
            Values = values,
            Warnings = [.. Warnings, $"{location}: {zeros} zero value(s) taken as gaps, as Stable32 reads them (the first is value {at + 1}; --zeros value keeps them)"],
        };
    }

    /// <summary>τ0 from the time tags (<see cref="SampleGrid.EstimateStepSeconds"/>); null without tags.</summary>
    public double? EstimatedTau0Seconds() => Offsets() is { } o ? SampleGrid.EstimateStepSeconds(o) : null;

    private double[]? Offsets()
    {
        if (Times is { Count: > 0 } abs)
        {
            var o = new double[abs.Count];
            for (int i = 0; i < o.Length; i++) o[i] = (abs[i] - abs[0]).TotalSeconds;
            return o;
        }
        if (RelativeTimesSeconds is { Count: > 0 } rel)
        {
            var o = new double[rel.Count];
            for (int i = 0; i < o.Length; i++) o[i] = rel[i] - rel[0];
            return o;
        }
        return null;
    }

    private string TagText(int index) => Times is not null ? Times[index].ToString()
        : RelativeTimesSeconds is not null ? $"{RelativeTimesSeconds[index]:G9} s" : $"value {index + 1}";
}

/// <summary>A labelled event on a channel: the UTC second it concerns (when known), its kind (e.g. "MissingPulse") and how many it stands for.</summary>
public sealed record SeriesEvent(Instant? Utc, string Kind, int Count);
