using System.Globalization;

namespace TimeSync.Core.Time;

/// <summary>
/// An absolute UTC instant on the POSIX timescale: whole seconds since 1970-01-01T00:00:00Z plus a
/// picosecond part in [0, 10^12). Exact arithmetic; never a double of epoch seconds (at 1.7e9 s a double
/// resolves only about 0.2 µs). Leap seconds are not counted (POSIX), like UTC time_t and gPTP's conversions.
/// </summary>
public readonly struct Instant : IEquatable<Instant>, IComparable<Instant>
{
    public const long PicosecondsPerSecond = Duration.PicosecondsPerSecond;
    private const long MinUnixSeconds = -62135596800L; // 0001-01-01T00:00:00Z
    private const long MaxUnixSeconds = 253402300799L; // 9999-12-31T23:59:59Z

    /// <summary>Whole seconds since the Unix epoch (floor).</summary>
    public long UnixSeconds { get; }

    /// <summary>Picoseconds past <see cref="UnixSeconds"/>, in [0, 10^12).</summary>
    public long Picoseconds { get; }

    public Instant(long unixSeconds, long picoseconds)
    {
        var d = new Duration(unixSeconds, picoseconds);
        UnixSeconds = d.Seconds;
        Picoseconds = d.Picoseconds;
    }

    public static Instant UnixEpoch => default;

    public static Instant FromUnixSeconds(long unixSeconds) => new(unixSeconds, 0);

    public static Instant FromUnixNanoseconds(long unixNanoseconds)
    {
        long s = Math.DivRem(unixNanoseconds, 1_000_000_000L, out long ns);
        if (ns < 0) { ns += 1_000_000_000L; s -= 1; }
        return new Instant(s, ns * 1000L);
    }

    public static Instant FromDateTime(DateTime utc)
    {
        if (utc.Kind == DateTimeKind.Local) utc = utc.ToUniversalTime();
        long ticks = utc.Ticks - DateTime.UnixEpoch.Ticks; // 100 ns ticks
        long s = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out long t);
        if (t < 0) { t += TimeSpan.TicksPerSecond; s -= 1; }
        return new Instant(s, t * 100_000L);
    }

    /// <summary>Nanoseconds since the epoch, truncated toward minus infinity (as a host clock or InfluxDB stores it).</summary>
    public long ToUnixNanoseconds() => checked(UnixSeconds * 1_000_000_000L + Picoseconds / 1000L);

    /// <summary>The DateTime (100 ns ticks) at or before this instant.</summary>
    public DateTime ToDateTimeUtc() => DateTime.UnixEpoch.AddTicks(checked(UnixSeconds * TimeSpan.TicksPerSecond + Picoseconds / 100_000L));

    public Duration SinceEpoch => new(UnixSeconds, Picoseconds);

    public static Instant operator +(Instant i, Duration d) => new(checked(i.UnixSeconds + d.Seconds), i.Picoseconds + d.Picoseconds);
    public static Instant operator -(Instant i, Duration d) => new(checked(i.UnixSeconds - d.Seconds), i.Picoseconds - d.Picoseconds);
    public static Duration operator -(Instant a, Instant b) => new(checked(a.UnixSeconds - b.UnixSeconds), a.Picoseconds - b.Picoseconds);
    public static bool operator ==(Instant a, Instant b) => a.Equals(b);
    public static bool operator !=(Instant a, Instant b) => !a.Equals(b);
    public static bool operator <(Instant a, Instant b) => a.CompareTo(b) < 0;
    public static bool operator >(Instant a, Instant b) => a.CompareTo(b) > 0;
    public static bool operator <=(Instant a, Instant b) => a.CompareTo(b) <= 0;
    public static bool operator >=(Instant a, Instant b) => a.CompareTo(b) >= 0;

    public bool Equals(Instant other) => UnixSeconds == other.UnixSeconds && Picoseconds == other.Picoseconds;
    public override bool Equals(object? obj) => obj is Instant i && Equals(i);
    public override int GetHashCode() => HashCode.Combine(UnixSeconds, Picoseconds);
    public int CompareTo(Instant other) => UnixSeconds != other.UnixSeconds ? UnixSeconds.CompareTo(other.UnixSeconds) : Picoseconds.CompareTo(other.Picoseconds);

    /// <summary>ISO-8601 UTC, "yyyy-MM-ddTHH:mm:ss[.f{1,12}]Z", fraction trailing zeros trimmed.</summary>
    public override string ToString() => ToIsoString(-1);

    /// <summary>ISO-8601 UTC with exactly <paramref name="fractionDigits"/> digits (0..12), truncated; -1 trims trailing zeros.</summary>
    public string ToIsoString(int fractionDigits)
    {
        if (fractionDigits is < -1 or > 12) throw new ArgumentOutOfRangeException(nameof(fractionDigits));
        if (UnixSeconds < MinUnixSeconds || UnixSeconds > MaxUnixSeconds) throw new InvalidOperationException("instant outside years 0001-9999");
        var dt = DateTime.UnixEpoch.AddSeconds(UnixSeconds);
        string head = dt.ToString("yyyy'-'MM'-'dd'T'HH':'mm':'ss", CultureInfo.InvariantCulture);
        string frac = Picoseconds.ToString("D12", CultureInfo.InvariantCulture);
        if (fractionDigits == -1) frac = frac.TrimEnd('0');
        else frac = frac[..fractionDigits];
        return frac.Length == 0 ? head + "Z" : head + "." + frac + "Z";
    }

    /// <summary>Parses ISO-8601 UTC: date, 'T' or ' ', time, up to 12 fractional digits, then 'Z' or an offset ±HH:MM.</summary>
    public static Instant Parse(string text) =>
        TryParse(text, out var i, out var error) ? i : throw new FormatException($"not an ISO-8601 UTC instant: '{text}' ({error})");

    public static bool TryParse(string? text, out Instant instant) => TryParse(text, out instant, out _);

    public static bool TryParse(string? text, out Instant instant, out string error)
    {
        instant = default;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) { error = "empty"; return false; }
        ReadOnlySpan<char> s = text.AsSpan().Trim();
        // yyyy-MM-ddTHH:mm:ss
        if (s.Length < 19) { error = "too short"; return false; }
        if (s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || s[13] != ':' || s[16] != ':')
        { error = "expected yyyy-MM-ddTHH:mm:ss"; return false; }
        if (!Digits(s[..4], out int year) || !Digits(s.Slice(5, 2), out int month) || !Digits(s.Slice(8, 2), out int day)
            || !Digits(s.Slice(11, 2), out int hour) || !Digits(s.Slice(14, 2), out int minute) || !Digits(s.Slice(17, 2), out int second))
        { error = "non-digit in date or time"; return false; }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 60)
        { error = "field out of range"; return false; }
        int pos = 19;
        long ps = 0;
        if (pos < s.Length && (s[pos] == '.' || s[pos] == ','))
        {
            pos++;
            int start = pos;
            while (pos < s.Length && char.IsAsciiDigit(s[pos])) pos++;
            int n = pos - start;
            if (n == 0) { error = "empty fraction"; return false; }
            if (n > 12) { error = "more than 12 fractional digits"; return false; }
            ps = long.Parse(s.Slice(start, n), NumberStyles.None, CultureInfo.InvariantCulture);
            for (int k = n; k < 12; k++) ps *= 10;
        }
        long offsetSeconds = 0;
        if (pos >= s.Length) { error = "missing time zone ('Z' or ±HH:MM)"; return false; }
        if (s[pos] == 'Z' || s[pos] == 'z') pos++;
        else if (s[pos] == '+' || s[pos] == '-')
        {
            int sign = s[pos] == '-' ? -1 : 1;
            var rest = s[(pos + 1)..];
            int oh, om;
            if (rest.Length == 5 && rest[2] == ':' && Digits(rest[..2], out oh) && Digits(rest.Slice(3, 2), out om)) pos += 6;
            else if (rest.Length == 4 && Digits(rest[..2], out oh) && Digits(rest.Slice(2, 2), out om)) pos += 5;
            else { error = "bad offset"; return false; }
            offsetSeconds = sign * (oh * 3600L + om * 60L);
        }
        else { error = $"unexpected '{s[pos]}'"; return false; }
        if (pos != s.Length) { error = "trailing characters"; return false; }
        // A leap second 23:59:60 maps onto the next second (POSIX has no label for it).
        int leap = second == 60 ? 1 : 0;
        var dt = new DateTime(year, month, day, hour, minute, second - leap, DateTimeKind.Utc);
        long unix = (dt.Ticks - DateTime.UnixEpoch.Ticks) / TimeSpan.TicksPerSecond + leap - offsetSeconds;
        instant = new Instant(unix, ps);
        return true;
    }

    private static bool Digits(ReadOnlySpan<char> s, out int value)
    {
        value = 0;
        foreach (char c in s)
        {
            if (!char.IsAsciiDigit(c)) return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }
}
