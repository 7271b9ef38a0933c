using System.Globalization;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers.Importers;

/// <summary>
/// Parses "[-]seconds[.fraction]" with up to 12 fractional digits exactly into a <see cref="Duration"/>: TICC and PPS
/// timestamps carry picoseconds that a double of seconds would lose past ~10^4 s (TICC CHANGES.txt).
/// </summary>
internal static class ExactSeconds
{
    public static bool TryParse(ReadOnlySpan<char> s, out Duration value)
    {
        value = default;
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+')) { negative = s[0] == '-'; s = s[1..]; }
        int dot = s.IndexOf('.');
        var whole = dot >= 0 ? s[..dot] : s;
        var frac = dot >= 0 ? s[(dot + 1)..] : [];
        if (whole.Length == 0 || whole.Length > 15 || frac.Length > 12) return false;
        foreach (char c in whole) if (!char.IsAsciiDigit(c)) return false;
        foreach (char c in frac) if (!char.IsAsciiDigit(c)) return false;
        long seconds = long.Parse(whole, NumberStyles.None, CultureInfo.InvariantCulture);
        long ps = frac.Length == 0 ? 0 : long.Parse(frac, NumberStyles.None, CultureInfo.InvariantCulture);
        for (int i = frac.Length; i < 12; i++) ps *= 10;
        value = new Duration(seconds, ps);
        if (negative) value = -value;
        return true;
    }
}
