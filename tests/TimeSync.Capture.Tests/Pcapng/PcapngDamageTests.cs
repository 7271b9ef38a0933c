using System.Buffers.Binary;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;

namespace TimeSync.Capture.Tests.Pcapng;

/// <summary>Truncated, torn, corrupt, hostile and foreign files: damage reported with its offset, the rest used.</summary>
public class PcapngDamageTests
{
    private static (PcapngReader Reader, List<CaptureEvent> Events, List<long> Times) Read(byte[] bytes, string name = "cap.pcapng")
    {
        var reader = new PcapngReader(new MemoryStream(bytes), name);
        var events = new List<CaptureEvent>();
        foreach (var e in reader.Events()) events.Add(e with { Payload = e.Payload.ToArray() });
        return (reader, events, events.Select(e => e.HostTimeUnixNanoseconds).ToList());
    }

    /// <summary>File offsets of each EPB in a capture written by <see cref="SampleCapture"/>.</summary>
    private static List<long> PacketOffsets(byte[] bytes)
    {
        var list = new List<long>();
        int p = 0;
        while (p + 8 <= bytes.Length)
        {
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p));
            int len = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(p + 4));
            if (type == PcapngFormat.EnhancedPacketBlock) list.Add(p);
            p += len;
        }
        return list;
    }

    [Fact]
    public void A_torn_final_block_is_reported_and_everything_before_it_is_used()
    {
        var bytes = SampleCapture.Bytes(10);
        var offsets = PacketOffsets(bytes);
        var torn = bytes[..(int)(offsets[^1] + 20)]; // crash 20 bytes into the last packet
        var (r, events, _) = Read(torn);
        Assert.Equal(offsets.Count - 1, events.Count);
        Assert.True(r.Damage.TornFinalBlock);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(offsets[^1], d.FileOffset);
        Assert.Contains("torn final block", d.Message);
        Assert.StartsWith($"cap.pcapng@0x{offsets[^1]:x}: torn final block", d.Format("cap.pcapng"));
    }

    [Fact]
    public void A_file_cut_inside_its_section_header_is_unusable_with_a_clear_message()
    {
        var bytes = SampleCapture.Bytes(1)[..20];
        var e = Assert.Throws<InputException>(() => Read(bytes));
        Assert.True(e.Message.StartsWith("cap.pcapng@0x0: nothing usable: torn final block: 20 trailing bytes", StringComparison.Ordinal), e.Message);
    }

    [Fact]
    public void A_block_with_bad_content_but_good_framing_is_skipped_by_its_length()
    {
        var b = new BlockBuilder(false).Section().Interface(147, "gnss")
            .Packet(0, 1, "a"u8.ToArray());
        long bad = b.Position;
        b.Packet(0, 2, "b"u8.ToArray(), capturedLength: 5000).Packet(7, 3, "c"u8.ToArray()).Packet(0, 4, "d"u8.ToArray());
        var (r, events, times) = Read(b.ToArray());
        Assert.Equal([1L, 4L], times);
        Assert.Equal(2, r.Diagnostics.Count);
        Assert.Equal(bad, r.Diagnostics[0].FileOffset);
        Assert.Contains("captured length 5000 exceeds the block; block of 36 bytes skipped", r.Diagnostics[0].Message);
        Assert.Contains("undeclared interface 7", r.Diagnostics[1].Message);
    }

    [Fact]
    public void Broken_framing_is_resynchronised_on_the_next_valid_block_even_after_unaligned_garbage()
    {
        var bytes = SampleCapture.Bytes(10);
        var offsets = PacketOffsets(bytes);
        int victim = (int)offsets[7];
        var damaged = bytes[..victim].Concat(new byte[] { 0xde, 0xad, 0xbe, 0xef, 0x01, 0x02, 0x03 }).Concat(bytes[(victim + 5)..]).ToArray();
        var (r, events, times) = Read(damaged);
        var expected = SampleCapture.Events(10).Select(e => e.TimeNs).Where((_, i) => i != 7).ToList();
        Assert.Equal(expected, times);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(victim, d.FileOffset);
        Assert.Contains("skipped", d.Message);
    }

    [Fact]
    public void A_4_GB_block_length_is_never_allocated_and_data_after_it_is_used()
    {
        var bytes = SampleCapture.Bytes(10);
        var offsets = PacketOffsets(bytes);
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan((int)offsets[3] + 4), 0xFFFFFFFC);
        var (r, _, times) = Read(bytes);
        Assert.Equal(offsets.Count - 1, times.Count);
        Assert.True(r.PeakBufferBytes <= 2 * PcapngFormat.MaxBlockBytes);
        Assert.Equal(1 << 20, r.PeakBufferBytes); // not even grown: the length was refused before buffering
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(offsets[3], d.FileOffset);
        Assert.Contains("4294967292 bytes, over the 16 MiB limit", d.Message);
    }

    [Fact]
    public void A_well_framed_20_MiB_block_is_skipped_by_seeking_without_buffering_it()
    {
        var big = new byte[20 << 20];
        var b = new BlockBuilder(false).Section().Interface(148, "pps0").Packet(0, 1, [1]);
        long at = b.Position;
        b.Block(PcapngFormat.EnhancedPacketBlock, big).Packet(0, 2, [2]);
        var (r, _, times) = Read(b.ToArray());
        Assert.Equal([1L, 2L], times);
        Assert.Equal(1 << 20, r.PeakBufferBytes);
        Assert.Equal(at, Assert.Single(r.Diagnostics).FileOffset);
        Assert.Equal(1, r.Damage.OversizedBlocks);
    }

    [Fact]
    public void Unknown_block_types_and_link_types_are_skipped_with_one_warning_each()
    {
        var b = new BlockBuilder(false).Section().Interface(147, "gnss").Interface(105, "wlan0")
            .Block(0x00000BAD, new byte[8]).Packet(0, 1, [1]).Packet(1, 2, [2]).Block(0x00000BAD, new byte[8]).Block(0x12345678, new byte[4]).Packet(0, 3, [3]);
        var (r, _, times) = Read(b.ToArray());
        Assert.Equal([1L, 3L], times);
        Assert.Single(r.Sources);
        Assert.Equal(3, r.Diagnostics.Count);
        Assert.Contains("link type 105", r.Diagnostics[0].Message);
        Assert.Contains("0x00000bad", r.Diagnostics[1].Message);
        Assert.Contains("0x12345678", r.Diagnostics[2].Message);
    }

    [Fact]
    public void A_big_endian_section_reads_like_a_little_endian_one()
    {
        var payload = "1000.123456789012 chA\r\n"u8.ToArray();
        var be = new BlockBuilder(true).Section(comment: "timesync-bench:{}").Interface(147, "ticc").Packet(0, 1_795_000_000_123_456_789UL, payload).ToArray();
        var (r, events, times) = Read(be);
        Assert.Equal([1_795_000_000_123_456_789L], times);
        Assert.Equal(payload, events[0].Payload.ToArray());
        Assert.Equal("ticc", r.Sources[0].Name);
        Assert.Equal("{}", r.BenchDescription);
        Assert.Empty(r.Diagnostics);
    }

    [Fact]
    public void Microsecond_and_binary_resolutions_are_scaled_to_nanoseconds()
    {
        var b = new BlockBuilder(false).Section().Interface(147, "us", tsresol: 6).Interface(147, "bin", tsresol: 0x80 | 10)
            .Packet(0, 1_795_000_000_123_456UL, [1]).Packet(1, 1024UL * 3, [2]);
        var (_, _, times) = Read(b.ToArray());
        Assert.Equal([1_795_000_000_123_456_000L, 3_000_000_000L], times);
    }

    [Fact]
    public void A_future_major_version_is_refused_clearly()
    {
        var v2 = new BlockBuilder(false).Section(major: 2).Interface(147, "gnss").Packet(0, 1, [1]).ToArray();
        var e = Assert.Throws<InputException>(() => Read(v2, "future.pcapng"));
        Assert.Equal("future.pcapng@0x0: nothing usable: pcapng version 2.0 is not supported (this reader reads version 1.x); section skipped", e.Message);
    }

    [Fact]
    public void A_future_section_is_skipped_and_a_following_version_1_section_used()
    {
        var bytes = new BlockBuilder(false).Section(major: 2).Interface(147, "x").Packet(0, 1, [1])
            .Section().Interface(147, "gnss").Packet(0, 5, [5]).ToArray();
        var (r, _, times) = Read(bytes);
        Assert.Equal([5L], times);
        Assert.Contains("version 2.0 is not supported", Assert.Single(r.Diagnostics).Message);
    }

    [Fact]
    public void Events_out_of_time_order_are_reported_with_their_offset_and_kept()
    {
        var b = new BlockBuilder(false).Section().Interface(148, "pps0").Packet(0, 10, [1]);
        long back = b.Position;
        b.Packet(0, 7, [2]).Packet(0, 11, [3]);
        var (r, _, times) = Read(b.ToArray());
        Assert.Equal([10L, 7L, 11L], times);
        var d = Assert.Single(r.Diagnostics);
        Assert.Equal(back, d.FileOffset);
        Assert.Equal("source 'pps0': time goes back by 3 ns (events out of time order)", d.Message);
    }

    [Fact]
    public void Not_pcapng_at_all_is_an_input_error_naming_the_file()
    {
        var e = Assert.Throws<InputException>(() => Read("$GPRMC,081836,A,3751.65,S"u8.ToArray(), "nmea.log"));
        Assert.StartsWith("nmea.log@0x0: not a pcapng file", e.Message);
        Assert.Throws<InputException>(() => Read([], "empty.pcapng"));
    }

    [Fact]
    public void Garbage_everywhere_after_the_header_keeps_diagnostics_bounded()
    {
        var head = SampleCapture.Bytes(1);
        var rng = new Random(7);
        var junk = new byte[2_000_000];
        rng.NextBytes(junk);
        // sprinkle fake block headers that claim to be EPBs to provoke many resyncs
        for (int i = 0; i < junk.Length - 8; i += 997) { BinaryPrimitives.WriteUInt32LittleEndian(junk.AsSpan(i), 6); BinaryPrimitives.WriteUInt32LittleEndian(junk.AsSpan(i + 4), 64); }
        var (r, events, _) = Read(head.Concat(junk).Concat(head).ToArray());
        Assert.Equal(10, events.Count);
        Assert.True(r.Diagnostics.Count <= PcapngReader.MaxDiagnostics);
    }
}
