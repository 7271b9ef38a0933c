using TimeSync.Capture.Readers.Importers;
using TimeSync.Core;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers;

/// <summary>The registry of series readers: format detection, forced formats and gzip transparency.</summary>
public static class SeriesReaders
{
    private static readonly List<ISeriesReader> Registered =
    [
        new PlainTextReader(),
        new Stable32Reader(),
        new TiccReader(),
        new Ptp4lReader(),
        new Phc2sysReader(),
        new Ts2phcReader(),
        new ChronyLogReader(ChronyLog.Measurements),
        new ChronyLogReader(ChronyLog.Statistics),
        new ChronyLogReader(ChronyLog.Tracking),
        new PpstestReader(),
    ];
    private const int HeadLineCount = 40;

    public static IReadOnlyList<ISeriesReader> All => Registered;

    /// <summary>Adds a reader (done once, at start-up, by the assembly that defines it).</summary>
    public static void Register(ISeriesReader reader)
    {
        lock (Registered)
        {
            if (Registered.Any(r => r.FormatName == reader.FormatName)) return;
            Registered.Add(reader);
        }
    }

    /// <summary>
    /// Reads a file (gzip if it ends in .gz), in <paramref name="format"/> or the detected one. With
    /// <see cref="ImportOptions.Start"/>, series that have relative times only are placed from that instant.
    /// </summary>
    public static IReadOnlyList<ImportedSeries> ReadFile(string path, string? format = null, ImportOptions? options = null)
    {
        options ??= ImportOptions.None;
        if (options.FileTimeUtc is null && File.Exists(path)) options = options with { FileTimeUtc = File.GetLastWriteTimeUtc(path) };
        if (Directory.Exists(path)) throw new InputException(path, "is a directory, not a file");
        if (!File.Exists(path)) throw new InputException(path, "no such file");
        var sourceName = path;
        var head = ReadHead(path);
        ISeriesReader reader;
        if (format is not null)
        {
            reader = Registered.FirstOrDefault(r => string.Equals(r.FormatName, format, StringComparison.OrdinalIgnoreCase))
                ?? throw new InputException("--format", $"unknown format '{format}' (known: {string.Join(", ", Registered.Select(r => r.FormatName))})");
        }
        else
        {
            if (head.Count == 0) throw new InputException(sourceName, "file is empty");
            reader = Registered.Select(r => (r, score: r.Detect(head))).Where(t => t.score > 0)
                .OrderByDescending(t => t.score).Select(t => t.r).FirstOrDefault()
                ?? throw new InputException(sourceName + ":1", "format not recognised (use --format)");
        }
        using var text = OpenText(path);
        var series = reader.Read(text, sourceName, options);
        return options.Start is { } start ? series.Select(s => PlaceAt(s, start)).ToList() : series;
    }

    /// <summary>A series with relative times only, placed from <paramref name="start"/> (others unchanged).</summary>
    public static ImportedSeries PlaceAt(ImportedSeries series, Instant start)
    {
        if (series.Times is not null || series.RelativeTimesSeconds is not { } relative) return series;
        var times = new Instant[relative.Count];
        for (int i = 0; i < times.Length; i++) times[i] = start + Duration.FromSecondsDouble(relative[i]);
        return series with { Times = times, RelativeTimesSeconds = null };
    }

    /// <summary>Opens a text file, decompressing gzip (by magic bytes, not only by name; truncation and corruption are input errors).</summary>
    public static TextReader OpenText(string path)
    {
        var stream = File.OpenRead(path);
        var magic = new byte[2];
        int n = stream.Read(magic, 0, 2);
        stream.Position = 0;
        Stream body = n == 2 && magic[0] == 0x1f && magic[1] == 0x8b ? new CheckedGzipStream(stream, path) : stream;
        return new StreamReader(body, new System.Text.UTF8Encoding(false, false), detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
    }

    private static List<string> ReadHead(string path)
    {
        var lines = new List<string>();
        using var text = OpenText(path);
        var reader = new BoundedLineReader(text);
        string? line;
        while (lines.Count < HeadLineCount && (line = reader.ReadLine()) is not null)
            if (line.Trim().Length > 0) lines.Add(line);
        return lines;
    }

    /// <summary>Reads a line but keeps at most 4096 characters of it (a 100 MB line must not exhaust memory).</summary>
    internal static string? ReadBoundedLine(TextReader reader, char[] buffer)
    {
        int count = 0;
        int c;
        bool any = false;
        while ((c = reader.Read()) >= 0)
        {
            any = true;
            if (c == '\n') break;
            if (c == '\r') { if (reader.Peek() == '\n') reader.Read(); break; }
            if (count < buffer.Length) buffer[count++] = (char)c;
        }
        return any ? new string(buffer, 0, count) : null;
    }
}
