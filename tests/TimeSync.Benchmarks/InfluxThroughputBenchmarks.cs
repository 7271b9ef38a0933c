using System.Diagnostics;
using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Acquisition.Pps;
using TimeSync.Capture.Pcapng;
using TimeSync.Cli.Influx;
using TimeSync.Core.Time;
using TimeSync.Influx;
using TimeSync.Influx.Delivery;
using TimeSync.Influx.Transport;
using TimeSync.Testing;

namespace TimeSync.Benchmarks;

/// <summary>
/// Points per second from a replayed capture into the local InfluxDB, beside the server's own ceiling measured in the
/// same run: the very points the replay writes, as a prepared line-protocol file posted by curl in one request.
/// The capture: a receiver (RMC) and five kernel PPS devices (a reference and four loggers) for 50 000 s, i.e. 200 000
/// time-error samples plus their 60 s rolling statistics. Needs TIMESYNC_INFLUXDB_URL (.ci/servers.sh) and curl.
/// Run: source .ci/servers.sh; start_servers; dotnet run -c Release --project tests/TimeSync.Benchmarks -- --filter '*Influx*'
/// Points/s = points (printed by the setup) / Mean.
/// </summary>
[Config(typeof(InProcessConfig))]
public class InfluxThroughputBenchmarks
{
    /// <summary>In process (no generated project to build: the shared 2-core machine builds slowly), 1 warm-up, 6 runs.</summary>
    private sealed class InProcessConfig : ManualConfig
    {
        public InProcessConfig() => AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
            .WithStrategy(RunStrategy.Monitoring).WithLaunchCount(1).WithWarmupCount(1).WithIterationCount(6));
    }

    private const int Seconds = 50_000;
    private const int Loggers = 4;
    private const long Start = 1_795_000_000;

    private string _url = "";
    private string _capture = "";
    private string _lineFile = "";
    private string _spoolDir = "";
    private long _points;
    private BenchDescription _bench = null!;
    private List<(string Channel, ChannelSample Sample)> _samples = [];
    private List<LabelEvent> _events = [];

    [GlobalSetup]
    public void Setup()
    {
        _url = (Environment.GetEnvironmentVariable("TIMESYNC_INFLUXDB_URL") ?? throw new InvalidOperationException(
            "set TIMESYNC_INFLUXDB_URL (start the servers with: source .ci/servers.sh; start_servers)")).TrimEnd('/');
        var sources = string.Join(",", Enumerable.Range(0, Loggers + 1).Select(i => $$"""{"name":"pps{{i}}","kind":"pps"}"""));
        var channels = string.Join(",", Enumerable.Range(1, Loggers).Select(i => $$"""{"name":"logger{{i}}","method":"pps","reference":"pps0","dut":"pps{{i}}"}"""));
        _bench = BenchDescription.ParseJson($$"""
            {"schema":"timesync-bench/1","bench":"bench-1","sources":[{"name":"gnss","kind":"gnss-serial"},{{sources}}],
             "reference":{"labels":"gnss","pps":"pps0"},"channels":[{{channels}}]}
            """);
        _capture = Path.Combine(Path.GetTempPath(), $"timesync-influx-bench-{Environment.ProcessId}.pcapng");
        using (var w = new PcapngWriter(_capture, new PcapngWriterOptions { BenchDescription = _bench.ToJson(), Fsync = false, Overwrite = true, BufferBytes = 4 << 20 }))
        {
            foreach (var s in _bench.Sources)
                w.AddSource(new CaptureSource(s.Name, SourceKinds.IsPps(s.Kind) ? CaptureLinkType.PpsEvent : CaptureLinkType.SerialBytes, s.Kind));
            var rng = new Random(42);
            for (long k = 0; k < Seconds; k++)
            {
                long edge = (Start + k) * 1_000_000_000L;
                var refAt = Instant.FromUnixSeconds(Start + k) + Duration.FromNanoseconds(1_000);
                w.Write(1, edge + 30_000, PpsEventRecord.FromEdge(true, (uint)k, refAt).ToBytes());
                for (int d = 1; d <= Loggers; d++)
                    w.Write(1 + d, edge + 30_000 + d * 1_000, PpsEventRecord.FromEdge(true, (uint)k, refAt + Duration.FromNanoseconds(rng.Next(-20, 20) + d * 100)).ToBytes());
                w.Write(0, edge + 90_000_000, NmeaSentences.Rmc(Start + k));
            }
        }
        _spoolDir = Directory.CreateTempSubdirectory("timesync-influx-bench-spool").FullName;

        // The points the replay writes, recorded once: the curl ceiling posts exactly these.
        var recorder = new RecordingTransport();
        var collected = new CollectingPairs();
        var recordingSink = new InfluxSampleSink(new InfluxSink(recorder, Delivery(), "bench-1", null, _ => { }), _ => { });
        recordingSink.Describe(_bench);
        CaptureReplay.Run(_capture, new Both(recordingSink, collected));
        recordingSink.Complete();
        _samples = collected.Samples;
        _events = collected.Events;
        _lineFile = Path.Combine(Path.GetTempPath(), $"timesync-influx-bench-{Environment.ProcessId}.lp");
        File.WriteAllText(_lineFile, recorder.Text.ToString());
        _points = recordingSink.Final!.Value.Written;
        Console.WriteLine($"// influx benchmark: {_samples.Count} samples, {_points} points per run ({new FileInfo(_lineFile).Length} bytes of line protocol)");
        foreach (var db in new[] { "bench_curl", "bench_replay", "bench_sink" }) Curl("-XPOST", $"{_url}/query", "--data-urlencode", $"q=CREATE DATABASE {db}");
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        File.Delete(_capture);
        File.Delete(_lineFile);
    }

    private DeliveryOptions Delivery() => new() { SpoolDirectory = _spoolDir };

    [Benchmark(Baseline = true, Description = "curl: the replay's points as one line-protocol POST (server ceiling)")]
    public void CurlCeiling()
    {
        var code = Curl("-o", "/dev/null", "-w", "%{http_code}", "-XPOST", $"{_url}/write?db=bench_curl&precision=ns", "--data-binary", "@" + _lineFile);
        if (code.Trim() != "204") throw new InvalidOperationException("curl write answered HTTP " + code);
    }

    [Benchmark(Description = "replay: capture → decode → label → InfluxSink (batches of 5000, v1 /write)")]
    public void ReplayCapture()
    {
        var sink = new InfluxSampleSink(InfluxSink.Create(new InfluxTarget { Url = new Uri(_url), Database = "bench_replay" }, Delivery(), "bench-1", _ => { }), _ => { });
        sink.Describe(_bench);
        CaptureReplay.Run(_capture, new Both(sink, null));
        sink.Complete();
        if (sink.Final!.Value.Written != _points) throw new InvalidOperationException($"wrote {sink.Final.Value.Written} of {_points}");
    }

    [Benchmark(Description = "InfluxSink alone: the replay's samples and events → batches of 5000 → v1 /write")]
    public void Sink()
    {
        var sink = new InfluxSampleSink(InfluxSink.Create(new InfluxTarget { Url = new Uri(_url), Database = "bench_sink" }, Delivery(), "bench-1", _ => { }), _ => { });
        sink.Describe(_bench);
        foreach (var (channel, sample) in _samples) sink.OnSample(channel, sample);
        foreach (var e in _events) sink.OnEvent(e);
        sink.Complete();
        if (sink.Final!.Value.Written != _points) throw new InvalidOperationException($"wrote {sink.Final.Value.Written} of {_points}");
    }

    private sealed class RecordingTransport : IInfluxTransport
    {
        public readonly StringBuilder Text = new();
        public string Target => "recorder";
        public Task<WriteOutcome> WriteAsync(string lineProtocol, CancellationToken cancellationToken)
        {
            lock (Text) Text.Append(lineProtocol).Append(lineProtocol.EndsWith('\n') ? "" : "\n");
            return Task.FromResult(WriteOutcome.Ok);
        }
        public void Dispose() { }
    }

    private sealed class CollectingPairs : ISampleSink
    {
        public readonly List<(string, ChannelSample)> Samples = [];
        public readonly List<LabelEvent> Events = [];
        public void OnSample(string channel, ChannelSample sample) => Samples.Add((channel, sample));
        public void OnEvent(LabelEvent labelEvent) => Events.Add(labelEvent);
        public void Complete() { }
    }

    /// <summary>Feeds the InfluxDB sink (completed by the caller, as replay does) and optionally a second sink.</summary>
    private sealed class Both(InfluxSampleSink influx, ISampleSink? other) : ISampleSink
    {
        public void OnSample(string channel, ChannelSample sample) { influx.OnSample(channel, sample); other?.OnSample(channel, sample); }
        public void OnEvent(LabelEvent labelEvent) { influx.OnEvent(labelEvent); other?.OnEvent(labelEvent); }
        public void Complete() => other?.Complete();
    }

    private static string Curl(params string[] args)
    {
        var psi = new ProcessStartInfo("curl", ["-sS", "--fail-with-body", .. args]) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        string error = p.StandardError.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"curl {string.Join(' ', args)} failed ({p.ExitCode}): {error}");
        return output;
    }
}
