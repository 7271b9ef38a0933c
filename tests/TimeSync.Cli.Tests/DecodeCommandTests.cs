using System.Text.Json;
using TimeSync.Acquisition.Pps;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;
using TimeSync.Testing;

namespace TimeSync.Cli.Tests;

public sealed class DecodeCommandTests
{
    private static string Gnss(string name) => RepoPaths.SharedFile("captures", "gnss", name);

    [Fact]
    public void Raw_log_prints_one_json_line_per_time_message_like_gpsdecode()
    {
        var r = CliProcess.Run("decode", Gnss("ublox-8.log"));
        Assert.Equal(0, r.ExitCode);
        Assert.Equal("""{"source":"gnss","kind":"RMC","utc":"2017-01-10T00:09:41.000Z","valid":true}""", r.Lines[0]);
        var kinds = r.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("kind").GetString()).ToHashSet();
        Assert.Superset(new HashSet<string?> { "RMC", "GGA", "ZDA" }, kinds);
        // The log begins with line noise before its first sentence: reported on stderr with its file offset.
        Assert.Contains("ublox-8.log@", r.StdErr);
        Assert.Contains("neither NMEA nor UBX", r.StdErr);
    }

    [Fact]
    public void Tim_tp_lines_carry_qerr()
    {
        var r = CliProcess.Run("decode", "--format", "gnss", Gnss("ublox-aek-4t.log"));
        Assert.Equal(0, r.ExitCode);
        var tp = r.Lines.Select(l => JsonDocument.Parse(l).RootElement).Where(e => e.GetProperty("kind").GetString() == "TIM-TP").ToList();
        Assert.Equal(4, tp.Count);
        Assert.Equal("2007-12-23T23:11:25.000Z", tp[0].GetProperty("utc").GetString());
        Assert.Equal(21478, tp[0].GetProperty("qerr_ps").GetInt64());
    }

    [Fact]
    public void Ticc_text_with_format_option()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ticc-{Guid.NewGuid():N}.txt");
        File.WriteAllText(path, "# TICC\n1.000000000012 chA\n1.000000000512 chB\n");
        try
        {
            var r = CliProcess.Run("decode", path, "--format", "ticc");
            Assert.Equal(0, r.ExitCode);
            Assert.Equal("""{"source":"ticc","kind":"COUNTER","channel":"chA","seconds":1.000000000012}""", r.Lines[0]);
            Assert.Equal(2, r.Lines.Length);
            Assert.Equal(r.StdOut, CliProcess.Run("decode", path).StdOut); // auto-detected
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Capture_with_serial_and_pps_sources_is_decoded_per_source()
    {
        string path = Path.Combine(Path.GetTempPath(), $"cap-{Guid.NewGuid():N}.pcapng");
        try
        {
            var log = File.ReadAllBytes(Gnss("quectel-L70.log"));
            using (var w = new PcapngWriter(path, new PcapngWriterOptions { Fsync = false }))
            {
                int gnss = w.AddSource(new CaptureSource("gnss", CaptureLinkType.SerialBytes, "serial /dev/ttyUSB0 9600 8N1"));
                int pps = w.AddSource(new CaptureSource("pps0", CaptureLinkType.PpsEvent, "pps /dev/pps0"));
                long t = 1_646_838_079_000_000_000L;
                int body = Acquisition.Decoding.RawSerialLog.CommentBlockLength(log);
                for (int i = body; i < log.Length; i += 100, t += 100_000_000L)
                    w.Write(gnss, t, log.AsSpan(i, Math.Min(100, log.Length - i)));
                w.Write(pps, t, PpsEventRecord.FromEdge(true, 42, Instant.Parse("2022-03-09T15:01:20.000000123Z")).ToBytes());
            }
            var r = CliProcess.Run("decode", path);
            Assert.Equal(0, r.ExitCode);
            var lines = r.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var first = lines.First(e => e.GetProperty("source").GetString() == "gnss");
            Assert.Equal("2022-03-09T15:01:19.000Z", first.GetProperty("utc").GetString());
            Assert.True(first.GetProperty("host_ns").GetInt64() >= 1_646_838_079_000_000_000L);
            var edge = Assert.Single(lines, e => e.GetProperty("kind").GetString() == "PPS");
            Assert.Equal("2022-03-09T15:01:20.000000123Z", edge.GetProperty("utc").GetString());
            Assert.Equal(42u, edge.GetProperty("sequence").GetUInt32());
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Missing_or_undecodable_file_is_one_line_and_exit_2()
    {
        var missing = CliProcess.Run("decode", "/nonexistent/x.log");
        Assert.Equal(2, missing.ExitCode);
        Assert.Equal("timesync: /nonexistent/x.log: no such file", missing.StdErr.Trim());

        string path = Path.Combine(Path.GetTempPath(), $"junk-{Guid.NewGuid():N}.log");
        File.WriteAllBytes(path, Enumerable.Range(0, 50_000).Select(i => (byte)(i * 7 % 251 == 36 ? 0 : i * 7 % 251)).ToArray());
        try
        {
            var r = CliProcess.Run("decode", path, "--format", "gnss");
            Assert.Equal(2, r.ExitCode);
            Assert.Empty(r.StdOut);
            Assert.Contains($"timesync: {path}: nothing decodable", r.StdErr);
            Assert.DoesNotContain("   at ", r.StdErr); // no stack trace
        }
        finally { File.Delete(path); }

        var bad = CliProcess.Run("decode", Gnss("hemi.log"), "--format", "xml");
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--format", bad.StdErr);
    }
}
