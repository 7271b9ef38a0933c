using TimeSync.Core.Time;

namespace TimeSync.Reporting.Engine;

/// <summary>
/// A labelled event on a channel (missing pulse, fix lost, fix regained), at <see cref="OffsetSeconds"/> after the
/// series' first sample. <see cref="Kind"/> is compared ignoring case, '-', '_' and spaces ("fix lost" = "fix-lost").
/// </summary>
public readonly record struct ChannelEvent(double OffsetSeconds, string Kind)
{
    /// <summary>An event at an absolute instant on a series that starts at <paramref name="seriesStart"/> (exact: Duration arithmetic).</summary>
    public static ChannelEvent At(Instant time, Instant seriesStart, string kind) => new((time - seriesStart).TotalSeconds, kind);

    public bool Is(string kind) => Normalize(Kind) == Normalize(kind);

    internal static string Normalize(string s) => new(s.Where(c => c is not ('-' or '_' or ' ')).Select(char.ToLowerInvariant).ToArray());
}

/// <summary>
/// The verdict engine's input for one channel: time error x = T_dut − T_ref (s) sampled every τ0, NaN for a gap,
/// with an optional absolute start and labelled events. <see cref="Events"/> null means "no labeller ran"
/// (missing pulses are then counted as NaN samples).
/// </summary>
public sealed record ChannelSeries(string Channel, double Tau0Seconds, double[] TimeErrorSeconds, Instant? Start = null, IReadOnlyList<ChannelEvent>? Events = null)
{
    public int Count => TimeErrorSeconds.Length;

    /// <summary>Seconds from the first sample to sample <paramref name="index"/>.</summary>
    public double OffsetOf(int index) => index * Tau0Seconds;
}
