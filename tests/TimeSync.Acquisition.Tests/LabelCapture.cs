using System.Globalization;
using System.Text;
using TimeSync.Acquisition.Bench;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;
using TimeSync.Testing;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// Writes a pcapng capture of a bench with a GNSS receiver (NMEA RMC, optionally UBX TIM-TP) and a TAPR TICC in
/// timestamp mode timing the reference PPS (chA) and a DUT's PPS (chB), with what goes wrong on a real bench under the
/// test's control: the second a receiver's messages state (a time jump), seconds without messages (an outage), TICC
/// lines the host reads late (a loaded machine), extra bytes on the GNSS line (a leap-second announcement).
/// </summary>
internal sealed class LabelCapture
{
    public const long DefaultStart = 1_795_000_000;
    public const string Channel = "ecu1";

    /// <summary>The UTC second of the first pulse (epoch k = 0).</summary>
    public long Start = DefaultStart;

    public int Seconds = 60;
    /// <summary>The UTC second the receiver's messages of epoch k state (null: no message that epoch); default Start + k.</summary>
    public Func<long, long?>? Label;
    /// <summary>The receiver also sends TIM-TP (400 ms before the pulse it announces, stating the same label).</summary>
    public bool TimTp { get; set; }
    /// <summary>Extra host latency of the TICC's lines of second k (both lines are read in one chunk, as a late read does).</summary>
    public Func<long, double> TiccLateSeconds = _ => 0;
    /// <summary>RMC after its pulse by this much (u-blox: ~80 ms).</summary>
    public double RmcDelaySeconds = 0.08;
    /// <summary>Host clock − UTC.</summary>
    public long HostOffsetNs = 3_217_000;
    /// <summary>The TICC started this long before Start (its t = 0).</summary>
    public double CounterStartSeconds = 0.25;
    /// <summary>The TICC's t = 0 for the pulse of epoch k, in seconds after Start (default −CounterStartSeconds; a restart moves it).</summary>
    public Func<long, double>? CounterZeroAt;
    /// <summary>The RMC of epoch k stating second s, as sent (default: a u-blox RMC of s).</summary>
    public Func<long, long, byte[]> Rmc = (_, s) => NmeaSentences.Rmc(s, talker: "GN", navStatus: true);
    /// <summary>More bytes on the GNSS line: (second k, after its pulse by seconds, bytes).</summary>
    public List<(long K, double After, byte[] Bytes)> GnssExtra = [];

    /// <summary>DUT time error at second k: distinct every second, so a sample shows which pulse it measured.</summary>
    public static double X(long k) => 1e-9 * (10 + k);

    public const string BenchJson = """
        {
          "schema": "timesync-bench/1", "bench": "label-rack",
          "sources": [
            { "name": "gnss", "kind": "gnss-serial", "device": "/dev/ttyACM0", "baud": 115200, "receiver": "u-blox ZED-F9T" },
            { "name": "ticc", "kind": "ticc", "device": "/dev/ttyACM1", "baud": 115200, "mode": "timestamp" }
          ],
          "reference": { "labels": "gnss", "pps": "ticc:chA" },
          "channels": [ { "name": "ecu1", "method": "ticc", "counter": "ticc" } ]
        }
        """;

    public long HostNs(long k, double afterSeconds) => (Start + k) * 1_000_000_000L + HostOffsetNs + (long)Math.Round(afterSeconds * 1e9);

    public void Write(string path)
    {
        var bench = BenchDescription.ParseJson(BenchJson);
        using var w = new PcapngWriter(path, new PcapngWriterOptions { BenchDescription = bench.ToJson(), Fsync = false });
        int gnss = w.AddSource(new CaptureSource("gnss", CaptureLinkType.SerialBytes, "serial /dev/ttyACM0 115200 8N1"));
        int ticc = w.AddSource(new CaptureSource("ticc", CaptureLinkType.SerialBytes, "serial /dev/ttyACM1 115200 8N1"));
        var events = new List<(long Host, int Source, byte[] Bytes)>();
        for (long k = 0; k < Seconds; k++)
        {
            var counterZero = Duration.FromSecondsDouble(CounterZeroAt?.Invoke(k) ?? -CounterStartSeconds);
            if ((Label is null ? Start + k : Label(k)) is long s)
            {
                if (TimTp) events.Add((HostNs(k, -0.4), gnss, PipelineWire.TimTp(Instant.FromUnixSeconds(s), 0)));
                events.Add((HostNs(k, RmcDelaySeconds), gnss, Rmc(k, s)));
            }
            var refEdge = Duration.FromSeconds(k) - counterZero;
            var dutEdge = Duration.FromSeconds(k) - Duration.FromSecondsDouble(X(k)) - counterZero;
            // the TICC prints each edge as it happens: the DUT's (earlier, x > 0) then the reference's
            byte[] lines = [.. PipelineWire.Ticc(dutEdge, "chB"), .. PipelineWire.Ticc(refEdge, "chA")];
            events.Add((HostNs(k, 0.002 + TiccLateSeconds(k)), ticc, lines));
        }
        foreach (var (k, after, bytes) in GnssExtra) events.Add((HostNs(k, after), gnss, bytes));
        foreach (var e in events.OrderBy(e => e.Host)) w.Write(e.Source, e.Host, e.Bytes);
    }

    /// <summary>An RMC whose time field is written as given ("235960" for a leap second), on the date of <paramref name="dateOf"/>.</summary>
    public static byte[] RmcAt(string hhmmss, long dateOf)
    {
        var t = DateTime.UnixEpoch.AddSeconds(dateOf);
        string body = string.Create(CultureInfo.InvariantCulture,
            $"GNRMC,{hhmmss}.00,A,4717.11399,N,00833.91590,E,0.004,77.52,{t:ddMMyy},,,A,V");
        return Encoding.ASCII.GetBytes(NmeaSentences.Frame(body));
    }
}
