using System.Globalization;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Capture.Tests.Pcapng;

/// <summary>Interoperability with the real Wireshark tools: every file TimeSync writes must read without error.</summary>
public class PcapngTsharkTests
{
    private static void AssertTsharkReadsCleanly(string path, int expectedFrames)
    {
        var (code, stdout, stderr) = Tshark.Run("tshark", "-r", path, "-T", "fields", "-e", "frame.number", "-e", "frame.interface_name", "-e", "frame.time_epoch", "-e", "frame.len");
        Assert.True(code == 0, $"tshark exit {code}: {stderr}");
        Assert.True(string.IsNullOrWhiteSpace(stderr), "tshark complained: " + stderr);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(expectedFrames, lines.Length);
    }

    [TsharkFact]
    public void Tshark_reads_a_written_capture_with_the_same_frames_interfaces_and_nanosecond_times()
    {
        using var dir = new TempDir();
        var path = SampleCapture.WriteFile(dir.File("bench.pcapng"), 20);
        var written = SampleCapture.Events(20);
        var (code, stdout, stderr) = Tshark.Run("tshark", "-r", path, "-T", "fields", "-E", "separator=|",
            "-e", "frame.interface_name", "-e", "frame.time_epoch", "-e", "frame.len", "-e", "ptp.v2.sequenceid");
        Assert.True(code == 0, $"tshark exit {code}: {stderr}");
        Assert.True(string.IsNullOrWhiteSpace(stderr), "tshark complained: " + stderr);
        var rows = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l.Split('|')).ToList();
        Assert.Equal(written.Count, rows.Count);
        string[] names = ["gnss", "pps0", "ticc", "eth0"];
        for (int i = 0; i < rows.Count; i++)
        {
            Assert.Equal(names[written[i].Source], rows[i][0]);
            // frame.time_epoch "1795000000.000001234" (9 digits): compare exactly as integers.
            var parts = rows[i][1].Split('.');
            long ns = long.Parse(parts[0], CultureInfo.InvariantCulture) * 1_000_000_000L + long.Parse(parts[1].PadRight(9, '0')[..9], CultureInfo.InvariantCulture);
            Assert.Equal(written[i].TimeNs, ns);
            Assert.Equal(written[i].Payload.Length.ToString(CultureInfo.InvariantCulture), rows[i][2]);
        }
        // The Ethernet frames decode as IEEE 1588/802.1AS Sync messages on the same timeline.
        var ptpRows = rows.Where(r => r[0] == "eth0").ToList();
        Assert.Equal(Enumerable.Range(0, 20).Select(i => i.ToString(CultureInfo.InvariantCulture)), ptpRows.Select(r => r[3]));
    }

    [TsharkFact]
    public void Tshark_reads_each_rotated_file_and_a_file_with_a_late_interface()
    {
        using var dir = new TempDir();
        IReadOnlyList<string> files;
        using (var w = new PcapngWriter(dir.File("rot.pcapng"), new PcapngWriterOptions { Fsync = false, RotateAfterBytes = 4096 }))
        {
            SampleCapture.Write(w, 40);
            int late = w.AddSource(new CaptureSource("ticc2", CaptureLinkType.SerialBytes, "serial /dev/ttyACM1 115200 8N1"));
            w.Write(late, SampleCapture.Start + 50_000_000_000L, "1050.000000000001 chA\r\n"u8);
            files = w.Files;
        }
        Assert.True(files.Count >= 3);
        int total = 0;
        foreach (var f in files)
        {
            using var r = new PcapngReader(f);
            int n = r.Events().Count();
            total += n;
            AssertTsharkReadsCleanly(f, n);
        }
        Assert.Equal(40 * 5 + 1, total);
    }

    [TsharkFact]
    public void Tshark_reads_a_capture_with_an_empty_payload_and_an_odd_length_payload()
    {
        using var dir = new TempDir();
        var path = dir.File("edge.pcapng");
        using (var w = new PcapngWriter(path, new PcapngWriterOptions { Fsync = false }))
        {
            int id = w.AddSource(SampleCapture.Gnss);
            w.Write(id, 1, ReadOnlySpan<byte>.Empty);
            w.Write(id, 2, new byte[] { 1, 2, 3, 4, 5 });
            w.Write(id, 3, new byte[70_000]);
        }
        AssertTsharkReadsCleanly(path, 3);
    }

    [TsharkFact]
    public void Reads_what_wireshark_tools_write_microsecond_resolution_and_statistics_blocks()
    {
        // editcap rewrites our capture in its own way (its own SHB, IDBs, maybe ISBs); text2pcap makes a
        // microsecond-resolution Ethernet capture: both must read back with the right times and bytes.
        using var dir = new TempDir();
        var ours = SampleCapture.WriteFile(dir.File("ours.pcapng"), 5);
        var theirs = dir.File("theirs.pcapng");
        var (code, _, err) = Tshark.Run("editcap", "-F", "pcapng", ours, theirs);
        Assert.True(code == 0, err);
        using (var r = new PcapngReader(theirs))
        {
            var events = r.Events().Select(e => (e.SourceId, e.HostTimeUnixNanoseconds, e.Payload.ToArray())).ToList();
            var written = SampleCapture.Events(5);
            Assert.Equal(written.Select(w => (r.Sources.ToList().FindIndex(s => s.Name == new[] { "gnss", "pps0", "ticc", "eth0" }[w.Source]), w.TimeNs)),
                events.Select(e => (e.SourceId, e.HostTimeUnixNanoseconds)));
            Assert.Equal(written[3].Payload, events[3].Item3);
        }

        var hex = dir.File("frame.txt");
        File.WriteAllText(hex, "0000  01 80 c2 00 00 0e 00 1b 21 11 22 33 88 f7 10 02\n");
        var micro = dir.File("micro.pcapng");
        (code, _, err) = Tshark.Run("text2pcap", "-n", "-t", "%s.", hex, micro); // no time in the dump: text2pcap uses now, µs resolution
        Assert.True(code == 0, err);
        using (var r = new PcapngReader(micro))
        {
            var e = Assert.Single(r.Events());
            Assert.Equal(16, e.Payload.Length);
            Assert.Equal(0, e.HostTimeUnixNanoseconds % 1000); // microsecond ticks scaled to ns
            Assert.Equal(CaptureLinkType.Ethernet, Assert.Single(r.Sources).LinkType);
            Assert.Empty(r.Diagnostics);
        }
    }
}
