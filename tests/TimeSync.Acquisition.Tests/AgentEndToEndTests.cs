using System.Globalization;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TimeSync.Acquisition.Agent;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// The agent on real pseudo-terminals (socat): a u-blox-like receiver sends RMC 100 ms after each second and a TICC
/// prints its chA (reference) and chB (ECU) timestamps just after each second, at the devices' pace. The agent reads
/// both with System.IO.Ports, records the capture and labels live; stopping it (what SIGTERM does) flushes everything.
/// The live samples must carry the time errors written, and replaying the capture must give the very same samples.
/// </summary>
public sealed class AgentEndToEndTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-agent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static double X(long k) => (10 + k) * 1e-9;

    [Fact]
    public async Task AgentLabelsLiveAndItsCaptureReplaysIdentically()
    {
        using var gnss = new SerialPtyPair(Path.Combine(_dir, "gnss"));
        using var ticc = new SerialPtyPair(Path.Combine(_dir, "ticc"));
        var bench = BenchDescription.ParseYaml($"""
            schema: timesync-bench/1
            bench: pty-rack
            sources:
              - {"{"} name: gnss, kind: gnss-serial, device: "{gnss.HostEnd}", baud: 115200 {"}"}
              - {"{"} name: ticc, kind: ticc, device: "{ticc.HostEnd}", baud: 115200 {"}"}
            reference: {"{"} labels: gnss, pps: "ticc:chA" {"}"}
            channels:
              - {"{"} name: ecu1, method: ticc, counter: ticc {"}"}
            """);
        string capture = Path.Combine(_dir, "agent.pcapng");
        var live = new CollectingSink();
        using var host = AgentHost.Build(new AgentOptions { Bench = bench, CapturePath = capture, ExtraSinks = [live] },
            logging => logging.SetMinimumLevel(LogLevel.Warning));
        await host.StartAsync();

        const int Seconds = 9;
        long first = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2;
        using (var g = new FileStream(gnss.ReceiverEnd, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1))
        using (var t = new FileStream(ticc.ReceiverEnd, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1))
        {
            g.Write("\xB5garbage before the first sentence\r\n"u8); // resynchronisation
            for (long k = 0; k < Seconds; k++)
            {
                long s = first + k;
                WaitUntil(s, 0.003);
                var refT = Duration.FromSeconds(k) + Duration.FromSecondsDouble(0.5); // TICC started 0.5 s before `first`
                var dutT = refT - Duration.FromSecondsDouble(X(k));
                t.Write(Encoding.ASCII.GetBytes($"{dutT.Seconds}.{dutT.Picoseconds:D12} chB\r\n{refT.Seconds}.{refT.Picoseconds:D12} chA\r\n"));
                t.Flush();
                WaitUntil(s, 0.1);
                g.Write(Rmc(s));
                g.Flush();
            }
            WaitUntil(first + Seconds, 0.3);
        }
        await host.StopAsync(); // the host's SIGTERM path

        Assert.True(live.Completed);
        var samples = live.For("ecu1");
        Assert.True(samples.Count >= Seconds - 1, $"{samples.Count} live samples; events: {string.Join(" | ", live.Events.Select(e => e.Message))}");
        foreach (var s in samples)
        {
            long k = s.Sample.Time.UnixSeconds - first;
            Assert.InRange(k, 0, Seconds - 1);
            Assert.Equal(X(k), s.Sample.TimeErrorSeconds, 1e-15);
        }

        var replay = new CollectingSink();
        var result = CaptureReplay.Run(capture, replay);
        Assert.Equal("pty-rack", result.Bench.Bench);
        Assert.Equal(samples, replay.For("ecu1"));
    }

    private static void WaitUntil(long unixSecond, double plusSeconds)
    {
        var due = DateTimeOffset.FromUnixTimeMilliseconds(unixSecond * 1000 + (long)(plusSeconds * 1000));
        var wait = due - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) Thread.Sleep(wait);
    }

    private static byte[] Rmc(long unixSecond)
    {
        var t = DateTime.UnixEpoch.AddSeconds(unixSecond);
        string body = string.Create(CultureInfo.InvariantCulture, $"GNRMC,{t:HHmmss}.00,A,4717.11399,N,00833.91590,E,0.004,77.52,{t:ddMMyy},,,A,V");
        byte sum = 0;
        foreach (char c in body) sum ^= (byte)c;
        return Encoding.ASCII.GetBytes($"${body}*{sum:X2}\r\n");
    }
}
