using System.Buffers.Binary;
using TimeSync.Core.Time;

namespace TimeSync.Simulation.Devices;

/// <summary>
/// u-blox UBX frames (u-blox F9 interface description): 0xB5 0x62, class, id, length (LE u16), payload, CK_A CK_B
/// (8-bit Fletcher over class..payload, RFC 1145).
/// </summary>
public static class UbxEncoder
{
    /// <summary>GPS − UTC in whole seconds, valid since 2017-01-01.</summary>
    public const int GpsMinusUtcSeconds = 18;

    private static readonly Instant GpsEpoch = Instant.FromUnixSeconds(315_964_800); // 1980-01-06T00:00:00Z

    public static byte[] Frame(byte messageClass, byte messageId, ReadOnlySpan<byte> payload)
    {
        var frame = new byte[8 + payload.Length];
        frame[0] = 0xB5; frame[1] = 0x62; frame[2] = messageClass; frame[3] = messageId;
        BinaryPrimitives.WriteUInt16LittleEndian(frame.AsSpan(4), (ushort)payload.Length);
        payload.CopyTo(frame.AsSpan(6));
        byte a = 0, b = 0;
        for (int i = 2; i < 6 + payload.Length; i++) { a += frame[i]; b += a; }
        frame[^2] = a; frame[^1] = b;
        return frame;
    }

    /// <summary>
    /// UBX-TIM-TP (0x0D 0x01): time of the NEXT time pulse and its quantization error. Time base UTC (flags bit 0 = 1,
    /// bit 1 "UTC available"), so week and towMS count UTC seconds since 1980-01-06 without leap seconds; refInfo
    /// utcStandard = USNO (3). u-blox qErr convention: qErr = ideal pulse time − actual pulse time (ps), i.e. the
    /// corrected edge is measured edge + qErr.
    /// </summary>
    public static byte[] TimTp(Instant nextPulseUtc, long qErrPicoseconds, bool utcValid)
    {
        var p = new byte[16];
        var (week, towMs, subMs) = WeekTow(nextPulseUtc);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(0), towMs);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(4), subMs);
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(8), (int)Math.Clamp(qErrPicoseconds, int.MinValue, int.MaxValue));
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(12), week);
        p[14] = (byte)(0x01 | (utcValid ? 0x02 : 0x00));
        p[15] = 0x30; // timeRefGnss 0 (GPS), utcStandard 3 (USNO)
        return Frame(0x0D, 0x01, p);
    }

    /// <summary>UBX-NAV-TIMEUTC (0x01 0x21): UTC of the navigation epoch; iTOW is GPS time of week (ms).</summary>
    public static byte[] NavTimeUtc(Instant epochUtc, uint timeAccuracyNanoseconds, bool utcValid)
    {
        var p = new byte[20];
        var gps = epochUtc + Duration.FromSeconds(GpsMinusUtcSeconds);
        var (_, iTow, _) = WeekTow(gps);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(0), iTow);
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(4), timeAccuracyNanoseconds);
        var whole = Instant.FromUnixSeconds(epochUtc.UnixSeconds);
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(8), (int)(epochUtc.Picoseconds / 1000));
        var dt = whole.ToDateTimeUtc();
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(12), (ushort)dt.Year);
        p[14] = (byte)dt.Month; p[15] = (byte)dt.Day; p[16] = (byte)dt.Hour; p[17] = (byte)dt.Minute; p[18] = (byte)dt.Second;
        p[19] = (byte)(0x03 | (utcValid ? 0x04 : 0x00) | 0x30); // validTOW, validWKN, validUTC, utcStandard USNO
        return Frame(0x01, 0x21, p);
    }

    private static (ushort Week, uint TowMs, uint SubMs) WeekTow(Instant t)
    {
        Duration since = t - GpsEpoch;
        Int128 ps = since.TotalPicoseconds;
        const long psPerWeek = 604_800L * 1_000_000_000_000L;
        long week = (long)(ps / psPerWeek);
        Int128 inWeek = ps - week * (Int128)psPerWeek;
        long towMs = (long)(inWeek / 1_000_000_000L);
        long psInMs = (long)(inWeek - towMs * (Int128)1_000_000_000L);
        uint sub = (uint)(((UInt128)psInMs << 32) / 1_000_000_000UL); // ms · 2^-32
        return ((ushort)week, (uint)towMs, sub);
    }
}
