using System.Text.Json;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;

namespace TimeSync.Cli.Tests;

/// <summary>`timesync capture info|dump`, run as the real command in a child process.</summary>
public sealed class CaptureCommandTests : IDisposable
{
    private const long T0 = 1_795_000_000_000_000_000L;
    private readonly string _dir = Path.Combine(Path.GetTempPath(), "timesync-cli-" + Guid.NewGuid().ToString("N")[..12]);

    public CaptureCommandTests() => Directory.CreateDirectory(_dir);

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>10 s of PPS (missing seconds 4-8) and NMEA, then a torn final block.</summary>
    private string WriteBenchCapture()
    {
        var path = Path.Combine(_dir, "bench.pcapng");
        using (var w = new PcapngWriter(path, new PcapngWriterOptions { Fsync = false, BenchDescription = "{\"reference\":\"gnss\"}" }))
        {
            int gnss = w.AddSource(new CaptureSource("gnss", CaptureLinkType.SerialBytes, "serial /dev/ttyUSB0 9600 8N1"));
            int pps = w.AddSource(new CaptureSource("pps0", CaptureLinkType.PpsEvent, "pps /dev/pps0"));
            for (int s = 0; s < 10; s++)
            {
                long t = T0 + s * 1_000_000_000L;
                if (s is < 4 or > 8) w.Write(pps, t + 17, [0x01, 0x00, 0xff, 0x10]);
                w.Write(gnss, t + 250_000_000, "$GPZDA,160012.00,28,11,2026,00,00*6B\r\n"u8);
            }
        }
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..^10]); // crash in the middle of the last block
        return path;
    }

    [Fact]
    public void Info_lists_sources_counts_span_gaps_and_damage_with_its_offset()
    {
        var path = WriteBenchCapture();
        var (code, stdout, stderr) = CliProcess.Run("capture", "info", path);
        Assert.True(code == 0, stderr);
        Assert.Contains("bench:        {\"reference\":\"gnss\"}", stdout);
        Assert.Contains("events:       14", stdout); // 10 NMEA (last one torn away) + 5 PPS
        Assert.Matches(@"gnss\s+serial\s+9\s+342\s", stdout);
        Assert.Matches(@"pps0\s+pps\s+5\s+20\s", stdout);
        Assert.Contains($"time span:    {Instant.FromUnixNanoseconds(T0 + 17).ToIsoString(9)} .. {Instant.FromUnixNanoseconds(T0 + 9_000_000_017L).ToIsoString(9)} (9 s)", stdout);
        Assert.Contains($"gaps:         pps0: 1 longer than 2 s; largest: 6 s after {Instant.FromUnixNanoseconds(T0 + 3_000_000_017L).ToIsoString(9)}", stdout);
        Assert.Matches(@"bench\.pcapng@0x[0-9a-f]+: torn final block", stdout);
    }

    [Fact]
    public void Dump_prints_one_json_line_per_event_with_nanosecond_iso_time_and_text_or_hex()
    {
        var path = WriteBenchCapture();
        var (code, stdout, stderr) = CliProcess.Run("capture", "dump", path);
        Assert.Equal(0, code);
        Assert.Contains("torn final block", stderr); // damage is reported on stderr, data still dumped
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(14, lines.Length);
        using var first = JsonDocument.Parse(lines[0]);
        Assert.Equal("pps0", first.RootElement.GetProperty("source").GetString());
        Assert.Equal("2026-11-18T11:06:40.000000017Z", first.RootElement.GetProperty("time").GetString());
        Assert.Equal(4, first.RootElement.GetProperty("length").GetInt32());
        Assert.Equal("0100ff10", first.RootElement.GetProperty("hex").GetString());
        Assert.Equal("{\"source\":\"gnss\",\"time\":\"2026-11-18T11:06:40.250000000Z\",\"length\":38,\"text\":\"$GPZDA,160012.00,28,11,2026,00,00*6B\\r\\n\"}", lines[1]);
    }

    [Fact]
    public void Dump_filters_by_source_and_limits()
    {
        var path = WriteBenchCapture();
        var (code, stdout, _) = CliProcess.Run("capture", "dump", path, "--source", "pps0", "--limit", "2");
        Assert.Equal(0, code);
        var lines = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.All(lines, l => Assert.Contains("\"source\":\"pps0\"", l));
    }

    [Fact]
    public void An_unusable_file_is_one_line_on_stderr_and_exit_code_2()
    {
        var path = Path.Combine(_dir, "notes.txt");
        File.WriteAllText(path, "hello, this is not a capture\n");
        var (code, stdout, stderr) = CliProcess.Run("capture", "info", path);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Equal($"timesync: {path}@0x0: not a pcapng file (starts with 0x6c6c6568, expected a section header block 0x0a0d0d0a)", stderr.TrimEnd());
    }
}
