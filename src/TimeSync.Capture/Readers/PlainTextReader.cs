using System.Globalization;
using TimeSync.Core;
using TimeSync.Core.Series;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers;

/// <summary>
/// Plain text: one value a line, or two columns "time value" where time is ISO-8601 UTC or seconds (relative).
/// '#' and '%' start comments. Values are phase in seconds unless the caller says the file is frequency.
/// </summary>
public sealed class PlainTextReader : ISeriesReader
{
    public string FormatName => "plain";

    public double Detect(IReadOnlyList<string> headLines)
    {
        int data = 0, ok = 0;
        foreach (var raw in headLines)
        {
            var line = StripComment(raw);
            if (line.Length == 0) continue;
            data++;
            var cols = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length is 1 or 2 && cols.All(c => IsNumber(c) || Instant.TryParse(c, out _))) ok++;
        }
        return data == 0 ? 0 : 0.5 * ok / data; // low score: specific formats win when they match
    }

    public IReadOnlyList<ImportedSeries> Read(TextReader reader, string sourceName)
    {
        var values = new List<double>();
        List<Instant>? times = null;
        List<double>? relative = null;
        var warnings = new List<string>();
        var buffer = new char[4096];
        string? raw;
        int lineNo = 0;
        while ((raw = SeriesReaders.ReadBoundedLine(reader, buffer)) is not null)
        {
            lineNo++;
            var line = StripComment(raw);
            if (line.Length == 0) continue;
            var cols = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (cols.Length == 1)
            {
                if (times is not null || relative is not null) throw new InputException($"{sourceName}:{lineNo}", "one column where earlier lines had two");
                values.Add(ParseValue(cols[0], sourceName, lineNo));
            }
            else if (cols.Length == 2)
            {
                if (values.Count > 0 && times is null && relative is null) throw new InputException($"{sourceName}:{lineNo}", "two columns where earlier lines had one");
                if (Instant.TryParse(cols[0], out var t))
                {
                    if (relative is not null) throw new InputException($"{sourceName}:{lineNo}", "absolute time where earlier lines had relative seconds");
                    (times ??= []).Add(t);
                }
                else if (IsNumber(cols[0]))
                {
                    if (times is not null) throw new InputException($"{sourceName}:{lineNo}", "relative seconds where earlier lines had absolute times");
                    (relative ??= []).Add(double.Parse(cols[0], NumberStyles.Float, CultureInfo.InvariantCulture));
                }
                else throw new InputException($"{sourceName}:{lineNo}", $"'{Truncate(cols[0])}' is neither a number nor an ISO-8601 time");
                values.Add(ParseValue(cols[1], sourceName, lineNo));
            }
            else throw new InputException($"{sourceName}:{lineNo}", $"expected one or two columns, found {cols.Length}");
        }
        if (values.Count == 0) throw new InputException(sourceName, "no data (empty file or only comments)");
        var channel = Path.GetFileNameWithoutExtension(sourceName.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? sourceName[..^3] : sourceName);
        return [new ImportedSeries(channel, SeriesKind.Phase, null, times, relative, values) { Warnings = warnings }];
    }

    internal static string StripComment(string line)
    {
        int i = line.IndexOfAny(['#', '%']);
        return (i >= 0 ? line[..i] : line).Trim();
    }

    private static bool IsNumber(string s) => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _);

    private static double ParseValue(string s, string sourceName, int lineNo)
    {
        if (s.Equals("nan", StringComparison.OrdinalIgnoreCase)) return double.NaN; // explicit gap
        if (!double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || double.IsInfinity(v))
            throw new InputException($"{sourceName}:{lineNo}", $"'{Truncate(s)}' is not a number");
        return v;
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
