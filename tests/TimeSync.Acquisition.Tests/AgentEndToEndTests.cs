using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TimeSync.Acquisition.Agent;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Testing;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// The agent on real pseudo-terminals (socat): a u-blox-like receiver sends RMC 0.4 s after each second and a TICC
/// prints its chA (reference) and chB (ECU) timestamps just after each second, at the devices' pace (<see cref="AgentPtyBench"/>). The agent reads
/// both with System.IO.Ports, records the capture and labels live; stopping it (what SIGTERM does) flushes everything.
/// The live samples must carry the time errors written, and replaying the capture must give the very same samples.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class AgentEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-agent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double X(long k) => (10 + k) * 1e-9;

    [Fact]
    public async Task AgentLabelsLiveAndItsCaptureReplaysIdentically()
    {
        using var devices = new AgentPtyBench(_dir);
        var bench = BenchDescription.ParseYaml(devices.Yaml());
        string capture = Path.Combine(_dir, "agent.pcapng");
        var live = new CollectingSink();
        var logs = new ConcurrentQueue<string>();
        using var host = AgentHost.Build(new AgentOptions { Bench = bench, CapturePath = capture, ExtraSinks = [live] }, logging =>
        {
            logging.ClearProviders();
            logging.AddProvider(new ListLoggerProvider(logs));
            logging.SetMinimumLevel(LogLevel.Information);
        });
        await host.StartAsync();
        AgentPtyBench.WaitForPortsOpen(() => logs, TimeSpan.FromSeconds(60));

        const int Seconds = 9;
        var agent = host.Services.GetServices<IHostedService>().OfType<BenchAgentService>().Single();
        long first = devices.Play(Seconds, X, "\xB5garbage before the first sentence\r\n"u8, agent.RecordedBytes); // resynchronisation
        await host.StopAsync(); // the host's SIGTERM path

        Assert.True(live.Completed);
        var samples = live.For("ecu1");
        Assert.True(samples.Count >= Seconds - 1 - devices.SkippedSeconds && samples.Count >= 3,
            $"{samples.Count} live samples; events: {string.Join(" | ", live.Events.Select(e => e.Message))}\nwritten:\n{devices.Writes}");
        foreach (var s in samples)
        {
            long k = s.Sample.Time.UnixSeconds - first;
            Assert.True(k is >= 0 and < Seconds && Math.Abs(X(k) - s.Sample.TimeErrorSeconds) < 1e-15,
                $"sample {s.Sample.Time} = {s.Sample.TimeErrorSeconds:R} is not second {k} of {first}..; events: {string.Join(" | ", live.Events.Select(e => $"{e.Utc} {e.Kind} {e.Message}"))}\n" +
                $"written:\n{devices.Writes}\nrecorded:\n{AgentPtyBench.Reads(capture)}");
        }

        var replay = new CollectingSink();
        var result = CaptureReplay.Run(capture, replay);
        Assert.Equal("pty-rack", result.Bench.Bench);
        Assert.Equal(samples, replay.For("ecu1"));
    }
}
