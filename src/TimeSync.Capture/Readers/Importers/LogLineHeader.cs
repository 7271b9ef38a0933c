using System.Globalization;
using System.Text.RegularExpressions;

namespace TimeSync.Capture.Readers.Importers;

/// <summary>How a log line's own header states the wall-clock time.</summary>
internal enum LogTimeKind
{
    /// <summary>No header: the line is the program's own output (e.g. <c>ptp4l[362.223]: …</c>).</summary>
    None,
    /// <summary>BSD syslog / <c>journalctl -o short|short-precise</c>: month, day and time of day, no year, no zone.</summary>
    Syslog,
    /// <summary>A complete UTC instant (ISO-8601 with zone, RFC 5424, <c>journalctl -o short-unix</c>).</summary>
    Absolute,
    /// <summary>A header whose date or time does not exist (see <see cref="LogLineHeader.Error"/>).</summary>
    Invalid,
}

/// <summary>
/// The wall-clock header a logging system puts before a program's message, parsed:
/// <list type="bullet">
/// <item>BSD syslog (RFC 3164 §4.1.2, as rsyslog's traditional file format writes it) and <c>journalctl -o short</c>:
/// <c>Nov 28 12:00:00 host ptp4l[812]: …</c>; <c>-o short-precise</c> adds microseconds (<c>12:00:00.123456</c>).</item>
/// <item><c>journalctl -o short-iso</c> / <c>short-iso-precise</c> and rsyslog's RFC 3339 file format:
/// <c>2026-11-28T12:00:00+0100 host ptp4l[812]: …</c>, <c>2026-11-28T12:00:00.123456+01:00 host …</c>.</item>
/// <item>RFC 5424 §6: <c>&lt;134&gt;1 2026-11-28T12:00:00.123456Z host ptp4l 812 - - …</c> (PRI optional, as in files).</item>
/// <item><c>journalctl -o short-unix</c>: <c>1795867200.123456 host ptp4l[812]: …</c>.</item>
/// </list>
/// <see cref="Rest"/> is what follows the host, normalised to <c>program[pid]: message</c>.
/// </summary>
internal readonly partial record struct LogLineHeader(LogTimeKind Kind, long WallNanoseconds, long ResolutionNanoseconds, int Month, int Day, string Rest, string? Error = null)
{
    private static readonly string[] Months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

    [GeneratedRegex(@"^(?<mon>Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) +(?<day>\d{1,2}) (?<h>\d\d):(?<m>\d\d):(?<s>\d\d)(?:\.(?<f>\d{1,9}))? +\S+ +(?<rest>.*)$")]
    private static partial Regex Bsd();

    [GeneratedRegex(@"^(?<date>\d{4}-\d\d-\d\d)T(?<time>\d\d:\d\d:\d\d)(?:[.,](?<f>\d{1,9}))?(?<tz>Z|[+-]\d\d(?::?\d\d)?) +\S+ +(?<rest>.*)$")]
    private static partial Regex Iso();

    [GeneratedRegex(@"^(?:<\d{1,3}>)?1 (?:(?<date>\d{4}-\d\d-\d\d)T(?<time>\d\d:\d\d:\d\d)(?:\.(?<f>\d{1,9}))?(?<tz>Z|[+-]\d\d:\d\d)|-) \S+ (?<app>\S+) (?<pid>\S+) \S+ (?:-|(?:\[(?:[^\]\\]|\\.)*\])+)(?: \uFEFF?(?<msg>.*))?$")]
    private static partial Regex Rfc5424();

    [GeneratedRegex(@"^(?<sec>\d{9,12})\.(?<f>\d{1,9}) +\S+ +(?<rest>.*)$")]
    private static partial Regex Unix();

    /// <summary>The header of <paramref name="line"/>; Kind None (Rest = the line) when it has none.</summary>
    public static LogLineHeader Parse(string line)
    {
        if (line.Length == 0) return new(LogTimeKind.None, 0, 0, 0, 0, line);
        char c = line[0];
        if (c is >= 'A' and <= 'S' && Bsd().Match(line) is { Success: true } b)
        {
            int month = Array.IndexOf(Months, b.Groups["mon"].Value) + 1;
            int day = int.Parse(b.Groups["day"].ValueSpan, CultureInfo.InvariantCulture);
            if (!TryTimeOfDay(b.Groups["h"].ValueSpan, b.Groups["m"].ValueSpan, b.Groups["s"].ValueSpan, b.Groups["f"], out long tod, out long res) || day is < 1 or > 31)
                return Invalid(line, $"syslog time '{line[..b.Groups["rest"].Index].TrimEnd()}' does not exist");
            return new(LogTimeKind.Syslog, tod, res, month, day, b.Groups["rest"].Value);
        }
        if (c is >= '0' and <= '9' && Iso().Match(line) is { Success: true } i)
            return Absolute(line, i.Groups["date"].Value, i.Groups["time"].Value, i.Groups["f"], i.Groups["tz"].Value, i.Groups["rest"].Value);
        if (c is '<' or '1' && Rfc5424().Match(line) is { Success: true } r)
        {
            string pid = r.Groups["pid"].Value;
            string rest = r.Groups["app"].Value + (pid == "-" ? "" : $"[{pid}]") + ": " + r.Groups["msg"].Value;
            if (!r.Groups["date"].Success) return new(LogTimeKind.None, 0, 0, 0, 0, rest); // NILVALUE time stamp
            return Absolute(line, r.Groups["date"].Value, r.Groups["time"].Value, r.Groups["f"], r.Groups["tz"].Value, rest);
        }
        if (c is >= '0' and <= '9' && Unix().Match(line) is { Success: true } u
            && long.TryParse(u.Groups["sec"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long sec) && sec < 9_000_000_000L)
        {
            long ns = Fraction(u.Groups["f"], out long res);
            return new(LogTimeKind.Absolute, sec * 1_000_000_000L + ns, res, 0, 0, u.Groups["rest"].Value);
        }
        return new(LogTimeKind.None, 0, 0, 0, 0, line);
    }

    private static LogLineHeader Invalid(string line, string error) => new(LogTimeKind.Invalid, 0, 0, 0, 0, line, error);

    private static LogLineHeader Absolute(string line, string date, string time, Group fraction, string zone, string rest)
    {
        if (!DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            || !TryTimeOfDay(time.AsSpan(0, 2), time.AsSpan(3, 2), time.AsSpan(6, 2), fraction, out long tod, out long res))
            return Invalid(line, $"time stamp '{date}T{time}' does not exist");
        long zoneSeconds = 0;
        if (zone != "Z")
        {
            var z = zone.Replace(":", "");
            int hh = int.Parse(z.AsSpan(1, 2), CultureInfo.InvariantCulture), mm = z.Length >= 5 ? int.Parse(z.AsSpan(3, 2), CultureInfo.InvariantCulture) : 0;
            if (hh > 23 || mm > 59) return Invalid(line, $"time zone '{zone}' does not exist");
            zoneSeconds = (hh * 3600L + mm * 60L) * (z[0] == '-' ? -1 : 1);
        }
        long days = d.DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        long ns = (days * 86_400L - zoneSeconds) * 1_000_000_000L + tod; // local time − zone offset = UTC (RFC 3339 §4.2)
        return new(LogTimeKind.Absolute, ns, res, 0, 0, rest);
    }

    /// <summary>Nanoseconds since midnight (second 60 allowed: a leap second as syslog prints it).</summary>
    private static bool TryTimeOfDay(ReadOnlySpan<char> h, ReadOnlySpan<char> m, ReadOnlySpan<char> s, Group fraction, out long tod, out long resolution)
    {
        tod = 0;
        resolution = 0;
        if (!int.TryParse(h, NumberStyles.None, CultureInfo.InvariantCulture, out int hh) || !int.TryParse(m, NumberStyles.None, CultureInfo.InvariantCulture, out int mm)
            || !int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out int ss) || hh > 23 || mm > 59 || ss > 60) return false;
        tod = (hh * 3600L + mm * 60L + ss) * 1_000_000_000L + Fraction(fraction, out resolution);
        return true;
    }

    /// <summary>Fraction digits as nanoseconds, and the resolution they state (1 s when absent).</summary>
    private static long Fraction(Group fraction, out long resolution)
    {
        resolution = 1_000_000_000L;
        if (!fraction.Success) return 0;
        long ns = 0;
        foreach (char c in fraction.ValueSpan) { ns = ns * 10 + (c - '0'); resolution /= 10; }
        return ns * resolution;
    }

    /// <summary>Unix nanoseconds of a syslog month/day/time of day in <paramref name="year"/> (read as UTC), or false when the date does not exist.</summary>
    public static bool TrySyslogInstant(int year, int month, int day, long timeOfDayNs, out long unixNs)
    {
        unixNs = 0;
        if (year is < 1970 or > 2200 || day > DateTime.DaysInMonth(year, month)) return false;
        long days = new DateOnly(year, month, day).DayNumber - DateOnly.FromDateTime(DateTime.UnixEpoch).DayNumber;
        unixNs = days * 86_400L * 1_000_000_000L + timeOfDayNs;
        return true;
    }
}
