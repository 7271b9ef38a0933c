using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// Exact parsing of decimal seconds ("7324.017700023026", "-0.000000001234", "+1.234567890123E-07") into a
/// <see cref="Duration"/>, never through a double: a double holds ~15.9 significant digits, so at 10^4 s it loses the
/// picoseconds (TICC CHANGES.txt; shared/research/peers.md). Digits below 1 ps are rounded half away from zero
/// (counter resolutions are ≥ 20 ps, so they are noise).
/// </summary>
public static class ExactDecimal
{
    private const int MaxSignificantDigits = 36; // fits Int128 with room for scaling

    public static bool TryParseSeconds(ReadOnlySpan<char> s, out Duration value)
    {
        value = default;
        if (s.IsEmpty) return false;
        int i = 0;
        bool negative = false;
        if (s[i] is '+' or '-') { negative = s[i] == '-'; i++; }
        Int128 mantissa = 0;
        int digits = 0, fractionDigits = 0;
        bool seenDot = false, any = false;
        for (; i < s.Length; i++)
        {
            char c = s[i];
            if (c is >= '0' and <= '9')
            {
                any = true;
                if (digits == 0 && c == '0') { if (seenDot) fractionDigits++; continue; } // leading zeros
                if (++digits > MaxSignificantDigits) return false;
                mantissa = mantissa * 10 + (c - '0');
                if (seenDot) fractionDigits++;
            }
            else if (c == '.' && !seenDot) seenDot = true;
            else break;
        }
        if (!any) return false;
        int exponent = 0;
        if (i < s.Length)
        {
            if (s[i] is not ('e' or 'E')) return false;
            i++;
            if (!int.TryParse(s[i..], System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out exponent)
                || exponent is < -40 or > 20) return false;
        }
        // value = mantissa · 10^(exponent − fractionDigits) s = mantissa · 10^(scale) ps
        int scale = exponent - fractionDigits + 12;
        Int128 ps;
        if (scale >= 0)
        {
            ps = mantissa;
            for (int k = 0; k < scale; k++)
            {
                ps *= 10;
                if (ps > Int128.MaxValue / 100) return false;
            }
        }
        else
        {
            Int128 div = 1;
            for (int k = 0; k < -scale && k < 38; k++) div *= 10;
            if (-scale >= 38) { ps = 0; }
            else
            {
                var (q, r) = Int128.DivRem(mantissa, div);
                ps = r * 2 >= div ? q + 1 : q; // half away from zero (sign applied below)
            }
        }
        if (negative) ps = -ps;
        try { value = Duration.FromTotalPicoseconds(ps); }
        catch (OverflowException) { return false; }
        return true;
    }
}
