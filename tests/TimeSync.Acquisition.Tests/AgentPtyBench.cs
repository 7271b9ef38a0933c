using System.Text;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;
using TimeSync.Testing;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// The bench the agent tests drive in real time on real pseudo-terminals (socat): a u-blox-like receiver on "gnss" and a
/// TAPR TICC on "ticc" timing the reference PPS (chA) and an ECU's PPS (chB), one channel "ecu1". <see cref="Play"/> makes
/// the devices talk at their pace: the TICC prints its two timestamps 3 ms after each second, the receiver its RMC
/// (talker GN, NMEA 4.1) <see cref="MessageDelaySeconds"/> later. Shared by AgentEndToEndTests (agent in process) and
/// AgentToInfluxTests (the `timesync agent` process).
/// </summary>
internal sealed class AgentPtyBench : IDisposable
{
    /// <summary>
    /// RMC after the second, and at least <see cref="MinimumSpacingSeconds"/> after the TICC line: the agent stamps each
    /// port when its reader thread runs, and on a loaded machine (load 25 on 2 cores) one reader ran 0.3 s, once 0.6 s,
    /// after the other; with RMC 0.1 s after the second the two stamps swapped and the RMC labelled the pulse before its
    /// own (a sample 1 s off). 0.4 s leaves as much room both ways (TICC stamp late / RMC stamp late past the next pulse)
    /// while the message stays before the middle of the second, where the labeller's order would be in doubt.
    /// </summary>
    public const double MessageDelaySeconds = 0.4;
    private const double MinimumSpacingSeconds = 0.3;

    private readonly List<string> _writes = [];

    public SerialPtyPair Gnss { get; }
    public SerialPtyPair Ticc { get; }

    /// <summary>For failure messages: when <see cref="Play"/> wrote what (UTC, seconds after the second it is for).</summary>
    public string Writes => string.Join("\n", _writes);

    public AgentPtyBench(string directory)
    {
        Gnss = new SerialPtyPair(Path.Combine(directory, "gnss"));
        Ticc = new SerialPtyPair(Path.Combine(directory, "ticc"));
    }

    /// <summary>The bench description (YAML) of the two devices and channel ecu1, with <paramref name="more"/> appended (e.g. an influx: section).</summary>
    public string Yaml(string more = "") => $$"""
        schema: timesync-bench/1
        bench: pty-rack
        sources:
          - { name: gnss, kind: gnss-serial, device: "{{Gnss.HostEnd}}", baud: 115200 }
          - { name: ticc, kind: ticc, device: "{{Ticc.HostEnd}}", baud: 115200 }
        reference: { labels: gnss, pps: "ticc:chA" }
        channels:
          - { name: ecu1, method: ticc, counter: ticc }
        {{more}}

        """;

    /// <summary>
    /// Waits until the agent's log says it opened both ports ("source NAME: DEVICE: open at …"): bytes written before a
    /// reader opens its device wait in the pty and arrive as one burst, seconds apart in the schedule but one host time
    /// apart, which no labeller can tell apart.
    /// </summary>
    public static void WaitForPortsOpen(Func<IEnumerable<string>> log, TimeSpan timeout)
    {
        foreach (var name in new[] { "gnss", "ticc" })
            RealTime.WaitFor(() => log().Any(l => l.Contains($"source {name}: ", StringComparison.Ordinal) && l.Contains(" open at ", StringComparison.Ordinal)),
                timeout, () => $"the agent to open {name}; its log:\n{string.Join("\n", log())}");
    }

    /// <summary>
    /// Plays <paramref name="seconds"/> seconds from the second after next on: second k of them has the ECU's time error
    /// <paramref name="timeErrorSeconds"/>(k) (whole picoseconds: the TICC prints 12 decimals) and the TICC started 0.5 s
    /// before the first. <paramref name="gnssPreamble"/> goes to the receiver's port first. Returns the first UTC second.
    /// This thread can wake up late on a loaded machine (1 s was seen): a second whose TICC line would go out more than
    /// 0.1 s late is left out (<see cref="SkippedSeconds"/>: a pulse the devices missed), and so is an RMC that would
    /// come within 0.15 s of the next pulse, instead of squeezing the schedule until messages and pulses change places.
    /// With <paramref name="recordedBytes"/> (an in-process agent's count of the bytes of a source it recorded) each write
    /// waits until the agent has recorded the one before: the agent stamps a port when its reader thread runs, and with
    /// the test process busy both readers stalled for up to 1 s and then ran in either order (an RMC stamped before its
    /// pulse). The handshake keeps the stamps in the order the devices talked; what is tested (live labels, the capture
    /// replaying to them) is unchanged.
    /// </summary>
    public long Play(int seconds, Func<long, double> timeErrorSeconds, ReadOnlySpan<byte> gnssPreamble = default, Func<string, long>? recordedBytes = null)
    {
        long first = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 2;
        long gnssSent = 0, ticcSent = 0;
        void Recorded(string source, long sent)
        {
            if (recordedBytes is null) return;
            RealTime.WaitFor(() => recordedBytes(source) >= sent, TimeSpan.FromSeconds(60), () => $"the agent to record {sent} bytes of {source} (it has {recordedBytes(source)}); written:\n{Writes}");
        }
        using var g = new FileStream(Gnss.ReceiverEnd, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
        using var t = new FileStream(Ticc.ReceiverEnd, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
        if (!gnssPreamble.IsEmpty)
        {
            g.Write(gnssPreamble);
            g.Flush();
            Recorded("gnss", gnssSent += gnssPreamble.Length);
        }
        for (long k = 0; k < seconds; k++)
        {
            long s = first + k;
            RealTime.WaitUntil(s, 0.003);
            if (SecondsAfter(s) > 0.1)
            {
                SkippedSeconds++;
                _writes.Add($"{s}: skipped, this thread woke up at +{SecondsAfter(s):F3} s");
                continue;
            }
            var refT = Duration.FromSeconds(k) + Duration.FromSecondsDouble(0.5);
            var dutT = refT - Duration.FromSecondsDouble(timeErrorSeconds(k)); // x = T_dut − T_ref: a DUT ahead pulses earlier
            var lines = TiccLines(refT, dutT);
            t.Write(lines);
            t.Flush();
            double ticcWritten = SecondsAfter(s);
            _writes.Add($"{s}: ticc at +{ticcWritten:F3} s");
            Recorded("ticc", ticcSent += lines.Length);
            RealTime.WaitUntil(s, Math.Max(MessageDelaySeconds, ticcWritten + MinimumSpacingSeconds));
            if (SecondsAfter(s) > 0.85)
            {
                _writes.Add($"{s}: gnss skipped, this thread woke up at +{SecondsAfter(s):F3} s");
                continue;
            }
            var rmc = NmeaSentences.Rmc(s, talker: "GN", navStatus: true);
            g.Write(rmc);
            g.Flush();
            _writes.Add($"{s}: gnss at +{SecondsAfter(s):F3} s");
            Recorded("gnss", gnssSent += rmc.Length);
        }
        RealTime.WaitUntil(first + seconds, 0.3);
        return first;
    }

    /// <summary>A TAPR TICC's two timestamp lines for one second in timestamp mode: chB (the ECU's pulse, first when it is ahead) and chA (the reference).</summary>
    public static byte[] TiccLines(Duration refT, Duration dutT) =>
        Encoding.ASCII.GetBytes($"{dutT.Seconds}.{dutT.Picoseconds:D12} chB\r\n{refT.Seconds}.{refT.Picoseconds:D12} chA\r\n");

    /// <summary>Seconds <see cref="Play"/> left out because this thread woke up too late for them.</summary>
    public int SkippedSeconds { get; private set; }

    private static double SecondsAfter(long unixSecond) => (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() - unixSecond * 1000) / 1e3;

    /// <summary>For failure messages: what the agent recorded, one line per read (host time, source, first bytes).</summary>
    public static string Reads(string capture)
    {
        var lines = new List<string>();
        using var reader = new PcapngReader(capture);
        foreach (var e in reader.Events())
        {
            var text = Encoding.ASCII.GetString(e.Payload.Span[..Math.Min(24, e.Payload.Length)]).Replace("\r", "\\r").Replace("\n", "\\n");
            lines.Add($"{e.HostTimeUnixNanoseconds / 1e9:F3} {reader.Sources[e.SourceId].Name} {e.Payload.Length} B {text}");
        }
        return string.Join("\n", lines);
    }

    public void Dispose()
    {
        Gnss.Dispose();
        Ticc.Dispose();
    }
}
