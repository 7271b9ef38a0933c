using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// During a GNSS outage the labeller carries the second count from the last labelled edge. Carried by host receive time,
/// a TICC line the host reads more than half a second late took the next second (and the next pulse's sample was then
/// dropped as a duplicate): the flake of AgentResilienceTests at machine load 25–38. The counter's own chA timestamps
/// count the seconds exactly, whatever the host's latency.
/// </summary>
public sealed class OutageCountTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-outage-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly Dictionary<long, double> Late = new() { [15] = 0.6, [22] = 0.75, [31] = 0.9, [40] = 0.8, [41] = 0.65, [47] = 0.85 };

    private static void AssertEverySecondRight(CollectingSink sink, int seconds)
    {
        const long Start = LabelCapture.DefaultStart;
        var samples = sink.For(LabelCapture.Channel);
        var wrong = samples.Where(s => Math.Abs(s.Sample.TimeErrorSeconds - LabelCapture.X(s.Sample.Time.UnixSeconds - Start)) > 1e-12)
            .Select(s => $"{s.Sample.Time.UnixSeconds - Start} holds x of {Math.Round(s.Sample.TimeErrorSeconds * 1e9 - 10)}").ToList();
        Assert.True(wrong.Count == 0, "mislabelled: " + string.Join(", ", wrong));
        Assert.Equal(Enumerable.Range(0, seconds).Select(k => Instant.FromUnixSeconds(Start + k)), samples.Select(s => s.Sample.Time));
        Assert.All(samples, s => Assert.Equal(SampleFlags.None, s.Flags));
        Assert.DoesNotContain(sink.Events, e => e.Kind is LabelEventKind.DuplicateSecond or LabelEventKind.LabelStep or LabelEventKind.NoGnssLabels);
    }

    [Fact]
    public void TiccLinesReadLateDuringAnOutageKeepTheirSecond()
    {
        // messages for seconds 0–9 and 50–69; none for 10–49, while the host reads six TICC chunks 0.6–0.9 s late
        var c = new LabelCapture
        {
            Seconds = 70,
            Label = k => k is >= 10 and < 50 ? null : LabelCapture.DefaultStart + k,
            TiccLateSeconds = k => Late.GetValueOrDefault(k),
        };
        string path = Path.Combine(_dir, "outage.pcapng");
        c.Write(path);
        var sink = new CollectingSink();
        CaptureReplay.Run(path, sink);
        AssertEverySecondRight(sink, 70);
    }

    [Fact]
    public void TheCountIsCarriedThroughAnOutageToTheEndOfTheCapture()
    {
        // messages only for the first 8 seconds: the rest is carried by the counter to the end
        var c = new LabelCapture
        {
            Seconds = 60,
            Label = k => k < 8 ? LabelCapture.DefaultStart + k : null,
            TiccLateSeconds = k => Late.GetValueOrDefault(k),
        };
        string path = Path.Combine(_dir, "tail.pcapng");
        c.Write(path);
        var sink = new CollectingSink();
        CaptureReplay.Run(path, sink);
        AssertEverySecondRight(sink, 60);
    }

    [Fact]
    public void ACounterRestartDuringAnOutageIsCountedOnFromItsNewTimescale()
    {
        // the TICC restarts 29.6 s after Start (its timestamps start again from 0, on another phase): its first two
        // pulses after it are off the old grid (not used), the third is taken (the stream moved) and labelled by host
        // time; from there the count runs on the new timescale, through more late lines
        var late = new Dictionary<long, double> { [15] = 0.7, [36] = 0.8, [41] = 0.9, [44] = 0.6 };
        var c = new LabelCapture
        {
            Seconds = 70,
            Label = k => k is >= 10 and < 50 ? null : LabelCapture.DefaultStart + k,
            TiccLateSeconds = k => late.GetValueOrDefault(k),
            CounterZeroAt = k => k < 30 ? -0.25 : 29.6,
        };
        string path = Path.Combine(_dir, "restart.pcapng");
        c.Write(path);
        var sink = new CollectingSink();
        CaptureReplay.Run(path, sink);
        var samples = sink.For(LabelCapture.Channel);
        Assert.All(samples, s => Assert.Equal(LabelCapture.X(s.Sample.Time.UnixSeconds - LabelCapture.DefaultStart), s.Sample.TimeErrorSeconds, 1e-12));
        Assert.Equal(Enumerable.Range(0, 70).Where(k => k is not (30 or 31)).Select(k => LabelCapture.DefaultStart + k),
            samples.Select(s => s.Sample.Time.UnixSeconds));
        Assert.Equal(new[] { LabelCapture.DefaultStart + 32 }, samples.Where(s => s.Flags != SampleFlags.None).Select(s => s.Sample.Time.UnixSeconds));
        Assert.DoesNotContain(sink.Events, e => e.Kind is LabelEventKind.DuplicateSecond or LabelEventKind.LabelStep);
    }

    // Method pps: the kernel's assert time is the edge's time; the host reading it 0.6–0.9 s later (a loaded agent)
    // changes nothing, in an outage as with messages.
    [Fact]
    public void KernelPpsEdgesReadLateDuringAnOutageKeepTheirSecond()
    {
        var b = new LabellingBench { Seconds = 40, MessagePresent = k => k is < 6 or >= 30, X = k => 1e-6 * (10 + k) };
        var late = new Dictionary<long, double> { [9] = 0.6, [15] = 0.9, [16] = 0.7, [22] = 0.8 };
        var ev = b.PpsEdges().Select(e =>
        {
            if (e is not Decoding.PpsEdge p) return e;
            long k = p.EdgeTime.UnixSeconds - LabellingBench.Start + (p.EdgeTime.Picoseconds > Instant.PicosecondsPerSecond / 2 ? 1 : 0);
            return p with { HostTimeUnixNanoseconds = p.HostTimeUnixNanoseconds + (long)(late.GetValueOrDefault(k) * 1e9) };
        }).ToList();
        var sink = LabellingBench.Run(b.Description(Bench.ChannelMethods.Pps), LabellingBench.Sorted(ev));
        var samples = sink.For("dut");
        Assert.Equal(Enumerable.Range(0, b.Seconds).Select(k => LabellingBench.Start + k), samples.Select(s => s.Sample.Time.UnixSeconds));
        Assert.All(samples, s => Assert.Equal(b.X(s.Sample.Time.UnixSeconds - LabellingBench.Start), s.Sample.TimeErrorSeconds, 1e-12));
        Assert.DoesNotContain(sink.Events, e => e.Kind is LabelEventKind.DuplicateSecond or LabelEventKind.LabelStep);
    }

    // No GNSS message at all: seconds come from the host clock (flagged HostClockLabel). The host clock names the first
    // edge's second; the counter counts on from there, so a line read late does not move its sample to the next second.
    [Fact]
    public void WithoutAnyGnssTheHostClockNamesTheFirstSecondAndTheCounterCountsOn()
    {
        var c = new LabelCapture
        {
            Seconds = 40,
            Label = _ => null,
            TiccLateSeconds = k => Late.GetValueOrDefault(k),
        };
        string path = Path.Combine(_dir, "nognss.pcapng");
        c.Write(path);
        var sink = new CollectingSink();
        CaptureReplay.Run(path, sink);
        var samples = sink.For(LabelCapture.Channel);
        Assert.Equal(Enumerable.Range(0, 40).Select(k => LabelCapture.DefaultStart + k), samples.Select(s => s.Sample.Time.UnixSeconds));
        Assert.All(samples, s => Assert.Equal(LabelCapture.X(s.Sample.Time.UnixSeconds - LabelCapture.DefaultStart), s.Sample.TimeErrorSeconds, 1e-12));
        Assert.All(samples, s => Assert.Equal(SampleFlags.HostClockLabel, s.Flags));
        Assert.Single(sink.Events, e => e.Kind == LabelEventKind.NoGnssLabels);
        Assert.DoesNotContain(sink.Events, e => e.Kind is LabelEventKind.DuplicateSecond);
    }
}
