using System.Globalization;
using TimeSync.Core.Series;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers.Importers;

/// <summary>The chrony log files TimeSync reads (chrony.conf(5), directive "log"; logging.c).</summary>
public enum ChronyLog
{
    /// <summary>measurements.log (or rawmeasurements): one line per NTP measurement, offset = column 12.</summary>
    Measurements,

    /// <summary>statistics.log: regression results per source, estimated offset = column 5.</summary>
    Statistics,

    /// <summary>tracking.log: the system clock's estimated offset = column 7.</summary>
    Tracking,
}

/// <summary>
/// chrony's measurements.log, statistics.log and tracking.log. Each file repeats a banner ("====" line, header,
/// "====" line) every logbanner writes; banner lines are skipped. Date and time are UTC. Channels: the source IP
/// (measurements, statistics) or "tracking". Offsets are converted to x = T_local − T_source by <see cref="ChronySign"/>.
/// </summary>
public sealed class ChronyLogReader(ChronyLog log) : ISeriesReader
{
    public ChronyLog Log { get; } = log;

    public string FormatName => Log switch
    {
        ChronyLog.Measurements => "chrony-measurements",
        ChronyLog.Statistics => "chrony-statistics",
        _ => "chrony-tracking",
    };

    // Column index of the offset and the least number of columns, per file (0-based, date = 0, time = 1).
    private int OffsetColumn => Log switch { ChronyLog.Measurements => 11, ChronyLog.Statistics => 4, _ => 6 };
    private int MinColumns => Log switch { ChronyLog.Measurements => 17, ChronyLog.Statistics => 13, _ => 13 };
    private int MaxColumns => Log switch { ChronyLog.Measurements => 20, ChronyLog.Statistics => 14, _ => 15 };

    /// <summary>Words that only this file's header has.</summary>
    private string HeaderMark => Log switch { ChronyLog.Measurements => "LP RP Score", ChronyLog.Statistics => "Est offset", _ => "Freq ppm" };

    public double Detect(IReadOnlyList<string> headLines)
    {
        bool header = headLines.Any(l => l.Contains("Date (UTC)", StringComparison.Ordinal) && l.Contains(HeaderMark, StringComparison.Ordinal));
        int data = 0, ok = 0;
        foreach (var line in headLines)
        {
            if (IsBanner(line)) continue;
            data++;
            if (TryParse(line, out _, out _, out _, out _)) ok++;
        }
        double share = data == 0 ? 0 : (double)ok / data;
        if (header) return 0.6 + 0.4 * share;
        return 0.7 * share; // without a header, column counts alone tell the files apart less surely
    }

    public IReadOnlyList<ImportedSeries> Read(TextReader reader, string sourceName)
    {
        var import = new LineImport(reader, sourceName);
        string? line;
        while ((line = import.NextLine()) is not null)
        {
            if (IsBanner(line)) continue;
            if (!TryParse(line, out var time, out var channel, out var offset, out var why))
            {
                import.Warn($"{why}: '{TiccReader.Shorten(line.Trim())}'; skipped");
                continue;
            }
            import.Add(channel, SeriesKind.Phase, time, ChronySign.TimeErrorSeconds(Log, offset));
        }
        return import.Finish(FormatName);
    }

    private static bool IsLeap(string column) => column is "N" or "+" or "-" or "?";

    private static bool IsBanner(string line)
    {
        var t = line.Trim();
        return t.Length == 0 || t.StartsWith("===", StringComparison.Ordinal) || t.StartsWith("Date (UTC)", StringComparison.Ordinal);
    }

    private bool TryParse(string line, out Instant time, out string channel, out double offset, out string why)
    {
        time = default;
        channel = "";
        offset = 0;
        var cols = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (cols.Length < MinColumns || cols.Length > MaxColumns) { why = $"expected {MinColumns}-{MaxColumns} columns of a {FormatName} line, found {cols.Length}"; return false; }
        if (!Instant.TryParse($"{cols[0]}T{cols[1]}Z", out time)) { why = "no UTC date and time in the first two columns"; return false; }
        // The leap-status column tells the files apart: measurements has it 4th, tracking 8th, statistics none.
        bool leap4 = IsLeap(cols[3]), leap8 = IsLeap(cols[7]);
        if ((Log == ChronyLog.Measurements) != leap4 || (Log == ChronyLog.Tracking) != leap8) { why = $"columns are not those of a {FormatName} line"; return false; }
        if (!double.TryParse(cols[OffsetColumn], NumberStyles.Float, CultureInfo.InvariantCulture, out offset) || !double.IsFinite(offset))
        {
            why = $"offset column {OffsetColumn + 1} is not a number";
            return false;
        }
        channel = Log == ChronyLog.Tracking ? "tracking" : cols[2];
        why = "";
        return true;
    }
}

/// <summary>
/// chrony's offset signs, in one place (chrony.conf(5), "log" directive):
/// measurements.log column 12 "The estimated local clock error (theta in RFC 5905). Positive indicates that the local
/// clock is slow of the remote source" ⇒ x = T_local − T_source = −offset;
/// statistics.log "Est offset": positive means the local clock is estimated to be fast of the source ⇒ x = +offset;
/// tracking.log "Offset": "positive indicates the clock is fast of UTC" ⇒ x = +offset.
/// </summary>
public static class ChronySign
{
    public static double TimeErrorSeconds(ChronyLog log, double offsetSeconds) => log switch
    {
        ChronyLog.Measurements => -offsetSeconds,
        ChronyLog.Statistics => offsetSeconds,
        ChronyLog.Tracking => offsetSeconds,
        _ => throw new ArgumentOutOfRangeException(nameof(log)),
    };
}
