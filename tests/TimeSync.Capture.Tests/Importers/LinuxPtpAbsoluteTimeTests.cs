using System.Globalization;
using System.Text;
using TimeSync.Capture.Readers;
using TimeSync.Capture.Readers.Importers;
using TimeSync.Capture.Tests.Pcapng;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Tests.Importers;

/// <summary>
/// ptp4l/phc2sys/ts2phc lines as system logs store them. The message is print.c's: syslog(level, "[%lld.%03ld] %s%s",
/// CLOCK_MONOTONIC s, ms, tag, text) (or, for -m on stdout under journald, "ptp4l[%lld.%03ld]: "); the header is the
/// logger's: BSD syslog "Mmm dd hh:mm:ss host prog[pid]: " (RFC 3164 §4.1.2, rsyslog's traditional file format,
/// journalctl -o short), journalctl(1) -o short-precise / short-iso / short-iso-precise / short-unix, RFC 5424 §6.
/// </summary>
public class LinuxPtpAbsoluteTimeTests
{
    private static readonly ImportOptions In2026 = new() { FileTimeUtc = new DateTime(2026, 11, 28, 18, 0, 0, DateTimeKind.Utc) };

    private static Instant Utc(string iso) => Instant.Parse(iso);

    [Fact]
    public void Syslog_seconds_plus_monotonic_spacing_recover_the_sub_second_time()
    {
        // Truth: wall = monotonic + D. ptp4l prints the monotonic ms (truncated) when it logs; syslog stamps the whole
        // second of the wall time a little later (0–3 ms delivery). Over a few hundred lines at varying sub-second phases
        // the placement must land within a few ms of the truth — from 1 s syslog stamps alone.
        var rng = new Random(7);
        var d = Duration.FromSecondsDouble(1_795_867_200.0 - 1234.0) + Duration.FromNanoseconds(123_456_789); // 2026-11-28T12:00:00Z at mono 1234.123456789
        var log = new StringBuilder();
        var truth = new List<Instant>();
        double mono = 1234.0;
        for (int k = 0; k < 300; k++)
        {
            mono += 1.0 + (rng.NextDouble() - 0.5) * 0.02; // a 1 Hz log whose phase wanders (servo, scheduling)
            var monoNs = (long)(mono * 1e9);
            var wall = Instant.FromUnixNanoseconds(monoNs) + d;
            truth.Add(wall);
            var logged = (wall + Duration.FromNanoseconds(rng.Next(0, 3_000_000))).ToDateTimeUtc();
            log.Append(CultureInfo.InvariantCulture, $"{logged:MMM} {logged.Day,2} {logged:HH:mm:ss} bench ptp4l[812]: [{monoNs / 1_000_000_000}.{monoNs / 1_000_000 % 1000:000}] master offset {k} s2 freq +13780 path delay 500\n");
        }
        var s = new Ptp4lReader().Read(new StringReader(log.ToString()), "syslog", In2026).Single();
        Assert.Null(s.RelativeTimesSeconds);
        Assert.Equal(300, s.Times!.Count);
        for (int k = 0; k < truth.Count; k++)
            Assert.True(Math.Abs((s.Times[k] - truth[k]).TotalSeconds) < 0.004, $"line {k + 1}: {s.Times[k]} vs truth {truth[k]}");
        Assert.Contains(s.Warnings, w => w.Contains("year 2026", StringComparison.Ordinal) && w.Contains("UTC", StringComparison.Ordinal));
    }

    [Fact]
    public void Journal_iso_precise_rfc5424_and_unix_headers_give_the_logged_instant()
    {
        var log = """
            2026-11-28T13:00:00.250001+01:00 bench ptp4l[812]: [1234.250] master offset -5 s2 freq +13780 path delay 500
            2026-11-28T12:00:01.250002Z bench ptp4l[812]: [1235.250] master offset 6 s2 freq +13781 path delay 500
            <30>1 2026-11-28T12:00:02.250003Z bench ptp4l 812 - - [1236.250] master offset 7 s2 freq +13782 path delay 500
            1795867203.250004 bench ptp4l[812]: [1237.250] master offset 8 s2 freq +13783 path delay 500
            """;
        var s = new Ptp4lReader().Read(new StringReader(log), "journal.log").Single();
        Assert.Equal([-5e-9, 6e-9, 7e-9, 8e-9], s.Values);
        Assert.Equal([Utc("2026-11-28T12:00:00.250001Z"), Utc("2026-11-28T12:00:01.250002Z"), Utc("2026-11-28T12:00:02.250003Z"), Utc("2026-11-28T12:00:03.250004Z")], s.Times!);
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public void Short_iso_whole_seconds_with_a_numeric_zone_use_the_monotonic_stamp_inside_the_second()
    {
        var log = """
            2026-11-28T13:00:00+0100 bench ptp4l[812]: [1234.100] master offset 1 s2 freq +1 path delay 9
            2026-11-28T13:00:01+0100 bench ptp4l[812]: [1234.900] master offset 2 s2 freq +1 path delay 9
            """;
        // D ∈ (12:00:00 − 1234.101, 12:00:01 − 1234.100) ∩ (12:00:01 − 1234.901, 12:00:02 − 1234.900) = (…−1233.901, …−1233.100)
        var s = new Ptp4lReader().Read(new StringReader(log), "j.log").Single();
        Assert.Equal(Utc("2026-11-28T12:00:00.5995Z"), s.Times![0]);
        Assert.Equal(Utc("2026-11-28T12:00:01.3995Z"), s.Times[1]);
    }

    [Fact]
    public void A_system_log_mixes_programs_other_lines_are_skipped_and_counted()
    {
        var log = """
            -- Boot 6ae7c2b4a6e04b0c8e5f0d3c2b1a0f9e --
            Nov 28 11:59:59 bench systemd[1]: Started ptp4l.service - Precision Time Protocol (PTP) service.
            Nov 28 12:00:00 bench ptp4l[812]: [1234.250] port 1 (eth0): UNCALIBRATED to SLAVE on MASTER_CLOCK_SELECTED
            Nov 28 12:00:00 bench kernel: [ 1234.2] igb 0000:01:00.0 eth0: link up
            Nov 28 12:00:01 bench phc2sys[813]: [1235.100] CLOCK_REALTIME phc offset 19 s2 freq -84406 delay 376
            Nov 28 12:00:01 bench ptp4l[812]: [1235.250] master offset -5 s2 freq +13780 path delay 500
            Nov 28 12:00:02 bench ptp4l[812]: ptp4l[1236.250]: master offset 6 s2 freq +13790 path delay 501
            Nov 28 12:00:03 bench ptp4l[812]: [1237.250] [ptp4l.0.config] master offset 7 s2 freq +13790 path delay 501
            """;
        using var dir = new TempDir();
        var path = dir.File("syslog");
        File.WriteAllText(path, log);
        File.SetLastWriteTimeUtc(path, new DateTime(2026, 11, 28, 12, 5, 0, DateTimeKind.Utc));
        var s = SeriesReaders.ReadFile(path).Single(); // detected as ptp4l despite the other programs
        Assert.Equal("ptp4l", s.Channel);
        Assert.Equal([-5e-9, 6e-9, 7e-9], s.Values);
        Assert.Equal(2026, s.Times![0].ToDateTimeUtc().Year);
        // Whole-second stamps at one sub-second phase: D is known to 1 s, the midpoint of (W − M − 1 ms, W + 1 s − M).
        Assert.Equal([Utc("2026-11-28T12:00:01.4995Z"), Utc("2026-11-28T12:00:02.4995Z"), Utc("2026-11-28T12:00:03.4995Z")], s.Times);
        Assert.Contains($"{path}: 3 lines of other programs skipped", s.Warnings);
        var phc = SeriesReaders.ReadFile(path, "phc2sys").Single();
        Assert.Equal("CLOCK_REALTIME phc", phc.Channel);
        Assert.Equal(19e-9, phc.Values.Single());
    }

    [Fact]
    public void Syslog_year_comes_from_start_or_the_file_time_and_advances_at_new_year()
    {
        var log = """
            Dec 31 23:59:59 bench ptp4l[812]: [100.500] master offset 1 s2 freq +1 path delay 9
            Jan  1 00:00:00 bench ptp4l[812]: [101.500] master offset 2 s2 freq +1 path delay 9
            """;
        // The file was last written in January 2027: its last line is in 2027, the first in 2026.
        var fromFile = new Ptp4lReader().Read(new StringReader(log), "s", new ImportOptions { FileTimeUtc = new DateTime(2027, 1, 2, 0, 0, 0, DateTimeKind.Utc) }).Single();
        Assert.Equal([Utc("2026-12-31T23:59:59.4995Z"), Utc("2027-01-01T00:00:00.4995Z")], fromFile.Times!);
        // --start names the first line's year.
        var fromStart = new Ptp4lReader().Read(new StringReader(log), "s", new ImportOptions { Start = Utc("2024-12-31T00:00:00Z") }).Single();
        Assert.Equal(Utc("2024-12-31T23:59:59.4995Z"), fromStart.Times![0]);
        Assert.Equal(Utc("2025-01-01T00:00:00.4995Z"), fromStart.Times[1]);
        // A file written in March 2027 whose lines say December: the year before.
        var late = new Ptp4lReader().Read(new StringReader(log.Split('\n')[0]), "s", new ImportOptions { FileTimeUtc = new DateTime(2027, 3, 1, 0, 0, 0, DateTimeKind.Utc) }).Single();
        Assert.Equal(2026, late.Times![0].ToDateTimeUtc().Year);
    }

    [Fact]
    public void A_log_without_headers_is_placed_at_start()
    {
        using var dir = new TempDir();
        var path = dir.File("ptp4l.log");
        File.WriteAllText(path, "ptp4l[362.223]: master offset -145 s2 freq -30580 path delay 9202\nptp4l[363.224]: master offset 20 s2 freq -30400 path delay 9202\n");
        var relative = SeriesReaders.ReadFile(path).Single();
        Assert.Null(relative.Times);
        var placed = SeriesReaders.ReadFile(path, null, new ImportOptions { Start = Utc("2026-11-28T12:00:00Z") }).Single();
        Assert.Null(placed.RelativeTimesSeconds);
        Assert.Equal([Utc("2026-11-28T12:00:00Z"), Utc("2026-11-28T12:00:01.001Z")], placed.Times!);
    }

    [Fact]
    public void Lines_without_a_header_in_a_headed_log_take_its_wall_clock_offset()
    {
        var log = """
            2026-11-28T12:00:00.250400Z bench ptp4l[812]: [1234.250] master offset 1 s2 freq +1 path delay 9
            ptp4l[1235.250]: master offset 2 s2 freq +1 path delay 9
            """;
        var s = new Ptp4lReader().Read(new StringReader(log), "mixed").Single();
        Assert.Equal(Utc("2026-11-28T12:00:00.2504Z"), s.Times![0]);
        // D ∈ (W − M − 1 ms, W + 1 µs − M): its midpoint puts the second line 1 s after the first, to 0.5 ms.
        Assert.True(Math.Abs((s.Times[1] - s.Times[0]).TotalSeconds - 1.0) < 0.0006);
    }

    [Fact]
    public void An_rfc5424_line_with_a_nil_time_and_no_monotonic_stamp_has_no_time_and_is_skipped()
    {
        var log = "<30>1 - bench ptp4l 812 - - master offset 3 s2 freq +1 path delay 9\n"
                + "<30>1 - bench ptp4l 812 - - [1236.250] master offset 7 s2 freq +13782 path delay 500\n";
        var s = new Ptp4lReader().Read(new StringReader(log), "nil.log").Single();
        Assert.Equal([7e-9], s.Values);
        Assert.Equal([0.0], s.RelativeTimesSeconds!);
        Assert.StartsWith("nil.log:1: no time stamp", Assert.Single(s.Warnings));
    }

    [Theory]
    [InlineData("Feb 30 12:00:00 bench ptp4l[812]: [1.000] master offset 1 s2 freq +1 path delay 9", "does not exist in 2026")]
    [InlineData("2026-02-30T12:00:00Z bench ptp4l[812]: [1.000] master offset 1 s2 freq +1 path delay 9", "time stamp '2026-02-30T12:00:00' does not exist")]
    [InlineData("Nov 28 25:00:00 bench ptp4l[812]: [1.000] master offset 1 s2 freq +1 path delay 9", "syslog time 'Nov 28 25:00:00 bench' does not exist")]
    public void Impossible_header_times_are_warnings_naming_the_line(string bad, string message)
    {
        var log = bad + "\n2026-11-28T12:00:05.000000Z bench ptp4l[812]: [5.000] master offset 2 s2 freq +1 path delay 9\n";
        var s = new Ptp4lReader().Read(new StringReader(log), "bad.log", In2026).Single();
        Assert.Contains(s.Warnings, w => w.StartsWith("bad.log:1: ", StringComparison.Ordinal) && w.Contains(message, StringComparison.Ordinal));
        Assert.Equal(Utc("2026-11-28T12:00:05Z"), s.Times!.Last());
    }
}
