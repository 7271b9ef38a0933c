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
        // Mean and stdev of 10..69 ns (the last 60 s): 39.5 and √305 = 17.464; MTIE over 11 and 61 samples: 10 and 60 ns.
        Assert.Equal(["ecu1", "70", "69.000", "39.500", "17.464", "10.000", "60.000", "0", "0", "0", "ok", "ok"], Row(table, "ecu1"));
        // 100, 102, 108 ns usable: mean 103.333, stdev √(52/3) = 4.163; too few for MTIE.
        Assert.Equal(["lidar", "4", "108.000", "103.333", "4.163", "-", "-", "1", "2", "1", "NO", "FIX", "LOST", "gnss"], Row(table, "lidar"));
        Assert.Equal(["idle", "0", "-", "-", "-", "-", "-", "0", "0", "0", "?", "ok"], Row(table, "idle"));
        Assert.Equal("x = T_dut − T_ref; mean/stdev over the last 60 s; MTIE over the last 600 s", lines[4]);
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
        view.OnSample("c", Sample(59, 1000)); // seconds 30..58 missing
        view.OnSample("c", Sample(60, 7));
        // the last 60 s (1..60) hold 29 samples of 5 ns, 29 gaps, 1000 and 7 ns: mean (29·5 + 1000 + 7)/31
        Assert.Equal((29 * 5 + 1000 + 7) / 31.0, double.Parse(Row(view.Render(), "c")[3], System.Globalization.CultureInfo.InvariantCulture), 1e-3);
        Assert.Equal("-", Row(view.Render(), "c")[6]); // no 61-sample window without a gap
    }

    [Fact]
    public void Mean_and_stdev_slide_by_one_second_not_by_the_minute()
    {
        var view = new LiveView(["c"], TextWriter.Null);
        for (int k = 0; k < 60; k++) view.OnSample("c", Sample(k, 0));
        view.OnSample("c", Sample(60, 60)); // one second later the window is 59 zeros and 60 ns
        var row = Row(view.Render(), "c");
        Assert.Equal("1.000", row[3]);
        Assert.Equal((Math.Sqrt((59 * 1.0 + 59 * 59) / 59.0)).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), row[4]);
    }

    /// <summary>
    /// A long stream with gaps (missing seconds, flagged samples) and a drift: after every sample, the view's mean,
    /// stdev and MTIE equal batch statistics (Core's StreamingSummary and TimeIntervalError.Mtie) over exactly the last
    /// 60 / 600 seconds.
    /// </summary>
    [Fact]
    public void Rendered_statistics_equal_batch_statistics_over_the_same_window()
    {
        var view = new LiveView(["c"], TextWriter.Null);
        var rnd = new Random(5);
        var seconds = new List<double>(); // x per second since the start, NaN for gaps
        long k = 0;
        for (int n = 0; n < 1500; n++)
        {
            if (rnd.NextDouble() < 0.03) { int skip = 1 + rnd.Next(5); for (int i = 0; i < skip; i++) seconds.Add(double.NaN); k += skip; }
            double ns = 40 + 0.02 * k + 3 * (rnd.NextDouble() - 0.5);
            bool flagged = rnd.NextDouble() < 0.02;
            view.OnSample("c", Sample(k, ns, flagged ? SampleFlags.FixInvalid : SampleFlags.None));
            seconds.Add(flagged ? double.NaN : ns * 1e-9);
            k++;
            if (n % 37 != 0 && n < 1490) continue;
            var row = Row(view.Render(), "c");
            var last60 = seconds.Skip(Math.Max(0, seconds.Count - 60)).ToArray();
            var batch = new TimeSync.Core.Statistics.Streaming.StreamingSummary();
            batch.PushMany(last60);
            Assert.Equal(Ns(batch.Mean), row[3]);
            Assert.Equal(Ns(batch.StandardDeviation), row[4]);
            var last600 = seconds.Skip(Math.Max(0, seconds.Count - 600)).ToArray();
            Assert.Equal(Ns(TimeSync.Core.Statistics.TimeIntervalError.Mtie(last600, 1, 10).Value), row[5]);
            Assert.Equal(Ns(TimeSync.Core.Statistics.TimeIntervalError.Mtie(last600, 1, 60).Value), row[6]);
        }
    }

    private static string Ns(double seconds) =>
        double.IsNaN(seconds) ? "-" : (seconds * 1e9).ToString("0.000", System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Sliding_summary_equals_batch_statistics_at_every_sample_in_bounded_memory()
    {
        var sliding = new SlidingSummary(50);
        var all = new List<double>();
        var rnd = new Random(3);
        for (int n = 0; n < 3000; n++)
        {
            // large offset and small spread: where add-and-subtract running sums lose digits
            double v = rnd.NextDouble() < 0.05 ? double.NaN : 1e-3 + 1e-9 * rnd.NextDouble() + 1e-12 * n;
            sliding.Push(v);
            all.Add(v);
            var window = all.Skip(Math.Max(0, all.Count - 50)).ToArray();
            Assert.Equal(window, sliding.Samples());
            var batch = new TimeSync.Core.Statistics.Streaming.StreamingSummary();
            batch.PushMany(window);
            Assert.Equal(batch.Count, sliding.Count);
            if (batch.Count == 0) { Assert.True(double.IsNaN(sliding.Mean)); continue; }
            Assert.Equal(batch.Mean, sliding.Mean, 1e-17); // 1e-14 relative: Welford and a plain sum round differently
            if (batch.Count > 1) Assert.True(Math.Abs(batch.StandardDeviation - sliding.StandardDeviation) <= 1e-9 * batch.StandardDeviation,
                $"sample {n}: stdev {sliding.StandardDeviation:R}, batch {batch.StandardDeviation:R}");
        }
        Assert.Equal(50, sliding.Samples().Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => new SlidingSummary(0));
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
