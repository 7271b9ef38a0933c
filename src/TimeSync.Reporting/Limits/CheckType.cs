namespace TimeSync.Reporting.Limits;

/// <summary>The kinds of check a limits file can ask for; <see cref="CheckTypes"/> maps them to their YAML names.</summary>
public enum CheckType
{
    MaxAbsTimeError,
    PercentileAbsTimeError,
    Mtie,
    Tdev,
    ConstantTimeError,
    DynamicTimeErrorHighPass,
    TimeToLock,
    MaxGap,
    MissingPulses,
    FrequencyOffset,
    FrequencyDrift,
    Holdover,
}

public static class CheckTypes
{
    private static readonly (string Name, CheckType Type, string Help)[] Table =
    [
        ("max-abs-te", CheckType.MaxAbsTimeError, "max |x| (optionally after the 0.1 Hz low-pass: max|TE_L|)"),
        ("percentile-abs-te", CheckType.PercentileAbsTimeError, "a percentile of |x|, e.g. p99.9"),
        ("mtie", CheckType.Mtie, "MTIE(τ) against a mask"),
        ("tdev", CheckType.Tdev, "TDEV(τ) against a mask"),
        ("cte", CheckType.ConstantTimeError, "constant time error: |mean x| over windows (G.8273.2: 1000 s)"),
        ("dte-h", CheckType.DynamicTimeErrorHighPass, "peak-to-peak of x after a 0.1 Hz high-pass (dTE_H)"),
        ("time-to-lock", CheckType.TimeToLock, "time from start until |x| stays under a bound for a hold time"),
        ("max-gap", CheckType.MaxGap, "longest run without samples"),
        ("missing-pulses", CheckType.MissingPulses, "number of missing pulses"),
        ("frequency-offset", CheckType.FrequencyOffset, "|fractional frequency offset| from a line fit of x"),
        ("frequency-drift", CheckType.FrequencyDrift, "|frequency drift| from a quadratic fit of x"),
        ("holdover", CheckType.Holdover, "|x − x(loss)| after the reference is lost"),
    ];

    public static string Names => string.Join(", ", Table.Select(t => t.Name));

    public static bool TryParse(string name, out CheckType type)
    {
        foreach (var t in Table)
        {
            if (t.Name == name) { type = t.Type; return true; }
        }
        type = default;
        return false;
    }

    public static string Name(CheckType type) => Table.First(t => t.Type == type).Name;

    public static string Help(CheckType type) => Table.First(t => t.Type == type).Help;
}
