using System.Text;
using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;
using TimeSync.Simulation.Devices;
using TimeSync.Simulation.Numerics;
using TimeSync.Simulation.Transport;

namespace TimeSync.Simulation.Tests;

/// <summary>The simulator's bytes are the real devices' wire formats: checked against published examples and the
/// project's own decoders (Acquisition).</summary>
public class DeviceEncodingTests
{
    [Fact]
    public void Nmea_checksum_matches_the_classic_published_rmc_example()
    {
        byte[] s = NmeaEncoder.Sentence("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W");
        Assert.Equal("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W*6A\r\n", Encoding.ASCII.GetString(s));
    }

    [Fact]
    public void Ubx_fletcher_checksum_matches_the_mon_ver_poll_frame()
    {
        Assert.Equal(new byte[] { 0xB5, 0x62, 0x0A, 0x04, 0x00, 0x00, 0x0E, 0x34 }, UbxEncoder.Frame(0x0A, 0x04, []));
    }

    [Fact]
    public void Gnss_messages_decode_with_the_acquisition_decoder_to_the_simulated_times()
    {
        var epoch = Instant.Parse("2026-03-02T08:15:42Z");
        var bytes = new List<byte>();
        bytes.AddRange(UbxEncoder.TimTp(epoch + Duration.FromSeconds(1), qErrPicoseconds: -2750, utcValid: true));
        bytes.AddRange(UbxEncoder.NavTimeUtc(epoch, 12, utcValid: true));
        bytes.AddRange(NmeaEncoder.Rmc(epoch, valid: true));
        bytes.AddRange(NmeaEncoder.Gga(epoch, valid: true, satellites: 12));
        bytes.AddRange(NmeaEncoder.Zda(epoch));
        var decoder = new GnssStreamDecoder("gnss");
        var events = new List<DecodedEvent>();
        decoder.Push(bytes.ToArray(), 1, events);
        decoder.Complete(2, events);
        Assert.DoesNotContain(events, e => e is DecodeProblem);
        var tp = Assert.Single(events.OfType<TimePulseInfo>());
        Assert.Equal(epoch + Duration.FromSeconds(1), tp.NextPulseUtc);
        Assert.Equal(-2750, tp.QErrPicoseconds);
        var times = events.OfType<GnssTimeMessage>().ToList();
        Assert.Equal(4, times.Count); // NAV-TIMEUTC, RMC, GGA, ZDA
        Assert.All(times, t => { Assert.Equal(epoch, t.Utc); Assert.True(t.Valid, t.Kind); });
    }

    [Fact]
    public void Ticc_lines_decode_exactly_to_the_picosecond()
    {
        var value = new Duration(1234, 567_890_123_456L);
        byte[] line = TiccEncoder.Timestamp(value, "chB");
        Assert.Equal("1234.567890123456 chB\r\n", Encoding.ASCII.GetString(line));
        var events = new List<DecodedEvent>();
        new TiccDecoder("ticc").Push([.. TiccEncoder.StartupBanner(), .. line], 5, events);
        var reading = Assert.Single(events.OfType<CounterReading>());
        Assert.Equal("chB", reading.Channel);
        Assert.Equal(value, reading.Value);
    }

    [Fact]
    public void Serial_link_paces_bytes_at_ten_bits_per_baud_and_keeps_every_byte_in_order()
    {
        var link = new SerialLink(115200, 1e-4, 0, 0, new Xoshiro256StarStar(1), bridgeTimerSeconds: 0.004);
        var start = Instant.Parse("2026-03-02T08:00:00.1Z");
        var bytes = Enumerable.Range(0, 300).Select(i => (byte)i).ToArray();
        var reads = new List<HostRead>();
        link.Transmit(start, bytes, reads);
        Assert.Equal(bytes, reads.SelectMany(r => r.Bytes).ToArray());
        long startNs = start.ToUnixNanoseconds();
        long lineNs = (long)(300 * 10 / 115200.0 * 1e9); // 26.0 ms on the wire
        Assert.True(reads[^1].HostTimeUnixNanoseconds >= startNs + lineNs, "the last byte cannot arrive before the line has carried it");
        Assert.True(reads[^1].HostTimeUnixNanoseconds <= startNs + lineNs + 6_000_000, "latency timer 4 ms + 1 ms frame + host");
        Assert.All(reads, r => Assert.InRange(r.Bytes.Length, 1, 62));
        for (int i = 1; i < reads.Count; i++) Assert.True(reads[i].HostTimeUnixNanoseconds > reads[i - 1].HostTimeUnixNanoseconds);
        // the 4 ms latency timer ships the first packet before it fills: 4 ms after the first byte (86.8 µs) the
        // bridge holds 47 bytes; it goes out on the next 1 ms frame (5 ms) and the read returns 0.1 ms later
        Assert.Equal(47, reads[0].Bytes.Length);
        Assert.Equal(5_100_000, reads[0].HostTimeUnixNanoseconds - startNs);
        // at 1 Mbd the bridge fills 62-byte packets before its timer runs out
        var fast = new SerialLink(1_000_000, 1e-4, 0, 0, new Xoshiro256StarStar(1), bridgeTimerSeconds: 0.004);
        var fastReads = new List<HostRead>();
        fast.Transmit(start, bytes, fastReads);
        Assert.Equal(62, fastReads[0].Bytes.Length);
    }
}
