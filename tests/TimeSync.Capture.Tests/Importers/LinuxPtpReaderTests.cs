using TimeSync.Capture.Readers.Importers;
using TimeSync.Core;

namespace TimeSync.Capture.Tests.Importers;

public class LinuxPtpReaderTests
{
    [Fact]
    public void Sign_master_offset_is_already_local_minus_master()
    {
        Assert.Equal(-145e-9, LinuxPtpSign.TimeErrorSeconds(-145));
    }

    [Fact]
    public void Ptp4l_samples_and_summaries()
    {
        var log = """
            ptp4l[362.223]: master offset       -145 s2 freq  -30580 path delay      9202
            ptp4l[363.223]: master offset         20 s2 freq  -30400 path delay      9202
            ptp4l[364.224]: port 1: UNCALIBRATED to SLAVE on MASTER_CLOCK_SELECTED
            ptp4l[365.223]: master offset          7 s2 freq  -30410 path delay      9201
            """;
        // Line 1: RHEL 6 Deployment Guide §23.6 (peers.md); the others follow clock.c's format.
        var s = new Ptp4lReader().Read(new StringReader(log), "ptp4l.log").Single();
        Assert.Equal("ptp4l", s.Channel);
        Assert.Equal([-145e-9, 20e-9, 7e-9], s.Values);
        Assert.Equal([0.0, 1.0, 3.0], s.RelativeTimesSeconds!.Select(t => Math.Round(t, 6)));
        Assert.Null(s.Times);

        // openshift/linuxptp-daemon PR #16 (peers.md): the summary_interval form.
        var summary = new Ptp4lReader().Read(new StringReader("ptp4l[326.707]: rms   32 max   42 freq  -2614 +/-  15 delay  1488 +/-   0\nptp4l[327.707]: rms   30 max   40 freq  -2614 +/-  15\n"), "sum.log");
        Assert.Equal(["ptp4l rms", "ptp4l max"], summary.Select(x => x.Channel));
        Assert.Equal([32e-9, 30e-9], summary[0].Values);
        Assert.Equal([42e-9, 40e-9], summary[1].Values);
    }

    [Fact]
    public void Syslog_form_and_message_tag()
    {
        var log = "Nov 13 16:38:43 bench ptp4l: [104210.488] master offset -5 s2 freq +13780 path delay 500\n"
                + "ptp4l[104211.488]: [ptp4l.0.config] master offset 6 s2 freq +13790 path delay 501\n";
        var s = new Ptp4lReader().Read(new StringReader(log), "syslog").Single();
        Assert.Equal([-5e-9, 6e-9], s.Values);
    }

    [Fact]
    public void Phc2sys_samples_per_clock_pair_and_summaries()
    {
        // linuxptp-daemon PR #16, openil_linuxptp #42 and #20 (peers.md).
        var log = """
            phc2sys[242.904]: CLOCK_REALTIME phc offset        19 s2 freq  -84406 delay    376
            phc2sys[62092.093]: CLOCK_REALTIME pps offset     -1158 s2 freq   -3041
            phc2sys[326.903]: CLOCK_REALTIME rms   96 max   96 freq -84573 +/-   0 delay   427 +/-   0
            phc2sys[100724.479]: phc offset      9710 s2 freq  +16651 delay  87084
            """;
        var series = new Phc2sysReader().Read(new StringReader(log), "phc2sys.log");
        Assert.Equal(["CLOCK_REALTIME phc", "CLOCK_REALTIME pps", "CLOCK_REALTIME rms", "CLOCK_REALTIME max", "phc"], series.Select(s => s.Channel));
        Assert.Equal(19e-9, series[0].Values.Single());
        Assert.Equal(-1158e-9, series[1].Values.Single());
        Assert.Equal(96e-9, series[2].Values.Single());
        Assert.Equal(9710e-9, series[4].Values.Single());
    }

    [Fact]
    public void Out_of_order_and_foreign_lines_are_warnings_with_line_numbers()
    {
        var log = """
            ptp4l[10.000]: master offset 1 s2 freq +1 path delay 9
            phc2sys[10.500]: CLOCK_REALTIME phc offset 19 s2 freq -84406 delay 376
            ptp4l[9.000]: master offset 2 s2 freq +1 path delay 9
            2016-11-09 05:40:50 203.0.113.15    N  2 111 111 1111  10 10 1.0  -4.966e-03  2.296e-01  1.577e-05  1.615e-01  7.446e-03 CB00717B 4B D K
            ptp4l[11.000]: master offset 3 s2 freq +1 path delay 9
            """;
        var s = new Ptp4lReader().Read(new StringReader(log), "mixed.log").Single();
        Assert.Equal([1e-9, 3e-9], s.Values);
        Assert.Equal("mixed.log:2: a phc2sys line in a ptp4l log; skipped", s.Warnings[0]);
        Assert.Equal("mixed.log:3: ptp4l: time 9 s is not after the previous 10 s (out of order or duplicate); skipped", s.Warnings[1]);
        Assert.StartsWith("mixed.log:4: not a ptp4l line", s.Warnings[2]);
    }

    [Fact]
    public void Nothing_usable_names_the_file()
    {
        var e = Assert.Throws<InputException>(() => new Ptp4lReader().Read(new StringReader("hello\nworld\n"), "x.log"));
        Assert.Equal("x.log: no usable ptp4l data (first problem: x.log:1: not a ptp4l line: 'hello'; skipped)", e.Message);
    }
}
