using TimeSync.Capture.Readers.Importers;
using TimeSync.Core;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Tests.Importers;

public class TiccReaderTests
{
    private static Readers.ImportedSeries Read(string text) => new TiccReader().Read(new StringReader(text), "ticc.log").Single();

    [Fact]
    public void Sign_is_minus_stop_minus_start_in_one_place()
    {
        // chB (DUT) 1 ns after chA (reference): the DUT is late, x = −1 ns.
        Assert.Equal(-1e-9, TiccSign.TimeErrorSeconds(Duration.FromNanoseconds(1)));
        Assert.Equal(2e-9, TiccSign.TimeErrorSeconds(Duration.FromNanoseconds(-2)));
    }

    [Fact]
    public void Timestamp_mode_pairs_chA_and_chB_per_second_whichever_comes_first()
    {
        // Format "<sec>.<11 decimals> chA|chB" from TICC.ino (peers.md: "7324.01770002303 chA" is built from that
        // format, not captured); the header line is the firmware's "# timestamp (seconds with 11 decimal places)".
        var s = Read("""
            # TAPR TICC Timestamping Counter
            # timestamp (seconds with 11 decimal places)
            7324.01770002303 chA
            7324.01770002403 chB
            7325.01770002503 chA
            7325.01770002203 chB
            7326.01769999000 chB
            7326.01770000000 chA
            7327.01770002303 chC
            """);
        Assert.Equal("chB", s.Channel);
        Assert.Equal([0.0, 1.000000002, 1.99999997697], s.RelativeTimesSeconds!.Select(t => Math.Round(t, 11)));
        Assert.Equal(-1e-9, s.Values[0], 1e-21);
        Assert.Equal(3e-9, s.Values[1], 1e-21);
        Assert.Equal(1e-8, s.Values[2], 1e-21); // DUT pulse first: ahead
        Assert.Empty(s.Warnings);
    }

    [Fact]
    public void Debug_mode_lines_end_with_the_timestamp_and_channel()
    {
        // Real line from TAPR/TICC docs/ticc_rev_d_loopback_chA_debug.txt (quoted in peers.md); chB line made up.
        var s = Read("""
            # time1 time2 clock1 cal1 cal2 PICstop tof timestamp
            000848 001271 001000 001839 036830 73240178 0.000099976974 7324.017700023026 chA
            000848 001271 001000 001839 036830 73240178 0.000099976974 7324.017700023126 chB
            """);
        Assert.Equal(-100e-12, Assert.Single(s.Values), 1e-22);
    }

    [Fact]
    public void Picoseconds_survive_at_large_second_counts()
    {
        // At 1.2e6 s a double resolves ~0.2 ns; the reader parses seconds and fraction separately (TICC CHANGES.txt).
        var s = Read("1234567.123456789012 chA\n1234567.123456789013 chB\n");
        Assert.Equal(-1e-12, Assert.Single(s.Values));
    }

    [Fact]
    public void Interval_mode_gives_minus_the_interval()
    {
        // "<s> TI(A->B)" (TICC.ino, 2025 firmware; peers.md).
        var s = new TiccReader().Read(new StringReader("# TICC\n0.000000123456 TI(A->B)\n-0.000000000010 TI(A->B)\n"), "ti.log").Single();
        Assert.Equal("TI(A->B)", s.Channel);
        Assert.Equal([-1.23456e-7, 1e-11], s.Values);
    }

    [Fact]
    public void A_missed_pulse_is_a_warning_with_its_line_and_the_rest_is_paired()
    {
        var s = Read("100.5 chA\n101.50000000001 chA\n101.50000000002 chB\ngarbage here\n102.5 chA\n102.5 chB\n");
        Assert.Equal(2, s.Values.Count);
        Assert.Equal("ticc.log:1: chA reading without a chB within 0.5 s (missed DUT pulse?)", s.Warnings[0]);
        Assert.Equal("ticc.log:4: not a TICC reading: 'garbage here'; skipped", s.Warnings[1]);
    }

    [Fact]
    public void Only_reference_readings_is_nothing_usable()
    {
        var e = Assert.Throws<InputException>(() => Read("1.0 chA\n2.0 chA\n"));
        Assert.StartsWith("ticc.log: no usable ticc data", e.Message);
    }
}
