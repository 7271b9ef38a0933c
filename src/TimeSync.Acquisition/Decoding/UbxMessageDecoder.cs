using System.Buffers.Binary;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// UBX payloads (u-blox 6/7/8/F9 interface descriptions; layouts in shared/research/masks.md §3 [S16]) → decoded events.
/// <para><b>Where UTC comes from.</b> NAV-TIMEUTC and NAV-PVT state UTC directly. NAV-SOL and NAV-TIMEGPS state GPS time
/// (week, iTOW + fTOW), converted with the GPS−UTC leap second count (IS-GPS-200 §20.3.3.5.2.4). TIM-TP and TIM-TM2
/// say in their flags whether their week/tow is on the GNSS (GPS) or the UTC timebase; only GNSS-timebase values need
/// the leap seconds. The count is learnt from the stream: NAV-TIMEGPS leapS (when its leapS-valid bit is set),
/// NAV-TIMELS currLs, or (iTOW − UTC time of week) of a valid NAV-TIMEUTC / NAV-PVT. Until one of them arrives the
/// decoder uses <see cref="GpsTime.DefaultLeapSeconds"/> (18 s, gpsd's default too), marks such times Valid = false and
/// reports a <see cref="DecodeProblem"/> once.</para>
/// </summary>
internal sealed class UbxMessageDecoder(string source)
{
    private int? _leapSeconds;
    private bool _defaultLeapReported;
    private long? _week;

    public void Decode(byte cls, byte id, ReadOnlySpan<byte> p, long offset, long hostTime, List<DecodedEvent> output)
    {
        switch ((cls, id))
        {
            case (0x01, 0x06) when p.Length >= 12: NavSol(p, offset, hostTime, output); break;
            case (0x01, 0x07) when p.Length >= 24: NavPvt(p, hostTime, output); break;
            case (0x01, 0x20) when p.Length >= 16: NavTimeGps(p, offset, hostTime, output); break;
            case (0x01, 0x21) when p.Length >= 20: NavTimeUtc(p, hostTime, output); break;
            case (0x01, 0x26) when p.Length >= 24: NavTimeLs(p, hostTime, output); break;
            case (0x0D, 0x01) when p.Length >= 16: TimTp(p, offset, hostTime, output); break;
            case (0x0D, 0x03) when p.Length >= 28: TimTm2(p, offset, hostTime, output); break;
            case (0x01, 0x06) or (0x01, 0x07) or (0x01, 0x20) or (0x01, 0x21) or (0x01, 0x26) or (0x0D, 0x01) or (0x0D, 0x03):
                output.Add(new DecodeProblem(source, hostTime, offset, $"UBX 0x{cls:X2} 0x{id:X2} payload of {p.Length} bytes is too short"));
                break;
            // Other classes (MON, INF, RXM, NAV-SVINFO, …) carry no time of their own here.
        }
    }

    /// <summary>Current GPS−UTC offset and whether the receiver told it.</summary>
    private (int Leap, bool Known) Leap(long offset, long hostTime, List<DecodedEvent> output)
    {
        if (_leapSeconds is int known) return (known, true);
        if (!_defaultLeapReported)
        {
            _defaultLeapReported = true;
            output.Add(new DecodeProblem(source, hostTime, offset,
                $"GPS-UTC leap seconds not yet received (NAV-TIMEGPS/NAV-TIMEUTC/NAV-TIMELS); using {GpsTime.DefaultLeapSeconds} s, times marked invalid"));
        }
        return (GpsTime.DefaultLeapSeconds, false);
    }

    private static Duration Tow(uint iTowMs, long extraPicoseconds) => new(iTowMs / 1000, (iTowMs % 1000) * 1_000_000_000L + extraPicoseconds);

    // NAV-SOL: iTOW U4 ms, fTOW I4 ns, week I2, gpsFix U1, flags X1 (0x01 gpsFixOK, 0x04 WKNSET, 0x08 TOWSET).
    private void NavSol(ReadOnlySpan<byte> p, long offset, long hostTime, List<DecodedEvent> output)
    {
        uint iTow = U4(p, 0);
        int fTowNs = I4(p, 4);
        short week = BinaryPrimitives.ReadInt16LittleEndian(p[8..]);
        byte flags = p[11];
        bool timeSet = (flags & 0x0C) == 0x0C;
        if (!timeSet) { output.Add(new GnssTimeMessage(source, hostTime, "NAV-SOL", null, false)); return; }
        _week = week;
        var (leap, known) = Leap(offset, hostTime, output);
        var utc = GpsTime.GpsToUtc(week, Tow(iTow, fTowNs * 1000L), leap);
        output.Add(new GnssTimeMessage(source, hostTime, "NAV-SOL", utc, known && (flags & 0x01) != 0));
    }

    // NAV-TIMEGPS: iTOW U4, fTOW I4 ns, week I2, leapS I1, valid X1 (0x01 towValid, 0x02 weekValid, 0x04 leapSValid), tAcc U4.
    private void NavTimeGps(ReadOnlySpan<byte> p, long offset, long hostTime, List<DecodedEvent> output)
    {
        uint iTow = U4(p, 0);
        int fTowNs = I4(p, 4);
        short week = BinaryPrimitives.ReadInt16LittleEndian(p[8..]);
        sbyte leapS = (sbyte)p[10];
        byte valid = p[11];
        if ((valid & 0x04) != 0) _leapSeconds = leapS;
        if ((valid & 0x03) != 0x03) { output.Add(new GnssTimeMessage(source, hostTime, "NAV-TIMEGPS", null, false)); return; }
        _week = week;
        var (leap, known) = Leap(offset, hostTime, output);
        output.Add(new GnssTimeMessage(source, hostTime, "NAV-TIMEGPS", GpsTime.GpsToUtc(week, Tow(iTow, fTowNs * 1000L), leap), known));
    }

    // NAV-TIMEUTC: iTOW U4, tAcc U4, nano I4, year U2, month, day, hour, min, sec U1,
    // valid X1 (0x01 validTOW, 0x02 validWKN, 0x04 validUTC; bits 4-7 utcStandard).
    private void NavTimeUtc(ReadOnlySpan<byte> p, long hostTime, List<DecodedEvent> output)
    {
        uint iTow = U4(p, 0);
        int nano = I4(p, 8);
        byte valid = p[19];
        var utc = UtcFromFields(p, 12, nano);
        bool ok = utc is not null && (valid & 0x07) == 0x07;
        if (ok) LearnLeap(iTow, utc!.Value);
        output.Add(new GnssTimeMessage(source, hostTime, "NAV-TIMEUTC", utc, ok));
    }

    // NAV-PVT: iTOW U4, year U2, month, day, hour, min, sec U1, valid X1 (0x01 validDate, 0x02 validTime,
    // 0x04 fullyResolved), tAcc U4, nano I4, fixType U1, flags X1 (0x01 gnssFixOK).
    private void NavPvt(ReadOnlySpan<byte> p, long hostTime, List<DecodedEvent> output)
    {
        uint iTow = U4(p, 0);
        byte valid = p[11];
        int nano = I4(p, 16);
        byte flags = p[21];
        var utc = UtcFromFields(p, 4, nano);
        bool ok = utc is not null && (valid & 0x07) == 0x07;
        if (ok) LearnLeap(iTow, utc!.Value);
        output.Add(new GnssTimeMessage(source, hostTime, "NAV-PVT", utc, ok && (flags & 0x01) != 0));
    }

    // NAV-TIMELS: iTOW U4, version U1, reserved 3, srcOfCurrLs U1, currLs I1, srcOfLsChange U1, lsChange I1,
    // timeToLsEvent I4 s, dateOfLsGpsWn U2, dateOfLsGpsDn U2, reserved 3, valid X1 (0x01 validCurrLs, 0x02 validTimeToLsEvent).
    private void NavTimeLs(ReadOnlySpan<byte> p, long hostTime, List<DecodedEvent> output)
    {
        uint iTow = U4(p, 0);
        sbyte currLs = (sbyte)p[9];
        sbyte lsChange = (sbyte)p[11];
        int timeToEvent = I4(p, 12);
        byte valid = p[23];
        if ((valid & 0x01) != 0) _leapSeconds = currLs;
        if (lsChange == 0 || (valid & 0x02) == 0 || timeToEvent < 0) return;
        Instant? at = null;
        if (_week is long week && _leapSeconds is int leap)
            at = GpsTime.GpsToUtc(week, Tow(iTow, 0), leap) + Duration.FromSeconds(timeToEvent);
        output.Add(new LeapSecondWarning(source, hostTime, Math.Sign(lsChange), at));
    }

    // TIM-TP: towMS U4, towSubMS U4 (2^-32 ms), qErr I4 ps, week U2, flags X1 (0x01 timeBase UTC, 0x02 UTC available,
    // 0x10 qErrInvalid on F9), refInfo X1. Describes the NEXT time pulse.
    private void TimTp(ReadOnlySpan<byte> p, long offset, long hostTime, List<DecodedEvent> output)
    {
        uint towMs = U4(p, 0);
        uint towSubMs = U4(p, 4);
        int qErr = I4(p, 8);
        ushort week = BinaryPrimitives.ReadUInt16LittleEndian(p[12..]);
        byte flags = p[14];
        long subPs = (long)(((ulong)towSubMs * 1_000_000_000UL + (1UL << 31)) >> 32); // 2^-32 ms → ps, rounded
        var tow = Tow(towMs, subPs);
        Instant next;
        bool valid;
        if ((flags & 0x01) != 0)
        {
            next = GpsTime.FromWeekAndTow(week, tow); // UTC timebase: week/tow already count UTC seconds
            valid = (flags & 0x02) != 0;
        }
        else
        {
            var (leap, known) = Leap(offset, hostTime, output);
            next = GpsTime.GpsToUtc(week, tow, leap);
            valid = known;
        }
        if ((flags & 0x10) != 0) valid = false;
        output.Add(new TimePulseInfo(source, hostTime, next, qErr, valid));
    }

    // TIM-TM2: ch U1, flags X1, count U2, wnR U2, wnF U2, towMsR U4, towSubMsR U4 ns, towMsF U4, towSubMsF U4, accEst U4.
    // flags: 0x08/0x10 timeBase (0 receiver, 1 GNSS, 2 UTC), 0x20 UTC available, 0x40 time valid, 0x80 new rising edge.
    private void TimTm2(ReadOnlySpan<byte> p, long offset, long hostTime, List<DecodedEvent> output)
    {
        byte ch = p[0];
        byte flags = p[1];
        ushort count = BinaryPrimitives.ReadUInt16LittleEndian(p[2..]);
        ushort wnR = BinaryPrimitives.ReadUInt16LittleEndian(p[4..]);
        uint towMsR = U4(p, 8);
        uint towSubMsR = U4(p, 12);
        if ((flags & 0x80) == 0) return; // no new rising edge in this message
        var tow = Tow(towMsR, towSubMsR * 1000L);
        int timeBase = (flags >> 3) & 0x03;
        bool valid = (flags & 0x40) != 0;
        Instant edge;
        if (timeBase == 2)
        {
            edge = GpsTime.FromWeekAndTow(wnR, tow);
            valid &= (flags & 0x20) != 0;
        }
        else
        {
            var (leap, known) = Leap(offset, hostTime, output);
            edge = GpsTime.GpsToUtc(wnR, tow, leap);
            valid &= known && timeBase == 1;
        }
        output.Add(new TimeMark(source, hostTime, ch, edge, count, valid));
    }

    private static Instant? UtcFromFields(ReadOnlySpan<byte> p, int at, int nano)
    {
        int year = BinaryPrimitives.ReadUInt16LittleEndian(p[at..]);
        int month = p[at + 2], day = p[at + 3], hour = p[at + 4], min = p[at + 5], sec = p[at + 6];
        if (hour > 23 || min > 59 || sec > 60 || !NmeaFields.TryDayNumber(year, month, day, out long unixDay)) return null;
        return new Instant(unixDay * 86_400L + hour * 3600L + min * 60L + sec, nano * 1000L);
    }

    /// <summary>GPS−UTC = iTOW (GPS time of the epoch) − the UTC time of week of the same epoch, rounded to whole seconds.</summary>
    private void LearnLeap(uint iTowMs, Instant utc)
    {
        long utcSinceGpsEpoch = utc.UnixSeconds - GpsTime.GpsEpochUnixSeconds;
        long utcTowMs = (((utcSinceGpsEpoch % GpsTime.SecondsPerWeek) + GpsTime.SecondsPerWeek) % GpsTime.SecondsPerWeek) * 1000L
                        + utc.Picoseconds / 1_000_000_000L;
        long diffMs = (iTowMs - utcTowMs) % (GpsTime.SecondsPerWeek * 1000L);
        if (diffMs < -GpsTime.SecondsPerWeek * 500L) diffMs += GpsTime.SecondsPerWeek * 1000L;
        long leap = (long)Math.Round(diffMs / 1000.0);
        if (leap is >= 0 and <= 100) _leapSeconds = (int)leap;
    }

    private static uint U4(ReadOnlySpan<byte> p, int at) => BinaryPrimitives.ReadUInt32LittleEndian(p[at..]);
    private static int I4(ReadOnlySpan<byte> p, int at) => BinaryPrimitives.ReadInt32LittleEndian(p[at..]);
}
