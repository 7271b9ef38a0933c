using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using TimeSync.Acquisition.Bench;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;
using TimeSync.Influx.Tests.Infrastructure;

namespace TimeSync.Influx.Tests;

/// <summary>`timesync replay CAPTURE --influx-*` as a real process: per channel, the points in InfluxDB are the samples replay analyzes.</summary>
public class ReplayToInfluxTests
{
    internal const long Start = 1_795_000_000;

    /// <summary>A u-blox receiver (RMC), a TICC timing the reference PPS (chA) and an ECU (chB), and two kernel PPS
    /// devices (reference, logger), written with the real PcapngWriter; the logger misses <paramref name="missing"/> pulses,
    /// the receiver reports no fix (RMC status V) in the seconds of <paramref name="noFix"/>.</summary>
    internal static string WriteCapture(string dir, int seconds, ISet<long> missing, ISet<long>? noFix = null)
    {
        string bench = """
            {"schema":"timesync-bench/1","bench":"influx-replay",
             "sources":[{"name":"gnss","kind":"gnss-serial"},{"name":"ticc","kind":"ticc"},{"name":"pps0","kind":"pps"},{"name":"pps1","kind":"pps"}],
             "reference":{"labels":"gnss","pps":"ticc:chA"},
             "channels":[{"name":"ecu1","method":"ticc","counter":"ticc"},{"name":"logger","method":"pps","reference":"pps0","dut":"pps1"}]}
            """;
        string path = Path.Combine(dir, "bench.pcapng");
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
            ev.Add((edge + 90_000_000, gnss, Rmc(Instant.FromUnixSeconds(Start + k), noFix?.Contains(k) != true)));
            ev.Add((edge + 2_000_000, ticc, Ticc(Duration.FromSeconds(k) - zero, "chA")));
            ev.Add((edge + 2_100_000, ticc, Ticc(Duration.FromSeconds(k) - Duration.FromSecondsDouble(40e-9 + 3e-9 * Math.Sin(k * 0.7)) - zero, "chB")));
            var refAt = Instant.FromUnixSeconds(Start + k) + Duration.FromNanoseconds(1_000);
            ev.Add((edge + 50_000, pps0, Pps(refAt, (uint)k)));
            if (!missing.Contains(k)) ev.Add((edge + 60_000, pps1, Pps(refAt - Duration.FromSecondsDouble(-1.5e-6 + 2e-9 * k), (uint)k)));
        }
        foreach (var e in ev.OrderBy(e => e.Host)) w.Write(e.Source, e.Host, e.Bytes);
        return path;
    }

    private static byte[] Rmc(Instant utc, bool fix)
    {
        var t = utc.ToDateTimeUtc();
        string body = string.Create(CultureInfo.InvariantCulture, $"GPRMC,{t:HHmmss}.00,{(fix ? 'A' : 'V')},4717.11399,N,00833.91590,E,0.004,77.52,{t:ddMMyy},,,{(fix ? 'A' : 'N')}");
        byte sum = 0;
        foreach (char c in body) sum ^= (byte)c;
        return Encoding.ASCII.GetBytes($"${body}*{sum:X2}\r\n");
    }

    private static byte[] Ticc(Duration t, string ch) => Encoding.ASCII.GetBytes($"{t.Seconds}.{t.Picoseconds:D12} {ch}\r\n");

    private static byte[] Pps(Instant at, uint seq) => Acquisition.Pps.PpsEventRecord.FromEdge(true, seq, at).ToBytes();

    [InfluxFact]
    public async Task Replay_PointsPerChannelEqualReplayAnalysisCount_WithGapsAndEvents()
    {
        var dir = TestData.TempDir("replay");
        var capture = WriteCapture(dir, 120, new HashSet<long> { 30, 31, 32, 77 });
        using var ql = new InfluxQl(Servers.Influx);
        var db = TestData.UniqueName("replay");
        await ql.ExecAsync($"CREATE DATABASE {db}");

        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "timesync.dll"), "replay", capture, "--json", "-", "--stats", "adev",
                     "--influx-url", Servers.Influx, "--influx-database", db, "--influx-spool-dir", Path.Combine(dir, "spool") })
            psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(90)));
        Assert.True(p.ExitCode == 0, stderr.Result);
        Assert.Contains("points written to", stderr.Result);

        var channels = JsonDocument.Parse(stdout.Result).RootElement.GetProperty("channels");
        foreach (var name in new[] { "ecu1", "logger" })
        {
            long analyzed = channels.GetProperty(name).GetProperty("count").GetInt64();
            var counts = (await ql.QueryAsync(db, $"SELECT count(x_s), count(gap) FROM time_error WHERE channel = '{name}' AND bench = 'influx-replay'"))[0];
            long values = counts.Rows[0][1].GetInt64();
            long gaps = counts.Rows[0][2].ValueKind == JsonValueKind.Null ? 0 : counts.Rows[0][2].GetInt64();
            Assert.Equal(analyzed, values + gaps);
            if (name == "logger") Assert.Equal(4, gaps);
        }
        var tags = (await ql.QueryAsync(db, "SELECT x_s, reference, source FROM time_error WHERE channel = 'ecu1' LIMIT 1"))[0];
        Assert.Equal("ticc", tags.Rows[0][tags.Column("source")].GetString());
        var missing = await ql.QueryAsync(db, "SELECT sum(\"count\") FROM event WHERE kind = 'missing_pulse' AND channel = 'logger'");
        Assert.True(missing.Count == 1 && missing[0].Rows[0][1].GetInt64() >= 1, "missing pulses are events");
    }
}
