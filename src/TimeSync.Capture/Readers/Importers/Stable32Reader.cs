using System.Globalization;
using TimeSync.Core.Series;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers.Importers;

/// <summary>
/// Stable32 phase and frequency data files (W. Riley, Stable32 User Manual, "File Read"): free-text header lines
/// (with or without '#' or '%'), then one value a line, or two columns "MJD value" (time tag as a Modified Julian Date).
/// Frequency when the file is named *.frd/*.frq or a header line says "frequency data"; phase otherwise.
/// Unlike "plain", a bad data line is a warning (with its line number), not the end.
/// </summary>
public sealed class Stable32Reader : ISeriesReader
{
    private const long MjdOfUnixEpoch = 40587; // 1970-01-01 = MJD 40587

    public string FormatName => "stable32";

    public double Detect(IReadOnlyList<string> headLines)
    {
        int header = 0, data = 0, ok = 0, mjd = 0;
        bool seenData = false;
        foreach (var raw in headLines)
        {
            var line = raw.Trim();
            if (line.Length == 0) continue;
            var cols = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            bool numeric = cols.Length is 1 or 2 && cols.All(IsNumber);
            if (!seenData && !numeric) { header++; continue; }
            seenData = true;
            data++;
            if (numeric) ok++;
            if (cols.Length == 2 && numeric && double.TryParse(cols[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var m) && m is > 15000 and < 99999) mjd++;
        }
        if (data == 0) return 0;
        double share = (double)ok / data;
        // A bare header (not a '#' comment) or MJD time tags point to Stable32; '#'-only files are "plain" (0.5).
        bool bareHeader = headLines.Take(header).Any(l => !l.TrimStart().StartsWith('#') && !l.TrimStart().StartsWith('%'));
        return share * (bareHeader || mjd == data ? 0.6 : 0.45);
    }

    public IReadOnlyList<ImportedSeries> Read(TextReader reader, string sourceName)
    {
        var import = new LineImport(reader, sourceName);
        var stem = Path.GetFileNameWithoutExtension(sourceName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? sourceName[..^3] : sourceName);
        var ext = Path.GetExtension(sourceName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? sourceName[..^3] : sourceName).ToLowerInvariant();
        var kind = ext is ".frd" or ".frq" ? SeriesKind.Frequency : SeriesKind.Phase;
        bool inHeader = true;
        int columns = 0;
        string? line;
        while ((line = import.NextLine()) is not null)
        {
            var text = line.Trim();
            if (text.Length == 0) continue;
            var cols = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            bool numeric = cols.Length is 1 or 2 && cols.All(IsNumber);
            if (inHeader && !numeric)
            {
                if (text.Contains("frequency data", StringComparison.OrdinalIgnoreCase)) kind = SeriesKind.Frequency;
                if (text.Contains("phase data", StringComparison.OrdinalIgnoreCase)) kind = SeriesKind.Phase;
                continue;
            }
            inHeader = false;
            if (text.StartsWith('#') || text.StartsWith('%')) continue;
            if (!numeric) { import.Warn($"'{TiccReader.Shorten(text)}' is not one or two numbers; skipped"); continue; }
            if (columns == 0) columns = cols.Length;
            if (cols.Length != columns) { import.Warn($"{cols.Length} column(s) where earlier lines had {columns}; skipped"); continue; }
            double value = double.Parse(cols[^1], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (cols.Length == 1) { import.AddUntimed(stem, kind, value); continue; }
            if (!TryMjd(cols[0], out var time)) { import.Warn($"time tag '{TiccReader.Shorten(cols[0])}' is not a Modified Julian Date; skipped"); continue; }
            import.Add(stem, kind, time, value);
        }
        return import.Finish(FormatName);
    }

    private static bool IsNumber(string s) =>
        s.Equals("nan", StringComparison.OrdinalIgnoreCase)
        || (double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v));

    /// <summary>MJD with a decimal fraction of a day, converted exactly (decimal arithmetic) to an instant.</summary>
    internal static bool TryMjd(string text, out Instant time)
    {
        time = default;
        if (!decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var mjd) || mjd < 15020 || mjd > 2973483) return false;
        decimal seconds = (mjd - MjdOfUnixEpoch) * 86400m;
        decimal whole = decimal.Floor(seconds);
        long ps = (long)decimal.Round((seconds - whole) * 1_000_000_000_000m);
        time = new Instant((long)whole, ps);
        return true;
    }
}
