using System.Text.Json;
using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;
using TimeSync.Testing;
using Xunit.Abstractions;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// Decoding each real receiver log in shared/captures/gnss must recover every UTC time gpsd (the reference decoder)
/// reported in its TPV reports (the .chk beside each log). No per-file special cases: held-out logs run through the same code.
/// </summary>
public sealed class DecodingReferenceLogTests(ITestOutputHelper log)
{
    public static TheoryData<string> Logs()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.SharedFile("captures", "gnss"), "*.log").Order())
            if (File.Exists(f + ".chk")) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Logs))]
    public void Decoding_each_log_recovers_every_time_the_reference_decoder_found(string name)
    {
        string path = RepoPaths.SharedFile("captures", "gnss", name);
        var reference = ReferenceTimes(path + ".chk");
        Assert.NotEmpty(reference.Times); // a log without TPV times would prove nothing

        // Odd chunk size: frames straddle raw events as they do on a serial port.
        var events = RawSerialLog.Decode(File.ReadAllBytes(path), new GnssStreamDecoder("gnss"), chunkSize: 37);
        var decoded = new Dictionary<string, List<GnssTimeMessage>>();
        foreach (var m in events.OfType<GnssTimeMessage>())
        {
            if (m.Utc is not Instant utc) continue;
            string key = RoundToDigits(utc, reference.Digits);
            if (!decoded.TryGetValue(key, out var list)) decoded[key] = list = [];
            list.Add(m);
        }

        var missing = reference.Times.Where(t => !decoded.ContainsKey(t)).ToList();
        Assert.True(missing.Count == 0, $"{name}: {missing.Count} TPV times not decoded, e.g. {string.Join(", ", missing.Take(5))}");

        // Extra times are reported, and each must be explained by one of gpsd's reporting rules:
        //  (a) the message is invalid (RMC status V, GGA quality 0, …): gpsd prints no time before a fix;
        //  (b) it precedes gpsd's first reported time: gpsd reports from the first whole cycle after the fix,
        //      the cycle in which the fix appears is swallowed;
        //  (c) UBX NAV-TIMEGPS / NAV-TIMEUTC: gpsd takes leap seconds from them but its TPV time from NAV-SOL/NAV-PVT;
        //      they state the true UTC of the epoch that gpsd labelled with its 18 s default before it learnt the leap seconds.
        string first = reference.Times.Min(StringComparer.Ordinal)!;
        var extras = decoded.Where(kv => !reference.Times.Contains(kv.Key)).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        foreach (var (time, msgs) in extras)
            log.WriteLine($"{name}: extra {time} from {string.Join(",", msgs.Select(m => m.Kind + (m.Valid ? "" : "(invalid)")))}");
        log.WriteLine($"{name}: {reference.Times.Count} reference times, {decoded.Count} decoded, {extras.Count} extra, " +
                      $"{events.OfType<DecodeProblem>().Count()} problems");
        var unexplained = extras
            .Where(kv => kv.Value.Any(m => m.Valid && m.Kind is not ("NAV-TIMEGPS" or "NAV-TIMEUTC")))
            .Where(kv => string.CompareOrdinal(kv.Key, first) > 0)
            .Select(kv => kv.Key).ToList();
        Assert.True(unexplained.Count == 0, $"{name}: valid decoded times gpsd did not report: {string.Join(", ", unexplained.Take(5))}");
    }

    private sealed record Reference(HashSet<string> Times, int Digits);

    private static Reference ReferenceTimes(string chk)
    {
        var times = new HashSet<string>();
        int digits = 3;
        foreach (var line in File.ReadLines(chk))
        {
            if (!line.StartsWith('{')) continue;
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.GetProperty("class").GetString() != "TPV" || !root.TryGetProperty("time", out var t)) continue;
            string s = t.GetString()!;
            int dot = s.IndexOf('.');
            digits = dot < 0 ? 0 : s.Length - dot - 2; // digits between '.' and 'Z'
            times.Add(s);
        }
        return new Reference(times, digits);
    }

    /// <summary>The instant rounded half-up to the reference's printed precision, formatted like it.</summary>
    private static string RoundToDigits(Instant utc, int digits)
    {
        long unit = 1;
        for (int i = digits; i < 12; i++) unit *= 10;
        return (utc + Duration.FromPicoseconds(unit / 2)).ToIsoString(digits);
    }
}
