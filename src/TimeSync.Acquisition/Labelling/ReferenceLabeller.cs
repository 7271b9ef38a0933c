using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>A reference PPS edge waiting for its UTC second: host time (for association) and a method-specific payload.</summary>
internal readonly record struct RefEdge<T>(long HostNs, T Payload, SampleFlags Flags);

/// <summary>A reference edge tied to its UTC second, with quality flags and the qErr of that pulse (ps, 0 if none).</summary>
internal readonly record struct LabelledEdge<T>(T Payload, long HostNs, long Second, SampleFlags Flags, long QErrPicoseconds);

/// <summary>Whether a receiver's time message for second S arrives after or before the PPS edge of S.</summary>
internal enum MessageOrder { Undecided, After, Before, TimTpOnly }

/// <summary>
/// Ties reference PPS edges to UTC seconds from the reference receiver's messages.
/// <para>
/// UBX TIM-TP states the time of the NEXT pulse (u-blox integration manual, "Time pulse and TIM-TP"): it labels the
/// first edge after it. For NMEA/NAV time messages the order differs between receivers, so it is decided from the
/// data: over the first <see cref="LabellerOptions.CalibrationEdges"/> edges, each edge's first message after it
/// (until the next edge) and last message before it (since the previous edge) are found; when TIM-TP labels are present
/// the order agreeing with them wins, otherwise the order with the shorter median host-time gap between edge and
/// message (a receiver answers its pulse promptly, or announces it shortly before). Edges are labelled once host time
/// has passed them by <see cref="LabellerOptions.LookaheadSeconds"/>; an edge without a message is labelled by
/// carrying the last edge's UTC − host offset forward; a message contradicting that is a <c>LabelStep</c>.
/// </para>
/// </summary>
internal sealed class ReferenceLabeller<T>(string channel, LabellerOptions options, bool qErrWanted) where T : struct
{
    private const long NanosPerSecond = 1_000_000_000L;

    private readonly record struct Msg(long HostNs, long Second, bool TimTp, string Kind);

    private readonly List<RefEdge<T>> _pending = [];
    private readonly List<Msg> _msgs = [];
    private readonly long _lookaheadNs = (long)(options.LookaheadSeconds * NanosPerSecond);
    private readonly long[] _qErrSecond = Filled(64, long.MinValue);
    private readonly long[] _qErr = new long[64];
    private readonly List<(int Sign, Instant? At)> _leaps = [];

    private bool _timTpSeen;
    private MessageOrder _order;
    private long _lastHost = long.MinValue;
    private bool _hasOffset;
    private long _offsetNs;
    private bool _noLabelsReported;

    public FixTracker Fix { get; } = new(channel);

    public MessageOrder Order => _order;

    /// <summary>Host time of the oldest edge still waiting for its label (long.MaxValue when none).</summary>
    public long OldestPendingHostNs => _pending.Count > 0 ? _pending[0].HostNs : long.MaxValue;

    private static long[] Filled(int n, long v)
    {
        var a = new long[n];
        Array.Fill(a, v);
        return a;
    }

    public void OnGnss(GnssTimeMessage m, List<LabelEvent> events) => OnGnss(m.HostTimeUnixNanoseconds, m.Kind, m.Utc, m.Valid, events);

    /// <summary>A <see cref="GnssTimeMessage"/>'s fields (the pipeline's value path; no record needed).</summary>
    public void OnGnss(long hostNs, string kind, Instant? utc, bool valid, List<LabelEvent> events)
    {
        Fix.Observe(valid, utc is Instant t ? t.UnixSeconds : null, hostNs, kind, events);
        if (utc is Instant u && u.Picoseconds == 0) _msgs.Add(new Msg(hostNs, u.UnixSeconds, false, kind));
    }

    public void OnTimePulse(TimePulseInfo tp, List<LabelEvent> events)
    {
        _timTpSeen = true;
        long s = tp.NextPulseUtc.UnixSeconds;
        Fix.Observe(tp.Valid, s, tp.HostTimeUnixNanoseconds, "TIM-TP", events);
        if (tp.NextPulseUtc.Picoseconds != 0) return; // not a whole-second pulse
        int slot = (int)((ulong)s % 64);
        _qErrSecond[slot] = s;
        _qErr[slot] = tp.QErrPicoseconds; // the last TIM-TP before the pulse carries the best qErr
        _msgs.Add(new Msg(tp.HostTimeUnixNanoseconds, s, true, "TIM-TP"));
    }

    public void OnLeap(LeapSecondWarning w)
    {
        if (!_leaps.Contains((w.Sign, w.AtUtc))) _leaps.Add((w.Sign, w.AtUtc));
    }

    public void AddEdge(RefEdge<T> edge)
    {
        int i = _pending.Count;
        while (i > 0 && _pending[i - 1].HostNs > edge.HostNs) i--;
        _pending.Insert(i, edge);
    }

    /// <summary>Labels every edge that host time <paramref name="nowNs"/> has passed by the lookahead.</summary>
    public void Advance(long nowNs, List<LabelledEdge<T>> output, List<LabelEvent> events) => Run(nowNs, force: false, output, events);

    /// <summary>End of input: labels everything still pending.</summary>
    public void Flush(List<LabelledEdge<T>> output, List<LabelEvent> events) => Run(long.MaxValue, force: true, output, events);

    private void Run(long nowNs, bool force, List<LabelledEdge<T>> output, List<LabelEvent> events)
    {
        while (_pending.Count > 0)
        {
            int ready = 0;
            while (ready < _pending.Count && (force || _pending[ready].HostNs <= nowNs - _lookaheadNs)) ready++;
            if (ready == 0) break;
            if (_order == MessageOrder.Undecided && !TryDecide(ready, force, events))
            {
                // No GNSS message at all around these edges: wait a while, then fall back to the host clock.
                if (!force && ready < options.NoLabelEdges) break;
                Finalize(output, events, hostClockOnly: true);
                continue;
            }
            Finalize(output, events, hostClockOnly: false);
        }
        Prune(nowNs);
    }

    private void Prune(long nowNs)
    {
        long keepFrom = (_pending.Count > 0 ? _pending[0].HostNs : nowNs == long.MaxValue ? long.MaxValue : nowNs) - 2 * NanosPerSecond;
        if (_lastHost != long.MinValue) keepFrom = Math.Min(keepFrom, _lastHost);
        int n = 0;
        while (n < _msgs.Count && _msgs[n].HostNs < keepFrom) n++;
        if (n > 0) _msgs.RemoveRange(0, n);
    }

    private readonly record struct Candidates(long? Tp, long? After, long GapAfterNs, long? Before, long GapBeforeNs);

    private Candidates Find(int i)
    {
        long h = _pending[i].HostNs;
        long prev = i > 0 ? _pending[i - 1].HostNs : _lastHost;
        long next = i + 1 < _pending.Count ? _pending[i + 1].HostNs : long.MaxValue;
        long lo = Math.Max(prev, h - NanosPerSecond);
        long hi = Math.Min(next, h + NanosPerSecond);
        long? tp = null, after = null, before = null;
        long gapAfter = 0, gapBefore = 0;
        foreach (var m in _msgs)
        {
            if (m.HostNs <= lo) continue;
            if (m.HostNs >= hi) break;
            if (m.HostNs < h)
            {
                if (m.TimTp) tp = m.Second;
                else { before = m.Second; gapBefore = h - m.HostNs; }
            }
            else if (!m.TimTp && after is null)
            {
                after = m.Second;
                gapAfter = m.HostNs - h;
            }
        }
        return new Candidates(tp, after, gapAfter, before, gapBefore);
    }

    private bool TryDecide(int ready, bool force, List<LabelEvent> events)
    {
        if (ready < options.CalibrationEdges && !force) return false;
        int agreeAfter = 0, agreeBefore = 0;
        bool anyTp = false;
        var gapsAfter = new List<long>();
        var gapsBefore = new List<long>();
        for (int i = 0; i < ready; i++)
        {
            var c = Find(i);
            if (c.Tp is long tp)
            {
                anyTp = true;
                if (c.After == tp) agreeAfter++;
                if (c.Before == tp) agreeBefore++;
            }
            if (c.After is not null) gapsAfter.Add(c.GapAfterNs);
            if (c.Before is not null) gapsBefore.Add(c.GapBeforeNs);
        }
        long hostNs = _pending[ready - 1].HostNs;
        if (gapsAfter.Count == 0 && gapsBefore.Count == 0)
        {
            if (!anyTp) return false;
            _order = MessageOrder.TimTpOnly;
            events.Add(new LabelEvent(channel, hostNs, null, LabelEventKind.AssociationDecided, "PPS edges labelled by UBX TIM-TP (time of the next pulse)"));
            return true;
        }
        string why;
        int hostSays = HostClockCue(ready);
        if (agreeAfter != agreeBefore)
        {
            _order = agreeAfter > agreeBefore ? MessageOrder.After : MessageOrder.Before;
            why = $"agrees with TIM-TP on {Math.Max(agreeAfter, agreeBefore)} of {ready} edges";
        }
        else if (hostSays != 0)
        {
            _order = hostSays > 0 ? MessageOrder.After : MessageOrder.Before;
            why = $"the host clock agrees within {options.HostClockCueSeconds} s";
        }
        else
        {
            long medAfter = gapsAfter.Count > 0 ? Median(gapsAfter) : long.MaxValue;
            long medBefore = gapsBefore.Count > 0 ? Median(gapsBefore) : long.MaxValue;
            _order = medAfter <= medBefore ? MessageOrder.After : MessageOrder.Before;
            why = $"median gap {Math.Min(medAfter, medBefore) / 1e9:0.000} s over {ready} edges";
        }
        string order = _order == MessageOrder.After ? "after" : "before";
        events.Add(new LabelEvent(channel, hostNs, null, LabelEventKind.AssociationDecided,
            $"GNSS time messages arrive {order} the PPS edge they label ({why})"));
        return true;
    }

    /// <summary>
    /// +1 (after) or −1 (before) when exactly one order puts the edges' host times within
    /// <see cref="LabellerOptions.HostClockCueSeconds"/> of their labels (an NTP-disciplined host), else 0.
    /// </summary>
    private int HostClockCue(int ready)
    {
        var after = new List<long>();
        var before = new List<long>();
        for (int i = 0; i < ready; i++)
        {
            var c = Find(i);
            long h = _pending[i].HostNs;
            if (c.After is long a) after.Add(h - a * NanosPerSecond);
            if (c.Before is long b) before.Add(h - b * NanosPerSecond);
        }
        long limit = (long)(options.HostClockCueSeconds * NanosPerSecond);
        bool afterOk = after.Count > 0 && Math.Abs(Median(after)) < limit;
        bool beforeOk = before.Count > 0 && Math.Abs(Median(before)) < limit;
        return afterOk == beforeOk ? 0 : afterOk ? 1 : -1;
    }

    private static long Median(List<long> values)
    {
        values.Sort();
        return values[values.Count / 2];
    }

    private void Finalize(List<LabelledEdge<T>> output, List<LabelEvent> events, bool hostClockOnly)
    {
        var edge = _pending[0];
        var flags = edge.Flags;
        long? fromMessages = null;
        if (!hostClockOnly)
        {
            var c = Find(0);
            long? msg = _order switch { MessageOrder.After => c.After, MessageOrder.Before => c.Before, _ => null };
            fromMessages = c.Tp ?? msg;
            if (c.Tp is long tp && msg is long nm && tp != nm)
                events.Add(new LabelEvent(channel, edge.HostNs, Instant.FromUnixSeconds(tp), LabelEventKind.LabelConflict,
                    $"TIM-TP labels this edge {Instant.FromUnixSeconds(tp)}, the NMEA/NAV message {Instant.FromUnixSeconds(nm)}; using TIM-TP"));
        }
        long? predicted = _hasOffset ? FloorDiv(edge.HostNs + _offsetNs + NanosPerSecond / 2, NanosPerSecond) : null;
        long second;
        if (fromMessages is long s)
        {
            second = s;
            if (predicted is long p && p != s)
            {
                string leap = _leaps.Count > 0 ? " (a leap second was announced)" : "";
                events.Add(new LabelEvent(channel, edge.HostNs, Instant.FromUnixSeconds(s), LabelEventKind.LabelStep,
                    $"GNSS labels this edge {Instant.FromUnixSeconds(s)}, the running count expected {Instant.FromUnixSeconds(p)} ({s - p:+0;-0} s){leap}"));
            }
            _offsetNs = checked(s * NanosPerSecond) - edge.HostNs;
            _hasOffset = true;
        }
        else if ((predicted ?? PredictFromLaterEdge(edge.HostNs, hostClockOnly)) is long p)
        {
            second = p;
        }
        else
        {
            second = FloorDiv(edge.HostNs + NanosPerSecond / 2, NanosPerSecond);
            flags |= SampleFlags.HostClockLabel;
            if (!_noLabelsReported)
            {
                _noLabelsReported = true;
                events.Add(new LabelEvent(channel, edge.HostNs, Instant.FromUnixSeconds(second), LabelEventKind.NoGnssLabels,
                    "no GNSS time message near the reference PPS edges: labelling seconds from the host clock"));
            }
        }
        if (Fix.IsInvalid(second)) flags |= SampleFlags.FixInvalid;
        long qErr = 0;
        if (qErrWanted && _timTpSeen)
        {
            int slot = (int)((ulong)second % 64);
            if (_qErrSecond[slot] == second) qErr = _qErr[slot];
            else flags |= SampleFlags.QErrMissing;
        }
        output.Add(new LabelledEdge<T>(edge.Payload, edge.HostNs, second, flags, qErr));
        _lastHost = edge.HostNs;
        _pending.RemoveAt(0);
    }

    /// <summary>Before any edge was labelled: the label a later pending edge's message gives, carried back by host time.</summary>
    private long? PredictFromLaterEdge(long hostNs, bool hostClockOnly)
    {
        if (hostClockOnly) return null;
        for (int j = 1; j < _pending.Count; j++)
        {
            var c = Find(j);
            long? msg = _order switch { MessageOrder.After => c.After, MessageOrder.Before => c.Before, _ => null };
            if ((c.Tp ?? msg) is long s)
                return FloorDiv(hostNs + (checked(s * NanosPerSecond) - _pending[j].HostNs) + NanosPerSecond / 2, NanosPerSecond);
        }
        return null;
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
