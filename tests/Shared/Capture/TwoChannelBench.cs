using System.Globalization;
using System.Text;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Pps;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;

namespace TimeSync.Testing;

/// <summary>
/// A recorded bench for replay tests (linked into the test projects that reference Acquisition and Capture): a u-blox
/// receiver (RMC 90 ms after each pulse), a TICC timing the reference PPS (chA) and an ECU's PPS (chB), and two kernel
/// PPS devices (reference pps0 and a data logger pps1), written with the real PcapngWriter.
/// </summary>
internal static class TwoChannelBench
{
    /// <summary>Unix second of the first pulse.</summary>
    public const long Start = 1_795_000_000;

    /// <summary>
    /// Writes <paramref name="seconds"/> seconds of the bench named <paramref name="bench"/> to <paramref name="path"/>:
    /// channel ecu1 (TICC) has time error <paramref name="ecuX"/>(k), channel logger (PPS) <paramref name="loggerX"/>(k)
    /// in second k (seconds, x = T_dut − T_ref); the logger misses the pulses of <paramref name="missing"/>, the receiver
    /// reports no fix (RMC status V) in the seconds of <paramref name="noFix"/>.
    /// </summary>
    public static string Write(string path, string bench, int seconds, Func<long, double> ecuX, Func<long, double> loggerX,
        ISet<long>? missing = null, ISet<long>? noFix = null)
    {
        string description = $$"""
            {"schema":"timesync-bench/1","bench":"{{bench}}",
             "sources":[{"name":"gnss","kind":"gnss-serial"},{"name":"ticc","kind":"ticc"},{"name":"pps0","kind":"pps"},{"name":"pps1","kind":"pps"}],
             "reference":{"labels":"gnss","pps":"ticc:chA"},
             "channels":[{"name":"ecu1","method":"ticc","counter":"ticc"},{"name":"logger","method":"pps","reference":"pps0","dut":"pps1"}]}
            """;
        using var w = new PcapngWriter(path, new PcapngWriterOptions { BenchDescription = BenchDescription.ParseJson(description).ToJson(), Fsync = false });
        int gnss = w.AddSource(new CaptureSource("gnss", CaptureLinkType.SerialBytes, "serial /dev/ttyACM0 115200 8N1"));
        int ticc = w.AddSource(new CaptureSource("ticc", CaptureLinkType.SerialBytes, "serial /dev/ttyACM1 115200 8N1"));
        int pps0 = w.AddSource(new CaptureSource("pps0", CaptureLinkType.PpsEvent, "pps /dev/pps0"));
        int pps1 = w.AddSource(new CaptureSource("pps1", CaptureLinkType.PpsEvent, "pps /dev/pps1"));
        var ev = new List<(long Host, int Source, byte[] Bytes)>();
        var zero = Duration.FromSecondsDouble(-0.4);
        for (long k = 0; k < seconds; k++)
        {
            long edge = (Start + k) * 1_000_000_000L + 1_000_000;
            ev.Add((edge + 90_000_000, gnss, TimeSync.Testing.NmeaSentences.Rmc(Start + k, fix: noFix?.Contains(k) != true)));
            // a DUT ahead by x pulses x earlier than the reference: its TICC timestamp (chB) and its kernel PPS edge too
            ev.Add((edge + 2_000_000, ticc, Ticc(Duration.FromSeconds(k) - zero, "chA")));
            ev.Add((edge + 2_100_000, ticc, Ticc(Duration.FromSeconds(k) - Duration.FromSecondsDouble(ecuX(k)) - zero, "chB")));
            var refAt = Instant.FromUnixSeconds(Start + k) + Duration.FromNanoseconds(1_000);
            ev.Add((edge + 50_000, pps0, Pps(refAt, (uint)k)));
            if (missing?.Contains(k) != true) ev.Add((edge + 60_000, pps1, Pps(refAt - Duration.FromSecondsDouble(loggerX(k)), (uint)k)));
        }
        foreach (var e in ev.OrderBy(e => e.Host)) w.Write(e.Source, e.Host, e.Bytes);
        return path;
    }

    private static byte[] Ticc(Duration t, string ch) => Encoding.ASCII.GetBytes($"{t.Seconds}.{t.Picoseconds:D12} {ch}\r\n");

    private static byte[] Pps(Instant at, uint seq) => PpsEventRecord.FromEdge(true, seq, at).ToBytes();
}
