using TimeSync.Reporting.Masks;

namespace TimeSync.Reporting.Limits;

/// <summary>Where in the series a check starts looking.</summary>
public enum StartKind
{
    /// <summary>From the first sample.</summary>
    Whole,

    /// <summary>From the moment the channel locked (the file's or the check's lock criterion).</summary>
    AfterLock,

    /// <summary>From a fixed offset after the first sample (e.g. drop a 300 s transient).</summary>
    Offset,
}

/// <summary>Lock criterion: |x| &lt; <see cref="BoundSeconds"/> continuously for <see cref="HoldSeconds"/>.</summary>
public readonly record struct LockCriterion(double BoundSeconds, double HoldSeconds);

/// <summary>
/// One check on one or more channels, as read from a limits file (or expanded from a preset).
/// Only the fields its <see cref="Type"/> uses are set. <see cref="Location"/> is "file:line".
/// </summary>
public sealed record CheckSpec
{
    public required string Name { get; init; }
    public required CheckType Type { get; init; }

    /// <summary>Channel names; "*" matches every channel.</summary>
    public required IReadOnlyList<string> Channels { get; init; }

    public required string Location { get; init; }

    /// <summary>The bound (time, fractional frequency, drift, duration or count); null for mask checks.</summary>
    public Quantity? Limit { get; init; }

    /// <summary>Percentile in (0, 100) for <see cref="CheckType.PercentileAbsTimeError"/>.</summary>
    public double? Percentile { get; init; }

    public Mask? Mask { get; init; }

    public MeasurementFilter Filter { get; init; } = MeasurementFilter.None;

    public StartKind Start { get; init; } = StartKind.Whole;

    /// <summary>Seconds after the first sample, for <see cref="StartKind.Offset"/>.</summary>
    public double StartOffsetSeconds { get; init; }

    /// <summary>Lock criterion for time-to-lock and for start: lock; falls back to the file's.</summary>
    public LockCriterion? Lock { get; init; }

    /// <summary>Averaging window for cTE (G.8273.2: 1000 s).</summary>
    public double WindowSeconds { get; init; } = 1000;

    /// <summary>Holdover: how long after the loss to check (null: to the end of the series or until the reference returns).</summary>
    public double? DurationSeconds { get; init; }

    /// <summary>Holdover: seconds after the first sample when the reference was lost, when no event marks it.</summary>
    public double? LossAtSeconds { get; init; }

    /// <summary>Where the number comes from (standard and table), shown in reports.</summary>
    public string? Source { get; init; }

    /// <summary>A warning that travels with the verdict (e.g. a value the research could not confirm).</summary>
    public string? Caveat { get; init; }

    public bool AppliesTo(string channel) => Channels.Any(c => c == "*" || string.Equals(c, channel, StringComparison.Ordinal));
}
