using System.Globalization;
using System.Text.RegularExpressions;
using TimeSync.Core.Series;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers.Importers;

/// <summary>
/// ppstest output (pps-tools ppstest.c): "source %d - assert %ld.%09ld, sequence: %ld - clear  %ld.%09ld, sequence: %ld".
/// Each assert timestamp is the system clock's reading at a PPS edge that marks a whole second of the reference, so
/// x = T_sys − T_ref = assert − nearest whole second (see <see cref="PpsSign"/>), at that second. Channel "pps&lt;N&gt;".
/// Preamble lines ("trying PPS source", "found PPS source", "ok, found 1 source(s)...") are skipped; fetch errors
/// ("time_pps_fetch() error ...") and sequence jumps (missed pulses) are warnings. Note: ppstest itself sets the
/// device's assert_offset to 675 ns (PPS_OFFSETASSERT); the timestamps already include that offset.
/// </summary>
public sealed partial class PpstestReader : ISeriesReader
{
    public string FormatName => "ppstest";

    [GeneratedRegex(@"^\s*source\s+(?<src>\d+)\s+-\s+assert\s+(?<t>\d+\.\d{1,9}),\s+sequence:\s+(?<seq>\d+)")]
    private static partial Regex Line();

    public double Detect(IReadOnlyList<string> headLines)
    {
        double share = Detection.Share(headLines.Where(l => !IsPreamble(l)).ToList(), Line());
        bool preamble = headLines.Any(l => l.Contains("PPS source", StringComparison.Ordinal));
        return share == 0 ? (preamble ? 0.5 : 0) : Math.Min(1, 0.9 * share + (preamble ? 0.1 : 0));
    }

    public IReadOnlyList<ImportedSeries> Read(TextReader reader, string sourceName)
    {
        var import = new LineImport(reader, sourceName);
        var lastSequence = new Dictionary<string, long>();
        string? line;
        while ((line = import.NextLine()) is not null)
        {
            if (line.Trim().Length == 0 || IsPreamble(line)) continue;
            if (line.Contains("time_pps_fetch()", StringComparison.Ordinal)) { import.Warn($"fetch error: {TiccReader.Shorten(line.Trim())}"); continue; }
            var m = Line().Match(line);
            if (!m.Success) { import.Warn($"not a ppstest line: '{TiccReader.Shorten(line.Trim())}'; skipped"); continue; }
            if (!ExactSeconds.TryParse(m.Groups["t"].ValueSpan, out var assert)) { import.Warn("assert time out of range; skipped"); continue; }
            string channel = "pps" + m.Groups["src"].Value;
            if (!long.TryParse(m.Groups["seq"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long seq)) { import.Warn("sequence number out of range; skipped"); continue; }
            if (assert == Duration.Zero) { import.Warn("no assert event yet (0.000000000); skipped"); continue; }
            if (lastSequence.TryGetValue(channel, out var prev))
            {
                if (seq == prev) continue; // ppstest prints the same event again when no new pulse came
                if (seq > prev + 1) import.Warn($"{channel}: sequence jumps from {prev} to {seq} ({seq - prev - 1} pulse(s) missed)");
            }
            lastSequence[channel] = seq;
            var (second, x) = PpsSign.FromAssert(assert);
            import.Add(channel, SeriesKind.Phase, second, x);
        }
        return import.Finish(FormatName, _ => 1.0);
    }

    private static bool IsPreamble(string line)
    {
        var t = line.TrimStart();
        return t.StartsWith("trying PPS source", StringComparison.Ordinal) || t.StartsWith("found PPS source", StringComparison.Ordinal)
            || t.StartsWith("ok, found", StringComparison.Ordinal);
    }
}

/// <summary>
/// The sign of a host PPS timestamp, in one place: the edge occurs at a whole second of the reference; the host clock
/// reads T_sys there, so x = T_sys − T_ref = timestamp − nearest whole second, in [−0.5 s, 0.5 s).
/// </summary>
public static class PpsSign
{
    public static (Instant ReferenceSecond, double TimeErrorSeconds) FromAssert(Duration timestampSinceEpoch)
    {
        long second = timestampSinceEpoch.Seconds;
        if (timestampSinceEpoch.Picoseconds >= Duration.PicosecondsPerSecond / 2) second++;
        var reference = Instant.FromUnixSeconds(second);
        return (reference, (timestampSinceEpoch - reference.SinceEpoch).TotalSeconds);
    }
}
