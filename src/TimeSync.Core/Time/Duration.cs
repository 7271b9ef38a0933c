using System.Globalization;

namespace TimeSync.Core.Time;

/// <summary>
/// An exact signed length of time with picosecond resolution: whole seconds plus a picosecond part
/// in [0, 10^12). Range ±2.9e11 years; arithmetic is exact (no floating point).
/// Use <see cref="TotalSeconds"/> only for a time error or an interval, never for an absolute instant.
/// </summary>
public readonly struct Duration : IEquatable<Duration>, IComparable<Duration>
{
    public const long PicosecondsPerSecond = 1_000_000_000_000L;

    /// <summary>Whole seconds, floor-rounded (so that <see cref="Picoseconds"/> is never negative).</summary>
    public long Seconds { get; }

    /// <summary>Picoseconds past <see cref="Seconds"/>, in [0, 10^12).</summary>
    public long Picoseconds { get; }

    public Duration(long seconds, long picoseconds)
    {
        long carry = Math.DivRem(picoseconds, PicosecondsPerSecond, out long rem);
        if (rem < 0) { rem += PicosecondsPerSecond; carry -= 1; }
        Seconds = checked(seconds + carry);
        Picoseconds = rem;
    }

    public static Duration Zero => default;

    public static Duration FromSeconds(long seconds) => new(seconds, 0);
    public static Duration FromNanoseconds(long nanoseconds) => new(0, checked(nanoseconds * 1000L));
    public static Duration FromPicoseconds(long picoseconds) => new(0, picoseconds);
    public static Duration FromTotalPicoseconds(Int128 picoseconds)
    {
        Int128 s = Int128.DivRem(picoseconds, PicosecondsPerSecond).Quotient;
        Int128 r = picoseconds - s * PicosecondsPerSecond;
        if (r < 0) { r += PicosecondsPerSecond; s -= 1; }
        return new Duration((long)s, (long)r);
    }

    /// <summary>Nearest duration to a value in seconds (for intervals, delays and errors, which are small).</summary>
    public static Duration FromSecondsDouble(double seconds)
    {
        if (!double.IsFinite(seconds)) throw new ArgumentOutOfRangeException(nameof(seconds), "duration must be finite");
        double whole = Math.Floor(seconds);
        double frac = seconds - whole;
        long ps = (long)Math.Round(frac * PicosecondsPerSecond);
        return new Duration((long)whole, ps);
    }

    public Int128 TotalPicoseconds => (Int128)Seconds * PicosecondsPerSecond + Picoseconds;

    /// <summary>Value in seconds as a double; exact to ~1e-16 relative. For intervals and time errors.</summary>
    public double TotalSeconds => (double)TotalPicoseconds / PicosecondsPerSecond;

    public static Duration operator +(Duration a, Duration b) => new(checked(a.Seconds + b.Seconds), a.Picoseconds + b.Picoseconds);
    public static Duration operator -(Duration a, Duration b) => new(checked(a.Seconds - b.Seconds), a.Picoseconds - b.Picoseconds);
    public static Duration operator -(Duration a) => new(checked(-a.Seconds), -a.Picoseconds);
    public static bool operator ==(Duration a, Duration b) => a.Equals(b);
    public static bool operator !=(Duration a, Duration b) => !a.Equals(b);
    public static bool operator <(Duration a, Duration b) => a.CompareTo(b) < 0;
    public static bool operator >(Duration a, Duration b) => a.CompareTo(b) > 0;
    public static bool operator <=(Duration a, Duration b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Duration a, Duration b) => a.CompareTo(b) >= 0;

    public bool Equals(Duration other) => Seconds == other.Seconds && Picoseconds == other.Picoseconds;
    public override bool Equals(object? obj) => obj is Duration d && Equals(d);
    public override int GetHashCode() => HashCode.Combine(Seconds, Picoseconds);
    public int CompareTo(Duration other) => Seconds != other.Seconds ? Seconds.CompareTo(other.Seconds) : Picoseconds.CompareTo(other.Picoseconds);

    /// <summary>Seconds with up to 12 fractional digits, trailing zeros trimmed, e.g. "-0.000000001".</summary>
    public override string ToString()
    {
        Int128 total = TotalPicoseconds;
        bool negative = total < 0;
        if (negative) total = -total;
        Int128 s = total / PicosecondsPerSecond;
        long ps = (long)(total - s * PicosecondsPerSecond);
        string text = s.ToString(CultureInfo.InvariantCulture);
        if (ps != 0) text += "." + ps.ToString("D12", CultureInfo.InvariantCulture).TrimEnd('0');
        return negative ? "-" + text : text;
    }
}
