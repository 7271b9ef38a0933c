namespace TimeSync.Core.Series;

/// <summary>What the values of a series are.</summary>
public enum SeriesKind
{
    /// <summary>Time error x (phase), in seconds: x = T_dut − T_ref.</summary>
    Phase,

    /// <summary>Fractional frequency y = dx/dt, dimensionless.</summary>
    Frequency,
}
