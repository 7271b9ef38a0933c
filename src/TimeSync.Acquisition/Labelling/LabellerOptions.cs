namespace TimeSync.Acquisition.Labelling;

/// <summary>Tunables of the labeller; the defaults suit 1 PPS benches.</summary>
public sealed record LabellerOptions
{
    /// <summary>A reference edge is labelled once host time has passed it by this much (messages may follow the edge).</summary>
    public double LookaheadSeconds { get; init; } = 1.1;

    /// <summary>Edges (with GNSS messages) looked at before deciding whether messages come before or after their edge.</summary>
    public int CalibrationEdges { get; init; } = 4;

    /// <summary>Reference edges without any GNSS message after which seconds are labelled from the host clock.</summary>
    public int NoLabelEdges { get; init; } = 10;

    /// <summary>How far off its 1 s grid a reference edge timed by a counter may be before it counts as late (10 µs).</summary>
    public double CounterLateToleranceSeconds { get; init; } = 1e-5;

    /// <summary>Same for edges timed by the host clock (kernel PPS, GPIO, DCD): host clock slewing and IRQ latency (1 ms).</summary>
    public double HostLateToleranceSeconds { get; init; } = 1e-3;

    /// <summary>An edge further than this off the grid is a stray (extra) pulse, not a late one.</summary>
    public double StrayPulseSeconds { get; init; } = 0.1;

    /// <summary>Unpaired edges are given up (missing pulse) after this much host time.</summary>
    public double PairingTimeoutSeconds { get; init; } = 2.5;

    /// <summary>
    /// When edges' host times lie this close to their UTC labels under one message order only, the host clock is taken
    /// as NTP-disciplined and decides the order (150 ms: serial and USB latency plus NTP error).
    /// </summary>
    public double HostClockCueSeconds { get; init; } = 0.15;

    /// <summary>
    /// An edge votes by gap only when the message on one side is nearer the edge than the other side's by this much
    /// (a receiver whose latency straddles half a second casts no gap votes).
    /// </summary>
    public double GapMarginSeconds { get; init; } = 0.2;

    /// <summary>
    /// While the evidence on the message order is inconclusive, edges wait for more; after this many the order the
    /// evidence leans to is taken and reported as uncertain (bounded memory).
    /// </summary>
    public int MaxCalibrationEdges { get; init; } = 30;

    /// <summary>After the decision, the last this-many labelled edges are watched: conclusive contrary evidence re-decides.</summary>
    public int RevisionWindowEdges { get; init; } = 8;

    public static LabellerOptions Default { get; } = new();
}
