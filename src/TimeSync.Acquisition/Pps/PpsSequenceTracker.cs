using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Pps;

/// <summary>
/// Turns successive pps_kinfo snapshots (PPS_FETCH results) into edges: an assert (clear) edge is new when
/// assert_sequence (clear_sequence) changed since the last snapshot (u32, wraps). The kernel keeps only the latest
/// timestamp per edge kind, so a sequence jump of more than one means edges were missed; the jump is kept in
/// <see cref="MissedAssertEdges"/> and the edge's <see cref="PpsEdge.Sequence"/> lets the labeller see it too.
/// Edges flagged PPS_TIME_INVALID are not emitted.
/// </summary>
public sealed class PpsSequenceTracker(string source)
{
    private uint? _assertSeq, _clearSeq;

    public long MissedAssertEdges { get; private set; }
    public long MissedClearEdges { get; private set; }

    public void Update(in PpsKInfo info, long hostTimeUnixNanoseconds, List<PpsEdge> output)
    {
        var edges = new List<PpsEdge>(2);
        if (Changed(ref _assertSeq, info.AssertSequence, out uint missedA) && (info.AssertTime.Flags & PpsKTime.TimeInvalid) == 0)
            edges.Add(new PpsEdge(source, hostTimeUnixNanoseconds, ToInstant(info.AssertTime), info.AssertSequence, true));
        if (Changed(ref _clearSeq, info.ClearSequence, out uint missedC) && (info.ClearTime.Flags & PpsKTime.TimeInvalid) == 0)
            edges.Add(new PpsEdge(source, hostTimeUnixNanoseconds, ToInstant(info.ClearTime), info.ClearSequence, false));
        MissedAssertEdges += missedA;
        MissedClearEdges += missedC;
        edges.Sort((a, b) => a.EdgeTime.CompareTo(b.EdgeTime));
        output.AddRange(edges);
    }

    private static bool Changed(ref uint? last, uint now, out uint missed)
    {
        missed = 0;
        if (last is not uint previous)
        {
            last = now;
            return now != 0; // sequence 0: no edge captured yet since the device appeared
        }
        if (now == previous) return false;
        missed = unchecked(now - previous) - 1; // u32 arithmetic handles the wrap
        last = now;
        return true;
    }

    public static Instant ToInstant(in PpsKTime t) => new(t.Seconds, t.Nanoseconds * 1000L);
}
