using System.Runtime.InteropServices;
using TimeSync.Acquisition.Labelling;
using TimeSync.Capture.Readers;
using TimeSync.Core;
using TimeSync.Core.Series;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Pipeline;

/// <summary>
/// A capture as time-error series: replays it (<see cref="CaptureReplay"/>) and lays each channel's samples on a 1 s grid
/// from its first to its last second, NaN where a second has no usable sample (missing pulse, invalid fix, host-clock
/// label). For <c>timesync analyze CAPTURE --channel NAME</c> and <c>timesync replay</c>.
/// </summary>
public static class CaptureSeries
{
    /// <summary>Longest grid accepted relative to the samples (guards against a bogus label years away).</summary>
    internal const long MaxSpanSlackSeconds = 7 * 86400;

    /// <summary>One channel of a capture; <paramref name="channel"/> may be null when the bench has exactly one.</summary>
    public static ImportedSeries Load(string path, string? channel)
    {
        var all = LoadAll(path, new ReplayOptions(), out _);
        if (channel is null)
        {
            if (all.Count == 1) return all[0];
            throw new InputException("--channel", $"{path} has {all.Count} channels ({string.Join(", ", all.Select(s => s.Channel))}); name one");
        }
        return all.FirstOrDefault(s => s.Channel == channel)
            ?? throw new InputException("--channel", $"{path} has no channel '{channel}' (channels: {string.Join(", ", all.Select(s => s.Channel))})");
    }

    /// <summary>Every channel of the capture, in bench description order; events summarized into warnings.</summary>
    public static IReadOnlyList<ImportedSeries> LoadAll(string path, ReplayOptions options, out ReplayResult result)
    {
        var sink = new SeriesSink();
        result = CaptureReplay.Run(path, sink, options);
        return FromSeries(path, result, sink);
    }

    /// <summary>Every channel of a finished replay into <paramref name="sink"/>, events summarized into warnings.</summary>
    public static IReadOnlyList<ImportedSeries> FromCollected(string path, ReplayResult result, CollectingSink sink) =>
        WithEvents(path, result, sink.Events, channel => ToSeries(path, channel, sink.For(channel)));

    /// <summary>As <see cref="FromCollected"/>, from the grids a <see cref="SeriesSink"/> built (the same series).</summary>
    public static IReadOnlyList<ImportedSeries> FromSeries(string path, ReplayResult result, SeriesSink sink) =>
        WithEvents(path, result, sink.Events, channel => ToSeries(path, channel, sink.For(channel)));

    private static List<ImportedSeries> WithEvents(string path, ReplayResult result, List<LabelEvent> events, Func<string, ImportedSeries> series)
    {
        var list = new List<ImportedSeries>();
        foreach (var c in result.Bench.Channels)
        {
            var warnings = new List<string>(result.Warnings);
            // how edges were labelled is information, not a problem: it stays in Events, not in the warnings
            foreach (var g in events.Where(e => e.Channel == c.Name && e.Kind != LabelEventKind.AssociationDecided).GroupBy(e => e.Kind).OrderBy(g => g.Key))
                warnings.Add($"{path}: channel {c.Name}: {g.Sum(e => (long)e.Count)} × {g.Key} (first: {g.First().Message})");
            list.Add(series(c.Name) with { Warnings = warnings, Events = EventsFor(events, c.Name) });
        }
        return list;
    }

    /// <summary>The labeller's events of one channel, in order, as series events (kind = the <see cref="LabelEventKind"/> name).</summary>
    public static IReadOnlyList<SeriesEvent> EventsFor(IEnumerable<LabelEvent> events, string channel) =>
        events.Where(e => e.Channel == channel).Select(e => new SeriesEvent(e.Utc, e.Kind.ToString(), e.Count)).ToList();

    /// <summary>A <see cref="SeriesSink"/> grid (null: no samples) as <see cref="ToSeries(string, string, IReadOnlyList{ChannelSample})"/> gives it.</summary>
    internal static ImportedSeries ToSeries(string path, string channel, SeriesSink.Grid? grid)
    {
        if (grid is null || grid.Samples == 0) return new ImportedSeries(channel, SeriesKind.Phase, 1.0, [], null, []);
        long first = grid.First;
        long span = grid.Last - first + 1;
        if (span > 2L * grid.Samples + MaxSpanSlackSeconds)
            throw new InputException(path, $"channel {channel}: {grid.Samples} samples spread over {span} s; the UTC labels are not usable");
        var values = new double[span];
        grid.Values.AsSpan(0, grid.Length).CopyTo(values);
        values.AsSpan(grid.Length).Fill(double.NaN);
        if (grid.Far is { } far) foreach (var (second, x) in far) values[second - first] = x;
        var times = new Instant[span];
        for (long i = 0; i < span; i++) times[i] = Instant.FromUnixSeconds(first + i);
        return new ImportedSeries(channel, SeriesKind.Phase, 1.0, times, null, values);
    }

    /// <summary>Samples (strictly increasing whole seconds) on a 1 s grid, NaN for missing or unusable seconds.</summary>
    public static ImportedSeries ToSeries(string path, string channel, IReadOnlyList<ChannelSample> samples)
    {
        if (samples.Count == 0) return new ImportedSeries(channel, SeriesKind.Phase, 1.0, [], null, []);
        long first = samples[0].Sample.Time.UnixSeconds;
        long last = samples[^1].Sample.Time.UnixSeconds;
        long span = last - first + 1;
        if (span > 2L * samples.Count + MaxSpanSlackSeconds)
            throw new InputException(path, $"channel {channel}: {samples.Count} samples spread over {span} s; the UTC labels are not usable");
        var times = new Instant[span];
        var values = new double[span];
        for (long i = 0; i < span; i++)
        {
            times[i] = Instant.FromUnixSeconds(first + i);
            values[i] = double.NaN;
        }
        // The collecting sink's list as a span: no interface enumerator per sample.
        ReadOnlySpan<ChannelSample> all = samples is List<ChannelSample> list ? CollectionsMarshal.AsSpan(list) : samples.ToArray();
        foreach (ref readonly var s in all)
            if (s.IsUsable) values[s.Sample.Time.UnixSeconds - first] = s.Sample.TimeErrorSeconds;
        return new ImportedSeries(channel, SeriesKind.Phase, 1.0, times, null, values);
    }
}
