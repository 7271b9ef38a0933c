using System.Diagnostics;
using System.Text;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Engines;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using TimeSync.Core.Time;
using TimeSync.Influx;
using TimeSync.Influx.Delivery;
using TimeSync.Influx.Schema;
using TimeSync.Influx.Transport;

namespace TimeSync.Benchmarks;

/// <summary>
/// Points per second into the local InfluxDB through the sink, beside the server's own ceiling: the same points as a
/// prepared line-protocol file posted by curl in one request. Needs TIMESYNC_INFLUXDB_URL (.ci/servers.sh) and curl.
/// Run: TIMESYNC_INFLUXDB_URL=http://127.0.0.1:28086 dotnet run -c Release --project tests/TimeSync.Benchmarks -- --filter '*Influx*'
/// Points/s = <see cref="Points"/> / Mean.
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

    public const int Points = 200_000;
    private const int Channels = 4;
    private string _url = "";
    private string _lineFile = "";
    private string _spoolDir = "";
    private List<TimeErrorSample> _samples = [];

    [GlobalSetup]
    public void Setup()
    {
        _url = (Environment.GetEnvironmentVariable("TIMESYNC_INFLUXDB_URL") ?? throw new InvalidOperationException(
            "set TIMESYNC_INFLUXDB_URL (start the servers with: source .ci/servers.sh; start_servers)")).TrimEnd('/');
        // A generated 100 Hz series on 4 channels (50 000 samples each), as a replay would produce.
        var rng = new Random(42);
        var start = Instant.FromUnixSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 3600);
        _samples = new List<TimeErrorSample>(Points);
        for (int i = 0; i < Points / Channels; i++)
            _samples.Add(new TimeErrorSample(start + Duration.FromPicoseconds(10_000_000_000L * i), 1e-8 * (rng.NextDouble() - 0.5)));
        var formatter = new PointFormatter("bench-1", Enumerable.Range(0, Channels).Select(c => new ChannelInfo("dut" + c, "gnss", "ticc")));
        var sb = new StringBuilder();
        for (int c = 0; c < Channels; c++) foreach (var s in _samples) formatter.TimeError(sb, "dut" + c, s);
        _lineFile = Path.Combine(Path.GetTempPath(), "timesync-influx-bench.lp");
        File.WriteAllText(_lineFile, sb.ToString());
        _spoolDir = Directory.CreateTempSubdirectory("timesync-influx-bench-spool").FullName;
        foreach (var db in new[] { "bench_curl", "bench_sink" }) Curl("-XPOST", $"{_url}/query", "--data-urlencode", $"q=CREATE DATABASE {db}");
    }

    [Benchmark(Baseline = true, Description = "curl: prepared line-protocol file, one POST (server ceiling)")]
    public void CurlCeiling()
    {
        var code = Curl("-o", "/dev/null", "-w", "%{http_code}", "-XPOST", $"{_url}/write?db=bench_curl&precision=ns", "--data-binary", "@" + _lineFile);
        if (code.Trim() != "204") throw new InvalidOperationException("curl write answered HTTP " + code);
    }

    [Benchmark(Description = "InfluxSink: samples → batches of 5000 → v1 /write")]
    public async Task Sink()
    {
        var target = new InfluxTarget { Url = new Uri(_url), Database = "bench_sink" };
        await using var sink = new InfluxSink(target.CreateTransport(), new DeliveryOptions { SpoolDirectory = _spoolDir }, "bench-1",
            Enumerable.Range(0, Channels).Select(c => new ChannelInfo("dut" + c, "gnss", "ticc")), _ => { }, rollingWindowSeconds: 0);
        for (int c = 0; c < Channels; c++)
        {
            string channel = "dut" + c;
            foreach (var s in _samples) sink.WriteSample(channel, s);
        }
        var stats = await sink.CompleteAsync();
        if (stats.Written != Points) throw new InvalidOperationException($"wrote {stats.Written} of {Points}");
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
