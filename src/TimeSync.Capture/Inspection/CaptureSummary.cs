using System.Globalization;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Inspection;

/// <summary>A gap in one source: no event for longer than the threshold.</summary>
public readonly record struct CaptureGap(long StartUnixNanoseconds, long LengthNanoseconds);

/// <summary>What one source holds.</summary>
public sealed record SourceSummary(CaptureSource Source, long Events, long PayloadBytes, long? FirstUnixNanoseconds, long? LastUnixNanoseconds,
    long GapCount, IReadOnlyList<CaptureGap> LargestGaps);

/// <summary>
/// The content of a capture for <c>timesync capture info</c>: sources, time span, counts per source, gaps, damage.
/// One streaming pass; memory does not depend on the file's size.
/// </summary>
public sealed class CaptureSummary
{
    private const int GapsKept = 3;

    public required string File { get; init; }
    public string? UserApplication { get; init; }
    public string? Hardware { get; init; }
    public string? OperatingSystem { get; init; }
    public string? BenchDescription { get; init; }
    public required IReadOnlyList<SourceSummary> Sources { get; init; }
    public required long Events { get; init; }
    public required double GapThresholdSeconds { get; init; }
    public required IReadOnlyList<CaptureDiagnostic> Diagnostics { get; init; }
    public required long SuppressedDiagnostics { get; init; }
    public required CaptureDamage Damage { get; init; }

    public long? FirstUnixNanoseconds => Sources.Where(s => s.FirstUnixNanoseconds is not null).Select(s => s.FirstUnixNanoseconds).Min();
    public long? LastUnixNanoseconds => Sources.Where(s => s.LastUnixNanoseconds is not null).Select(s => s.LastUnixNanoseconds).Max();

    /// <summary>Reads every event of <paramref name="reader"/>; a source with no event for more than <paramref name="gapThresholdSeconds"/> has a gap.</summary>
    public static CaptureSummary Compute(PcapngReader reader, double gapThresholdSeconds = 2.0)
    {
        if (!(gapThresholdSeconds > 0)) throw new ArgumentOutOfRangeException(nameof(gapThresholdSeconds));
        long gapNs = (long)Math.Round(gapThresholdSeconds * 1e9);
        var acc = new List<Accumulator>();
        long total = 0;
        while (reader.TryRead(out var e))
        {
            total++;
            while (acc.Count <= e.SourceId) acc.Add(new Accumulator());
            acc[e.SourceId].Add(e.HostTimeUnixNanoseconds, e.Payload.Length, gapNs);
        }
        while (acc.Count < reader.Sources.Count) acc.Add(new Accumulator());
        return new CaptureSummary
        {
            File = reader.Name,
            UserApplication = reader.UserApplication,
            Hardware = reader.Hardware,
            OperatingSystem = reader.OperatingSystem,
            BenchDescription = reader.BenchDescription,
            Sources = reader.Sources.Select((s, i) => acc[i].ToSummary(s)).ToList(),
            Events = total,
            GapThresholdSeconds = gapThresholdSeconds,
            Diagnostics = reader.Diagnostics.ToList(),
            SuppressedDiagnostics = reader.SuppressedDiagnostics,
            Damage = reader.Damage,
        };
    }

    /// <summary>The human-readable report printed by <c>capture info</c>.</summary>
    public void WriteText(TextWriter o)
    {
        var inv = CultureInfo.InvariantCulture;
        o.WriteLine($"file:         {File}");
        if (UserApplication is not null || Hardware is not null || OperatingSystem is not null)
            o.WriteLine($"written by:   {string.Join(", ", new[] { UserApplication, Hardware, OperatingSystem }.Where(s => !string.IsNullOrEmpty(s)))}");
        o.WriteLine(BenchDescription is null ? "bench:        (no bench description)" : $"bench:        {Shorten(BenchDescription, 200)}");
        if (FirstUnixNanoseconds is { } first && LastUnixNanoseconds is { } last)
            o.WriteLine($"time span:    {Iso(first)} .. {Iso(last)} ({Seconds(last - first)} s)");
        else
            o.WriteLine("time span:    (no events)");
        o.WriteLine($"events:       {Events.ToString(inv)}");
        o.WriteLine();
        o.WriteLine($"{"source",-12} {"link type",-12} {"events",10} {"bytes",12} {"first",-32} {"last",-32} {"gaps",5}  description");
        foreach (var s in Sources)
        {
            o.WriteLine($"{s.Source.Name,-12} {LinkName(s.Source.LinkType),-12} {s.Events,10} {s.PayloadBytes,12} {(s.FirstUnixNanoseconds is { } f ? Iso(f) : "-"),-32} {(s.LastUnixNanoseconds is { } l ? Iso(l) : "-"),-32} {s.GapCount,5}  {s.Source.Description}");
        }
        o.WriteLine();
        var gapped = Sources.Where(s => s.GapCount > 0).ToList();
        if (gapped.Count == 0) o.WriteLine($"gaps:         none longer than {GapThresholdSeconds.ToString(inv)} s");
        foreach (var s in gapped)
        {
            o.WriteLine($"gaps:         {s.Source.Name}: {s.GapCount} longer than {GapThresholdSeconds.ToString(inv)} s; largest: "
                + string.Join(", ", s.LargestGaps.Select(g => $"{Seconds(g.LengthNanoseconds)} s after {Iso(g.StartUnixNanoseconds)}")));
        }
        if (Diagnostics.Count == 0) o.WriteLine("damage:       none");
        else
        {
            o.WriteLine($"damage:       {Damage.CorruptBlocks} corrupt block(s), {Damage.SkippedBytes} byte(s) skipped, {Damage.OversizedBlocks} oversized block(s), "
                + $"{(Damage.TornFinalBlock ? "torn final block" : "no torn block")}, {Damage.UnknownBlocks} unknown block(s), {Damage.SkippedPackets} packet(s) skipped, "
                + $"{Damage.OutOfOrderEvents} event(s) out of time order");
            foreach (var d in Diagnostics) o.WriteLine($"  {d.Format(File)}");
            if (SuppressedDiagnostics > 0) o.WriteLine($"  ... and {SuppressedDiagnostics} more");
        }
    }

    internal static string Iso(long unixNanoseconds) => Instant.FromUnixNanoseconds(unixNanoseconds).ToIsoString(9);

    private static string Seconds(long ns) => Duration.FromNanoseconds(ns).ToString();

    private static string LinkName(CaptureLinkType t) => t switch
    {
        CaptureLinkType.SerialBytes => "serial",
        CaptureLinkType.PpsEvent => "pps",
        CaptureLinkType.Ethernet => "ethernet",
        CaptureLinkType.SourceEvent => "events",
        _ => ((int)t).ToString(CultureInfo.InvariantCulture),
    };

    private static string Shorten(string s, int max) => s.Length <= max ? s : s[..max] + $"… ({s.Length} characters)";

    private sealed class Accumulator
    {
        private long _count, _bytes, _first = long.MinValue, _last = long.MinValue, _gaps;
        private readonly List<CaptureGap> _largest = [];

        public void Add(long t, int length, long gapNs)
        {
            if (_count == 0) _first = t;
            else
            {
                long dt = t - _last;
                if (dt > gapNs)
                {
                    _gaps++;
                    _largest.Add(new CaptureGap(_last, dt));
                    if (_largest.Count > GapsKept)
                    {
                        _largest.Sort((a, b) => b.LengthNanoseconds.CompareTo(a.LengthNanoseconds));
                        _largest.RemoveAt(GapsKept);
                    }
                }
            }
            if (t < _first) _first = t;
            _last = Math.Max(_last, t);
            _count++;
            _bytes += length;
        }

        public SourceSummary ToSummary(CaptureSource source) => new(source, _count, _bytes,
            _count > 0 ? _first : null, _count > 0 ? _last : null, _gaps,
            _largest.OrderByDescending(g => g.LengthNanoseconds).ToList());
    }
}
