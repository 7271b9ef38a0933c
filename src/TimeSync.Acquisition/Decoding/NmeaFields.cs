using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// Exact parsing of NMEA 0183 time and date fields. Done here rather than through Iot.Device.Nmea0183 because that
/// library returns a DateTimeOffset (100 ns ticks) and fills in GGA's missing date from the caller's clock; we keep the
/// sentence's decimal digits exactly (to the picosecond) and take GGA's date from the stream, as gpsd does.
/// </summary>
internal static class NmeaFields
{
    /// <summary>"hhmmss" or "hhmmss.f…" (up to 12 decimals) → time since midnight. Second 60 (leap second) is allowed.</summary>
    public static bool TryParseTimeOfDay(ReadOnlySpan<byte> field, out Duration timeOfDay)
    {
        timeOfDay = default;
        if (field.Length < 6) return false;
        if (!TwoDigits(field, 0, out int hh) || !TwoDigits(field, 2, out int mm) || !TwoDigits(field, 4, out int ss)) return false;
        if (hh > 23 || mm > 59 || ss > 60) return false;
        long ps = 0;
        if (field.Length > 6)
        {
            if (field[6] != (byte)'.') return false;
            int digits = field.Length - 7;
            if (digits > 12) return false;
            for (int i = 7; i < field.Length; i++)
            {
                byte c = field[i];
                if (c is < (byte)'0' or > (byte)'9') return false;
                ps = ps * 10 + (c - '0');
            }
            for (int k = digits; k < 12; k++) ps *= 10;
        }
        timeOfDay = new Duration(hh * 3600L + mm * 60L + ss, ps);
        return true;
    }

    /// <summary>Days since 1970-01-01 of a calendar date, or false when the date does not exist.</summary>
    public static bool TryDayNumber(int year, int month, int day, out long unixDay)
    {
        unixDay = 0;
        if (year is < 1 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)) return false;
        unixDay = new DateOnly(year, month, day).DayNumber - UnixEpochDayNumber;
        return true;
    }

    public static readonly int UnixEpochDayNumber = new DateOnly(1970, 1, 1).DayNumber;

    public static bool TryParseInt(ReadOnlySpan<byte> field, out int value)
    {
        value = 0;
        if (field.Length is 0 or > 9) return false;
        foreach (byte c in field)
        {
            if (c is < (byte)'0' or > (byte)'9') return false;
            value = value * 10 + (c - '0');
        }
        return true;
    }

    public static bool TwoDigits(ReadOnlySpan<byte> s, int at, out int value)
    {
        value = 0;
        if (at + 2 > s.Length) return false;
        byte a = s[at], b = s[at + 1];
        if (a is < (byte)'0' or > (byte)'9' || b is < (byte)'0' or > (byte)'9') return false;
        value = (a - '0') * 10 + (b - '0');
        return true;
    }
}
