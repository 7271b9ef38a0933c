using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Cli.Tests;

/// <summary>
/// The gnss-holdover bench with the GNSS antenna outage seen by the bench receiver too: its NMEA reports no fix
/// (RMC status V, GGA quality 0) from 600 s to 1200 s, as the device under test loses its reference. The holdover check,
/// without `loss-at`, starts at the labeller's fix-lost event and ends at fix-regained, end to end through replay.
/// </summary>
public partial class FixLostHoldoverTests
{
    private static readonly DateTime StartUtc = new(2026, 3, 2, 8, 0, 0, DateTimeKind.Utc); // the scenario's default start

    [Fact]
    public void HoldoverIsMeasuredFromTheFixLostEventToFixRegained()
    {
        var dir = Directory.CreateTempSubdirectory("timesync-fixlost-").FullName;
        string capture = Path.Combine(dir, "fixlost.pcapng");
        var (simulated, truth) = GnssHoldoverBench.Simulated;
        int rewritten = WithoutFixBetween(simulated, capture, StartUtc.AddSeconds(600), StartUtc.AddSeconds(1200));
        Assert.Equal(4 * 600, rewritten); // RMC, GGA, NAV-TIMEUTC and TIM-TP each second
        var x = GnssHoldoverBench.TruthX(truth);

        // where the check puts the loss and the return: the labeller's events (TIM-TP, sent after pulse N−1, speaks for pulse N,
        // so an event may name the second after the first one without fix)
        string probe = Path.Combine(dir, "probe.yaml"), probeJunit = Path.Combine(dir, "probe.xml");
        File.WriteAllText(probe, GnssHoldoverBench.Limits("1 ms"));
        var first = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", capture, "--limits", probe, "--junit", probeJunit, "--stats", "adev");
        Assert.True(first.ExitCode == 0, first.StdErr);
        Assert.Contains("channel gm-ocxo: 1 × FixLost", first.StdErr); // the labeller saw the receiver lose its fix once
        Assert.Contains("channel gm-ocxo: 1 × FixRegained", first.StdErr);
        var m = Regex.Match(XDocument.Load(probeJunit).Descendants("system-out").Single().Value, @"^holdover from (\d+) s to (\d+) s: worst \|x − x\(loss\)\| = .* \(1 of (\d+) samples after the loss measured; the others missing or flagged\)");
        Assert.True(m.Success, XDocument.Load(probeJunit).Descendants("system-out").Single().Value);
        int loss = int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), end = int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture);
        Assert.InRange(loss, 600, 601);
        Assert.InRange(end, 1200, 1201);
        // the seconds without fix are gaps: the last second measured before the outage (599) against the first after it
        double excursion = Math.Abs(x[end] - x[599]);
        Assert.InRange(excursion, 5e-9, 1e-5);

        GnssHoldoverBench.AssertPassesAboveAndFailsBelow(dir, capture, excursion);
    }

    /// <summary>
    /// Copies a capture, rewriting the gnss source's messages so that the receiver reports no fix for UTC seconds in [from, to):
    /// RMC status and mode A → V/N, GGA quality 1 → 0, NAV-TIMEUTC and TIM-TP validity bits cleared, checksums recomputed. Lengths are unchanged, so the serial reads
    /// keep their sizes and host times (a sentence split across two reads stays split). Returns the sentences rewritten.
    /// </summary>
    private static int WithoutFixBetween(string source, string destination, DateTime from, DateTime to)
    {
        var events = new List<(int Source, long Time, byte[] Payload)>();
        IReadOnlyList<CaptureSource> sources;
        string? bench;
        using (var reader = new PcapngReader(source))
        {
            foreach (var e in reader.Events()) events.Add((e.SourceId, e.HostTimeUnixNanoseconds, e.Payload.ToArray()));
            sources = reader.Sources;
            bench = reader.BenchDescription;
        }
        int gnss = sources.ToList().FindIndex(s => s.Name == "gnss");
        var stream = events.Where(e => e.Source == gnss).SelectMany(e => e.Payload).ToArray();
        string text = Encoding.Latin1.GetString(stream);
        int count = 0;
        foreach (Match m in Sentence().Matches(text))
        {
            var utc = StartUtc.Date + TimeSpan.ParseExact(m.Groups["hms"].Value, "hhmmss", CultureInfo.InvariantCulture);
            if (utc < from || utc >= to) continue;
            var fields = m.Groups["body"].Value.Split(',');
            if (fields[0] == "GNRMC") { fields[2] = "V"; fields[12] = "N"; }
            else fields[6] = "0";
            string body = string.Join(',', fields);
            byte sum = 0;
            foreach (char c in body) sum ^= (byte)c;
            string sentence = body + "*" + sum.ToString("X2", CultureInfo.InvariantCulture);
            Assert.Equal(m.Length - 1, sentence.Length);
            Encoding.Latin1.GetBytes(sentence).CopyTo(stream, m.Index + 1);
            count++;
        }
        count += UbxWithoutFix(stream, from, to);
        using var writer = new PcapngWriter(destination, new PcapngWriterOptions { BenchDescription = bench, Fsync = false });
        foreach (var s in sources) writer.AddSource(s);
        int offset = 0;
        foreach (var (src, time, payload) in events)
        {
            if (src != gnss) { writer.Write(src, time, payload); continue; }
            writer.Write(src, time, stream.AsSpan(offset, payload.Length));
            offset += payload.Length;
        }
        return count;
    }

    /// <summary>
    /// UBX in place: NAV-TIMEUTC of a second in [from, to) loses validUTC (0x04), TIM-TP sent in such a second loses
    /// "UTC available" (0x02); Fletcher checksums recomputed (u-blox protocol §3.4). Returns the messages rewritten.
    /// </summary>
    private static int UbxWithoutFix(byte[] s, DateTime from, DateTime to)
    {
        int count = 0;
        for (int i = 0; i + 8 <= s.Length; i++)
        {
            if (s[i] != 0xB5 || s[i + 1] != 0x62) continue;
            int cls = s[i + 2], id = s[i + 3], len = s[i + 4] | (s[i + 5] << 8), p = i + 6;
            if (p + len + 2 > s.Length) break;
            DateTime? utc = null;
            int flagIndex = -1;
            byte clear = 0;
            if (cls == 0x01 && id == 0x21 && len >= 20)
            {
                utc = new DateTime(s[p + 12] | (s[p + 13] << 8), s[p + 14], s[p + 15], s[p + 16], s[p + 17], s[p + 18], DateTimeKind.Utc);
                (flagIndex, clear) = (p + 19, 0x04);
            }
            else if (cls == 0x0D && id == 0x01 && len >= 16)
            {
                uint towMs = BitConverter.ToUInt32(s, p);
                ushort week = BitConverter.ToUInt16(s, p + 12);
                // it announces the next pulse and is sent after the current one: it speaks for the second it is sent in
                utc = new DateTime(1980, 1, 6, 0, 0, 0, DateTimeKind.Utc).AddDays(7.0 * week).AddMilliseconds(towMs).AddSeconds(-1);
                (flagIndex, clear) = (p + 14, 0x02);
            }
            if (utc is DateTime t && t >= from && t < to)
            {
                s[flagIndex] &= (byte)~clear;
                byte a = 0, b = 0;
                for (int k = i + 2; k < p + len; k++) { a += s[k]; b += a; }
                s[p + len] = a;
                s[p + len + 1] = b;
                count++;
            }
            i = p + len + 1;
        }
        return count;
    }

    [GeneratedRegex(@"\$(?<body>(GNRMC|GNGGA),(?<hms>\d{6})(\.\d+)?,[^*$]*)\*[0-9A-F]{2}")]
    private static partial Regex Sentence();
}
