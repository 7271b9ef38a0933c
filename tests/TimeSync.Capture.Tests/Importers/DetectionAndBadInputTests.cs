using System.Text;
using TimeSync.Capture.Readers;
using TimeSync.Capture.Tests.Pcapng;
using TimeSync.Core;
using TimeSync.Core.Series;
using TimeSync.Core.Time;
using TimeSync.Testing;

namespace TimeSync.Capture.Tests.Importers;

/// <summary>Auto-detection through SeriesReaders, forced formats, and bad input (huge lines, invalid UTF-8, mixed formats).</summary>
public class DetectionAndBadInputTests
{
    public static TheoryData<string, string, string> Samples => new()
    {
        { "ticc", "# TAPR TICC\n7324.01770002303 chA\n7324.01770002403 chB\n", "chB" },
        { "ptp4l", "ptp4l[362.223]: master offset       -145 s2 freq  -30580 path delay      9202\n", "ptp4l" },
        { "phc2sys", "phc2sys[242.904]: CLOCK_REALTIME phc offset        19 s2 freq  -84406 delay    376\n", "CLOCK_REALTIME phc" },
        { "chrony-measurements", "2016-11-09 05:40:50 203.0.113.15    N  2 111 111 1111  10 10 1.0  -4.966e-03  2.296e-01  1.577e-05  1.615e-01  7.446e-03 CB00717B 4B D K\n", "203.0.113.15" },
        { "chrony-statistics", "   Date (UTC) Time     IP Address    Std dev'n Est offset  Offset sd  Diff freq   Est skew  Stress  Ns  Bs  Nr  Asym\n2016-08-10 05:40:50 203.0.113.15     6.261e-03 -3.247e-03  2.220e-03  1.874e-06  1.080e-06 7.8e-02  16   0   8  0.00\n", "203.0.113.15" },
        { "chrony-tracking", "   Date (UTC) Time     IP Address   St   Freq ppm   Skew ppm     Offset L Co  Offset sd Rem. corr. Root delay Root disp. Max. error\n2017-08-22 13:22:36 203.0.113.15     2     -3.541      0.075 -8.621e-06 N  2  2.940e-03 -2.084e-04  1.534e-02  3.472e-04  8.304e-03\n", "tracking" },
        { "ppstest", "trying PPS source \"/dev/pps0\"\nsource 0 - assert 1699374899.440174342, sequence: 445 - clear  0.000000000, sequence: 0\n", "pps0" },
        { "stable32", "Stable32 phase data\nTau = 1 s\n0.0\n8.511601033439709e-02\n", "s32" },
        { "plain", "# phase\n0.0\n1e-9\n", "s32" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void Each_format_is_auto_detected_from_its_first_lines(string format, string text, string channel)
    {
        using var dir = new TempDir();
        var path = dir.File("s32.txt");
        File.WriteAllText(path, text);
        var series = SeriesReaders.ReadFile(path);
        Assert.Equal(channel, series[0].Channel);
        // and forcing the same format gives the same result
        Assert.Equal(series[0].Values, SeriesReaders.ReadFile(path, format)[0].Values);
    }

    [Fact]
    public void Stable32_header_then_values_and_mjd_time_tags()
    {
        var s = new Importers_Stable32().Read("Stable32 frequency data\nfrom an OCXO\n1.5e-11\nbad line\n-2.5e-11\n", "ocxo.txt");
        Assert.Equal(SeriesKind.Frequency, s.Kind);
        Assert.Equal([1.5e-11, -2.5e-11], s.Values);
        Assert.Equal("ocxo.txt:4: 'bad line' is not one or two numbers; skipped", Assert.Single(s.Warnings));
        var tagged = new Importers_Stable32().Read("MJD phase\n60000.5 1e-9\n60000.50001157407407 2e-9\n", "tagged.phd");
        Assert.Equal(Instant.Parse("2023-02-25T12:00:00Z"), tagged.Times![0]);
        Assert.Equal(Instant.Parse("2023-02-25T12:00:01Z"), new Instant(tagged.Times[1].UnixSeconds, (tagged.Times[1].Picoseconds + 500_000_000L) / 1_000_000_000L * 1_000_000_000L));
        Assert.Equal(SeriesKind.Phase, tagged.Kind);
    }

    [Fact]
    public void Stable32_reads_the_reference_phase_dat()
    {
        var s = SeriesReaders.ReadFile(RepoPaths.SharedFile("reference", "stable32-phase-dat", "PHASE.DAT"), "stable32").Single();
        Assert.Equal(1001, s.Values.Count);
        Assert.Equal(8.511601033439709e-02, s.Values[1]);
    }

    [Fact]
    public void A_100_MB_line_costs_bounded_memory_and_the_data_around_it_is_used()
    {
        using var dir = new TempDir();
        var path = dir.File("ptp4l.log");
        using (var f = new StreamWriter(path, false, new UTF8Encoding(false)))
        {
            f.Write("ptp4l[1.000]: master offset 1 s2 freq +1 path delay 9\n");
            var chunk = new string('x', 1 << 20);
            for (int i = 0; i < 100; i++) f.Write(chunk);
            f.Write("\nptp4l[2.000]: master offset 2 s2 freq +1 path delay 9\n");
        }
        long before = GC.GetAllocatedBytesForCurrentThread();
        var s = SeriesReaders.ReadFile(path).Single();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal([1e-9, 2e-9], s.Values);
        Assert.Equal($"{path}:2: line longer than 4096 characters; skipped", Assert.Single(s.Warnings));
        Assert.True(allocated < 16 << 20, $"reading allocated {allocated} bytes for a 100 MB line");
    }

    [Fact]
    public void Invalid_utf8_spoils_only_its_own_line()
    {
        using var dir = new TempDir();
        var path = dir.File("ticc.log");
        var bytes = new List<byte>();
        bytes.AddRange("100.0 chA\n100.000000001 chB\n"u8.ToArray());
        bytes.AddRange([0xC3, 0x28, 0xFF, 0xFE, (byte)' ', (byte)'c', (byte)'h', (byte)'A', (byte)'\n']);
        bytes.AddRange("101.0 chA\n101.000000002 chB\n"u8.ToArray());
        File.WriteAllBytes(path, [.. bytes]);
        var s = SeriesReaders.ReadFile(path, "ticc").Single();
        Assert.Equal([-1e-9, -2e-9], s.Values.Select(v => Math.Round(v, 15)));
        Assert.StartsWith($"{path}:3: not a TICC reading", Assert.Single(s.Warnings));
    }

    [Fact]
    public void A_log_of_mixed_formats_is_read_by_the_majority_format_with_warnings_for_the_rest()
    {
        using var dir = new TempDir();
        var path = dir.File("mixed.log");
        File.WriteAllText(path, """
            phc2sys[10.0]: CLOCK_REALTIME phc offset 19 s2 freq -84406 delay 376
            phc2sys[11.0]: CLOCK_REALTIME phc offset 20 s2 freq -84406 delay 376
            ptp4l[11.5]: master offset -145 s2 freq -30580 path delay 9202
            7324.01770002303 chA
            phc2sys[12.0]: CLOCK_REALTIME phc offset 21 s2 freq -84406 delay 376
            """);
        var s = SeriesReaders.ReadFile(path).Single();
        Assert.Equal("CLOCK_REALTIME phc", s.Channel);
        Assert.Equal([19e-9, 20e-9, 21e-9], s.Values);
        Assert.Equal(2, s.Warnings.Count);
        Assert.StartsWith($"{path}:3: a ptp4l line in a phc2sys log", s.Warnings[0]);
        Assert.StartsWith($"{path}:4: not a phc2sys line", s.Warnings[1]);
    }

    [Fact]
    public void Out_of_order_absolute_times_are_skipped_with_their_line()
    {
        var text = """
            2017-08-22 13:22:36 203.0.113.15     2     -3.541      0.075 -8.621e-06 N  2  2.940e-03 -2.084e-04  1.534e-02  3.472e-04  8.304e-03
            2017-08-22 13:22:35 203.0.113.15     2     -3.541      0.075 -1.000e-06 N  2  2.940e-03 -2.084e-04  1.534e-02  3.472e-04  8.304e-03
            2017-08-22 13:22:37 203.0.113.15     2     -3.541      0.075 -2.000e-06 N  2  2.940e-03 -2.084e-04  1.534e-02  3.472e-04  8.304e-03
            """;
        var s = new Readers.Importers.ChronyLogReader(Readers.Importers.ChronyLog.Tracking).Read(new StringReader(text), "tracking.log").Single();
        Assert.Equal([-8.621e-6, -2e-6], s.Values);
        Assert.StartsWith("tracking.log:2: tracking: time 2017-08-22T13:22:35Z is not after the previous 2017-08-22T13:22:36Z", Assert.Single(s.Warnings));
    }

    [Fact]
    public void Unknown_forced_format_and_undetectable_files_are_input_errors()
    {
        using var dir = new TempDir();
        var path = dir.File("x.txt");
        File.WriteAllText(path, "hello world, nothing numeric\n");
        Assert.StartsWith("--format: unknown format 'nope'", Assert.Throws<InputException>(() => SeriesReaders.ReadFile(path, "nope")).Message);
        Assert.Equal($"{path}:1: format not recognised (use --format)", Assert.Throws<InputException>(() => SeriesReaders.ReadFile(path)).Message);
    }

    private sealed class Importers_Stable32
    {
        public ImportedSeries Read(string text, string name) => new Readers.Importers.Stable32Reader().Read(new StringReader(text), name).Single();
    }
}
