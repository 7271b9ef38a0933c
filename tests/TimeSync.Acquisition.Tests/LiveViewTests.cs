using TimeSync.Acquisition.Agent;
using TimeSync.Acquisition.Labelling;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>The agent's live table rendered from a fixed set of samples and events (not a terminal).</summary>
public sealed class LiveViewTests
{
    private const long S = 1_795_000_000;

    private static ChannelSample Sample(long second, double ns, SampleFlags flags = SampleFlags.None) =>
        new(new TimeErrorSample(Instant.FromUnixSeconds(S + second), ns * 1e-9), flags);

    private static LabelEvent Event(string channel, LabelEventKind kind, string message = "", int count = 1) =>
        new(channel, 0, null, kind, message, count);

    private static string[] Row(string table, string channel) =>
        table.Split('\n').Single(l => l.StartsWith(channel + " ", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public void Renders_last_error_windowed_statistics_pps_health_fix_and_lost_sources()
    {
        var screen = new StringWriter();
        var view = new LiveView(["ecu1", "lidar", "idle"], screen);
        // ecu1: x = k ns for k = 0..69, every second.
        for (int k = 0; k < 70; k++) view.OnSample("ecu1", Sample(k, k));
        // lidar: second 2 has no sample, second 3 is flagged (invalid fix): both are gaps for the statistics.
        view.OnSample("lidar", Sample(0, 100));
        view.OnSample("lidar", Sample(1, 102));
        view.OnSample("lidar", Sample(3, 106, SampleFlags.FixInvalid));
        view.OnSample("lidar", Sample(4, 108));
        view.OnEvent(Event("lidar", LabelEventKind.MissingPulse, count: 1));
        view.OnEvent(Event("lidar", LabelEventKind.ExtraPulse, count: 2));
        view.OnEvent(Event("lidar", LabelEventKind.LatePulse));
        view.OnEvent(Event("lidar", LabelEventKind.FixLost));
        view.OnEvent(Event("lidar", LabelEventKind.SourceFailed, "source gnss lost: ObjectDisposedException: The port is closed."));
        view.OnEvent(Event("lidar", LabelEventKind.SourceFailed, "source ticc lost: device not present"));
        view.OnEvent(Event("lidar", LabelEventKind.SourceResumed, "source ticc resumed after 2.5 s away: device not present"));
        view.OnEvent(Event("nosuch", LabelEventKind.MissingPulse));

        string table = view.Render();
        var lines = table.TrimEnd('\n').Split('\n');
        Assert.Equal(5 + LiveView.RecentEvents, lines.Length); // header, 3 channels, legend, the 6 latest of 8 events
        Assert.StartsWith("channel ", lines[0]);
        Assert.Equal(["channel", "samples", "x", "last", "ns", "mean", "ns", "stdev", "ns", "MTIE10s", "ns", "MTIE60s", "ns", "missing", "extra", "late", "fix", "sources"],
            lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries));
        // Mean and stdev of 0..59 ns (the last full minute): 29.5 and √305 = 17.464; MTIE over 11 and 61 samples: 10 and 60 ns.
        Assert.Equal(["ecu1", "70", "69.000", "29.500", "17.464", "10.000", "60.000", "0", "0", "0", "ok", "ok"], Row(table, "ecu1"));
        // 100, 102, 108 ns usable (current minute): mean 103.333, stdev √(52/3) = 4.163; too few for MTIE.
        Assert.Equal(["lidar", "4", "108.000", "103.333", "4.163", "-", "-", "1", "2", "1", "NO", "FIX", "LOST", "gnss"], Row(table, "lidar"));
        Assert.Equal(["idle", "0", "-", "-", "-", "-", "-", "0", "0", "0", "?", "ok"], Row(table, "idle"));
        Assert.Equal("x = T_dut − T_ref; mean/stdev over the last full 60 s; MTIE over the last 600 s", lines[4]);
        Assert.Equal("1970-01-01T00:00:00Z lidar: LatePulse", lines[5]);
        Assert.Equal("1970-01-01T00:00:00Z lidar: SourceFailed source gnss lost: ObjectDisposedException: The port is closed.", lines[7]);
        Assert.Equal("1970-01-01T00:00:00Z nosuch: MissingPulse", lines[10]);
        // Columns line up: every row is as wide as the header up to the fix column.
        int fixColumn = lines[0].IndexOf("  fix", StringComparison.Ordinal);
        Assert.All(lines[1..4], l => Assert.Equal("  ", l.Substring(fixColumn, 2)));

        view.Complete(); // the final frame goes to the terminal: cursor home, clear, table
        Assert.EndsWith("\x1b[H\x1b[J" + table, screen.ToString());
    }

    [Fact]
    public void A_gap_of_seconds_enters_the_windows_as_NaN()
    {
        var view = new LiveView(["c"], TextWriter.Null);
        for (int k = 0; k < 30; k++) view.OnSample("c", Sample(k, 5));
        view.OnSample("c", Sample(59, 1000)); // seconds 30..58 missing: the first minute closes at second 59
        view.OnSample("c", Sample(60, 7));
        // the full minute held 30 samples of 5 ns and 29 gaps and the 1000 ns: mean (30·5 + 1000)/31
        Assert.Equal((30 * 5 + 1000) / 31.0, double.Parse(Row(view.Render(), "c")[3], System.Globalization.CultureInfo.InvariantCulture), 1e-3);
        Assert.Equal("-", Row(view.Render(), "c")[6]); // no 61-sample window without a gap
    }

    [Theory]
    [InlineData(false, "xterm-256color", null, null, false, true)]
    [InlineData(true, "xterm-256color", null, null, false, false)]   // stdout to a file or pipe
    [InlineData(false, "xterm", "7f3a", null, false, false)]           // under systemd
    [InlineData(false, "xterm", null, "true", false, false)]           // CI
    [InlineData(false, "dumb", null, null, false, false)]
    [InlineData(false, "xterm", null, null, true, false)]              // --no-view
    public void The_view_shows_only_on_an_interactive_terminal(bool redirected, string? term, string? invocation, string? ci, bool disabled, bool shown) =>
        Assert.Equal(shown, LiveView.ShouldShow(redirected, term, invocation, ci, disabled));
}
