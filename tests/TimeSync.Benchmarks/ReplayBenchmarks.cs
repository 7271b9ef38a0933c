using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Acquisition.Pps;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;

namespace TimeSync.Benchmarks;

/// <summary>
/// Issue #3's speed target: a capture of 10^7 raw PPS and counter events read to the time-error series (≥ 5 million
/// events/s). Per simulated second the capture holds 5 raw events, as a bench writes them: two kernel PPS event records
/// (pps0 = reference, pps1 = DUT, 24 bytes each, LINKTYPE_USER1), the TAPR TICC's chA (reference) and chB (DUT)
/// timestamp lines, and one GNSS serial read with the NMEA RMC that labels the second — 2·10^6 seconds, 683 MB, read
/// from the page cache. Results are per raw event (OperationsPerInvoke = 10^7): events/s = 1 / mean.
/// <list type="bullet">
/// <item><see cref="Read"/>: the pcapng reader alone.</item>
/// <item><see cref="ReadDecode"/>: reader + the bench's decoders (DecoderFactory: PPS records, TICC lines, NMEA) → DecodedEvent
/// records (the public decoder path, as <c>timesync decode</c>; the pipeline itself decodes to values without records).</item>
/// <item><see cref="ReplayToSink"/>: <c>CaptureReplay.Run</c> into a sink that only counts — reader → decoders → labeller →
/// samples, without keeping them.</item>
/// <item><see cref="ReplayToSeries"/>: <c>CaptureSeries.LoadAll</c> — reader → decoders → labeller → the two channels'
/// 1 s time-error series, the path of <c>timesync replay</c> and <c>timesync analyze CAPTURE</c>: reader and decoders on a
/// second thread, labeller and series on the calling one (<see cref="ReplayToSeriesOneThread"/>: all on one).</item>
/// </list>
/// Run: dotnet run -c Release --project tests/TimeSync.Benchmarks -- --filter '*ReplayBenchmarks*' (without --inProcess: the
/// class sets its own in-process job). Also prints, per benchmark, the median wall-clock time and process CPU time
/// (all threads) per event over its invocations.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(LongRunConfig))]
public class ReplayBenchmarks
{
    /// <summary>Each invocation takes seconds: one warm-up and five measured invocations, in process (no 2-minute rebuild).</summary>
    private sealed class LongRunConfig : ManualConfig
    {
        public LongRunConfig() => AddJob(Job.Default.WithToolchain(new InProcessEmitToolchain(TimeSpan.FromMinutes(30), logOutput: true))
            .WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(5));
    }

    public const int Events = 10_000_000;
    private const long Start = 1_795_000_000;

    private const string BenchJson = """
        {"schema":"timesync-bench/1","sources":[{"name":"gnss","kind":"gnss-serial"},{"name":"ticc","kind":"ticc"},
         {"name":"pps0","kind":"pps"},{"name":"pps1","kind":"pps"}],"reference":{"labels":"gnss","pps":"ticc:chA"},
         "channels":[{"name":"ecu1","method":"ticc","counter":"ticc"},{"name":"logger","method":"pps","reference":"pps0","dut":"pps1"}]}
        """;

    private string _capture = "";
    private BenchDescription _bench = null!;

    [GlobalSetup]
    public void Setup()
    {
        _bench = BenchDescription.ParseJson(BenchJson);
        _capture = Path.Combine(Path.GetTempPath(), $"timesync-replay-bench-{Environment.ProcessId}.pcapng");
        Write(_capture, _bench);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_capture);
        foreach (var (name, list) in CpuNanosecondsPerEvent)
        {
            list.Sort();
            var wall = WallNanosecondsPerEvent[name];
            wall.Sort();
            Console.WriteLine($"// {name}: wall clock median {wall[wall.Count / 2]:0.0} ns/event (min {wall[0]:0.0}) = {1e3 / wall[wall.Count / 2]:0.00} M events/s; " +
                $"CPU time median {list[list.Count / 2]:0.0} ns/event (min {list[0]:0.0}) = {1e3 / list[list.Count / 2]:0.00} M events/s of CPU; {list.Count} invocations");
        }
        CpuNanosecondsPerEvent.Clear();
        WallNanosecondsPerEvent.Clear();
    }

    /// <summary>Process CPU time of each invocation per event (all threads: GC and JIT included), by benchmark.</summary>
    private static readonly Dictionary<string, List<double>> CpuNanosecondsPerEvent = [];

    /// <summary>Wall-clock time of each invocation per event (warm-up included), by benchmark.</summary>
    private static readonly Dictionary<string, List<double>> WallNanosecondsPerEvent = [];

    private static T Cpu<T>(string name, Func<T> body)
    {
        var process = System.Diagnostics.Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var result = body();
        double wallNs = clock.Elapsed.TotalMilliseconds * 1e6 / Events;
        process.Refresh();
        double ns = (process.TotalProcessorTime - before).TotalMilliseconds * 1e6 / Events;
        if (!CpuNanosecondsPerEvent.TryGetValue(name, out var list)) CpuNanosecondsPerEvent[name] = list = [];
        list.Add(ns);
        if (!WallNanosecondsPerEvent.TryGetValue(name, out var wall)) WallNanosecondsPerEvent[name] = wall = [];
        wall.Add(wallNs);
        return result;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long Read() => Cpu(nameof(Read), () =>
    {
        using var reader = new PcapngReader(_capture);
        long bytes = 0;
        while (reader.TryRead(out var e)) bytes += e.Payload.Length;
        if (reader.EventCount != Events) throw new InvalidOperationException($"read {reader.EventCount} events");
        return bytes;
    });

    [Benchmark(OperationsPerInvoke = Events)]
    public long ReadDecode() => Cpu(nameof(ReadDecode), () =>
    {
        using var reader = new PcapngReader(_capture);
        var decoders = _bench.Sources.Select(DecoderFactory.Create).ToArray();
        var decoded = new List<DecodedEvent>(8);
        long count = 0;
        while (reader.TryRead(out var e))
        {
            decoded.Clear();
            decoders[e.SourceId].Push(e.Payload.Span, e.HostTimeUnixNanoseconds, decoded);
            count += decoded.Count;
        }
        if (count != Events) throw new InvalidOperationException($"decoded {count} events");
        return count;
    });

    [Benchmark(OperationsPerInvoke = Events)]
    public long ReplayToSink() => Cpu(nameof(ReplayToSink), () =>
    {
        var sink = new CountingSink();
        var result = CaptureReplay.Run(_capture, sink, new ReplayOptions());
        if (result.RawEvents != Events || sink.Samples < 2L * Events / 5 - 10) throw new InvalidOperationException($"replayed {result.RawEvents} events, {sink.Samples} samples");
        return sink.Samples;
    });

    /// <summary>The decode stage alone (<c>ReplayFeed</c>: reader + decoders into batches, as the second thread of a replay runs it).</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long DecodeStage() => Cpu(nameof(DecodeStage), () =>
    {
        var batch = new DecodedEventBuffer(2 * ReplayStages.RawEventsPerBatch);
        long values = 0;
        Decode(() => batch, b => values += b.Count);
        return values;
    });

    /// <summary>
    /// The decode stage over the whole capture, as a replay's second thread runs it: each batch filled into the buffer
    /// <paramref name="next"/> gives, then handed to <paramref name="filled"/>.
    /// </summary>
    private void Decode(Func<DecodedEventBuffer> next, Action<DecodedEventBuffer> filled)
    {
        using var reader = new PcapngReader(_capture);
        var pipeline = new AcquisitionPipeline(CaptureReplay.ReadBench(reader, _capture), new CountingSink());
        var feed = new ReplayFeed(_capture, reader, pipeline, new ReplayOptions());
        bool more;
        do
        {
            var batch = next();
            more = feed.Fill(batch, ReplayStages.RawEventsPerBatch);
            filled(batch);
        } while (more);
        if (feed.RawEvents != Events) throw new InvalidOperationException($"decoded {feed.RawEvents} events");
    }

    private List<DecodedEventBuffer>? _decodedBatches;

    /// <summary>The decoded batches of the whole capture, for <see cref="LabelStage"/> (≈ 1 GB).</summary>
    [GlobalSetup(Target = nameof(LabelStage))]
    public void SetupLabelStage()
    {
        Setup();
        var batches = new List<DecodedEventBuffer>();
        Decode(() => new DecodedEventBuffer(2 * ReplayStages.RawEventsPerBatch), batches.Add);
        _decodedBatches = batches;
    }

    [GlobalCleanup(Target = nameof(LabelStage))]
    public void CleanupLabelStage()
    {
        _decodedBatches = null; // the next benchmarks must not carry a 1 GB heap
        Cleanup();
        GC.Collect();
    }

    /// <summary>The label stage alone (labeller + the series sink, as the calling thread of a replay runs it) over batches held in memory.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long LabelStage() => Cpu(nameof(LabelStage), () =>
    {
        var sink = new SeriesSink();
        var pipeline = new AcquisitionPipeline(_bench, sink);
        foreach (var batch in _decodedBatches!) pipeline.Label(batch);
        pipeline.CompleteLabels();
        if (pipeline.DecodedEvents != Events) throw new InvalidOperationException($"labelled {pipeline.DecodedEvents} events");
        return pipeline.DecodedEvents;
    });

    private sealed class CountingSink : ISampleSink
    {
        public long Samples { get; private set; }
        public void OnSample(string channel, TimeSync.Acquisition.Labelling.ChannelSample sample) => Samples++;
        public void OnEvent(TimeSync.Acquisition.Labelling.LabelEvent labelEvent) { }
        public void Complete() { }
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public long ReplayToSeries() => Cpu(nameof(ReplayToSeries), () => ToSeries(new ReplayOptions()));

    /// <summary>As <see cref="ReplayToSeries"/> on one thread (<c>ReplayOptions.Parallel = false</c>): the CPU cost without the hand-over.</summary>
    [Benchmark(OperationsPerInvoke = Events)]
    public long ReplayToSeriesOneThread() => Cpu(nameof(ReplayToSeriesOneThread), () => ToSeries(new ReplayOptions { Parallel = false }));

    private long ToSeries(ReplayOptions options)
    {
        var series = CaptureSeries.LoadAll(_capture, options, out var result);
        if (result.RawEvents != Events) throw new InvalidOperationException($"replayed {result.RawEvents} events");
        long usable = 0;
        foreach (var s in series) foreach (double x in s.Values) if (!double.IsNaN(x)) usable++;
        if (usable < 2L * Events / 5 - 10) throw new InvalidOperationException($"only {usable} usable samples");
        return usable;
    }

    /// <summary>The capture: per second pps0, pps1 records, TICC chA and chB lines, one RMC read (interfaces in bench order).</summary>
    public static void Write(string path, BenchDescription bench)
    {
        using var w = new PcapngWriter(path, new PcapngWriterOptions { BenchDescription = bench.ToJson(), Fsync = false, Overwrite = true, BufferBytes = 4 << 20 });
        foreach (var s in bench.Sources)
            w.AddSource(new CaptureSource(s.Name, SourceKinds.IsPps(s.Kind) ? CaptureLinkType.PpsEvent : CaptureLinkType.SerialBytes, s.Kind));
        var counterZero = Duration.FromSecondsDouble(-0.3); // the TICC started 0.3 s before the first edge
        Span<byte> record = stackalloc byte[PpsEventRecord.Size];
        for (long k = 0; k < Events / 5; k++)
        {
            long edgeNs = (Start + k) * 1_000_000_000L;
            var refAt = Instant.FromUnixSeconds(Start + k);
            var refT = Duration.FromSeconds(k) - counterZero;
            var dutT = refT - Duration.FromPicoseconds(40_000 + k % 1000); // DUT 40 ns ahead, ±0.5 ns
            PpsEventRecord.FromEdge(true, (uint)k, refAt).Encode(record);
            w.Write(2, edgeNs + 30_000, record);
            PpsEventRecord.FromEdge(true, (uint)k, refAt + Duration.FromNanoseconds(250 + k % 17)).Encode(record);
            w.Write(3, edgeNs + 40_000, record);
            w.Write(1, edgeNs + 2_000_000, Encoding.ASCII.GetBytes($"{refT.Seconds}.{refT.Picoseconds:D12} chA\r\n"));
            w.Write(1, edgeNs + 2_100_000, Encoding.ASCII.GetBytes($"{dutT.Seconds}.{dutT.Picoseconds:D12} chB\r\n"));
            w.Write(0, edgeNs + 90_000_000, Rmc(Start + k));
        }
    }

    private static byte[] Rmc(long unixSeconds)
    {
        var t = DateTime.UnixEpoch.AddSeconds(unixSeconds);
        string body = string.Create(CultureInfo.InvariantCulture, $"GPRMC,{t:HHmmss}.00,A,4717.11399,N,00833.91590,E,0.004,77.52,{t:ddMMyy},,,A");
        byte sum = 0;
        foreach (char c in body) sum ^= (byte)c;
        return Encoding.ASCII.GetBytes($"${body}*{sum:X2}\r\n");
    }
}
