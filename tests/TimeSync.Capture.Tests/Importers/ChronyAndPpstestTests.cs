using TimeSync.Capture.Readers.Importers;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Tests.Importers;

public class ChronyAndPpstestTests
{
    private const string Banner = "=====================================================================================================";

    [Fact]
    public void Chrony_signs_are_converted_in_one_place()
    {
        // measurements.log: positive = local clock slow ⇒ x negative; tracking/statistics: positive = local fast.
        Assert.Equal(-1e-3, ChronySign.TimeErrorSeconds(ChronyLog.Measurements, 1e-3));
        Assert.Equal(1e-3, ChronySign.TimeErrorSeconds(ChronyLog.Statistics, 1e-3));
        Assert.Equal(1e-3, ChronySign.TimeErrorSeconds(ChronyLog.Tracking, 1e-3));
    }

    [Fact]
    public void Measurements_log_with_banners()
    {
        // Header and example line from chrony doc/chrony.conf.adoc (peers.md), second line made up.
        var text = $"""
            {Banner}
               Date (UTC) Time     IP Address   L St 123 567 ABCD  LP RP Score    Offset  Peer del. Peer disp.  Root del. Root disp. Refid     MTxRx
            {Banner}
            2016-11-09 05:40:50 203.0.113.15    N  2 111 111 1111  10 10 1.0  -4.966e-03  2.296e-01  1.577e-05  1.615e-01  7.446e-03 CB00717B 4B D K
            2016-11-09 05:57:58 203.0.113.15    N  2 111 111 1111  10 10 1.0   1.000e-03  2.296e-01  1.577e-05  1.615e-01  7.446e-03 CB00717B 4B D K
            """;
        var reader = new ChronyLogReader(ChronyLog.Measurements);
        Assert.True(reader.Detect(text.Split('\n').Where(l => l.Trim().Length > 0).ToList()) > 0.9);
        var s = reader.Read(new StringReader(text), "measurements.log").Single();
        Assert.Equal("203.0.113.15", s.Channel);
        Assert.Equal(Instant.Parse("2016-11-09T05:40:50Z"), s.Times![0]);
        Assert.Equal([4.966e-3, -1e-3], s.Values);
    }

    [Fact]
    public void Statistics_and_tracking_logs()
    {
        // Example lines from chrony doc/chrony.conf.adoc (peers.md).
        var stats = new ChronyLogReader(ChronyLog.Statistics).Read(new StringReader(
            "2016-08-10 05:40:50 203.0.113.15     6.261e-03 -3.247e-03  2.220e-03  1.874e-06  1.080e-06 7.8e-02  16   0   8  0.00\n"), "statistics.log").Single();
        Assert.Equal(-3.247e-3, stats.Values.Single());
        var tracking = new ChronyLogReader(ChronyLog.Tracking).Read(new StringReader(
            "2017-08-22 13:22:36 203.0.113.15     2     -3.541      0.075 -8.621e-06 N  2  2.940e-03 -2.084e-04  1.534e-02  3.472e-04  8.304e-03\n"), "tracking.log").Single();
        Assert.Equal("tracking", tracking.Channel);
        Assert.Equal(-8.621e-6, tracking.Values.Single());
        Assert.Equal(Instant.Parse("2017-08-22T13:22:36Z"), tracking.Times!.Single());
    }

    [Fact]
    public void Ppstest_assert_times_give_the_host_clock_error_at_each_second()
    {
        // Preamble and line 1 from raspberrypi/linux #5430 and pps-tools ppstest.c (peers.md); later lines follow the format.
        var text = """
            trying PPS source "/dev/pps0"
            found PPS source "/dev/pps0"
            ok, found 1 source(s), now start fetching data...
            source 0 - assert 1699374899.440174342, sequence: 445 - clear  0.000000000, sequence: 0
            source 0 - assert 1699374900.000000123, sequence: 446 - clear  0.000000000, sequence: 0
            source 0 - assert 1699374900.999999900, sequence: 447 - clear  0.000000000, sequence: 0
            time_pps_fetch() error -1 (Connection timed out)
            source 0 - assert 1699374904.000000050, sequence: 450 - clear  0.000000000, sequence: 0
            """;
        var s = new PpstestReader().Read(new StringReader(text), "ppstest.txt").Single();
        Assert.Equal("pps0", s.Channel);
        Assert.Equal([1699374899L, 1699374900L, 1699374901L, 1699374904L], s.Times!.Select(t => t.UnixSeconds));
        Assert.Equal(0.440174342, s.Values[0], 1e-15);
        Assert.Equal(123e-9, s.Values[1], 1e-18);
        Assert.Equal(-100e-9, s.Values[2], 1e-18);
        Assert.Equal(["ppstest.txt:7: fetch error: time_pps_fetch() error -1 (Connection timed out)", "ppstest.txt:8: pps0: sequence jumps from 447 to 450 (2 pulse(s) missed)"], s.Warnings);
        Assert.Equal(1.0, s.Tau0Seconds);
    }

    [Fact]
    public void Pps_sign_rounds_to_the_nearest_second()
    {
        var (second, x) = PpsSign.FromAssert(new Duration(100, 999_999_999_000L));
        Assert.Equal(101, second.UnixSeconds);
        Assert.Equal(-1e-9, x, 1e-21);
    }
}

public class ChronyDetectionWithoutHeaderTests
{
    [Theory]
    [InlineData("2016-11-09 05:40:50 203.0.113.15    N  2 111 111 1111  10 10 1.0  -4.966e-03  2.296e-01  1.577e-05  1.615e-01  7.446e-03 CB00717B 4B D K", "chrony-measurements")]
    [InlineData("2016-08-10 05:40:50 203.0.113.15     6.261e-03 -3.247e-03  2.220e-03  1.874e-06  1.080e-06 7.8e-02  16   0   8  0.00", "chrony-statistics")]
    [InlineData("2017-08-22 13:22:36 203.0.113.15     2     -3.541      0.075 -8.621e-06 N  2  2.940e-03 -2.084e-04  1.534e-02  3.472e-04  8.304e-03", "chrony-tracking")]
    public void The_leap_column_tells_the_three_logs_apart(string line, string expected)
    {
        var best = Readers.SeriesReaders.All.OrderByDescending(r => r.Detect([line])).First();
        Assert.Equal(expected, best.FormatName);
        Assert.Equal(1, Readers.SeriesReaders.All.Count(r => r.Detect([line]) > 0 && r.FormatName.StartsWith("chrony", StringComparison.Ordinal)));
    }
}
