using TimeSync.Core.Time;

namespace TimeSync.Influx.Schema;

/// <summary>Static description of one channel, stored as tags on its points.</summary>
/// <param name="Channel">Channel name (the <c>channel</c> tag), e.g. "dut1".</param>
/// <param name="Reference">The reference it is measured against (e.g. "gnss-pps"), or null.</param>
/// <param name="Source">The source that produced it (e.g. "ticc"), or null.</param>
public sealed record ChannelInfo(string Channel, string? Reference = null, string? Source = null);

/// <summary>Something that happened on a channel or source: a missing pulse, a lost fix, a relock, a fault.</summary>
/// <param name="Kind">One of the <c>Event*</c> names in <see cref="InfluxSchema"/> (or another lower-case word).</param>
/// <param name="Count">How many occurrences it stands for (e.g. 3 missing pulses in a row); the <c>count</c> field.</param>
public sealed record SinkEvent(Instant Time, string Kind, string? Channel, string? Source, string Message, long Count = 1)
{
    /// <summary>Further integer fields (e.g. <c>dropped_points</c>).</summary>
    public IReadOnlyList<KeyValuePair<string, long>> Values { get; init; } = [];
}

/// <summary>Statistics of a channel's time error over the window ending at <paramref name="Time"/>.</summary>
public sealed record RollingStatistics(
    Instant Time, string Channel, double WindowSeconds, long Count,
    double MeanSeconds, double StdDevSeconds, double MinSeconds, double MaxSeconds);

/// <summary>One value of a stability statistic at one averaging time (ADEV, MDEV, TDEV, HDEV, MTIE ...).</summary>
/// <param name="Time">When the analysis was made (all τ of one analysis share it).</param>
/// <param name="Statistic">Lower-case name: "adev", "mdev", "tdev", "hdev", "mtie".</param>
/// <param name="Low">Lower confidence bound, when known.</param>
/// <param name="High">Upper confidence bound, when known.</param>
/// <param name="Mask">The limit at this τ (e.g. a G.8271.1 MTIE mask), when one applies.</param>
public sealed record DeviationPoint(
    Instant Time, string Channel, string Statistic, double TauSeconds, double Value,
    double? Low = null, double? High = null, double? Mask = null)
{
    /// <summary>Noise type α (S_y(f) ∝ f^α, NIST SP 1065 §5.2) the bounds assume.</summary>
    public int? Alpha { get; init; }
    /// <summary>Equivalent degrees of freedom of the bounds.</summary>
    public double? Edf { get; init; }
    /// <summary>Number of terms averaged at this τ.</summary>
    public long? Terms { get; init; }
    /// <summary>The check whose mask curve this is (a <c>check</c> tag), or null for a plain analysis.</summary>
    public string? Check { get; init; }
}

/// <summary>A pass/fail verdict of one check on one channel.</summary>
/// <param name="Check">Name of the check (e.g. "mtie-g8271.1").</param>
/// <param name="MarginRatio">Worst value divided by its limit (below 1 passes), when known.</param>
/// <param name="WorstTauSeconds">The τ where the margin is smallest, when it applies.</param>
public sealed record VerdictPoint(
    Instant Time, string Channel, string Check, bool Pass, double? MarginRatio, double? WorstTauSeconds, string Message)
{
    /// <summary>Kind of check (e.g. "mtie-mask", "missing-pulses").</summary>
    public string? Type { get; init; }
    /// <summary>The measured value, in <see cref="Unit"/>.</summary>
    public double? Measured { get; init; }
    /// <summary>The limit, in <see cref="Unit"/>.</summary>
    public double? Limit { get; init; }
    public string? Unit { get; init; }
}
