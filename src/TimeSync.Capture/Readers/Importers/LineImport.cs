using TimeSync.Core;
using TimeSync.Core.Series;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers.Importers;

/// <summary>
/// Shared line handling of the log importers: bounded lines (a 100 MB line costs 4 KiB), line numbers, bounded warnings
/// ("file:12: ..."), per-channel series with out-of-order records reported and skipped, and the one rule for giving up:
/// <see cref="InputException"/> only when no value at all was usable.
/// </summary>
internal sealed class LineImport(TextReader reader, string sourceName)
{
    public const int MaxWarnings = 100;
    private const int MaxLineChars = 4096;
    private readonly BoundedLineReader _lines = new(reader, MaxLineChars);
    private readonly List<(int Line, string Text)> _warnings = []; // sorted by line when finished
    private readonly Dictionary<string, Channel> _channels = [];
    private readonly List<string> _order = [];
    private long _suppressed;

    public string SourceName { get; } = sourceName;
    public int LineNumber { get; private set; }

    /// <summary>The next line that is not too long (over-long lines are skipped with a warning); null at the end.</summary>
    public string? NextLine()
    {
        while (true)
        {
            var line = _lines.ReadLine();
            if (line is null) return null;
            LineNumber++;
            if (_lines.LastLineTruncated) { Warn($"line longer than {MaxLineChars} characters; skipped"); continue; }
            return line;
        }
    }

    public void Warn(string message) => WarnAt(LineNumber, message);

    /// <summary>A warning about the whole file ("file: message").</summary>
    public void Note(string message)
    {
        if (_warnings.Count < MaxWarnings) _warnings.Add((0, $"{SourceName}: {message}"));
        else _suppressed++;
    }

    public void WarnAt(int line, string message)
    {
        if (_warnings.Count < MaxWarnings) _warnings.Add((line, $"{SourceName}:{line}: {message}"));
        else _suppressed++;
    }

    /// <summary>Adds a value at an absolute time; a time at or before the channel's previous one is reported and skipped.</summary>
    public void Add(string channel, SeriesKind kind, Instant time, double value, int? line = null)
    {
        var c = Get(channel, kind);
        if (c.Relative is not null) { WarnAt(line ?? LineNumber, $"{channel}: absolute time where earlier lines had relative times; skipped"); return; }
        c.Times ??= [];
        if (c.Times.Count > 0 && time <= c.Times[^1])
        {
            WarnAt(line ?? LineNumber, $"{channel}: time {time} is not after the previous {c.Times[^1]} (out of order or duplicate); skipped");
            return;
        }
        c.Times.Add(time);
        c.Values.Add(value);
    }

    /// <summary>Adds a value at a relative time in seconds (e.g. CLOCK_MONOTONIC, a counter's own timescale).</summary>
    public void AddRelative(string channel, SeriesKind kind, double seconds, double value, int? line = null)
    {
        var c = Get(channel, kind);
        if (c.Times is not null) { WarnAt(line ?? LineNumber, $"{channel}: relative time where earlier lines had absolute times; skipped"); return; }
        c.Relative ??= [];
        if (c.Relative.Count > 0 && seconds <= c.Relative[^1])
        {
            WarnAt(line ?? LineNumber, $"{channel}: time {seconds:R} s is not after the previous {c.Relative[^1]:R} s (out of order or duplicate); skipped");
            return;
        }
        c.Relative.Add(seconds);
        c.Values.Add(value);
    }

    /// <summary>Adds a value without a time (one value a line).</summary>
    public void AddUntimed(string channel, SeriesKind kind, double value) => Get(channel, kind).Values.Add(value);

    /// <summary>The series read, relative times rebased on the first value; throws when there is none.</summary>
    public IReadOnlyList<ImportedSeries> Finish(string formatName, Func<string, double?>? tau0 = null)
    {
        // File-level notes first, then by line (readers that place records after reading them warn late).
        var warnings = _warnings.Select((w, i) => (w.Line, i, w.Text)).OrderBy(w => w.Line).ThenBy(w => w.i).Select(w => w.Text).ToList();
        if (_suppressed > 0) warnings.Add($"{SourceName}: {_suppressed} more warnings not shown");
        var result = new List<ImportedSeries>();
        foreach (var name in _order)
        {
            var c = _channels[name];
            if (c.Values.Count == 0) continue;
            IReadOnlyList<double>? relative = null;
            if (c.Relative is { } r)
            {
                double r0 = r[0];
                relative = r.Select(x => x - r0).ToList();
            }
            result.Add(new ImportedSeries(name, c.Kind, tau0?.Invoke(name), c.Times, relative, c.Values) { Warnings = warnings });
        }
        if (result.Count == 0)
        {
            var first = _warnings.Where(w => w.Line > 0).OrderBy(w => w.Line).Select(w => w.Text).FirstOrDefault() ?? warnings.FirstOrDefault();
            var why = first is not null ? $" (first problem: {first})" : "";
            throw new InputException(SourceName, $"no usable {formatName} data{why}");
        }
        return result;
    }

    private Channel Get(string name, SeriesKind kind)
    {
        if (!_channels.TryGetValue(name, out var c))
        {
            c = new Channel(kind);
            _channels[name] = c;
            _order.Add(name);
        }
        return c;
    }

    private sealed class Channel(SeriesKind kind)
    {
        public SeriesKind Kind { get; } = kind;
        public List<Instant>? Times { get; set; }
        public List<double>? Relative { get; set; }
        public List<double> Values { get; } = [];
    }
}
