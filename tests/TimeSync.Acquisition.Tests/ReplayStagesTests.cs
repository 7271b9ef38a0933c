using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Acquisition.Sources;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// A replay runs its decode stage (reader + decoders) on a second thread and its label stage on the calling thread
/// (<c>ReplayOptions.Parallel</c>); one thread and two must give exactly the same samples, events, warnings and counts,
/// and a failure on either side must end the replay with that failure, not a hang.
/// </summary>
public sealed class ReplayStagesTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-stages-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Many batches' worth of raw events, source events (lost, resumed, damaged, of no bench source) and an interface outside the bench.</summary>
    private string Capture()
    {
        string path = Path.Combine(_dir, "bench.pcapng");
        string body = Path.Combine(_dir, "body.pcapng");
        ReplayTests.WriteCapture(body, 1500, skipDut: 700); // 1500 s × 6 raw events: ~9 batches of 1024
        var bench = BenchDescription.ParseJson(ReplayTests.Bench);
        using (var reader = new PcapngReader(body))
        using (var w = new PcapngWriter(path, new PcapngWriterOptions { BenchDescription = bench.ToJson(), Fsync = false }))
        {
            w.AddSource(new CaptureSource("gnss", CaptureLinkType.SerialBytes, "serial"));
            w.AddSource(new CaptureSource("ticc", CaptureLinkType.SerialBytes, "serial"));
            int ev = w.AddSource(new CaptureSource(SourceEventRecord.InterfaceName, CaptureLinkType.SourceEvent, SourceEventRecord.InterfaceDescription));
            int stray = w.AddSource(new CaptureSource("scope", CaptureLinkType.SerialBytes, "not in the bench"));
            long n = 0;
            while (reader.TryRead(out var e))
            {
                w.Write(e.SourceId, e.HostTimeUnixNanoseconds, e.Payload.Span);
                n++;
                if (n == 2000) w.Write(ev, e.HostTimeUnixNanoseconds + 1, SourceEventRecord.Lost("ticc", "device not present").Encode());
                if (n == 2600) w.Write(ev, e.HostTimeUnixNanoseconds + 1, SourceEventRecord.Resumed("ticc", e.HostTimeUnixNanoseconds - 5_000_000_000, "device not present").Encode());
                if (n == 4000) w.Write(ev, e.HostTimeUnixNanoseconds + 1, "garbage"u8);
                if (n == 5000) w.Write(ev, e.HostTimeUnixNanoseconds + 1, SourceEventRecord.Lost("nosuch", "x").Encode());
                if (n % 977 == 0) w.Write(stray, e.HostTimeUnixNanoseconds + 1, "noise\r\n"u8);
                if (n == 7000) w.Write(1, e.HostTimeUnixNanoseconds + 2, "garbage line\r\n"u8);
            }
        }
        return path;
    }

    private static string Dump(string path, bool parallel)
    {
        var sink = new CollectingSink();
        var result = CaptureReplay.Run(path, sink, new ReplayOptions { Parallel = parallel });
        Assert.True(sink.Completed);
        var lines = new List<string> { $"raw {result.RawEvents} decoded {result.DecodedEvents}" };
        lines.AddRange(result.Warnings);
        foreach (var (channel, samples) in sink.Samples.OrderBy(p => p.Key, StringComparer.Ordinal))
            lines.AddRange(samples.Select(s => $"{channel} {s.Sample.Time} {BitConverter.DoubleToInt64Bits(s.Sample.TimeErrorSeconds):x16} {s.Flags}"));
        lines.AddRange(sink.Events.Select(e => e.ToString()));
        return string.Join("\n", lines);
    }

    [Fact]
    public void TwoThreadsGiveExactlyWhatOneThreadGives()
    {
        string path = Capture();
        string one = Dump(path, parallel: false);
        string two = Dump(path, parallel: true);
        Assert.Equal(one, two);
        // the capture does exercise what crosses between the stages
        Assert.Contains("SourceFailed", one);
        Assert.Contains("SourceResumed", one);
        Assert.Contains("DecodeProblem", one);
        Assert.Contains("interface 'scope' is not a source", one);
        Assert.Contains("source event for 'nosuch'", one);
        Assert.Contains("MissingPulse", one);
        Assert.True(long.Parse(one.Split(' ')[1]) > 8 * 1024, "several batches of raw events");
    }

    /// <summary>Fails on the recorded "source lost" event (delivered by the pipeline itself, not inside a channel's labelling).</summary>
    private sealed class ThrowingSink : ISampleSink
    {
        public void OnSample(string channel, ChannelSample sample) { }
        public void OnEvent(LabelEvent labelEvent)
        {
            if (labelEvent.Kind == LabelEventKind.SourceFailed) throw new InvalidOperationException("sink full");
        }
        public void Complete() { }
    }

    /// <summary>Cancels after some samples.</summary>
    private sealed class CancellingSink(CancellationTokenSource cts) : ISampleSink
    {
        private int _samples;
        public void OnSample(string channel, ChannelSample sample)
        {
            if (++_samples == 100) cts.Cancel();
        }
        public void OnEvent(LabelEvent labelEvent) { }
        public void Complete() => throw new InvalidOperationException("completed although cancelled");
    }

    [Fact]
    public void ASinkFailureEndsATwoThreadReplayWithThatFailure()
    {
        string path = Capture();
        var e = Assert.Throws<InvalidOperationException>(() => CaptureReplay.Run(path, new ThrowingSink(), new ReplayOptions { Parallel = true }));
        Assert.Equal("sink full", e.Message);
    }

    [Fact]
    public void CancellingEndsATwoThreadReplay()
    {
        string path = Capture();
        using var cts = new CancellationTokenSource();
        var options = new ReplayOptions { Parallel = true, Cancel = cts.Token };
        Assert.ThrowsAny<OperationCanceledException>(() => CaptureReplay.Run(path, new CancellingSink(cts), options));
    }
}
