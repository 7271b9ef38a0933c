namespace TimeSync.Reporting.Engine;

/// <summary>
/// The result of one check on one channel. <see cref="Measured"/> and <see cref="Limit"/> are in <see cref="Unit"/>
/// (the unit the limits file used). For masks they are MTIE/TDEV and the mask at <see cref="WorstTauSeconds"/>,
/// the τ with the largest measured/limit ratio; <see cref="Margin"/> = limit − measured there (negative: violated).
/// </summary>
public sealed record Verdict
{
    public required string Name { get; init; }
    public required string Channel { get; init; }
    public required string Check { get; init; }
    public required bool Passed { get; init; }
    public required double Measured { get; init; }
    public required double Limit { get; init; }
    public required string Unit { get; init; }
    public double? WorstTauSeconds { get; init; }
    public double Margin => Limit - Measured;

    /// <summary>One line: what was measured and why it passed or failed.</summary>
    public required string Message { get; init; }

    public string? Source { get; init; }
    public string? Caveat { get; init; }

    /// <summary>Where in the limits file the check was defined ("limits.yaml:12").</summary>
    public string? Location { get; init; }

    /// <summary>Mask checks: the statistic per τ and the mask, for plots.</summary>
    public MaskCurve? Curve { get; init; }
}

/// <summary>A statistic against its mask: τ (s), value (s) and limit (s, NaN outside the mask).</summary>
public sealed record MaskCurve(string MaskTitle, string Statistic, double[] TauSeconds, double[] ValueSeconds, double[] LimitSeconds);
