namespace TimeSync.Acquisition.Labelling;

/// <summary>Kinds of evidence on the message order, strongest first (a weaker kind never overrides a stronger one).</summary>
internal enum OrderEvidence { None, TimTp, HostClock, Gap }

/// <summary>
/// What one reference edge says about the order of GNSS time messages and PPS edges: each kind votes +1 (message
/// after its edge), −1 (before) or 0 (no evidence).
/// <list type="bullet">
/// <item>TIM-TP: the edge's TIM-TP label (time of the next pulse) equals the message after (+1) or before (−1) it.</item>
/// <item>Host clock: exactly one of the two candidate labels lies within <see cref="LabellerOptions.HostClockCueSeconds"/>
/// of the edge's host time (an NTP-disciplined host).</item>
/// <item>Gap: both candidates exist and one is nearer the edge in host time by at least
/// <see cref="LabellerOptions.GapMarginSeconds"/> (a receiver answers its pulse promptly or announces it shortly before);
/// each side is timed from the start of its burst (the first message stating that second), since a long epoch at a low
/// baud rate ends just before the next edge.
/// An edge with a message on one side only casts no gap vote: a serial stream that starts late shows one side first.</item>
/// </list>
/// </summary>
internal readonly record struct EdgeVotes(sbyte TimTp, sbyte HostClock, sbyte Gap)
{
    public bool Any => TimTp != 0 || HostClock != 0 || Gap != 0;
}

/// <summary>Vote counts over a set of edges, per kind of evidence.</summary>
internal struct OrderTally
{
    public int TpAfter, TpBefore, HostAfter, HostBefore, GapAfter, GapBefore, Edges;

    public void Add(EdgeVotes v, int sign = 1)
    {
        Edges += sign;
        if (v.TimTp > 0) TpAfter += sign; else if (v.TimTp < 0) TpBefore += sign;
        if (v.HostClock > 0) HostAfter += sign; else if (v.HostClock < 0) HostBefore += sign;
        if (v.Gap > 0) GapAfter += sign; else if (v.Gap < 0) GapBefore += sign;
    }

    public readonly bool SameAs(in OrderTally o) =>
        TpAfter == o.TpAfter && TpBefore == o.TpBefore && HostAfter == o.HostAfter && HostBefore == o.HostBefore
        && GapAfter == o.GapAfter && GapBefore == o.GapBefore && Edges == o.Edges;

    public readonly bool AnyVote => TpAfter + TpBefore + HostAfter + HostBefore + GapAfter + GapBefore > 0;

    public readonly (int After, int Before) Of(OrderEvidence kind) => kind switch
    {
        OrderEvidence.TimTp => (TpAfter, TpBefore),
        OrderEvidence.HostClock => (HostAfter, HostBefore),
        OrderEvidence.Gap => (GapAfter, GapBefore),
        _ => (0, 0),
    };
}

/// <summary>
/// The order a tally supports, the kind of evidence that decided it, and why (for the event message). The reason is
/// formatted only when <see cref="Why"/> is read (an event is written): the revision window judges every labelled edge.
/// </summary>
internal readonly struct OrderVerdict
{
    private enum Reason : byte { Tally, Contradicting, Votes }

    private readonly Reason _reason;
    private readonly int _win, _total;
    private readonly OrderTally _tally; // a copy: the reason describes the tally as it was when judged

    private OrderVerdict(MessageOrder order, OrderEvidence by, Reason reason, int win, int total, in OrderTally tally)
    {
        Order = order;
        By = by;
        _reason = reason;
        _win = win;
        _total = total;
        _tally = tally;
    }

    /// <summary>Why = the tally described.</summary>
    public static OrderVerdict FromTally(MessageOrder order, OrderEvidence by, in OrderTally tally) => new(order, by, Reason.Tally, 0, 0, tally);

    /// <summary>Undecided: a stronger kind of evidence leans the other way.</summary>
    public static OrderVerdict Contradicting(in OrderTally tally) => new(MessageOrder.Undecided, OrderEvidence.None, Reason.Contradicting, 0, 0, tally);

    /// <summary>Decided by <paramref name="by"/>'s votes: <paramref name="win"/> of <paramref name="total"/> edges.</summary>
    public static OrderVerdict ByVotes(MessageOrder order, OrderEvidence by, int win, int total) => new(order, by, Reason.Votes, win, total, default);

    public MessageOrder Order { get; }
    public OrderEvidence By { get; }
    public bool Conclusive => Order is MessageOrder.After or MessageOrder.Before;

    public string Why => _reason switch
    {
        Reason.Contradicting => $"contradicting evidence: {MessageOrderRule.Describe(_tally)}",
        Reason.Votes => $"{MessageOrderRule.Name(By)} on {_win} of {_total} edges",
        _ => MessageOrderRule.Describe(_tally),
    };
}

/// <summary>
/// The evidence rule. Kinds are looked at strongest first (TIM-TP, host clock, gap); the first kind whose votes are
/// conclusive decides: at least <c>minVotes</c> edges vote for one order and at most one vote in five goes against it.
/// A stronger kind that has votes but leans the other way blocks the decision (contradicting evidence: wait for more).
/// </summary>
internal static class MessageOrderRule
{
    private static readonly OrderEvidence[] Kinds = [OrderEvidence.TimTp, OrderEvidence.HostClock, OrderEvidence.Gap];

    public static EdgeVotes Votes(long? tp, long? after, long gapAfterNs, long? before, long gapBeforeNs, long edgeHostNs,
        long hostCueNs, long gapMarginNs)
    {
        sbyte t = 0, h = 0, g = 0;
        if (tp is long s) t = after == s ? (sbyte)1 : before == s ? (sbyte)-1 : (sbyte)0;
        bool afterNear = after is long a && Math.Abs(edgeHostNs - a * 1_000_000_000L) < hostCueNs;
        bool beforeNear = before is long b && Math.Abs(edgeHostNs - b * 1_000_000_000L) < hostCueNs;
        if (afterNear != beforeNear) h = afterNear ? (sbyte)1 : (sbyte)-1;
        if (after is not null && before is not null)
        {
            if (gapAfterNs + gapMarginNs <= gapBeforeNs) g = 1;
            else if (gapBeforeNs + gapMarginNs <= gapAfterNs) g = -1;
        }
        return new EdgeVotes(t, h, g);
    }

    /// <summary>The conclusive verdict of a tally, or an Undecided one (its Why says what the evidence is).</summary>
    public static OrderVerdict Judge(in OrderTally tally, int minVotes)
    {
        MessageOrder blockedBy = MessageOrder.Undecided;
        foreach (var kind in Kinds)
        {
            var (a, b) = tally.Of(kind);
            if (a + b == 0) continue;
            int win = Math.Max(a, b), lose = Math.Min(a, b);
            var lean = a > b ? MessageOrder.After : a < b ? MessageOrder.Before : MessageOrder.Undecided;
            if (win >= minVotes && 4 * lose <= win && a != b)
            {
                if (blockedBy != MessageOrder.Undecided && blockedBy != lean)
                    return OrderVerdict.Contradicting(tally);
                return OrderVerdict.ByVotes(lean, kind, win, a + b);
            }
            if (blockedBy == MessageOrder.Undecided) blockedBy = lean;
        }
        return OrderVerdict.FromTally(MessageOrder.Undecided, OrderEvidence.None, tally);
    }

    /// <summary>True when a kind of evidence other than <paramref name="except"/> has more votes for <paramref name="order"/> than against.</summary>
    public static bool AnyOtherLeans(in OrderTally tally, OrderEvidence except, MessageOrder order)
    {
        foreach (var kind in Kinds)
        {
            if (kind == except) continue;
            var (a, b) = tally.Of(kind);
            if (order == MessageOrder.After ? a > b : b > a) return true;
        }
        return false;
    }

    /// <summary>When the evidence stays inconclusive: the order the strongest kind with a majority leans to (After if none).</summary>
    public static OrderVerdict Lean(in OrderTally tally)
    {
        foreach (var kind in Kinds)
        {
            var (a, b) = tally.Of(kind);
            if (a != b) return OrderVerdict.FromTally(a > b ? MessageOrder.After : MessageOrder.Before, kind, tally);
        }
        return OrderVerdict.FromTally(MessageOrder.After, OrderEvidence.None, tally);
    }

    internal static string Name(OrderEvidence kind) => kind switch
    {
        OrderEvidence.TimTp => "agrees with TIM-TP",
        OrderEvidence.HostClock => "the host clock agrees",
        _ => "the message is nearer its edge on this side",
    };

    public static string Describe(in OrderTally t) =>
        $"{t.Edges} edges; after/before votes: TIM-TP {t.TpAfter}/{t.TpBefore}, host clock {t.HostAfter}/{t.HostBefore}, gap {t.GapAfter}/{t.GapBefore}";
}
