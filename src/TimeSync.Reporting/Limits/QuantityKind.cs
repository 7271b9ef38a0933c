namespace TimeSync.Reporting.Limits;

/// <summary>What a value in a limits file measures; decides which units it accepts.</summary>
public enum QuantityKind
{
    /// <summary>A time error or an interval, SI unit second (s, ms, us/µs, ns, ps; min, h, d for durations).</summary>
    Time,

    /// <summary>A fractional frequency offset, dimensionless (ppm, ppb, ppt, or "1e-9 s/s").</summary>
    FractionalFrequency,

    /// <summary>A frequency drift rate, SI unit 1/s (ppb/s, ppb/h, ppb/d, ppm/d ...).</summary>
    Drift,

    /// <summary>A plain count (missing pulses), no unit.</summary>
    Count,
}
