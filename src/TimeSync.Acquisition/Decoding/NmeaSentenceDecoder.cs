using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Text;
using Iot.Device.Nmea0183;
using Iot.Device.Nmea0183.Sentences;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// One NMEA 0183 sentence (framed by <see cref="GnssStreamDecoder"/>) → <see cref="GnssTimeMessage"/> for RMC, ZDA and GGA
/// (and GLL, GNS, which carry a time of day like GGA).
/// GSA/GSV and other sentences are accepted without a time. Any two-letter talker (GP, GN, GL, GA, BD, GB, GQ, …) is
/// accepted; proprietary sentences ($P…) are ignored.
/// <para>Fix status comes from Iot.Device.Nmea0183's sentence classes (RMC <c>Status</c>, GGA <c>Status</c>); times and
/// dates are parsed exactly by <see cref="NmeaFields"/>. The date follows gpsd's rules: RMC and ZDA carry it; GGA takes
/// the date of the last RMC/ZDA (advanced by one day when its time of day wraps past midnight) and has no UTC before one
/// was seen; RMC's two-digit year takes the century of the last ZDA, else 1980–2079 (no GNSS date precedes 1980).</para>
/// </summary>
internal sealed class NmeaSentenceDecoder(string source)
{
    private long? _unixDay;          // date of the last dated sentence
    private Duration _lastTimeOfDay; // its time of day, to notice midnight in undated sentences
    private int? _century;           // from the last ZDA's four-digit year
    private bool _fixValid;          // last RMC status / GGA quality, which ZDA inherits
    private readonly List<string> _fields = new(24);
    // Field boundaries of the last Split: start and length of field i (field 0 is the address).
    private int[] _starts = new int[24], _lengths = new int[24];
    private int _fieldCount;
    // The last RMC date turned into a day number (a bench sends the same date all day).
    private int _cachedDdmmyy = -1, _cachedYear;
    private long _cachedDay;

    public void Decode(ReadOnlySpan<byte> frame, long offset, long hostTime, DecodedEventBuffer output)
    {
        if (frame.Length > 0 && frame[^1] == (byte)'\r') frame = frame[..^1];
        int star = frame.LastIndexOf((byte)'*');
        if (star < 0)
        {
            // NMEA 0183 makes the checksum optional for some sentences and older receivers omit it; gpsd accepts such
            // sentences too. Decode it, but say that nothing vouched for its integrity.
            output.Add(new DecodeProblem(source, hostTime, offset, $"NMEA sentence without checksum, accepted unverified: {Show(frame)}"));
            star = frame.Length;
        }
        else if (star != frame.Length - 3)
        {
            output.Add(new DecodeProblem(source, hostTime, offset, $"NMEA sentence with a malformed '*hh' checksum: {Show(frame)}"));
            return;
        }
        else
        {
            if (!TryHex(frame[^2], out int hi) || !TryHex(frame[^1], out int lo))
            {
                output.Add(new DecodeProblem(source, hostTime, offset, $"NMEA checksum is not hex: {Show(frame)}"));
                return;
            }
            byte sum = Xor(frame[1..star]);
            if (sum != (hi << 4 | lo))
            {
                output.Add(new DecodeProblem(source, hostTime, offset, $"NMEA checksum *{hi << 4 | lo:X2}, computed {sum:X2}: {Show(frame)}"));
                return;
            }
        }
        var body = frame[1..star];
        int comma = body.IndexOf((byte)',');
        var address = comma < 0 ? body : body[..comma];
        if (address.Length != 5 || address[0] == (byte)'P') return; // proprietary or unknown addressing
        if (!IsUpper(address[0]) || !IsUpper(address[1])) return;
        var kind = address[2..];
        if (kind.SequenceEqual("RMC"u8)) Rmc(body, address, offset, hostTime, output);
        else if (kind.SequenceEqual("GGA"u8)) Gga(body, address, offset, hostTime, output);
        else if (kind.SequenceEqual("ZDA"u8)) Zda(body, offset, hostTime, output);
        else if (kind.SequenceEqual("GLL"u8)) Undated("GLL", body, timeField: 5, v => v.Status(6) == "A" && v.Status(7) != "N", output, hostTime);
        else if (kind.SequenceEqual("GNS"u8)) Undated("GNS", body, timeField: 1, v => v.Status(6).IndexOfAny(['A', 'D', 'P', 'R', 'F']) >= 0, output, hostTime);
        // GSA, GSV, VTG, …: accepted, no time message.
    }

    // $--RMC,hhmmss.ss,A,llll.ll,a,yyyyy.yy,a,x.x,x.x,ddmmyy,x.x,a[,m[,s]]*hh (NMEA 0183 v4.11)
    private void Rmc(ReadOnlySpan<byte> body, ReadOnlySpan<byte> address, long offset, long hostTime, DecodedEventBuffer output)
    {
        Split(body);
        var status = Field(body, 2);
        // A standard layout with a one-letter status is read directly (what the library reads from it); anything else
        // goes through Iot.Device.Nmea0183, falling back to the raw status field when the library rejects the layout.
        bool valid = _fieldCount is >= 12 and <= 14 && status.Length == 1 && status[0] is (byte)'A' or (byte)'V'
            ? status[0] == (byte)'A'
            : LibraryRmcValid(address, Strings(body)) ?? status.SequenceEqual("A"u8);
        // NMEA 2.3+ mode indicator N = data not valid, whatever the status says.
        if (Field(body, 12).SequenceEqual("N"u8)) valid = false;
        _fixValid = valid;
        Instant? utc = null;
        var date = Field(body, 9);
        if (NmeaFields.TryParseTimeOfDay(Field(body, 1), out var tod)
            && date.Length == 6
            && (NmeaFields.TryParseInt(date, out int ddmmyy) || int.TryParse(date, NumberStyles.Integer, CultureInfo.InvariantCulture, out ddmmyy)))
        {
            int dd = ddmmyy / 10000, mm = ddmmyy / 100 % 100, yy = ddmmyy % 100;
            int year = _century is int c ? c + yy : (yy >= 80 ? 1900 + yy : 2000 + yy);
            if (ddmmyy == _cachedDdmmyy && year == _cachedYear)
            {
                utc = SetDate(_cachedDay, tod);
            }
            else if (NmeaFields.TryDayNumber(year, mm, dd, out long day))
            {
                (_cachedDdmmyy, _cachedYear, _cachedDay) = (ddmmyy, year, day);
                utc = SetDate(day, tod);
            }
            else output.Add(new DecodeProblem(source, hostTime, offset, $"RMC date '{Encoding.ASCII.GetString(date)}' does not exist"));
        }
        output.AddGnss(source, hostTime, "RMC", utc, valid && utc is not null);
    }

    // $--GGA,hhmmss.ss,llll.ll,a,yyyyy.yy,a,q,xx,x.x,x.x,M,x.x,M,x.x,xxxx*hh
    private void Gga(ReadOnlySpan<byte> body, ReadOnlySpan<byte> address, long offset, long hostTime, DecodedEventBuffer output)
    {
        Split(body);
        var q = Field(body, 6);
        // A one-digit quality is read directly (the library reads the same digit); else the library, else the raw field.
        int quality = q.Length == 1 && q[0] is >= (byte)'0' and <= (byte)'9'
            ? q[0] - '0'
            : LibraryGgaQuality(address, Strings(body)) ?? (int.TryParse(q, NumberStyles.Integer, CultureInfo.InvariantCulture, out int parsed) ? parsed : 0);
        // 1 GPS, 2 DGPS, 3 PPS, 4 RTK, 5 float RTK are fixes; 0 none, 6 dead reckoning, 7 manual, 8 simulator are not.
        bool valid = quality is >= 1 and <= 5;
        _fixValid = valid;
        var utc = UndatedUtc(Field(body, 1));
        output.Add(DecodedEventValue.Gnss(source, hostTime, "GGA", utc, valid && utc is not null));
    }

    /// <summary>A time of day without a date: the date of the last RMC/ZDA, plus a day if the time of day went backwards
    /// by more than 12 h (midnight passed since); null before any date was seen.</summary>
    private Instant? UndatedUtc(ReadOnlySpan<byte> timeField)
    {
        if (_unixDay is not long day || !NmeaFields.TryParseTimeOfDay(timeField, out var tod)) return null;
        if (tod < _lastTimeOfDay - Duration.FromSeconds(43_200)) day++;
        return SetDate(day, tod);
    }

    private readonly record struct Fields(List<string> F)
    {
        public string Status(int i) => i < F.Count ? F[i] : "";
    }

    // $--GLL,llll.ll,a,yyyyy.yy,a,hhmmss.ss,A[,m] and $--GNS,hhmmss.ss,llll.ll,a,yyyyy.yy,a,mode…: undated like GGA.
    private void Undated(string kind, ReadOnlySpan<byte> body, int timeField, Func<Fields, bool> isValid, DecodedEventBuffer output, long hostTime)
    {
        Split(body);
        bool valid = isValid(new Fields(Strings(body)));
        _fixValid = valid;
        var utc = UndatedUtc(Field(body, timeField));
        output.Add(DecodedEventValue.Gnss(source, hostTime, kind, utc, valid && utc is not null));
    }

    // $--ZDA,hhmmss.ss,xx,xx,xxxx,xx,xx*hh — time, day, month, four-digit year, local zone (ignored).
    private void Zda(ReadOnlySpan<byte> body, long offset, long hostTime, DecodedEventBuffer output)
    {
        Split(body);
        Instant? utc = null;
        if (NmeaFields.TryParseTimeOfDay(Field(body, 1), out var tod)
            && int.TryParse(Field(body, 2), NumberStyles.Integer, CultureInfo.InvariantCulture, out int dd)
            && int.TryParse(Field(body, 3), NumberStyles.Integer, CultureInfo.InvariantCulture, out int mm)
            && int.TryParse(Field(body, 4), NumberStyles.Integer, CultureInfo.InvariantCulture, out int year)
            && Field(body, 4).Length == 4)
        {
            if (NmeaFields.TryDayNumber(year, mm, dd, out long day))
            {
                _century = year / 100 * 100;
                utc = SetDate(day, tod);
            }
            else output.Add(new DecodeProblem(source, hostTime, offset, $"ZDA date {dd}.{mm}.{year} does not exist"));
        }
        // ZDA has no status field: it inherits the fix state of the last RMC/GGA in this stream.
        output.Add(DecodedEventValue.Gnss(source, hostTime, "ZDA", utc, _fixValid && utc is not null));
    }

    private Instant SetDate(long unixDay, Duration timeOfDay)
    {
        _unixDay = unixDay;
        _lastTimeOfDay = timeOfDay;
        return new Instant(unixDay * 86_400L, 0) + timeOfDay;
    }

    private bool? LibraryRmcValid(ReadOnlySpan<byte> address, List<string> f)
    {
        try
        {
            var rmc = new RecommendedMinimumNavigationInformation(Talker(address, f), DateTimeOffset.UnixEpoch);
            return rmc.Status is NavigationStatus s ? s == NavigationStatus.Valid : null;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or OverflowException)
        {
            return null; // the library rejects the sentence's layout; fall back to the raw status field
        }
    }

    private int? LibraryGgaQuality(ReadOnlySpan<byte> address, List<string> f)
    {
        try
        {
            var gga = new GlobalPositioningSystemFixData(Talker(address, f), DateTimeOffset.UnixEpoch);
            return (int)gga.Status;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or IndexOutOfRangeException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    private static TalkerSentence Talker(ReadOnlySpan<byte> address, List<string> f) =>
        new(new TalkerId((char)address[0], (char)address[1]),
            new SentenceId((char)address[2], (char)address[3], (char)address[4]), f.Skip(1));

    /// <summary>Splits the body at its commas into field boundaries (no allocation once the arrays fit).</summary>
    private void Split(ReadOnlySpan<byte> body)
    {
        _fieldCount = 0;
        int start = 0, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            // 32 bytes at a time: a bit mask of the commas, walked bit by bit.
            ref byte b0 = ref MemoryMarshal.GetReference(body);
            var comma = Vector256.Create((byte)',');
            for (; i + 32 <= body.Length; i += 32)
            {
                uint mask = Vector256.Equals(Vector256.LoadUnsafe(ref b0, (nuint)i), comma).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int at = i + BitOperations.TrailingZeroCount(mask);
                    AddField(start, at - start);
                    start = at + 1;
                    mask &= mask - 1;
                }
            }
        }
        for (; i < body.Length; i++)
        {
            if (body[i] != (byte)',') continue;
            AddField(start, i - start);
            start = i + 1;
        }
        AddField(start, body.Length - start);
    }

    private void AddField(int start, int length)
    {
        if (_fieldCount == _starts.Length)
        {
            Array.Resize(ref _starts, _fieldCount * 2);
            Array.Resize(ref _lengths, _fieldCount * 2);
        }
        _starts[_fieldCount] = start;
        _lengths[_fieldCount++] = length;
    }

    /// <summary>Field <paramref name="i"/> of the last <see cref="Split"/> (field 0 is the address), empty when absent.</summary>
    private ReadOnlySpan<byte> Field(ReadOnlySpan<byte> body, int i) =>
        i < _fieldCount ? body.Slice(_starts[i], _lengths[i]) : default;

    /// <summary>The fields of the last <see cref="Split"/> as strings, for the library (slow path only).</summary>
    private List<string> Strings(ReadOnlySpan<byte> body)
    {
        _fields.Clear();
        for (int i = 0; i < _fieldCount; i++) _fields.Add(Encoding.ASCII.GetString(body.Slice(_starts[i], _lengths[i])));
        return _fields;
    }

    /// <summary>XOR of all bytes (the NMEA checksum, NMEA 0183 v4.11 §5.2.1), 32 bytes at a time where possible.</summary>
    private static byte Xor(ReadOnlySpan<byte> s)
    {
        int i = 0;
        byte sum = 0;
        if (Vector256.IsHardwareAccelerated && s.Length >= 32)
        {
            ref byte b0 = ref MemoryMarshal.GetReference(s);
            var acc = Vector256<byte>.Zero;
            for (; i + 32 <= s.Length; i += 32) acc ^= Vector256.LoadUnsafe(ref b0, (nuint)i);
            var q = acc.AsUInt64();
            ulong x = q[0] ^ q[1] ^ q[2] ^ q[3];
            x ^= x >> 32;
            x ^= x >> 16;
            x ^= x >> 8;
            sum = (byte)x;
        }
        for (; i < s.Length; i++) sum ^= s[i];
        return sum;
    }

    private static bool IsUpper(byte c) => c is >= (byte)'A' and <= (byte)'Z';

    private static bool TryHex(byte c, out int v)
    {
        v = c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            _ => -1,
        };
        return v >= 0;
    }

    private static string Show(ReadOnlySpan<byte> frame) =>
        Encoding.ASCII.GetString(frame.Length > 100 ? frame[..100] : frame);
}
