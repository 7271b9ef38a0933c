using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Acquisition.Pps;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;

namespace TimeSync.Benchmarks;

/// <summary>
/// Raw PPS and counter events (per second: one RMC, TICC chA and chB lines, two kernel PPS records) through
/// decode → label → samples, from memory and from a pcapng capture on disk, and the labeller alone on decoded events.
/// Target: ≥ 5 million events/s. Results are per event (OperationsPerInvoke); the pipeline streams with bounded memory,
/// so 10^7 events take 10× the time of the 10^6 used here (10^7 per invocation exceeds the in-process toolchain's limit
/// on this shared machine).
/// Run: dotnet run -c Release --project tests/TimeSync.Benchmarks -- --filter '*PipelineBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    public const int Events = 1_000_000;
    private const int PerSecond = 5;
    private const long Start = 1_795_000_000;

    private const string BenchJson = """
        {"schema":"timesync-bench/1","sources":[{"name":"gnss","kind":"gnss-serial"},{"name":"ticc","kind":"ticc"},
         {"name":"pps0","kind":"pps"},{"name":"pps1","kind":"pps"}],"reference":{"labels":"gnss","pps":"ticc:chA"},
         "channels":[{"name":"ecu1","method":"ticc","counter":"ticc"},{"name":"logger","method":"pps","reference":"pps0","dut":"pps1"}]}
        """;

    private BenchDescription _bench = null!;
    private byte[] _payload = null!;
    private int[] _start = null!;
    private byte[] _source = null!;
    private long[] _host = null!;
    private string _capture = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bench = BenchDescription.ParseJson(BenchJson);
        var payload = new MemoryStream(Events * 32);
        _start = new int[Events + 1];
        _source = new byte[Events];
        _host = new long[Events];
        int n = 0;
        void Add(int source, long host, ReadOnlySpan<byte> bytes)
        {
            _start[n] = (int)payload.Position;
            _source[n] = (byte)source;
            _host[n] = host;
            payload.Write(bytes);
            n++;
        }
        var zero = Duration.FromSecondsDouble(-0.3);
        for (long k = 0; n < Events; k++)
        {
            long edge = (Start + k) * 1_000_000_000L;
            var refT = Duration.FromSeconds(k) - zero;
            var dutT = refT - Duration.FromPicoseconds(40_000 + k % 1000);
            var refAt = Instant.FromUnixSeconds(Start + k);
            Add(2, edge + 30_000, PpsEventRecord.FromEdge(true, (uint)k, refAt).ToBytes());
            Add(3, edge + 40_000, PpsEventRecord.FromEdge(true, (uint)k, refAt + Duration.FromNanoseconds(250 + k % 17)).ToBytes());
            Add(1, edge + 2_000_000, Encoding.ASCII.GetBytes($"{refT.Seconds}.{refT.Picoseconds:D12} chA\r\n"));
            Add(1, edge + 2_100_000, Encoding.ASCII.GetBytes($"{dutT.Seconds}.{dutT.Picoseconds:D12} chB\r\n"));
            Add(0, edge + 90_000_000, Rmc(Start + k));
        }
        _start[n] = (int)payload.Position;
        _payload = payload.ToArray();

        _capture = Path.Combine(Path.GetTempPath(), $"timesync-bench-{Environment.ProcessId}.pcapng");
        using var w = new PcapngWriter(_capture, new PcapngWriterOptions { BenchDescription = _bench.ToJson(), Fsync = false, Overwrite = true, BufferBytes = 4 << 20 });
        foreach (var s in _bench.Sources)
            w.AddSource(new CaptureSource(s.Name, SourceKinds.IsPps(s.Kind) ? CaptureLinkType.PpsEvent : CaptureLinkType.SerialBytes, s.Kind));
        for (int i = 0; i < Events; i++) w.Write(_source[i], _host[i], _payload.AsSpan(_start[i], _start[i + 1] - _start[i]));
    }

    private List<TimeSync.Acquisition.Decoding.DecodedEvent> _decoded = null!;

    [GlobalSetup(Target = nameof(LabelOnly))]
    public void SetupDecoded()
    {
        Setup();
        var decoders = _bench.Sources.Select(DecoderFactory.Create).ToArray();
        _decoded = new List<TimeSync.Acquisition.Decoding.DecodedEvent>(Events);
        for (int i = 0; i < Events; i++) decoders[_source[i]].Push(_payload.AsSpan(_start[i], _start[i + 1] - _start[i]), _host[i], _decoded);
    }

    /// <summary>The labeller alone (decoded events → samples): this project's part of the pipeline.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long LabelOnly()
    {
        var sink = new CountingSink();
        var labeller = new Labeller(_bench, sink);
        foreach (var e in _decoded) labeller.OnEvent(e);
        labeller.Complete();
        return sink.Samples;
    }

    [GlobalCleanup]
    public void Cleanup() => File.Delete(_capture);

    private static byte[] Rmc(long unixSeconds)
    {
        var t = DateTime.UnixEpoch.AddSeconds(unixSeconds);
        string body = string.Create(CultureInfo.InvariantCulture, $"GPRMC,{t:HHmmss}.00,A,4717.11399,N,00833.91590,E,0.004,77.52,{t:ddMMyy},,,A");
        byte sum = 0;
        foreach (char c in body) sum ^= (byte)c;
        return Encoding.ASCII.GetBytes($"${body}*{sum:X2}\r\n");
    }

    /// <summary>Decode → label → samples for 10^7 raw events held in memory.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long FromMemory()
    {
        var sink = new CountingSink();
        var pipeline = new AcquisitionPipeline(_bench, sink);
        var payload = _payload;
        for (int i = 0; i < Events; i++)
            pipeline.Push(_source[i], _host[i], payload.AsSpan(_start[i], _start[i + 1] - _start[i]));
        pipeline.Complete();
        if (sink.Samples < Events / PerSecond * 2 - 10) throw new InvalidOperationException($"only {sink.Samples} samples");
        return sink.Samples;
    }

    /// <summary>The same events read from a pcapng capture (<c>timesync replay</c>'s path).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long FromCapture()
    {
        var sink = new CountingSink();
        var result = CaptureReplay.Run(_capture, sink);
        if (result.RawEvents != Events) throw new InvalidOperationException($"read {result.RawEvents} events");
        return sink.Samples;
    }

    private sealed class CountingSink : ISampleSink
    {
        public long Samples;
        public long Events;
        public void OnSample(string channel, ChannelSample sample) => Samples++;
        public void OnEvent(LabelEvent labelEvent) => Events++;
        public void Complete() { }
    }
}
