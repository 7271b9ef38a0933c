using System.Text;
using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;
using TimeSync.Testing;

namespace TimeSync.Acquisition.Tests;

public sealed class DecodingGnssStreamTests
{
    private static List<DecodedEvent> Decode(byte[] data, int chunk = 4096)
    {
        var d = new GnssStreamDecoder("gnss");
        var output = new List<DecodedEvent>();
        for (int i = 0; i < data.Length; i += chunk) d.Push(data.AsSpan(i, Math.Min(chunk, data.Length - i)), 1000 + i, output);
        d.Complete(0, output);
        return output;
    }

    private static byte[] Ascii(string s) => Encoding.ASCII.GetBytes(s);

    private static string Nmea(string body) => NmeaSentences.Frame(body);

    private static byte[] Ubx(byte cls, byte id, byte[] payload) => PipelineWire.Ubx(cls, id, payload);

    [Fact]
    public void Byte_at_a_time_gives_the_same_events_as_whole_log()
    {
        var data = File.ReadAllBytes(RepoPaths.SharedFile("captures", "gnss", "ublox-aek-4t.log"));
        data = data[RawSerialLog.CommentBlockLength(data)..];
        var whole = Decode(data).Select(e => e with { HostTimeUnixNanoseconds = 0 }).ToList();
        var bytewise = Decode(data, 1).Select(e => e with { HostTimeUnixNanoseconds = 0 }).ToList();
        Assert.True(whole.OfType<GnssTimeMessage>().Count() >= 8, $"only {whole.OfType<GnssTimeMessage>().Count()} time messages");
        Assert.Contains(whole, e => e is TimePulseInfo);
        Assert.Equal(whole, bytewise);
    }

    [Fact]
    public void Rmc_zda_gga_times_validity_and_gga_date_from_previous_rmc()
    {
        var text = Nmea("GPGGA,235959.50,4404.1351,N,12118.8556,W,1,08,0.9,1123.9,M,-19.6,M,,0000") // no date yet
                 + Nmea("GNRMC,235959.50,A,4404.1351,N,12118.8556,W,0.04,359.11,311299,,,A")
                 + Nmea("GPGGA,000000.25,4404.1351,N,12118.8556,W,0,08,0.9,1123.9,M,-19.6,M,,0000") // wraps midnight
                 + Nmea("GPZDA,000001.123456789012,01,01,2000,00,00")
                 + Nmea("GPRMC,000002,V,,,,,,,010100,,,N");
        var m = Decode(Ascii(text)).OfType<GnssTimeMessage>().ToList();
        Assert.Equal(["GGA", "RMC", "GGA", "ZDA", "RMC"], m.Select(x => x.Kind));
        Assert.Null(m[0].Utc);
        Assert.Equal(Instant.Parse("1999-12-31T23:59:59.5Z"), m[1].Utc);
        Assert.True(m[1].Valid);
        Assert.Equal(Instant.Parse("2000-01-01T00:00:00.25Z"), m[2].Utc);
        Assert.False(m[2].Valid); // quality 0
        Assert.Equal(Instant.Parse("2000-01-01T00:00:01.123456789012Z"), m[3].Utc); // exact to the ps
        Assert.False(m[3].Valid); // ZDA inherits the last GGA's "no fix"
        Assert.Equal(Instant.Parse("2000-01-01T00:00:02Z"), m[4].Utc);
        Assert.False(m[4].Valid); // status V
    }

    [Fact]
    public void Gll_and_gns_take_the_date_of_the_last_rmc_and_cr_alone_ends_a_sentence()
    {
        var text = Nmea("GNRMC,101010.00,A,4404.1351,N,12118.8556,W,0.04,359.11,050219,,,A").Replace("\r\n", "\r")
                 + Nmea("GNGLL,4404.1351,N,12118.8556,W,101011.00,A,A").Replace("\r\n", "\n")
                 + Nmea("GNGNS,101012.00,4404.1351,N,12118.8556,W,NN,08,0.9,1123.9,-19.6,,");
        var m = Decode(Ascii(text), 4).OfType<GnssTimeMessage>().ToList();
        Assert.Equal(["RMC", "GLL", "GNS"], m.Select(x => x.Kind));
        Assert.Equal(Instant.Parse("2019-02-05T10:10:11Z"), m[1].Utc);
        Assert.True(m[1].Valid);
        Assert.Equal(Instant.Parse("2019-02-05T10:10:12Z"), m[2].Utc);
        Assert.False(m[2].Valid); // mode NN: no fix on either constellation
    }

    [Fact]
    public void A_sentence_without_checksum_is_decoded_but_flagged()
    {
        var events = Decode(Ascii("$GPRMC,120000.00,A,4404.1351,N,12118.8556,W,0.04,359.11,050219,,,A\r\n"));
        Assert.Equal(Instant.Parse("2019-02-05T12:00:00Z"), Assert.Single(events.OfType<GnssTimeMessage>()).Utc);
        Assert.Contains("without checksum", Assert.Single(events.OfType<DecodeProblem>()).Message);
    }

    [Fact]
    public void Bad_checksum_and_cut_sentences_are_reported_with_offsets_and_decoding_resumes()
    {
        string good = Nmea("GPRMC,120000.00,A,4404.1351,N,12118.8556,W,0.04,359.11,050219,,,A");
        // Same length, last checksum digit changed.
        string bad = good[..^3] + (good[^3] == '0' ? "1" : "0") + good[^2..];
        string cut = "$GPGGA,1200";
        var data = Ascii(bad + cut + good);
        var events = Decode(data, 5);
        var problems = events.OfType<DecodeProblem>().ToList();
        Assert.Contains(problems, p => p.StreamOffset == 0 && p.Message.Contains("checksum"));
        Assert.Contains(problems, p => p.StreamOffset == bad.Length && p.Message.Contains("cut off"));
        var time = Assert.Single(events.OfType<GnssTimeMessage>());
        Assert.Equal(Instant.Parse("2019-02-05T12:00:00Z"), time.Utc);
    }

    [Fact]
    public void Garbage_flood_and_absurd_ubx_length_resynchronise_without_losing_the_next_frame()
    {
        var rng = new Random(7);
        var garbage = new byte[3_000_000];
        rng.NextBytes(garbage);
        for (int i = 0; i < garbage.Length; i++) if (garbage[i] is (byte)'$' or 0xB5) garbage[i] = 0x00;
        var absurd = new byte[] { 0xB5, 0x62, 0x01, 0x07, 0xFF, 0xFF };
        var good = Ascii(Nmea("GNRMC,000941.00,A,4404.13387,N,12118.85628,W,0.029,,100117,,,A"));
        var data = garbage.Concat(absurd).Concat(good).ToArray();
        var events = Decode(data, 1024);
        var problems = events.OfType<DecodeProblem>().ToList();
        // One report per 64 KiB of flood at most: bounded, and the offsets point into the stream.
        Assert.InRange(problems.Count, 2, 3_000_000 / 65536 + 3);
        Assert.Equal(0, problems[0].StreamOffset);
        Assert.Contains(problems, p => p.StreamOffset == garbage.Length && p.Message.Contains("length 65535"));
        var time = Assert.Single(events.OfType<GnssTimeMessage>());
        Assert.Equal(Instant.Parse("2017-01-10T00:09:41Z"), time.Utc);
    }

    [Fact]
    public void Ubx_frame_with_bad_checksum_is_rescanned_so_a_frame_inside_it_is_found()
    {
        var inner = Ubx(0x01, 0x21, NavTimeUtc(2024, 6, 30, 23, 59, 59, nano: 250_000_000, valid: 0x07, iTowMs: 0));
        // A false header whose length swallows the real frame: checksum fails, the real frame must still decode.
        var fake = new byte[] { 0xB5, 0x62, 0x0A, 0x04, (byte)(inner.Length + 2), 0x00 };
        var data = fake.Concat(inner).Concat(new byte[] { 0x11, 0x22, 0x33, 0x44 }).ToArray();
        var events = Decode(data, 3);
        Assert.Contains(events.OfType<DecodeProblem>(), p => p.StreamOffset == 0 && p.Message.Contains("checksum"));
        var m = Assert.Single(events.OfType<GnssTimeMessage>());
        Assert.Equal("NAV-TIMEUTC", m.Kind);
        Assert.Equal(Instant.Parse("2024-06-30T23:59:59.25Z"), m.Utc);
    }

    private static byte[] NavTimeUtc(int year, int month, int day, int hour, int min, int sec, int nano, byte valid, uint iTowMs)
    {
        var p = new byte[20];
        BitConverter.GetBytes(iTowMs).CopyTo(p, 0);
        BitConverter.GetBytes(nano).CopyTo(p, 8);
        BitConverter.GetBytes((ushort)year).CopyTo(p, 12);
        p[14] = (byte)month; p[15] = (byte)day; p[16] = (byte)hour; p[17] = (byte)min; p[18] = (byte)sec; p[19] = valid;
        return p;
    }

    [Fact]
    public void Tim_tp_from_a_real_lea_4t_states_the_next_pulse_in_utc_and_its_qerr()
    {
        var data = File.ReadAllBytes(RepoPaths.SharedFile("captures", "gnss", "ublox-lea-4t.log"));
        var tp = RawSerialLog.Decode(data, new GnssStreamDecoder("gnss")).OfType<TimePulseInfo>().ToList();
        Assert.Equal(2, tp.Count);
        // towMS 333344000, week 1516, flags 0x03 (UTC timebase, UTC available): Wed 2009-01-28 20:35:44 UTC.
        Assert.Equal(Instant.Parse("2009-01-28T20:35:44Z"), tp[0].NextPulseUtc);
        Assert.Equal(-16813, tp[0].QErrPicoseconds);
        Assert.True(tp[0].Valid);
        Assert.Equal(tp[0].NextPulseUtc + Duration.FromSeconds(1), tp[1].NextPulseUtc);
    }

    [Fact]
    public void Gps_timebase_needs_leap_seconds_default_18_is_flagged_then_nav_timegps_supplies_them()
    {
        // TIM-TP on the GPS timebase, week 2300, tow 100 s + 2^31 * 2^-32 ms = 0.5 ms, before and after NAV-TIMEGPS leapS 18.
        var tp = new byte[16];
        BitConverter.GetBytes(100_000u).CopyTo(tp, 0);
        BitConverter.GetBytes(1u << 31).CopyTo(tp, 4);
        BitConverter.GetBytes(-1234).CopyTo(tp, 8);
        BitConverter.GetBytes((ushort)2300).CopyTo(tp, 12);
        tp[14] = 0x00;
        var gps = new byte[16];
        BitConverter.GetBytes(99_000u).CopyTo(gps, 0);
        BitConverter.GetBytes((short)2300).CopyTo(gps, 8);
        gps[10] = 18; gps[11] = 0x07;
        var events = Decode(Ubx(0x0D, 0x01, tp).Concat(Ubx(0x01, 0x20, gps)).Concat(Ubx(0x0D, 0x01, tp)).ToArray());
        var pulses = events.OfType<TimePulseInfo>().ToList();
        var expected = Instant.FromUnixSeconds(315_964_800L + 2300L * 604_800L + 100 - 18) + Duration.FromPicoseconds(500_000_000);
        Assert.Equal(expected, pulses[0].NextPulseUtc);
        Assert.False(pulses[0].Valid); // leap seconds assumed
        Assert.Contains(events.OfType<DecodeProblem>(), p => p.Message.Contains("leap seconds not yet received"));
        Assert.Equal(expected, pulses[1].NextPulseUtc);
        Assert.True(pulses[1].Valid);
        Assert.Equal(-1234, pulses[1].QErrPicoseconds);
    }

    [Fact]
    public void Tim_tm2_rising_edge_and_nav_timels_leap_announcement()
    {
        var tm = new byte[28];
        tm[0] = 1; tm[1] = 0x80 | 0x40 | 0x20 | (2 << 3); // new rising edge, valid, UTC available, UTC timebase
        BitConverter.GetBytes((ushort)7).CopyTo(tm, 2);
        BitConverter.GetBytes((ushort)2000).CopyTo(tm, 4);
        BitConverter.GetBytes(86_400_123u).CopyTo(tm, 8);
        BitConverter.GetBytes(456_789u).CopyTo(tm, 12);
        var ls = new byte[24];
        ls[9] = 18; ls[11] = 1; BitConverter.GetBytes(3600).CopyTo(ls, 12); ls[23] = 0x03;
        var events = Decode(Ubx(0x0D, 0x03, tm).Concat(Ubx(0x01, 0x26, ls)).ToArray());
        var mark = Assert.Single(events.OfType<TimeMark>());
        Assert.Equal(1, mark.Channel);
        Assert.Equal(7u, mark.Count);
        Assert.True(mark.Valid);
        Assert.Equal(Instant.FromUnixSeconds(315_964_800L + 2000L * 604_800L + 86_400) + Duration.FromPicoseconds(123_456_789_000), mark.RisingEdgeUtc);
        var warn = Assert.Single(events.OfType<LeapSecondWarning>());
        Assert.Equal(1, warn.Sign);
    }
}
