using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TimeSync.Acquisition.Agent;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Acquisition.Sources;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;
using TimeSync.Testing;
using Xunit.Abstractions;
using static TimeSync.Testing.RealTime;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// The agent against real pseudo-terminals (socat) when devices misbehave. A real receiver log (SiRFstarV, gpsd's
/// <c>sirfstarv-nmea.log</c>) is streamed one epoch per second at the receiver's pace as the bench's label source, a
/// TICC times the ECU's PPS against the reference; then the receiver's pty is closed (USB adapter unplugged) and
/// re-created at the same path (plugged back) sending garbage first (a receiver at the wrong baud rate looks like
/// garbage); another TICC vanishes for good; one device path never appears; two PPS sources (kernel PPS, GPIO) name
/// devices this machine lacks. The agent must log each with its config line, retry, resume, mark the outage in the
/// series and in the capture (source events replay sees), lose nothing it had recorded, and keep the ECU channel going.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class AgentResilienceTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-resilience-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double X(long k) => (10 + k) * 1e-9;

    [Fact]
    public async Task Unplug_replug_garbage_and_missing_devices_are_survived_marked_and_replayed()
    {
        var epochs = ReceiverLog.Epochs(ReceiverLog.Body("sirfstarv-nmea.log"));
        Assert.True(epochs.Count >= 20, $"{epochs.Count} epochs");
        using var gnss = new SerialPtyPair(Path.Combine(_dir, "gnss"));
        using var ticc = new SerialPtyPair(Path.Combine(_dir, "ticc"));
        using var gone = new SerialPtyPair(Path.Combine(_dir, "gone"));
        string never = Path.Combine(_dir, "never", "ttyUSB9");
        string config = Path.Combine(_dir, "bench.yaml");
        File.WriteAllText(config, $"""
            schema: timesync-bench/1
            bench: flaky-rack
            sources:
              - {"{"} name: gnss, kind: gnss-serial, device: "{gnss.HostEnd}", baud: 38400, receiver: SiRFstarV {"}"}
              - {"{"} name: ticc, kind: ticc, device: "{ticc.HostEnd}", baud: 115200 {"}"}
              - {"{"} name: ticc2, kind: ticc, device: "{never}", baud: 115200 {"}"}
              - {"{"} name: ticc3, kind: ticc, device: "{gone.HostEnd}", baud: 115200 {"}"}
              - {"{"} name: pps0, kind: pps, device: /dev/pps-timesync-absent {"}"}
              - {"{"} name: gpio0, kind: gpio-pps, device: /dev/gpiochip77, gpioLine: 18 {"}"}
            reference: {"{"} labels: gnss, pps: "ticc:chA" {"}"}
            channels:
              - {"{"} name: ecu1, method: ticc, counter: ticc {"}"}
              - {"{"} name: ghost, method: ticc, counter: ticc2 {"}"}
              - {"{"} name: gone1, method: ticc, counter: ticc3 {"}"}
              - {"{"} name: logger, method: pps, reference: gpio0, dut: pps0 {"}"}
            """);
        var bench = BenchDescription.Load(config, out var locations);
        string capture = Path.Combine(_dir, "agent.pcapng");
        var live = new CollectingSink();
        var logs = new ConcurrentQueue<string>();
        using var host = AgentHost.Build(new AgentOptions
        {
            Bench = bench,
            CapturePath = capture,
            ExtraSinks = [live],
            SourceLocations = locations,
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(400),
        }, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new ListLoggerProvider(logs));
            logging.SetMinimumLevel(LogLevel.Information);
        });
        await host.StartAsync();
        var agent = host.Services.GetServices<IHostedService>().OfType<BenchAgentService>().Single();
        // The schedule starts once the agent reads the three ptys: bytes written before a reader opens its device wait in
        // the pty and arrive as one burst, seconds apart in the schedule but one host time apart, which no labeller can
        // tell apart (this, under load, was one cause of the test's flakes).
        foreach (var name in new[] { "gnss", "ticc", "ticc3" })
            WaitFor(() => logs.Any(l => l.Contains($"source {name}: ") && l.Contains(" open at ")), TimeSpan.FromSeconds(60), $"the agent to open {name}");

        const int Seconds = 14, UnplugAfter = 5, ReplugAt = 8, GoneAfter = 2;
        var garbage = new byte[300];
        new Random(7).NextBytes(garbage);
        var sentGnss = new List<byte>();
        var skipped = new List<byte>();
        long ticcSent = 0;
        long first = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2;
        using (var t = OpenWriter(ticc.ReceiverEnd))
        {
            var g = OpenWriter(gnss.ReceiverEnd);
            var t3 = OpenWriter(gone.ReceiverEnd);
            for (long k = 0; k < Seconds; k++)
            {
                long s = first + k;
                WaitUntil(s, 0.003);
                var refT = Duration.FromSeconds(k) + Duration.FromSecondsDouble(0.5); // TICC started 0.5 s before `first`
                var lines = AgentPtyBench.TiccLines(refT, refT - Duration.FromSecondsDouble(X(k)));
                t.Write(lines);
                t.Flush();
                ticcSent += lines.Length;
                if (k <= GoneAfter) { t3!.Write(lines); t3.Flush(); }
                if (k == GoneAfter + 1)
                {
                    t3!.Dispose();
                    t3 = null;
                    gone.Unplug(); // for good
                }
                if (k == ReplugAt)
                {
                    g = OpenWriter(gnss.ReceiverEnd);
                    Paced(g, garbage, 38400);
                    sentGnss.AddRange(garbage);
                }
                if (g is not null)
                {
                    WaitUntil(s, 0.3); // NMEA 0.3 s after the edge: the two host stamps stay in order even on a loaded machine
                    Paced(g, epochs[(int)k], 38400);
                    sentGnss.AddRange(epochs[(int)k]);
                }
                else skipped.AddRange(epochs[(int)k]); // what the receiver sent while unplugged: lost on the wire
                if (k == ReplugAt - 1)
                {
                    // Plugged back (same path) half a second before the receiver talks again, and the agent reading it
                    // before then: a resume that took until the next edge would put that second's message after it.
                    WaitUntil(s, 0.5);
                    gnss.Start();
                    WaitFor(() => logs.Any(l => l.Contains("source gnss resumed")), TimeSpan.FromSeconds(10), "the gnss source to resume");
                }
                if (k == UnplugAfter)
                {
                    WaitUntil(s, 0.7);
                    // Unplugging loses what is still on the wire; the agent must have recorded all that was sent before
                    // (a fixed wait lost bytes under load: another cause of the flakes).
                    int sent = sentGnss.Count;
                    WaitFor(() => agent.RecordedBytes("gnss") >= sent, TimeSpan.FromSeconds(30), "the agent to record every gnss byte sent");
                    g!.Dispose();
                    g = null;
                    gnss.Unplug();
                    WaitFor(() => logs.Any(l => l.Contains("source gnss (gnss-serial")), TimeSpan.FromSeconds(10), "the gnss loss to be logged");
                }
            }
            WaitUntil(first + Seconds, 0.3);
            // Stopping ends the readers: wait until what was sent is recorded (the stop itself must lose nothing read).
            // The gnss writer stays open until then: closing it ends socat's relay, and the hang-up discards what the
            // agent's side of the pty still holds unread (a CI run on an idle machine lost bytes that way).
            int gnssSent = sentGnss.Count;
            WaitFor(() => agent.RecordedBytes("gnss") >= gnssSent && agent.RecordedBytes("ticc") >= ticcSent, TimeSpan.FromSeconds(30),
                () => $"the agent to record every byte sent (gnss {agent.RecordedBytes("gnss")} of {gnssSent}, ticc {agent.RecordedBytes("ticc")} of {ticcSent}); log:\n" + string.Join("\n", logs));
            g?.Dispose();
        }
        await host.StopAsync();
        foreach (var l in logs) output.WriteLine(l);

        // Logs: one line per failing source naming its config line and channels; retries; the resume.
        Assert.All(logs, l => Assert.DoesNotContain('\n', l));
        Assert.Contains(logs, l => l.Contains($"{config}:4 $.sources[0]: source gnss (gnss-serial") && l.Contains("channels ecu1, ghost, gone1, logger"));
        Assert.Contains(logs, l => l.Contains($"{config}:6 $.sources[2]: source ticc2") && l.Contains("channels ghost") && l.Contains("device not present"));
        Assert.Contains(logs, l => l.Contains($"{config}:7 $.sources[3]: source ticc3") && l.Contains("channels gone1"));
        Assert.Contains(logs, l => l.Contains($"{config}:8 $.sources[4]: source pps0 (pps /dev/pps-timesync-absent, channels logger)") && l.Contains("cannot open PPS device"));
        Assert.Contains(logs, l => l.Contains($"{config}:9 $.sources[5]: source gpio0") && l.Contains("/dev/gpiochip77: GPIO chip not present"));
        Assert.Contains(logs, l => l.Contains("source gnss: ") && l.Contains("retrying in"));
        Assert.Single(logs, l => l.Contains("source gnss resumed after") && l.Contains("the gap is marked in the capture and the series"));

        // The ECU channel kept running through all of it, with the time errors written.
        var samples = live.For("ecu1");
        long u0 = ReceiverLog.FirstUtcSecond(epochs);
        var ks = samples.Select(s => s.Sample.Time.UnixSeconds - u0).ToList();
        foreach (var s in samples) Assert.Equal(X(s.Sample.Time.UnixSeconds - u0), s.Sample.TimeErrorSeconds, 1e-15);
        Assert.True(samples.Count >= Seconds - 2, $"{samples.Count} ecu1 samples: k = {string.Join(",", ks)}");
        Assert.Contains(UnplugAfter + 1L, ks); // labelled while the receiver was away (count carried forward)
        Assert.Contains((long)Seconds - 1, ks);
        Assert.True(live.For("gone1").Count <= GoneAfter + 1);

        // The outage is in the series: lost and resumed events on every channel that needs the receiver.
        var sourceEvents = live.Events.Where(e => e.Kind is LabelEventKind.SourceFailed or LabelEventKind.SourceResumed).ToList();
        foreach (var e in sourceEvents) output.WriteLine($"{e.Channel} {e.Kind} {e.Message}");
        Assert.Contains(sourceEvents, e => e.Channel == "ecu1" && e.Kind == LabelEventKind.SourceFailed && e.Message.StartsWith("source gnss lost"));
        var resumed = Assert.Single(sourceEvents, e => e.Channel == "ecu1" && e.Kind == LabelEventKind.SourceResumed);
        Assert.StartsWith("source gnss resumed after", resumed.Message);
        Assert.Contains(sourceEvents, e => e.Channel == "ghost" && e.Kind == LabelEventKind.SourceFailed && e.Message.StartsWith("source ticc2 lost"));
        Assert.Contains(sourceEvents, e => e.Channel == "gone1" && e.Kind == LabelEventKind.SourceFailed && e.Message.StartsWith("source ticc3 lost"));
        Assert.DoesNotContain(sourceEvents, e => e.Kind == LabelEventKind.SourceResumed && !e.Message.StartsWith("source gnss"));
        Assert.Single(sourceEvents, e => e.Channel == "logger" && e.Kind == LabelEventKind.SourceFailed && e.Message.StartsWith("source pps0 lost"));
        Assert.Single(sourceEvents, e => e.Channel == "logger" && e.Kind == LabelEventKind.SourceFailed && e.Message.StartsWith("source gpio0 lost"));
        Assert.Contains(live.Events, e => e.Kind == LabelEventKind.DecodeProblem && e.Channel == "gnss");

        // The capture: every gnss byte sent, in order (nothing recorded before the unplug lost), and the outage as
        // source events between the last bytes before and the first bytes after it.
        var gnssBytes = new List<byte>();
        var gnssBeforeLoss = new List<byte>();
        var order = new List<string>();
        using (var reader = new PcapngReader(capture))
        {
            while (reader.TryRead(out var ev))
            {
                var src = reader.Sources[ev.SourceId];
                if (src.Name == "gnss")
                {
                    gnssBytes.AddRange(ev.Payload.ToArray());
                    if (!order.Contains("Lost")) gnssBeforeLoss.AddRange(ev.Payload.ToArray());
                    order.Add("data");
                }
                else if (src.LinkType == CaptureLinkType.SourceEvent)
                {
                    Assert.Equal(SourceEventRecord.InterfaceName, src.Name);
                    Assert.True(SourceEventRecord.TryDecode(ev.Payload.Span, out var rec, out string err), err);
                    if (rec!.Source == "gnss") order.Add(rec.Kind.ToString());
                }
            }
            Assert.Empty(reader.Diagnostics);
        }
        Assert.Equal(sentGnss, gnssBytes);
        string pattern = string.Join(" ", order.Select(o => o == "data" ? "d" : o));
        int lost = order.IndexOf("Lost"), back = order.IndexOf("Resumed");
        Assert.True(lost > 0 && back > lost, pattern);
        Assert.Equal(1, order.Count(o => o == "Lost"));
        Assert.All(order.Take(lost), o => Assert.Equal("data", o));
        Assert.All(order.Skip(back + 1), o => Assert.Equal("data", o));
        Assert.Equal(epochs.Take(UnplugAfter + 1).SelectMany(e => e).ToArray(), gnssBeforeLoss.ToArray());

        // The decoded times are the receiver's own, minus only what it sent while unplugged.
        var fromCapture = ValidTimes([.. gnssBytes]);
        var fromLog = ValidTimes([.. epochs.Take(UnplugAfter + 1).SelectMany(e => e), .. epochs.Skip(ReplugAt).Take(Seconds - ReplugAt).SelectMany(e => e)]);
        Assert.NotEmpty(fromLog);
        Assert.Equal(fromLog, fromCapture);
        var lostTimes = ValidTimes([.. skipped]);
        Assert.NotEmpty(lostTimes);
        Assert.DoesNotContain(lostTimes, fromCapture.Contains);

        // Replay sees the same samples and the same gap.
        var replay = new CollectingSink();
        var result = CaptureReplay.Run(capture, replay);
        Assert.Empty(result.Warnings);
        Assert.Equal(samples, replay.For("ecu1"));
        Assert.Equal(sourceEvents, replay.Events.Where(e => e.Kind is LabelEventKind.SourceFailed or LabelEventKind.SourceResumed).ToList());
        var series = CaptureSeries.FromCollected(capture, result, replay).Single(s => s.Channel == "ecu1");
        Assert.Contains(series.Events!, e => e.Kind == nameof(LabelEventKind.SourceResumed));
    }

    private static List<Instant> ValidTimes(byte[] stream)
    {
        var events = new List<DecodedEvent>();
        new GnssStreamDecoder("gnss").Push(stream, 0, events);
        return events.OfType<GnssTimeMessage>().Where(m => m.Valid && m.Utc is not null).Select(m => m.Utc!.Value).ToList();
    }

    private static FileStream OpenWriter(string path) => new(path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);

    private static void Paced(Stream w, ReadOnlySpan<byte> data, int baud)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        for (int i = 0; i < data.Length; i += 32)
        {
            var part = data.Slice(i, Math.Min(32, data.Length - i));
            w.Write(part);
            w.Flush();
            double wait = (i + part.Length) / (baud / 10.0) - sw.Elapsed.TotalSeconds;
            if (wait > 0) Thread.Sleep(TimeSpan.FromSeconds(wait));
        }
    }
}
