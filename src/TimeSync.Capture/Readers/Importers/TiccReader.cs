using System.Text.RegularExpressions;
using TimeSync.Core.Series;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers.Importers;

/// <summary>
/// TAPR TICC output (firmware TICC.ino, N8UR/TAPR): lines starting with '#' are banner and headers.
/// Timestamp mode: "&lt;seconds.fraction&gt; chA|chB" (11 decimals by default since 20200412.1, 0-12 configurable);
/// debug mode lines end the same way; TimeLab mode adds "chC" lines (ignored). Interval mode: "&lt;seconds&gt; TI(A->B)".
/// chA is the reference PPS, chB the device under test: each chA is paired with the chB within half a second, and
/// x = −(tB − tA) (see <see cref="TiccSign"/>). Times are the counter's own (relative), from the first pair.
/// </summary>
public sealed partial class TiccReader : ISeriesReader
{
    /// <summary>Channel name of the time-error series (the DUT's input).</summary>
    public const string Channel = "chB";

    public string FormatName => "ticc";

    [GeneratedRegex(@"^\s*(?:[-+]?\d+(?:\.\d+)?\s+){0,7}(?<t>\d+(?:\.\d+)?)\s+ch(?<ch>[ABC])\s*$")]
    private static partial Regex TimestampLine();

    [GeneratedRegex(@"^\s*(?<t>[-+]?\d+(?:\.\d+)?)\s+TI\(A->B\)\s*$")]
    private static partial Regex IntervalLine();

    [GeneratedRegex(@"^\s*(?:[-+]?\d+(?:\.\d+)?\s+){0,7}[-+]?\d+(?:\.\d+)?\s+(?:ch[ABC]|TI\(A->B\))\s*$")]
    private static partial Regex AnyData();

    public double Detect(IReadOnlyList<string> headLines)
    {
        double share = Detection.Share(headLines, AnyData());
        bool banner = headLines.Any(l => l.StartsWith('#') && l.Contains("TICC", StringComparison.OrdinalIgnoreCase));
        return share == 0 ? (banner ? 0.6 : 0) : Math.Min(1, 0.85 * share + (banner ? 0.15 : 0));
    }

    public IReadOnlyList<ImportedSeries> Read(TextReader reader, string sourceName)
    {
        var import = new LineImport(reader, sourceName);
        (Duration T, int Line)? pendingA = null, pendingB = null;
        Duration? firstA = null;
        Duration half = Duration.FromPicoseconds(500_000_000_000L);
        string? line;
        while ((line = import.NextLine()) is not null)
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#')) continue;
            var ts = TimestampLine().Match(line);
            if (ts.Success)
            {
                if (!ExactSeconds.TryParse(ts.Groups["t"].ValueSpan, out var t)) { import.Warn("timestamp has more than 12 decimals or too many digits; skipped"); continue; }
                char ch = ts.Groups["ch"].Value[0];
                if (ch == 'C') continue; // TimeLab's synthesized channel
                if (ch == 'A')
                {
                    if (pendingA is { } oldA) import.WarnAt(oldA.Line, "chA reading without a chB within 0.5 s (missed DUT pulse?)");
                    pendingA = (t, import.LineNumber);
                }
                else
                {
                    if (pendingB is { } oldB) import.WarnAt(oldB.Line, "chB reading without a chA within 0.5 s (missed reference pulse?)");
                    pendingB = (t, import.LineNumber);
                }
                if (pendingA is { } a && pendingB is { } b)
                {
                    var stopMinusStart = b.T - a.T;
                    if (stopMinusStart > -half && stopMinusStart < half)
                    {
                        firstA ??= a.T;
                        import.AddRelative(Channel, SeriesKind.Phase, (a.T - firstA.Value).TotalSeconds, TiccSign.TimeErrorSeconds(stopMinusStart), Math.Max(a.Line, b.Line));
                        pendingA = pendingB = null;
                    }
                    else if (a.T < b.T) { import.WarnAt(a.Line, "chA reading without a chB within 0.5 s (missed DUT pulse?)"); pendingA = null; }
                    else { import.WarnAt(b.Line, "chB reading without a chA within 0.5 s (missed reference pulse?)"); pendingB = null; }
                }
                continue;
            }
            var ti = IntervalLine().Match(line);
            if (ti.Success)
            {
                if (!ExactSeconds.TryParse(ti.Groups["t"].ValueSpan, out var interval)) { import.Warn("interval has more than 12 decimals or too many digits; skipped"); continue; }
                import.AddUntimed("TI(A->B)", SeriesKind.Phase, TiccSign.TimeErrorSeconds(interval));
                continue;
            }
            import.Warn($"not a TICC reading: '{Shorten(trimmed)}'; skipped");
        }
        if (pendingA is { } lastA) import.WarnAt(lastA.Line, "chA reading without a chB at the end of the file");
        if (pendingB is { } lastB) import.WarnAt(lastB.Line, "chB reading without a chA at the end of the file");
        return import.Finish(FormatName);
    }

    internal static string Shorten(string s) => s.Length <= 60 ? s : s[..60] + "…";
}

/// <summary>
/// The TICC's sign, in one place: the reference PPS on chA starts and the DUT's PPS on chB stops, so the counter
/// measures tB − tA = T_ref − T_dut = −x (ITU-T G.810: x = T_dut − T_ref; a DUT that is ahead pulses first).
/// </summary>
public static class TiccSign
{
    public static double TimeErrorSeconds(Duration stopMinusStart) => -stopMinusStart.TotalSeconds;
}
