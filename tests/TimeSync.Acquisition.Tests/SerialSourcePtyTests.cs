using System.Collections.Concurrent;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Serial;
using TimeSync.Testing;
using Xunit.Abstractions;
using static TimeSync.Testing.RealTime;

namespace TimeSync.Acquisition.Tests;

/// <summary>System.IO.Ports reading a real pty that socat feeds with a real receiver log at the receiver's pace.</summary>
[Collection(LiveCollection.Name)]
public sealed class SerialSourcePtyTests(ITestOutputHelper output)
{
    private static string TempDir() => Path.Combine(Path.GetTempPath(), "timesync-pty-" + Guid.NewGuid().ToString("N")[..8]);

    private static byte[] LogBody(string name)
    {
        var data = File.ReadAllBytes(RepoPaths.SharedFile("captures", "gnss", name));
        return data[RawSerialLog.CommentBlockLength(data)..];
    }

    private static List<DecodedEvent> Comparable(IEnumerable<DecodedEvent> events) =>
        events.Where(e => e is GnssTimeMessage or TimePulseInfo).Select(e => e with { HostTimeUnixNanoseconds = 0 }).ToList();

    [Fact]
    public async Task A_receiver_log_sent_at_9600_baud_through_a_pty_decodes_like_the_file()
    {
        var body = LogBody("ublox-lea-4t.log"); // NMEA and binary UBX with TIM-TP: raw mode must pass every byte
        using var pty = new SerialPtyPair(TempDir());
        var chunks = new ConcurrentQueue<SerialData>();
        var logLines = new ConcurrentQueue<string>();
        var source = new SerialSource(new SerialPortSpec(pty.HostEnd, 9600), e => { if (e is SerialData d) chunks.Enqueue(d); }, logLines.Enqueue);
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(cts.Token);
        WaitFor(() => source.Connected, TimeSpan.FromSeconds(30), "the serial port to open");

        pty.WritePaced(body, 9600);
        WaitFor(() => source.BytesRead >= body.Length, TimeSpan.FromSeconds(30), "all bytes");
        cts.Cancel();
        await run;

        var received = chunks.SelectMany(c => c.Bytes).ToArray();
        Assert.Equal(body, received);
        Assert.True(chunks.Count > 1, "a paced stream arrives in several reads");
        long[] stamps = chunks.Select(c => c.HostTimeUnixNanoseconds).ToArray();
        Assert.True(stamps.Zip(stamps.Skip(1)).All(p => p.First <= p.Second), "host times are non-decreasing");
        // At 960 bytes/s the stream takes ~3 s: the stamps must span most of that (pacing really happened).
        Assert.InRange((stamps[^1] - stamps[0]) / 1e9, 0.5 * body.Length / 960.0, 60);

        var decoder = new GnssStreamDecoder("gnss");
        var live = new List<DecodedEvent>();
        foreach (var c in chunks) decoder.Push(c.Bytes, c.HostTimeUnixNanoseconds, live);
        var fromFile = RawSerialLog.Decode(File.ReadAllBytes(RepoPaths.SharedFile("captures", "gnss", "ublox-lea-4t.log")), new GnssStreamDecoder("gnss"));
        Assert.NotEmpty(Comparable(fromFile));
        Assert.Equal(Comparable(fromFile), Comparable(live));
        output.WriteLine($"{chunks.Count} reads, {received.Length} bytes, span {(stamps[^1] - stamps[0]) / 1e6:F0} ms; log: {string.Join(" | ", logLines)}");
    }

    [Fact]
    public async Task Unplugging_the_pty_is_logged_retried_and_resumed_with_a_gap()
    {
        var body = LogBody("mtk-3301.log");
        int half = body.AsSpan().IndexOf("$GPGGA,081437"u8); // split on a sentence boundary
        Assert.True(half > 0);
        using var pty = new SerialPtyPair(TempDir());
        var events = new ConcurrentQueue<SerialEvent>();
        var logLines = new ConcurrentQueue<string>();
        var source = new SerialSource(new SerialPortSpec(pty.HostEnd, 4800), events.Enqueue, logLines.Enqueue)
        {
            InitialBackoff = TimeSpan.FromMilliseconds(100),
            MaxBackoff = TimeSpan.FromMilliseconds(400),
        };
        using var cts = new CancellationTokenSource();
        var run = source.RunAsync(cts.Token);
        WaitFor(() => source.Connected, TimeSpan.FromSeconds(30), "the serial port to open");
        pty.WritePaced(body.AsSpan(0, half), 115200);
        WaitFor(() => source.BytesRead >= half, TimeSpan.FromSeconds(30), "the first half");

        pty.Unplug();
        WaitFor(() => !source.Connected && logLines.Count >= 2, TimeSpan.FromSeconds(30), "the source to notice and retry");
        Thread.Sleep(300);
        pty.Start();
        WaitFor(() => source.Connected, TimeSpan.FromSeconds(30), "the source to resume");
        pty.WritePaced(body.AsSpan(half), 115200);
        WaitFor(() => source.BytesRead >= body.Length, TimeSpan.FromSeconds(30), "the second half");
        cts.Cancel();
        await run; // never faulted

        foreach (var l in logLines) output.WriteLine(l);
        Assert.All(logLines, l => Assert.DoesNotContain('\n', l));
        Assert.Contains(logLines, l => l.Contains("retrying in"));
        Assert.Contains(logLines, l => l.Contains("resumed"));
        var list = events.ToList();
        int gapAt = list.FindIndex(e => e is SerialGap);
        Assert.True(gapAt > 0, "a gap is marked between the halves");
        var gap = (SerialGap)list[gapAt];
        Assert.True(gap.LostAtUnixNanoseconds < gap.HostTimeUnixNanoseconds);
        Assert.Single(list.OfType<SerialGap>());
        Assert.Equal(body[..half], list.Take(gapAt).OfType<SerialData>().SelectMany(d => d.Bytes).ToArray());
        Assert.Equal(body[half..], list.Skip(gapAt).OfType<SerialData>().SelectMany(d => d.Bytes).ToArray());
    }
}
