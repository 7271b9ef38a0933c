using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TimeSync.Acquisition.Bench;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;

namespace TimeSync.Cli.Tests;

public sealed class ReplayCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-replaycli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const long Start = 1_795_000_000;
    private static double EcuX(long k) => 42e-9 + 3e-9 * Math.Sin(k * 0.7);      // seconds
    private static double LoggerX(long k) => -1.5e-6 + 2e-9 * k;

    /// <summary>
    /// A bench of a u-blox receiver (RMC after each pulse, TIM-TP before it), a TICC timing the reference PPS (chA) and an
    /// ECU's PPS (chB), and two kernel PPS devices (reference and a data logger), written with the real PcapngWriter.
    /// </summary>
    private string WriteCapture(int seconds)
    {
        string bench = """
            {"schema":"timesync-bench/1","bench":"cli-test",
             "sources":[{"name":"gnss","kind":"gnss-serial"},{"name":"ticc","kind":"ticc"},{"name":"pps0","kind":"pps"},{"name":"pps1","kind":"pps"}],
             "reference":{"labels":"gnss","pps":"ticc:chA"},
             "channels":[{"name":"ecu1","method":"ticc","counter":"ticc"},{"name":"logger","method":"pps","reference":"pps0","dut":"pps1"}]}
            """;
        string path = Path.Combine(_dir, "bench.pcapng");
        using var w = new PcapngWriter(path, new PcapngWriterOptions { BenchDescription = BenchDescription.ParseJson(bench).ToJson(), Fsync = false });
        int gnss = w.AddSource(new CaptureSource("gnss", CaptureLinkType.SerialBytes, "serial /dev/ttyACM0 115200 8N1"));
        int ticc = w.AddSource(new CaptureSource("ticc", CaptureLinkType.SerialBytes, "serial /dev/ttyACM1 115200 8N1"));
        int pps0 = w.AddSource(new CaptureSource("pps0", CaptureLinkType.PpsEvent, "pps /dev/pps0"));
        int pps1 = w.AddSource(new CaptureSource("pps1", CaptureLinkType.PpsEvent, "pps /dev/pps1"));
        var ev = new List<(long Host, int Source, byte[] Bytes)>();
        var zero = Duration.FromSecondsDouble(-0.4);
        for (long k = 0; k < seconds; k++)
        {
            long edge = (Start + k) * 1_000_000_000L + 1_000_000;
            ev.Add((edge + 90_000_000, gnss, Rmc(Instant.FromUnixSeconds(Start + k))));
            ev.Add((edge + 2_000_000, ticc, Ticc(Duration.FromSeconds(k) - zero, "chA")));
            ev.Add((edge + 2_100_000, ticc, Ticc(Duration.FromSeconds(k) - Duration.FromSecondsDouble(EcuX(k)) - zero, "chB")));
            var refAt = Instant.FromUnixSeconds(Start + k) + Duration.FromNanoseconds(1_000);
            var dutAt = refAt - Duration.FromSecondsDouble(LoggerX(k));
            ev.Add((edge + 50_000, pps0, Pps(refAt, (uint)k)));
            ev.Add((edge + 60_000, pps1, Pps(dutAt, (uint)k)));
        }
        foreach (var e in ev.OrderBy(e => e.Host)) w.Write(e.Source, e.Host, e.Bytes);
        return path;
    }

    private static byte[] Rmc(Instant utc)
    {
        var t = utc.ToDateTimeUtc();
        string body = string.Create(CultureInfo.InvariantCulture, $"GPRMC,{t:HHmmss}.00,A,4717.11399,N,00833.91590,E,0.004,77.52,{t:ddMMyy},,,A");
        byte sum = 0;
        foreach (char c in body) sum ^= (byte)c;
        return Encoding.ASCII.GetBytes($"${body}*{sum:X2}\r\n");
    }

    private static byte[] Ticc(Duration t, string ch) => Encoding.ASCII.GetBytes($"{t.Seconds}.{t.Picoseconds:D12} {ch}\r\n");

    private static byte[] Pps(Instant at, uint seq) =>
        Acquisition.Pps.PpsEventRecord.FromEdge(true, seq, at).ToBytes();

    [Fact]
    public void Replay_json_holds_each_channels_analysis_and_is_byte_identical()
    {
        string capture = WriteCapture(200);
        string out1 = Path.Combine(_dir, "a.json"), out2 = Path.Combine(_dir, "b.json");
        var r1 = CliProcess.Run("replay", capture, "--json", out1, "--stats", "adev,mtie");
        Assert.True(r1.ExitCode == 0, r1.StdErr);
        Assert.Contains("[ecu1]", r1.StdOut);
        Assert.DoesNotContain("[", r1.StdErr); // no progress bar when redirected
        var r2 = CliProcess.Run("replay", capture, "--json", out2, "--stats", "adev,mtie");
        Assert.Equal(0, r2.ExitCode);
        Assert.Equal(File.ReadAllBytes(out1), File.ReadAllBytes(out2));

        using var doc = JsonDocument.Parse(File.ReadAllText(out1));
        var ecu = doc.RootElement.GetProperty("channels").GetProperty("ecu1");
        Assert.Equal(200, ecu.GetProperty("count").GetInt64());
        var xs = Enumerable.Range(0, 200).Select(k => EcuX(k)).ToArray();
        Assert.Equal(xs.Average(), ecu.GetProperty("summary").GetProperty("mean").GetDouble(), 1e-12); // TICC lines carry 1 ps
        Assert.Equal(xs.Max() - xs.Min(), ecu.GetProperty("summary").GetProperty("peak_to_peak").GetDouble(), 2e-12);
        var logger = doc.RootElement.GetProperty("channels").GetProperty("logger");
        Assert.Equal(Enumerable.Range(0, 200).Average(k => LoggerX(k)), logger.GetProperty("summary").GetProperty("mean").GetDouble(), 1e-12);
        // MTIE at τ = 1 s of a ramp of 2 ns/s is 2 ns
        var mtie1 = logger.GetProperty("deviations").GetProperty("mtie")[0];
        Assert.Equal(1.0, mtie1.GetProperty("tau").GetDouble());
        Assert.Equal(2e-9, mtie1.GetProperty("value").GetDouble(), 1e-12);
    }

    [Fact]
    public void Replay_one_channel_to_stdout_is_the_analyze_document()
    {
        string capture = WriteCapture(50);
        var r = CliProcess.Run("replay", capture, "--channel", "ecu1", "--json", "-", "--stats", "adev");
        Assert.True(r.ExitCode == 0, r.StdErr);
        using var doc = JsonDocument.Parse(r.StdOut);
        Assert.Equal(50, doc.RootElement.GetProperty("count").GetInt64());
        Assert.True(doc.RootElement.TryGetProperty("deviations", out _));
        Assert.False(doc.RootElement.TryGetProperty("channels", out _));
    }

    [Fact]
    public void Replay_bad_inputs_exit_2_with_one_line()
    {
        string capture = WriteCapture(10);
        var r = CliProcess.Run("replay", capture, "--channel", "nope");
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("no channel 'nope'", r.StdErr);
        Assert.Single(r.StdErr.Trim().Split('\n'), l => l.StartsWith("timesync:"));

        string garbage = Path.Combine(_dir, "garbage.pcapng");
        File.WriteAllBytes(garbage, Encoding.ASCII.GetBytes("this is not a capture\n"));
        var g = CliProcess.Run("replay", garbage);
        Assert.Equal(2, g.ExitCode);
        Assert.StartsWith("timesync: " + garbage, g.StdErr);
        Assert.DoesNotContain("   at ", g.StdErr);

        Assert.Equal(2, CliProcess.Run("replay", capture, "--speed", "0").ExitCode);
    }
}
