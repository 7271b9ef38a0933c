using TimeSync.Capture.Readers;
using TimeSync.Capture.Readers.Importers;
using TimeSync.Capture.Tests.Pcapng;

namespace TimeSync.Capture.Tests.Importers;

/// <summary>ts2phc logs: ts2phc.c prints pr_info("%s offset %10" PRId64 " s%d freq %+7.0f%s", c->name, offset, state, adj, holdover).</summary>
public class Ts2phcReaderTests
{
    [Fact]
    public void Sign_offset_is_target_phc_minus_source_so_a_phc_ahead_is_positive()
    {
        // ts2phc.c: offset = tmv_to_nanoseconds(tmv_sub(ts, source_tmv)) with ts the PHC's time stamp of the PPS edge and
        // source_tmv the source's (reference) time of that edge; then clockadj_step(c->clkid, -offset).
        // A PHC (the clock under test) 12 ns ahead stamps the edge at source + 12 ns: offset +12, x = +12 ns.
        long sourceNs = 1_795_867_200_000_000_000L, phcStampNs = sourceNs + 12;
        Assert.Equal(12e-9, Ts2phcSign.TimeErrorSeconds(phcStampNs - sourceNs));
        Assert.Equal(-3e-9, Ts2phcSign.TimeErrorSeconds(-3));
    }

    [Fact]
    public void Current_old_and_free_running_forms_one_series_per_target_clock()
    {
        var log = """
            ts2phc[1234.567]: /dev/ptp0 offset         12 s2 freq   -1234
            ts2phc[1234.567]: eth1 offset         -7 s2 freq   +2040
            ts2phc[1235.567]: /dev/ptp0 offset         -3 s2 freq   -1230 holdover
            ts2phc[1236.567]: /dev/ptp0 master offset          5 s2 freq   -1229
            ts2phc[1237.567]: /dev/ptp0 offset          9
            ts2phc[1238.567]: /dev/ptp0 lost holdover lock (offset         40)
            ts2phc[1238.600]: selecting /dev/ptp1 as the reference clock
            """;
        var series = new Ts2phcReader().Read(new StringReader(log), "ts2phc.log");
        Assert.Equal(["/dev/ptp0", "eth1"], series.Select(s => s.Channel));
        Assert.Equal([12e-9, -3e-9, 5e-9, 9e-9], series[0].Values);
        Assert.Equal([0.0, 1.0, 2.0, 3.0], series[0].RelativeTimesSeconds!.Select(t => Math.Round(t, 6)));
        Assert.Equal([-7e-9], series[1].Values);
        Assert.Empty(series[0].Warnings);
    }

    [Fact]
    public void Ts2phc_is_auto_detected_and_not_taken_for_phc2sys()
    {
        using var dir = new TempDir();
        var path = dir.File("ts2phc.log");
        File.WriteAllText(path, "Nov 28 12:00:00 bench ts2phc[900]: [1234.567] /dev/ptp0 offset 12 s2 freq -1234\n"
                              + "Nov 28 12:00:01 bench ts2phc[900]: [1235.567] /dev/ptp0 offset -4 s2 freq -1236\n");
        var s = SeriesReaders.ReadFile(path).Single();
        Assert.Equal("/dev/ptp0", s.Channel);
        Assert.Equal([12e-9, -4e-9], s.Values);
        Assert.NotNull(s.Times);
        Assert.Throws<TimeSync.Core.InputException>(() => SeriesReaders.ReadFile(path, "phc2sys"));
    }
}
