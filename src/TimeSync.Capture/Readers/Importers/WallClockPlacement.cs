namespace TimeSync.Capture.Readers.Importers;

/// <summary>
/// Puts log records on absolute time when their lines carry a wall-clock header, using linuxptp's CLOCK_MONOTONIC stamp
/// (ms) for the spacing wherever it is finer than the header (BSD syslog and <c>journalctl -o short</c> print whole
/// seconds). For such a file the offset D = wall − monotonic is estimated per segment as the midpoint of the intersection
/// of every line's interval (W − M − 1 ms, W + resolution − M): both stamps are truncated, so each line brackets D, and
/// many lines at different sub-second phases narrow it. A line whose interval misses the current one by more than
/// <see cref="SlackNanoseconds"/> (the wall clock was stepped, or drifted) starts a new segment. Lines with a header of
/// 1 ms or better keep their wall time; lines without a header but with a monotonic stamp take D of the segment they fall
/// in; a file with no header at all keeps relative times.
/// </summary>
internal static class WallClockPlacement
{
    public const long NoTime = long.MinValue;
    private const long MonotonicResolutionNanoseconds = 1_000_000; // print.c: "[%lld.%03ld]", ms
    private const long SlackNanoseconds = 50_000_000;             // syslog delivery jitter tolerated before a new segment

    /// <summary>One record's stamps: monotonic ns (or <see cref="NoTime"/>), wall Unix ns (or NoTime) and its resolution.</summary>
    public readonly record struct Stamps(long MonotonicNs, long WallNs, long WallResolutionNs);

    /// <summary>Absolute Unix ns per record, or <see cref="NoTime"/> for records that keep relative (monotonic) time.</summary>
    public static long[] Place(IReadOnlyList<Stamps> records)
    {
        var result = new long[records.Count];
        var segmentOf = new int[records.Count];
        var offsets = new List<long>(); // D per segment
        long lo = 0, hi = 0;
        bool open = false;
        int lastSegment = -1;
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            segmentOf[i] = -1;
            if (r.MonotonicNs == NoTime || r.WallNs == NoTime) { segmentOf[i] = lastSegment; continue; }
            long l = r.WallNs - r.MonotonicNs - MonotonicResolutionNanoseconds, h = r.WallNs + r.WallResolutionNs - r.MonotonicNs;
            if (open && l <= hi + SlackNanoseconds && h >= lo - SlackNanoseconds)
            {
                long nl = Math.Max(lo, l), nh = Math.Min(hi, h);
                if (nl <= nh) { lo = nl; hi = nh; } // else: within the slack, keep the estimate
            }
            else
            {
                if (open) offsets.Add(lo + (hi - lo) / 2);
                lo = l;
                hi = h;
                open = true;
                lastSegment = offsets.Count;
            }
            segmentOf[i] = lastSegment;
        }
        if (open) offsets.Add(lo + (hi - lo) / 2);
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (r.WallNs != NoTime && (r.WallResolutionNs <= MonotonicResolutionNanoseconds || r.MonotonicNs == NoTime))
                result[i] = r.WallNs;
            else if (r.MonotonicNs != NoTime && offsets.Count > 0)
                result[i] = r.MonotonicNs + offsets[Math.Max(0, segmentOf[i])];
            else
                result[i] = NoTime;
        }
        return result;
    }
}
