using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>
/// Hot-path shortcuts for <see cref="Duration"/> arithmetic that give exactly what Duration's own operators give.
/// <c>(a − b).TotalSeconds</c> normalizes through a 10^12 division and converts an Int128 to double; when both operands
/// are small enough that the difference in picoseconds is below 2^53 (|Δs| &lt; 8000 s), the difference is an exact
/// long and its conversion to double is exact too, so the result is the same double. Anything else (including values
/// whose subtraction would overflow) goes through Duration itself.
/// </summary>
internal static class DurationMath
{
    private const long Ps = Duration.PicosecondsPerSecond;
    private const long OperandLimit = 1L << 40; // seconds: the subtraction of two such values cannot overflow
    private const long DeltaLimit = 8000;      // seconds: 8000·10^12 + 10^12 < 2^53

    /// <summary>Exactly <c>(a − b).TotalSeconds</c>.</summary>
    public static double SecondsBetween(Duration a, Duration b)
    {
        long sa = a.Seconds, sb = b.Seconds;
        if (sa > -OperandLimit && sa < OperandLimit && sb > -OperandLimit && sb < OperandLimit)
        {
            long ds = sa - sb;
            if (ds > -DeltaLimit && ds < DeltaLimit) return (double)(ds * Ps + (a.Picoseconds - b.Picoseconds)) / Ps;
        }
        return (a - b).TotalSeconds;
    }

    /// <summary>Exactly <c>d.TotalSeconds</c>.</summary>
    public static double Seconds(Duration d)
    {
        long s = d.Seconds;
        if (s > -DeltaLimit && s < DeltaLimit) return (double)(s * Ps + d.Picoseconds) / Ps;
        return d.TotalSeconds;
    }

    /// <summary>
    /// |a − b| in picoseconds when both are in the fast range (true), else false with the caller to use Duration itself.
    /// </summary>
    public static bool TryAbsPicoseconds(Duration a, Duration b, out long absPicoseconds)
    {
        long sa = a.Seconds, sb = b.Seconds;
        if (sa > -OperandLimit && sa < OperandLimit && sb > -OperandLimit && sb < OperandLimit)
        {
            long ds = sa - sb;
            if (ds > -DeltaLimit && ds < DeltaLimit)
            {
                long d = ds * Ps + (a.Picoseconds - b.Picoseconds);
                absPicoseconds = d < 0 ? -d : d;
                return true;
            }
        }
        absPicoseconds = 0;
        return false;
    }
}
