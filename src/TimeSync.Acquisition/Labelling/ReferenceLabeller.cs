using System.Runtime.CompilerServices;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Bench;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>A reference PPS edge waiting for its UTC second: host time (for association) and a method-specific payload.</summary>
internal readonly record struct RefEdge<T>(long HostNs, T Payload, SampleFlags Flags);

/// <summary>A reference edge tied to its UTC second, with quality flags and the qErr of that pulse (ps, 0 if none).</summary>
internal readonly record struct LabelledEdge<T>(T Payload, long HostNs, long Second, SampleFlags Flags, long QErrPicoseconds);

/// <summary>
/// A reference edge's payload, which may carry the edge's time on the channel's own timescale: a counter's timestamp
/// (seconds since it started, ps resolution) or a kernel PPS assert time. Between two edges on it the whole seconds
/// elapsed are exact, unlike host receive times, which are late by the serial latency (up to ~1 s under load).
/// </summary>
internal interface ITimescaleEdge
{
    /// <summary>The edge's time on its timescale; false when it has none (an interval reading holds only Δ).</summary>
    bool TryTimescale(out Duration time);
}

/// <summary>Whether a receiver's time message for second S arrives after or before the PPS edge of S.</summary>
internal enum MessageOrder { Undecided, After, Before, TimTpOnly }

/// <summary>
/// Ties reference PPS edges to UTC seconds from the reference receiver's messages.
/// <para>
/// UBX TIM-TP states the time of the NEXT pulse (u-blox integration manual, "Time pulse and TIM-TP"): it labels the
/// first edge after it. For NMEA/NAV time messages the order differs between receivers, so it is decided from the
/// data: each edge's first message after it (until the next edge) and last message before it (since the previous
/// edge) are found, and the edge votes by TIM-TP agreement, host-clock proximity and gap (<see cref="EdgeVotes"/>).
/// The order is decided once one kind of evidence is conclusive (<see cref="MessageOrderRule"/>: at least
/// <see cref="LabellerOptions.CalibrationEdges"/> edges, at most one vote in five against, no stronger kind leaning
/// the other way); while inconclusive, edges wait (up to <see cref="LabellerOptions.MaxCalibrationEdges"/>, then the
/// order is taken as uncertain and reported). Later edges keep voting: conclusive contrary evidence re-decides
/// (<see cref="LabelEventKind.AssociationRevised"/>). Edges are labelled once host time
/// has passed them by <see cref="LabellerOptions.LookaheadSeconds"/>; an edge without a message is labelled by
/// carrying the count forward from the last labelled edge — on the edges' own timescale when they have one
/// (<see cref="ITimescaleEdge"/>), else by the last message-labelled edge's UTC − host offset; a message contradicting
/// that count is a <c>LabelStep</c>, and its edge is flagged <see cref="SampleFlags.LabelStep"/> unless the step is the
/// leap second the receiver announced.
/// </para>
/// </summary>
internal sealed class ReferenceLabeller<T>(string channel, LabellerOptions options, bool qErrWanted, string configuredOrder = ReferenceMessageOrders.Auto) where T : struct, ITimescaleEdge
{
    // the bench's reference.messageOrder: After/Before settle the order; Undecided (auto) decides it from the data
    private readonly MessageOrder _configured = configuredOrder switch
    {
        ReferenceMessageOrders.After => MessageOrder.After,
        ReferenceMessageOrders.Before => MessageOrder.Before,
        _ => MessageOrder.Undecided,
    };
    private bool _contradictionReported;

    private const long NanosPerSecond = 1_000_000_000L;

    private readonly record struct Msg(long HostNs, long Second, bool TimTp, string Kind);

    private readonly FrontList<RefEdge<T>> _pending = new();
    private readonly FrontList<Msg> _msgs = new();
    private readonly long _lookaheadNs = (long)(options.LookaheadSeconds * NanosPerSecond);
    private readonly long[] _qErrSecond = Filled(64, long.MinValue);
    private readonly long[] _qErr = new long[64];
    private readonly List<(int Sign, Instant? At)> _leaps = [];

    private bool _timTpSeen;
    private MessageOrder _order;
    private long _lastHost = long.MinValue;
    private bool _hasOffset;
    private long _offsetNs;
    // The count on the edges' timescale: the last labelled edge's time on it, its second and host time (chained edge
    // to edge, so a counter timebase's frequency error never accumulates to half a second). Set by message-labelled and
    // predicted edges (once _hasOffset) and by host-clock-labelled ones (before any message).
    private bool _hasScale;
    private Duration _scaleTime;
    private long _scaleSecond, _scaleHostNs;
    private bool _noLabelsReported;
    private OrderEvidence _decidedBy;
    private EdgeVotes[]? _window;
    private int _windowCount, _windowNext;
    private OrderTally _windowTally;
    private OrderTally _judgedTally;   // the tally last judged in Watch, and its verdict
    private OrderVerdict _judged;
    private bool _judgedValid;
    private readonly long _hostCueNs = (long)(options.HostClockCueSeconds * NanosPerSecond);
    private readonly long _gapMarginNs = (long)(options.GapMarginSeconds * NanosPerSecond);

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
        // u-blox outputs TIM-TP once per epoch, after pulse s − 1, announcing pulse s; its flags are the receiver's
        // state at that epoch (u-blox M8 Receiver Description, "Timepulse"; UBX-TIM-TP), so its validity is that of second s − 1.
        Fix.Observe(tp.Valid, s - 1, tp.HostTimeUnixNanoseconds, "TIM-TP", events);
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
    public void Advance(long nowNs, List<LabelledEdge<T>> output, List<LabelEvent> events)
    {
        // Most events neither make an edge ready nor age a message out: then Run would do nothing.
        if ((_pending.Count > 0 && _pending[0].HostNs <= nowNs - _lookaheadNs) || (_msgs.Count > 0 && _msgs[0].HostNs < KeepFrom(nowNs)))
            Run(nowNs, force: false, output, events);
    }

    /// <summary>End of input: labels everything still pending.</summary>
    public void Flush(List<LabelledEdge<T>> output, List<LabelEvent> events) => Run(long.MaxValue, force: true, output, events);

    private void Run(long nowNs, bool force, List<LabelledEdge<T>> output, List<LabelEvent> events)
    {
        while (_pending.Count > 0)
        {
            int ready = 0;
            while (ready < _pending.Count && (force || _pending[ready].HostNs <= nowNs - _lookaheadNs)) ready++;
            if (ready == 0) break;
            if (_order == MessageOrder.Undecided)
            {
                var decision = TryDecide(ready, force, events);
                if (decision == Decision.Wait) break;
                if (decision == Decision.NoMessages)
                {
                    // No GNSS message at all around these edges: wait a while, then fall back to the host clock.
                    if (!force && ready < options.NoLabelEdges) break;
                    Finalize(output, events, hostClockOnly: true);
                    continue;
                }
            }
            Finalize(output, events, hostClockOnly: false);
        }
        Prune(nowNs);
    }

    /// <summary>Messages before this host time can no longer matter (<see cref="Find"/> never looks before the last labelled edge).</summary>
    private long KeepFrom(long nowNs)
    {
        long keepFrom = (_pending.Count > 0 ? _pending[0].HostNs : nowNs == long.MaxValue ? long.MaxValue : nowNs) - 2 * NanosPerSecond;
        if (_lastHost != long.MinValue) keepFrom = Math.Min(keepFrom, _lastHost);
        return keepFrom;
    }

    private void Prune(long nowNs)
    {
        long keepFrom = KeepFrom(nowNs);
        int n = 0;
        while (n < _msgs.Count && _msgs[n].HostNs < keepFrom) n++;
        if (n > 0) _msgs.RemoveFront(n);
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
                else if (before != m.Second)
                {
                    // timed from the start of the burst stating this second, as the message after is: a receiver whose
                    // epoch takes most of the second at a low baud rate ends it just before the next edge
                    before = m.Second;
                    gapBefore = h - m.HostNs;
                }
            }
            else if (!m.TimTp && after is null)
            {
                after = m.Second;
                gapAfter = m.HostNs - h;
            }
        }
        return new Candidates(tp, after, gapAfter, before, gapBefore);
    }

    private enum Decision { Decided, NoMessages, Wait }

    private EdgeVotes VotesOf(in Candidates c, long edgeHostNs) =>
        MessageOrderRule.Votes(c.Tp, c.After, c.GapAfterNs, c.Before, c.GapBeforeNs, edgeHostNs, _hostCueNs, _gapMarginNs);

    /// <summary>
    /// Decides the message order from the ready edges by <see cref="MessageOrderRule"/>: TIM-TP labels only (no
    /// NMEA/NAV message near any edge) → TIM-TP labels alone; a conclusive verdict → that order; inconclusive → wait for
    /// more edges, up to <see cref="LabellerOptions.MaxCalibrationEdges"/> (or end of input), then take the order the
    /// evidence leans to and report it as uncertain.
    /// </summary>
    private Decision TryDecide(int ready, bool force, List<LabelEvent> events)
    {
        if (ready < (_configured == MessageOrder.Undecided ? options.CalibrationEdges : 1) && !force) return Decision.NoMessages;
        var tally = new OrderTally();
        bool anyTp = false, anyMsg = false;
        for (int i = 0; i < ready; i++)
        {
            var c = Find(i);
            anyTp |= c.Tp is not null;
            anyMsg |= c.After is not null || c.Before is not null;
            tally.Add(VotesOf(c, _pending[i].HostNs));
        }
        long hostNs = _pending[ready - 1].HostNs;
        if (!anyMsg)
        {
            if (!anyTp) return Decision.NoMessages;
            _order = MessageOrder.TimTpOnly;
            events.Add(new LabelEvent(channel, hostNs, null, LabelEventKind.AssociationDecided, "PPS edges labelled by UBX TIM-TP (time of the next pulse)"));
            return Decision.Decided;
        }
        if (_configured != MessageOrder.Undecided)
        {
            _order = _configured;
            events.Add(new LabelEvent(channel, hostNs, null, LabelEventKind.AssociationDecided,
                $"GNSS time messages taken to arrive {OrderName(_order)} the PPS edge they label (bench reference.messageOrder)"));
            return Decision.Decided;
        }
        var verdict = MessageOrderRule.Judge(tally, options.CalibrationEdges);
        if (verdict.Conclusive)
        {
            _order = verdict.Order;
            _decidedBy = verdict.By;
            events.Add(new LabelEvent(channel, hostNs, null, LabelEventKind.AssociationDecided,
                $"GNSS time messages arrive {OrderName(_order)} the PPS edge they label ({verdict.Why})"));
            return Decision.Decided;
        }
        if (!force && ready < options.MaxCalibrationEdges) return Decision.Wait;
        var lean = MessageOrderRule.Lean(tally);
        _order = lean.Order;
        _decidedBy = OrderEvidence.None; // any conclusive evidence later may revise it
        events.Add(new LabelEvent(channel, hostNs, null, LabelEventKind.AssociationUncertain,
            $"taking GNSS time messages to arrive {OrderName(_order)} the PPS edge they label, but the evidence is inconclusive ({lean.Why}): labels may be 1 s off"));
        return Decision.Decided;
    }

    private static string OrderName(MessageOrder order) => order == MessageOrder.After ? "after" : "before";

    /// <summary>
    /// After the decision: the last <see cref="LabellerOptions.RevisionWindowEdges"/> edges' votes are kept; when they
    /// conclusively support the other order by evidence at least as strong as what decided, the order is changed and an
    /// <see cref="LabelEventKind.AssociationRevised"/> event says which labels may have been 1 s off. A revision by host clock
    /// or gap evidence also needs no other kind of evidence in the window leaning to the current order.
    /// </summary>
    private void Watch(EdgeVotes votes, long edgeHostNs, long second, List<LabelEvent> events)
    {
        if (_order is not (MessageOrder.After or MessageOrder.Before)) return;
        _window ??= new EdgeVotes[Math.Max(1, options.RevisionWindowEdges)];
        if (_windowCount == _window.Length) _windowTally.Add(_window[_windowNext], -1);
        else _windowCount++;
        _window[_windowNext] = votes;
        if (++_windowNext == _window.Length) _windowNext = 0;
        _windowTally.Add(votes);
        if (!votes.Any) return;
        // the verdict is a function of the tally, which a steady bench leaves unchanged edge after edge
        if (!_judgedValid || !_judgedTally.SameAs(in _windowTally))
        {
            _judged = MessageOrderRule.Judge(_windowTally, options.CalibrationEdges);
            _judgedTally = _windowTally;
            _judgedValid = true;
        }
        var verdict = _judged;
        if (!verdict.Conclusive || verdict.Order == _order) return;
        if (_configured != MessageOrder.Undecided)
        {
            // a configured order is kept; contrary TIM-TP or host-clock evidence is reported once (gap evidence is what
            // a configured order exists to overrule: a message trailing its edge by > 0.5 s looks early for the next one)
            if (_contradictionReported || verdict.By == OrderEvidence.Gap) return;
            _contradictionReported = true;
            events.Add(new LabelEvent(channel, edgeHostNs, Instant.FromUnixSeconds(second), LabelEventKind.AssociationUncertain,
                $"the data say GNSS time messages arrive {OrderName(verdict.Order)} the PPS edge they label ({verdict.Why} of the last {options.RevisionWindowEdges}), " +
                $"the bench's reference.messageOrder says {OrderName(_order)}: labels may be 1 s off"));
            return;
        }
        if (_decidedBy != OrderEvidence.None && verdict.By > _decidedBy) return; // weaker evidence never overrides stronger
        // TIM-TP is the receiver's own word on which pulse it means. Host-clock votes compare labels with host time, so
        // a step in the GNSS labels (a leap second, a receiver's time jump) flips them while the message timing (gap)
        // is unchanged: such a revision needs no other kind of evidence leaning to the current order.
        if (verdict.By != OrderEvidence.TimTp && MessageOrderRule.AnyOtherLeans(_windowTally, verdict.By, _order)) return;
        var old = _order;
        _order = verdict.Order;
        _decidedBy = verdict.By;
        _windowTally = default;
        _windowCount = 0;
        _windowNext = 0;
        events.Add(new LabelEvent(channel, edgeHostNs, Instant.FromUnixSeconds(second), LabelEventKind.AssociationRevised,
            $"GNSS time messages now taken to arrive {OrderName(_order)} the PPS edge they label ({verdict.Why} of the last {options.RevisionWindowEdges}); " +
            $"edges labelled with messages {OrderName(old)} them up to {Instant.FromUnixSeconds(second)} may be 1 s off"));
    }

    private void Finalize(List<LabelledEdge<T>> output, List<LabelEvent> events, bool hostClockOnly)
    {
        var edge = _pending[0];
        var flags = edge.Flags;
        long? fromMessages = null;
        EdgeVotes votes = default;
        if (!hostClockOnly)
        {
            var c = Find(0);
            votes = VotesOf(c, edge.HostNs);
            long? msg = _order switch { MessageOrder.After => c.After, MessageOrder.Before => c.Before, _ => null };
            fromMessages = c.Tp ?? msg;
            if (c.Tp is long tp && msg is long nm && tp != nm) LabelConflict(edge.HostNs, tp, nm, events);
        }
        long? predicted = _hasOffset ? Predict(in edge) : null;
        long second;
        if (fromMessages is long s)
        {
            second = s;
            if (predicted is long p && p != s) flags |= LabelStep(edge.HostNs, s, p, events);
            _offsetNs = checked(s * NanosPerSecond) - edge.HostNs;
            _hasOffset = true;
            Anchor(in edge, s);
        }
        else if (predicted is long p)
        {
            second = p;
            Anchor(in edge, p);
        }
        else if (PredictFromLaterEdge(in edge, hostClockOnly) is long pl)
        {
            second = pl;
        }
        else
        {
            second = HostClockSecond(in edge);
            flags |= SampleFlags.HostClockLabel;
            if (!_noLabelsReported) NoGnssLabels(edge.HostNs, second, events);
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
        if (!hostClockOnly) Watch(votes, edge.HostNs, second, events);
    }

    /// <summary>
    /// The second of an edge by the running count: on the edges' timescale from the last labelled edge when both have
    /// one and it agrees with host time (<see cref="SecondsOnScale"/>), else by host time from the last message-labelled edge.
    /// </summary>
    private long Predict(in RefEdge<T> edge) =>
        CountOnScale(in edge, out long second) ? second : FloorDiv(edge.HostNs + _offsetNs + NanosPerSecond / 2, NanosPerSecond);

    /// <summary>The edge's second counted on from the last labelled edge on their timescale, when both have one and it agrees with host time.</summary>
    private bool CountOnScale(in RefEdge<T> edge, out long second)
    {
        second = 0;
        if (!_hasScale || !edge.Payload.TryTimescale(out var t) || !SecondsOnScale(_scaleTime, t, edge.HostNs - _scaleHostNs, out long n)) return false;
        second = _scaleSecond + n;
        return true;
    }

    /// <summary>
    /// No GNSS label at all: the host clock names the second of the first such edge; later ones count on from it on the
    /// edges' timescale when they have one (a line read late keeps its second), else each is named by the host clock.
    /// (Reached only while no edge was labelled by a message, so the anchor is a host-clock edge's.)
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private long HostClockSecond(in RefEdge<T> edge)
    {
        if (!CountOnScale(in edge, out long second)) second = FloorDiv(edge.HostNs + NanosPerSecond / 2, NanosPerSecond);
        Anchor(in edge, second);
        return second;
    }

    private void Anchor(in RefEdge<T> edge, long second)
    {
        _hasScale = edge.Payload.TryTimescale(out _scaleTime);
        _scaleSecond = second;
        _scaleHostNs = edge.HostNs;
    }

    private const long HalfSecondPicoseconds = Duration.PicosecondsPerSecond / 2;
    private const long MaxScaleSeconds = 1L << 40;
    // Host time may disagree with the timescale by the two edges' difference in serial latency (up to ~1 s under load)
    // and the host clock's drift or slew between them; more than this means the timescale broke (a counter restarted).
    private const long ScaleHostToleranceNs = 2 * NanosPerSecond;

    /// <summary>
    /// <paramref name="n"/> = the whole seconds from <paramref name="from"/> to <paramref name="to"/> on the edges' timescale
    /// (rounded to the nearest: edges on one 1 s grid). False when the timescale cannot be trusted for them: the later
    /// edge not later on it (a counter that restarted), or the count more than <see cref="ScaleHostToleranceNs"/> from the
    /// host time elapsed <paramref name="hostElapsedNs"/> between them.
    /// </summary>
    private static bool SecondsOnScale(Duration from, Duration to, long hostElapsedNs, out long n)
    {
        n = 0;
        if (from.Seconds is <= -MaxScaleSeconds or >= MaxScaleSeconds || to.Seconds is <= -MaxScaleSeconds or >= MaxScaleSeconds) return false;
        long ds = to.Seconds - from.Seconds; // both in range: no overflow
        long ps = to.Picoseconds - from.Picoseconds; // (−1 s, 1 s)
        n = ps >= HalfSecondPicoseconds ? ds + 1 : ps < -HalfSecondPicoseconds ? ds - 1 : ds;
        if (n < 1 || n > MaxScaleSeconds / 1024) return false;
        long diff = n * NanosPerSecond - hostElapsedNs;
        return diff <= ScaleHostToleranceNs && diff >= -ScaleHostToleranceNs;
    }

    // The rare events of Finalize, out of line: their messages stay out of the hot method's frame.

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void LabelConflict(long hostNs, long timTpSecond, long messageSecond, List<LabelEvent> events) =>
        events.Add(new LabelEvent(channel, hostNs, Instant.FromUnixSeconds(timTpSecond), LabelEventKind.LabelConflict,
            $"TIM-TP labels this edge {Instant.FromUnixSeconds(timTpSecond)}, the NMEA/NAV message {Instant.FromUnixSeconds(messageSecond)}; using TIM-TP"));

    /// <summary>The event of a label that contradicts the running count; the flag its edge gets (none for an announced leap second honoured).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private SampleFlags LabelStep(long hostNs, long second, long predicted, List<LabelEvent> events)
    {
        bool announced = IsAnnouncedLeap(second, predicted);
        string leap = announced ? " (the leap second announced: sample not flagged)"
            : _leaps.Count > 0 ? " (a leap second was announced, but not this step: sample flagged LabelStep)"
            : " (sample flagged LabelStep)";
        events.Add(new LabelEvent(channel, hostNs, Instant.FromUnixSeconds(second), LabelEventKind.LabelStep,
            $"GNSS labels this edge {Instant.FromUnixSeconds(second)}, the running count expected {Instant.FromUnixSeconds(predicted)} ({second - predicted:+0;-0} s){leap}"));
        return announced ? SampleFlags.None : SampleFlags.LabelStep;
    }

    /// <summary>
    /// Whether a step of the label from <paramref name="predicted"/> to <paramref name="second"/> is a leap second the
    /// receiver announced: POSIX seconds repeat one at a positive leap second (23:59:60 and 00:00:00 both map onto
    /// 00:00:00) and skip one at a negative one, so the step is −sign; it comes within 2 s of the announced instant, or,
    /// when the receiver gave none, of the end of a UTC month (where leap seconds go: ITU-R TF.460-6 §2.2).
    /// </summary>
    private bool IsAnnouncedLeap(long second, long predicted)
    {
        long step = second - predicted;
        foreach (var (sign, at) in _leaps)
        {
            if (step != -sign) continue;
            if (at is Instant a ? Math.Abs(second - a.UnixSeconds) <= 2 : NearMonthEnd(second)) return true;
        }
        return false;
    }

    private static bool NearMonthEnd(long unixSecond)
    {
        if (unixSecond is < 0 or > 253_402_214_400) return false; // past 9999-12-31 (DateTime's range) or before 1970: a bogus label
        long midnight = FloorDiv(unixSecond + 43_200, 86_400) * 86_400;
        return Math.Abs(unixSecond - midnight) <= 2 && DateTime.UnixEpoch.AddSeconds(midnight).Day == 1;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void NoGnssLabels(long hostNs, long second, List<LabelEvent> events)
    {
        _noLabelsReported = true;
        events.Add(new LabelEvent(channel, hostNs, Instant.FromUnixSeconds(second), LabelEventKind.NoGnssLabels,
            "no GNSS time message near the reference PPS edges: labelling seconds from the host clock"));
    }

    /// <summary>
    /// Before any edge was labelled: the label a later pending edge's message gives, carried back on the edges' timescale
    /// when they have one (<see cref="SecondsOnScale"/>), else by host time.
    /// </summary>
    private long? PredictFromLaterEdge(in RefEdge<T> edge, bool hostClockOnly)
    {
        if (hostClockOnly) return null;
        long hostNs = edge.HostNs;
        for (int j = 1; j < _pending.Count; j++)
        {
            var c = Find(j);
            long? msg = _order switch { MessageOrder.After => c.After, MessageOrder.Before => c.Before, _ => null };
            if ((c.Tp ?? msg) is long s)
            {
                var later = _pending[j];
                if (edge.Payload.TryTimescale(out var t0) && later.Payload.TryTimescale(out var tj) && SecondsOnScale(t0, tj, later.HostNs - hostNs, out long n))
                    return s - n;
                return FloorDiv(hostNs + (checked(s * NanosPerSecond) - later.HostNs) + NanosPerSecond / 2, NanosPerSecond);
            }
        }
        return null;
    }

    private static long FloorDiv(long a, long b)
    {
        long q = a / b;
        return (a % b != 0 && (a < 0) != (b < 0)) ? q - 1 : q;
    }
}
