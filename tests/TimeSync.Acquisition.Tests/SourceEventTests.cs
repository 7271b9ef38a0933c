using System.Collections.Concurrent;
using System.Text;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Acquisition.Pps;
using TimeSync.Acquisition.Sources;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>Source events in captures (lost/resumed records), their replay, PPS arguments and the PPS runner's retries.</summary>
public sealed class SourceEventTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-srcev-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Records_are_one_json_line_and_round_trip()
    {
        var lost = SourceEventRecord.Lost("gnss", "IOException: device not present\nsecond line");
        byte[] bytes = lost.Encode();
        Assert.Equal("{\"v\":1,\"event\":\"lost\",\"source\":\"gnss\",\"reason\":\"IOException: device not present second line\"}\n", Encoding.UTF8.GetString(bytes));
        Assert.True(SourceEventRecord.TryDecode(bytes, out var back, out _));
        Assert.Equal(lost, back);

        var resumed = SourceEventRecord.Resumed("ticc", 1_795_000_000_123_456_789, "ObjectDisposedException: The port is closed.");
        Assert.Contains("\"lostAtNs\":1795000000123456789", Encoding.UTF8.GetString(resumed.Encode()));
        Assert.True(SourceEventRecord.TryDecode(resumed.Encode(), out back, out _));
        Assert.Equal(resumed, back);
        Assert.Equal(SourceEventRecord.MaxReasonLength + 1, SourceEventRecord.Lost("x", new string('a', 5000)).Reason.Length);
    }

    [Theory]
    [InlineData("not json", "source event is not JSON")]
    [InlineData("[1]", "source event is not a JSON object")]
    [InlineData("{\"v\":2,\"event\":\"lost\",\"source\":\"a\"}", "source event version 2, this build reads 1")]
    [InlineData("{\"v\":1,\"event\":\"lost\"}", "source event without a source")]
    [InlineData("{\"v\":1,\"event\":\"resumed\",\"source\":\"a\"}", "resumed source event without lostAtNs")]
    [InlineData("{\"v\":1,\"event\":\"exploded\",\"source\":\"a\"}", "unknown source event 'exploded'")]
    public void Bad_records_are_refused_with_one_line(string text, string message)
    {
        Assert.False(SourceEventRecord.TryDecode(Encoding.UTF8.GetBytes(text), out var record, out string error));
        Assert.Null(record);
        Assert.StartsWith(message, error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Replay_turns_recorded_source_events_into_events_for_every_channel_that_needs_the_source()
    {
        var bench = BenchDescription.ParseJson(ReplayTests.Bench);
        string path = Path.Combine(_dir, "events.pcapng");
        const long T = ReplayTests.Start * 1_000_000_000L;
        using (var w = new PcapngWriter(path, new PcapngWriterOptions { BenchDescription = bench.ToJson() }))
        {
            int gnss = w.AddSource(new CaptureSource("gnss", CaptureLinkType.SerialBytes, "serial"));
            int ticc = w.AddSource(new CaptureSource("ticc", CaptureLinkType.SerialBytes, "serial"));
            int ev = w.AddSource(new CaptureSource(SourceEventRecord.InterfaceName, CaptureLinkType.SourceEvent, SourceEventRecord.InterfaceDescription));
            w.Write(ticc, T, "1.000000000000 chA\r\n"u8);
            w.Write(ev, T + 10, SourceEventRecord.Lost("ticc", "device not present").Encode());
            w.Write(ev, T + 2_500_000_000, SourceEventRecord.Resumed("ticc", T + 10, "device not present").Encode());
            w.Write(ev, T + 2_600_000_000, SourceEventRecord.Lost("gnss", "unplugged").Encode());
            w.Write(ev, T + 2_700_000_000, SourceEventRecord.Lost("nosuch", "x").Encode());
            w.Write(ev, T + 2_800_000_000, "garbage"u8);
            w.Write(gnss, T + 3_000_000_000, "$GPZDA"u8);
        }
        var sink = new CollectingSink();
        var result = CaptureReplay.Run(path, sink);
        var events = sink.Events.Where(e => e.Kind is LabelEventKind.SourceFailed or LabelEventKind.SourceResumed).ToList();
        Assert.Equal(
        [
            new LabelEvent("ecu1", T + 10, null, LabelEventKind.SourceFailed, "source ticc lost: device not present"),
            new LabelEvent("ecu1", T + 2_500_000_000, null, LabelEventKind.SourceResumed, "source ticc resumed after 2.5 s away: device not present"),
            new LabelEvent("ecu1", T + 2_600_000_000, null, LabelEventKind.SourceFailed, "source gnss lost: unplugged"),
            new LabelEvent("lidar", T + 2_600_000_000, null, LabelEventKind.SourceFailed, "source gnss lost: unplugged"),
        ], events);
        Assert.Equal(2, result.Warnings.Count);
        Assert.Contains("source event for 'nosuch', which is not a source of the bench description", result.Warnings[0]);
        Assert.Contains("source event is not JSON", result.Warnings[1]);
        Assert.Matches(@"events\.pcapng@0x[0-9a-f]+: ", result.Warnings[1]);
    }

    [Fact]
    public void Warnings_about_damaged_source_events_are_bounded_and_counted()
    {
        var bench = BenchDescription.ParseJson(ReplayTests.Bench);
        string path = Path.Combine(_dir, "many-bad-events.pcapng");
        const long T = ReplayTests.Start * 1_000_000_000L;
        const int bad = CaptureReplay.MaxWarnings + 300;
        using (var w = new PcapngWriter(path, new PcapngWriterOptions { BenchDescription = bench.ToJson() }))
        {
            int ev = w.AddSource(new CaptureSource(SourceEventRecord.InterfaceName, CaptureLinkType.SourceEvent, SourceEventRecord.InterfaceDescription));
            for (int i = 0; i < bad; i++) w.Write(ev, T + i, "garbage"u8);
        }
        var result = CaptureReplay.Run(path, new CollectingSink());
        Assert.Equal(CaptureReplay.MaxWarnings + 1, result.Warnings.Count);
        Assert.All(result.Warnings.Take(CaptureReplay.MaxWarnings), w => Assert.Contains("source event is not JSON", w));
        Assert.Contains("300 more problems with source events not listed", result.Warnings[^1]);
    }

    [Theory]
    [InlineData("/dev/pps1", "pps", "/dev/pps1", null)]
    [InlineData("gpio:18", "gpio-pps", "/dev/gpiochip0", 18)]
    [InlineData("gpio:/dev/gpiochip4:27", "gpio-pps", "/dev/gpiochip4", 27)]
    [InlineData("dcd:/dev/ttyUSB0@115200", "dcd-pps", "/dev/ttyUSB0", null)]
    public void Pps_arguments_name_the_path_and_device(string text, string kind, string device, int? line)
    {
        var s = PpsSourceFactory.ParseArgument(text, "p");
        Assert.Equal((kind, device, line), (s.Kind, s.Device, s.GpioLine));
    }

    [Theory]
    [InlineData("gpio:eighteen", "--pps: 'gpio:eighteen': expected gpio:[CHIP:]LINE")]
    [InlineData("gpio:/dev/spidev0:3", "/dev/spidev0: not a GPIO chip")]
    [InlineData("dcd:/dev/ttyUSB0@12345", "--pps: '/dev/ttyUSB0@12345': baud rate must be one of")]
    public void Bad_pps_arguments_are_input_errors(string text, string message) =>
        Assert.StartsWith(message, Assert.Throws<InputException>(() => PpsSourceFactory.ParseArgument(text, "p")).Message);

    [Fact]
    public void Opening_a_pps_source_that_is_not_there_is_a_one_line_input_error_per_kind()
    {
        Assert.StartsWith("/dev/gpiochip99: GPIO chip not present",
            Assert.Throws<InputException>(() => PpsSourceFactory.Open(new SourceDescription("g", SourceKinds.GpioPps, "/dev/gpiochip99", GpioLine: 1))).Message);
        Assert.StartsWith("g: a 'gpio-pps' source needs gpioLine",
            Assert.Throws<InputException>(() => PpsSourceFactory.Open(new SourceDescription("g", SourceKinds.GpioPps, "/dev/gpiochip0"))).Message);
        Assert.StartsWith("/dev/ttyNOPE: device not present",
            Assert.Throws<InputException>(() => PpsSourceFactory.Open(new SourceDescription("d", SourceKinds.DcdPps, "/dev/ttyNOPE"))).Message);
        Assert.StartsWith("/dev/pps-nope: cannot open PPS device",
            Assert.Throws<InputException>(() => PpsSourceFactory.Open(new SourceDescription("k", SourceKinds.Pps, "/dev/pps-nope"))).Message);
    }

    [Fact]
    public void The_firmware_notes_bench_example_is_a_valid_bench_with_every_pps_path()
    {
        string md = File.ReadAllText(TimeSync.Testing.RepoPaths.RepoFile("firmware-notes", "delays-and-budget.md"));
        int start = md.IndexOf("```yaml\n", StringComparison.Ordinal) + 8;
        string yaml = "schema: timesync-bench/1\n" + md[start..md.IndexOf("```", start, StringComparison.Ordinal)];
        var bench = BenchDescription.ParseYaml(yaml, "delays-and-budget.md");
        Assert.Equal(["gnss-serial", "ticc", "pps", "gpio-pps", "dcd-pps"], bench.Sources.Select(x => x.Kind));
        Assert.Equal(["ticc", "tim-tm2", "pps"], bench.Channels.Select(c => c.Method));
        Assert.Equal(18, bench.FindSource("gpio18")!.GpioLine);
    }

    /// <summary>Stands in for a PPS device (hardware sits behind <see cref="IPpsSource"/>): fails or delivers as scripted.</summary>
    private sealed class ScriptedPps(Func<int, PpsEdge?> edge) : IPpsSource
    {
        private int _n;
        public string Name => "pps0";
        public string Description => "scripted";
        public void Fetch(TimeSpan timeout, List<PpsEdge> output)
        {
            var e = edge(_n++) ?? throw new IOException("device gone");
            output.Add(e);
            Thread.Sleep(5);
        }
        public void Dispose() { }
    }

    private sealed class Recorder : IPpsSourceEvents
    {
        public readonly ConcurrentQueue<string> Log = new();
        public void OnEdges(IReadOnlyList<PpsEdge> edges) { foreach (var e in edges) Log.Enqueue($"edge {e.Sequence}"); }
        public void OnLost(long host, string reason) => Log.Enqueue("lost " + reason);
        public void OnResumed(long host, long lostAt, string reason) => Log.Enqueue($"resumed {(host > lostAt ? "after" : "before")} " + reason);
    }

    [Fact]
    public async Task Pps_runner_reports_one_loss_per_outage_retries_and_resumes()
    {
        int opens = 0;
        var events = new Recorder();
        var lines = new ConcurrentQueue<string>();
        var runner = new PpsSourceRunner("pps0", () =>
        {
            int n = Interlocked.Increment(ref opens);
            if (n is 2 or 3) throw new InputException("/dev/pps0", "cannot open PPS device: No such file or directory");
            uint base_ = (uint)(n * 100);
            return new ScriptedPps(i => n == 1 && i == 3 ? null : new PpsEdge("pps0", 1, Instant.FromUnixSeconds(i), base_ + (uint)i, true));
        }, events, lines.Enqueue) { InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(20) };
        using var cts = new CancellationTokenSource();
        var run = runner.RunAsync(cts.Token);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (!events.Log.Contains("edge 402") && sw.Elapsed < TimeSpan.FromSeconds(20)) Thread.Sleep(10);
        cts.Cancel();
        await run;
        var log = events.Log.ToList();
        Assert.Equal(["edge 100", "edge 101", "edge 102", "lost IOException: device gone", "resumed after IOException: device gone", "edge 400", "edge 401", "edge 402"], log.Take(8));
        Assert.Equal(4, opens);
        Assert.Contains(lines, l => l == "/dev/pps0: cannot open PPS device: No such file or directory; retrying in 0.02 s");
        Assert.Contains(lines, l => l.StartsWith("resumed after"));
    }
}
