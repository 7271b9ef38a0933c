namespace TimeSync.Influx.Schema;

/// <summary>
/// Measurement, tag and field names written by the sink (documented in README "InfluxDB and Grafana").
/// Every measurement carries the tags <see cref="Bench"/> and <see cref="Channel"/> where they apply; units are in
/// field names (<c>_s</c> seconds). Timestamps are nanoseconds since the Unix epoch (POSIX UTC).
/// </summary>
public static class InfluxSchema
{
    // measurements
    public const string TimeError = "time_error";
    public const string RollingStatistics = "time_error_stats";
    public const string Deviation = "deviation";
    public const string Verdict = "verdict";
    public const string Event = "event";

    // tags
    public const string Bench = "bench";
    public const string Channel = "channel";
    public const string Reference = "reference";
    public const string Source = "source";
    public const string Window = "window";
    public const string Statistic = "statistic";
    public const string Tau = "tau";
    public const string Check = "check";
    public const string Kind = "kind";

    // fields
    /// <summary>Time error x = T_dut − T_ref in seconds (ITU-T G.810).</summary>
    public const string TimeErrorSeconds = "x_s";
    /// <summary>True on a point that marks a gap (a NaN sample: no measurement at that instant).</summary>
    public const string Gap = "gap";
    /// <summary>The pipeline's sample quality flags (a bit set: 1 reference fix invalid, 2 reference pulse late,
    /// 4 qErr missing, 8 labelled from the host clock, 16 GNSS label stepped against the running count), written when non-zero.</summary>
    public const string Flags = "flags";
    /// <summary>Picoseconds below the nanosecond timestamp (0..999), written when non-zero, so the instant is exact.</summary>
    public const string SubNanosecondPicoseconds = "t_sub_ns_ps";

    public const string Count = "count";
    public const string MeanSeconds = "mean_s";
    public const string StdDevSeconds = "std_s";
    public const string MinSeconds = "min_s";
    public const string MaxSeconds = "max_s";
    public const string PeakToPeakSeconds = "p2p_s";
    public const string WindowSeconds = "window_s";

    public const string TauSeconds = "tau_s";
    public const string Value = "value";
    public const string Low = "low";
    public const string High = "high";
    public const string Mask = "mask";
    /// <summary>Noise type α the confidence bounds assume (integer, −2..2).</summary>
    public const string Alpha = "alpha";
    /// <summary>Equivalent degrees of freedom of the bounds.</summary>
    public const string Edf = "edf";
    /// <summary>Number of terms averaged at the τ.</summary>
    public const string Terms = "n";

    public const string Pass = "pass";
    public const string Passed = "passed";
    public const string MarginRatio = "measured_to_limit";
    public const string WorstTauSeconds = "worst_tau_s";
    public const string Message = "message";
    /// <summary>Verdict: kind of check (mtie-mask, missing-pulses, ...).</summary>
    public const string CheckType = "type";
    public const string Measured = "measured";
    public const string Limit = "limit";
    public const string Unit = "unit";

    // event kinds
    public const string EventMissingPulse = "missing_pulse";
    public const string EventFixLost = "fix_lost";
    /// <summary>The reference fix became valid again.</summary>
    public const string EventRelock = "relock";
    public const string EventSourceFault = "source_fault";
    public const string EventSpoolOverflow = "spool_overflow";
    public const string DroppedPoints = "dropped_points";
    public const string DroppedBatches = "dropped_batches";
    public const string FirstDroppedNs = "first_dropped_ns";
    public const string LastDroppedNs = "last_dropped_ns";
}
