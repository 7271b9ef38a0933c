using System.Buffers.Binary;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;

namespace TimeSync.Capture.Tests.Pcapng;

public class PcapngRoundTripTests
{
    private static List<(int Source, long TimeNs, byte[] Payload)> ReadAll(PcapngReader reader) =>
        reader.Events().Select(e => (e.SourceId, e.HostTimeUnixNanoseconds, e.Payload.ToArray())).ToList();

    [Fact]
    public void Every_event_comes_back_with_its_bytes_time_and_source()
    {
        using var dir = new TempDir();
        var path = dir.File("run.pcapng");
        var written = SampleCapture.Events(50);
        SampleCapture.WriteFile(path, 50);

        using var reader = new PcapngReader(path);
        Assert.Equal([SampleCapture.Gnss, SampleCapture.Pps, SampleCapture.Ticc, SampleCapture.Net], reader.Sources);
        Assert.Equal(SampleCapture.Bench, reader.BenchDescription);
        Assert.StartsWith("timesync ", reader.UserApplication);
        var read = ReadAll(reader);
        Assert.Equal(written.Count, read.Count);
        for (int i = 0; i < written.Count; i++)
        {
            Assert.Equal(written[i].Source, read[i].Source);
            Assert.Equal(written[i].TimeNs, read[i].TimeNs);
            Assert.Equal(written[i].Payload, read[i].Payload);
        }
        Assert.Empty(reader.Diagnostics);
        Assert.False(reader.Damage.Any);
    }

    [Fact]
    public void Layout_follows_the_contract_shb_then_one_idb_per_source_with_tsresol_9()
    {
        var bytes = SampleCapture.Bytes(1);
        Assert.Equal(PcapngFormat.SectionHeaderBlock, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        Assert.Equal(PcapngFormat.ByteOrderMagic, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        int shbLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(4));
        int p = shbLength;
        var linkTypes = new List<ushort>();
        while (BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p)) == PcapngFormat.InterfaceDescriptionBlock)
        {
            linkTypes.Add(BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(p + 8)));
            int len = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(p + 4));
            // if_tsresol option (code 9, length 1, value 9) present in each IDB
            Assert.True(bytes.AsSpan(p, len).IndexOf(new byte[] { 9, 0, 1, 0, 9 }) > 0);
            p += len;
        }
        Assert.Equal(new ushort[] { 147, 148, 147, 1 }, linkTypes);
        Assert.Equal(PcapngFormat.EnhancedPacketBlock, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(p)));
        var text = System.Text.Encoding.UTF8.GetString(bytes, 0, shbLength);
        Assert.Contains("timesync-bench:" + SampleCapture.Bench, text);
    }

    [Fact]
    public void A_source_added_after_packets_gets_its_idb_in_the_middle_and_reads_back()
    {
        var ms = new MemoryStream();
        using (var w = new PcapngWriter(ms, new PcapngWriterOptions { Fsync = false }))
        {
            int a = w.AddSource(SampleCapture.Gnss);
            w.Write(a, 1_000, "one"u8);
            int b = w.AddSource(SampleCapture.Pps);
            w.Write(b, 2_000, "two"u8);
            w.Write(a, 3_000, "three"u8);
        }
        ms.Position = 0;
        using var reader = new PcapngReader(ms, "mem");
        var read = ReadAll(reader);
        Assert.Equal([(0, 1_000L), (1, 2_000L), (0, 3_000L)], read.Select(e => (e.Source, e.TimeNs)));
        Assert.Equal("three", System.Text.Encoding.ASCII.GetString(read[2].Payload));
        Assert.Equal(2, reader.Sources.Count);
    }

    [Fact]
    public void Rotation_by_size_makes_numbered_self_contained_files_that_together_hold_every_event()
    {
        using var dir = new TempDir();
        var options = new PcapngWriterOptions { Fsync = false, RotateAfterBytes = 4096, BenchDescription = SampleCapture.Bench };
        List<(int, long, byte[])> written;
        IReadOnlyList<string> files;
        using (var w = new PcapngWriter(dir.File("run.pcapng"), options))
        {
            written = SampleCapture.Write(w, 60);
            files = w.Files;
        }
        Assert.True(files.Count > 3, $"expected several files, got {files.Count}");
        Assert.Equal(dir.File("run_00000.pcapng"), files[0]);
        Assert.Equal(dir.File("run_00001.pcapng"), files[1]);
        var all = new List<(int, long, byte[])>();
        foreach (var f in files)
        {
            Assert.True(new FileInfo(f).Length <= 4096, $"{f} is {new FileInfo(f).Length} bytes");
            using var r = new PcapngReader(f);
            Assert.Equal(4, r.Sources.Count); // each file declares every source again
            Assert.Equal(SampleCapture.Bench, r.BenchDescription);
            all.AddRange(ReadAll(r));
            Assert.Empty(r.Diagnostics);
        }
        Assert.Equal(written.Select(e => (e.Item1, e.Item2)), all.Select(e => (e.Item1, e.Item2)));
    }

    [Fact]
    public void Rotation_by_time_starts_a_new_file_every_interval_of_host_time()
    {
        using var dir = new TempDir();
        var options = new PcapngWriterOptions { Fsync = false, RotateAfterTime = TimeSpan.FromSeconds(10) };
        IReadOnlyList<string> files;
        using (var w = new PcapngWriter(dir.File("week.pcapng"), options))
        {
            SampleCapture.Write(w, 35);
            files = w.Files;
        }
        Assert.Equal(4, files.Count); // 0-9 s, 10-19 s, 20-29 s, 30-34 s
        using var r = new PcapngReader(files[1]);
        var times = r.Events().Select(e => e.HostTimeUnixNanoseconds).ToList();
        Assert.True(times.Min() >= SampleCapture.Start + 10_000_000_000L);
        Assert.True(times.Max() < SampleCapture.Start + 20_000_000_000L + 1_000_000_000L);
    }

    [Fact]
    public void Concatenated_rotated_files_read_as_one_with_the_same_sources()
    {
        var one = SampleCapture.Bytes(3);
        var both = one.Concat(one).ToArray();
        using var r = new PcapngReader(new MemoryStream(both), "cat");
        var events = ReadAll(r);
        Assert.Equal(30, events.Count);
        Assert.Equal(4, r.Sources.Count);
        // The second copy goes back in time once per source: reported, kept.
        Assert.Equal(4, r.Damage.OutOfOrderEvents);
        Assert.Contains(r.Diagnostics, d => d.Message.Contains("out of time order"));
    }

    [Fact]
    public void Data_is_on_disk_after_flush_and_within_the_flush_interval_without_any_call()
    {
        using var dir = new TempDir();
        var path = dir.File("live.pcapng");
        using var w = new PcapngWriter(path, new PcapngWriterOptions { FlushInterval = TimeSpan.FromMilliseconds(200) });
        int id = w.AddSource(SampleCapture.Pps);
        w.Write(id, 1, SampleCapture.PpsRecord(1, 2, 3));
        long before = new FileInfo(path).Length;
        // The idle writer's timer must push the event out within the interval (at most one second at risk).
        var deadline = DateTime.UtcNow.AddSeconds(3);
        while (new FileInfo(path).Length == before && DateTime.UtcNow < deadline) Thread.Sleep(20);
        using (var r = new PcapngReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), path, ownsStream: true))
            Assert.Single(r.Events());
        w.Write(id, 2, SampleCapture.PpsRecord(2, 2, 4));
        w.Flush();
        using (var r = new PcapngReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite), path, ownsStream: true))
            Assert.Equal(2, r.Events().Count());
    }

    [Fact]
    public void Writer_refuses_to_overwrite_an_existing_capture()
    {
        using var dir = new TempDir();
        var path = SampleCapture.WriteFile(dir.File("x.pcapng"), 1);
        var e = Assert.Throws<IOException>(() => new PcapngWriter(path));
        Assert.Contains("already exists", e.Message);
    }

    [Fact]
    public void Writer_rejects_a_flush_interval_over_one_second_and_unknown_source_ids()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PcapngWriter(new MemoryStream(), new PcapngWriterOptions { FlushInterval = TimeSpan.FromSeconds(2) }));
        using var w = new PcapngWriter(new MemoryStream());
        Assert.Throws<ArgumentOutOfRangeException>(() => w.Write(0, 1, "x"u8));
    }

    [Fact]
    public void An_empty_but_valid_capture_has_sources_and_no_events_without_error()
    {
        var ms = new MemoryStream();
        using (var w = new PcapngWriter(ms)) w.AddSource(SampleCapture.Gnss);
        ms.Position = 0;
        using var r = new PcapngReader(ms, "empty");
        Assert.Empty(r.Events());
        Assert.Single(r.Sources);
    }

    [Fact]
    public void A_classic_pcap_file_is_refused_with_a_clear_message()
    {
        var bytes = new byte[24];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, 0xA1B2C3D4);
        var e = Assert.Throws<InputException>(() => new PcapngReader(new MemoryStream(bytes), "old.pcap"));
        Assert.Equal("old.pcap@0x0: this is a classic pcap file, not pcapng (convert it with: editcap -F pcapng IN OUT)", e.Message);
    }
}
