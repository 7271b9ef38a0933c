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
}

/// <summary>A labelled event on a channel: the UTC second it concerns (when known), its kind (e.g. "MissingPulse") and how many it stands for.</summary>
public sealed record SeriesEvent(Instant? Utc, string Kind, int Count);
