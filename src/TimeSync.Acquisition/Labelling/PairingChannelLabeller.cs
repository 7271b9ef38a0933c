using System.Runtime.CompilerServices;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>
/// Methods <c>ticc</c> (timestamp mode, interval mode, one-reading-per-line counters) and <c>pps</c>: reference and DUT
/// edges timed on one timescale (the counter's, or the host clock's) are paired within ±0.5 s, Δ = t_dut − t_ref,
/// and x follows <see cref="TimeErrorFormula"/>. A counter reading of an interval start(ref)→stop(DUT) is Δ modulo
/// 1 s; it is wrapped into (−0.5 s, 0.5 s].
/// </summary>
internal sealed class PairingChannelLabeller : IChannelLabeller
{
    private const long NanosPerSecond = 1_000_000_000L;
    private static readonly Duration HalfSecond = new(0, 500_000_000_000L);
    private static readonly Duration OneSecond = Duration.FromSeconds(1);
    private const long HalfSecondPicoseconds = 500_000_000_000L;

    /// <summary>
    /// An edge on the channel's timescale (counter timestamp, or kernel PPS assert time); for interval readings Time
    /// holds Δ itself and the edge has no timescale (the reference labeller carries its count by host time).
    /// </summary>
    private readonly record struct Edge(Duration Time, long HostNs, bool Interval = false) : ITimescaleEdge
    {
        public bool TryTimescale(out Duration time)
        {
            time = Time;
            return !Interval;
        }
    }

    private readonly ChannelOutput _out;
    private readonly TimeErrorFormula _formula;
    private readonly string _labels;
    private readonly string _refSource, _dutSource, _refInput, _dutInput;
    private readonly bool _isPps;
    private readonly ReferenceLabeller<Edge> _ref;
    private readonly PulseTracker _refTracker, _dutTracker, _intervalTracker;
    private readonly List<LabelledEdge<Edge>> _labelled = [];
    private readonly FrontList<LabelledEdge<Edge>> _refWaiting = new();
    private readonly FrontList<Edge> _dutPending = new();
    private readonly long _timeoutNs;
    private readonly long _lookaheadNs;

    // Roles of a source name (labels/reference/DUT) and of a counter channel name (reference input, DUT input,
    // interval), cached by string instance: decoders reuse one instance per source and channel, so the hot path
    // compares references instead of equal-length strings ("gnss"/"ticc"/"pps0", "chA"/"chB") byte by byte.
    private const int RoleLabels = 1, RoleRef = 2, RoleDut = 4;
    private const int InputRef = 1, InputDut = 2, InputInterval = 3;
    private readonly RoleCache _sourceRoles = new(), _inputRoles = new();

    public string Channel { get; }
    public IReadOnlyList<string> Sources { get; }

    public PairingChannelLabeller(BenchDescription bench, ChannelDescription channel, LabellerOptions options, ChannelOutput output)
    {
        Channel = channel.Name;
        _out = output;
        _labels = bench.Reference.Labels;
        _isPps = channel.Method == ChannelMethods.Pps;
        if (_isPps)
        {
            _refSource = channel.Reference!;
            _dutSource = channel.Dut!;
            _refInput = _dutInput = "";
        }
        else
        {
            _refSource = _dutSource = channel.Counter!;
            _refInput = channel.ReferenceInput ?? "chA";
            _dutInput = channel.DutInput ?? "chB";
        }
        _formula = new TimeErrorFormula(channel.DutCableDelaySeconds, channel.ReferenceCableDelaySeconds, bench.Reference.AntennaCableDelaySeconds);
        _ref = new ReferenceLabeller<Edge>(Channel, options, bench.Reference.QErrCorrection, bench.Reference.MessageOrder);
        double tol = _isPps ? options.HostLateToleranceSeconds : options.CounterLateToleranceSeconds;
        _refTracker = new PulseTracker(tol, options.StrayPulseSeconds);
        _dutTracker = new PulseTracker(options.StrayPulseSeconds, options.StrayPulseSeconds);
        _intervalTracker = new PulseTracker(options.StrayPulseSeconds, 0.3); // host receive times of interval lines jitter by ms
        _timeoutNs = (long)(options.PairingTimeoutSeconds * NanosPerSecond);
        _lookaheadNs = (long)(options.LookaheadSeconds * NanosPerSecond);
        Sources = new[] { _labels, _refSource, _dutSource }.Distinct().ToArray();
    }

    public void OnEvent(in DecodedEventValue decoded)
    {
        string source = decoded.Source;
        long hostNs = decoded.HostTimeUnixNanoseconds;
        if (!_sourceRoles.TryGet(source, out int role)) role = _sourceRoles.Add(source, SourceRole(source));
        if ((role & RoleLabels) != 0)
        {
            if (decoded.Kind == DecodedKind.GnssTime) _ref.OnGnss(hostNs, decoded.Text!, decoded.Utc, decoded.Flag, _out.Events);
            else if (decoded.Kind == DecodedKind.Other)
            {
                switch (decoded.Other)
                {
                    case TimePulseInfo tp: _ref.OnTimePulse(tp, _out.Events); break;
                    case LeapSecondWarning w: _ref.OnLeap(w); break;
                }
            }
        }
        if (decoded.Kind == DecodedKind.Counter && !_isPps && (role & RoleRef) != 0)
        {
            string input = decoded.Text!;
            if (!_inputRoles.TryGet(input, out int inputRole)) inputRole = _inputRoles.Add(input, InputRole(input));
            switch (inputRole)
            {
                case InputRef: OnReference(decoded.Value, hostNs, hostNs); break;
                case InputDut: OnDut(new Edge(decoded.Value, hostNs)); break;
                case InputInterval: OnInterval(decoded.Value, hostNs); break;
            }
        }
        else if (decoded.Kind == DecodedKind.PpsEdge && _isPps && decoded.Flag)
        {
            if ((role & RoleRef) != 0) OnReference(decoded.Time.SinceEpoch, decoded.Time.ToUnixNanoseconds(), hostNs);
            else if ((role & RoleDut) != 0) OnDut(new Edge(decoded.Time.SinceEpoch, hostNs));
        }
        Step(hostNs);
    }

    private int SourceRole(string source) =>
        (source == _labels ? RoleLabels : 0) | (source == _refSource ? RoleRef : 0) | (source == _dutSource ? RoleDut : 0);

    private int InputRole(string channel) =>
        channel == _refInput ? InputRef
        : channel == _dutInput ? InputDut
        : channel.StartsWith("TI", StringComparison.Ordinal) ? InputInterval
        : 0;

    public void Complete()
    {
        _ref.Flush(_labelled, _out.Events);
        Pair(long.MaxValue);
        Expire(long.MaxValue);
        _out.FlushEvents();
    }

    private void Step(long nowNs)
    {
        _ref.Advance(nowNs, _labelled, _out.Events);
        if (_labelled.Count > 0) Pair(nowNs); // most events label no edge
        Expire(nowNs);
        _out.FlushEvents();
    }

    private void OnReference(Duration time, long assocHostNs, long hostNs)
    {
        var check = _refTracker.Check(time, out long missing, out double off);
        var flags = SampleFlags.None;
        if ((check is PulseCheck.Extra or PulseCheck.Late) || missing > 0)
        {
            if (!ReferenceOffGrid(check, missing, off, hostNs)) return;
            if (check == PulseCheck.Late) flags |= SampleFlags.ReferenceLate;
        }
        _ref.AddEdge(new RefEdge<Edge>(assocHostNs, new Edge(time, hostNs), flags));
    }

    /// <summary>The events of a reference edge off its grid or after missing ones; false when the edge is not used.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // rare: its messages stay out of the hot path's frame
    private bool ReferenceOffGrid(PulseCheck check, long missing, double off, long hostNs)
    {
        switch (check)
        {
            case PulseCheck.Extra:
                _out.Events.Add(new LabelEvent(Channel, hostNs, null, LabelEventKind.ExtraPulse, $"reference pulse {off * 1e3:0.###} ms off its 1 s grid; not used"));
                return false;
            case PulseCheck.Late:
                _out.Events.Add(new LabelEvent(Channel, hostNs, null, LabelEventKind.LatePulse, $"reference pulse {off * 1e6:0.###} µs off its 1 s grid"));
                break;
        }
        if (missing > 0)
            _out.Events.Add(new LabelEvent(Channel, hostNs, null, LabelEventKind.MissingPulse, $"{missing} reference pulse(s) missing", (int)Math.Min(missing, int.MaxValue)));
        return true;
    }

    private void OnDut(Edge edge)
    {
        var check = _dutTracker.Check(edge.Time, out _, out double off);
        if (check == PulseCheck.Extra)
        {
            ExtraDutPulse(edge.HostNs, off);
            return;
        }
        int best = Nearest(_refWaiting, edge.Time);
        if (best >= 0)
        {
            var r = _refWaiting[best];
            _refWaiting.RemoveAt(best);
            ExpireWaitingBefore(best);
            Emit(r, DurationMath.SecondsBetween(edge.Time, r.Payload.Time), edge.HostNs);
        }
        else _dutPending.Add(edge);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ExtraDutPulse(long hostNs, double off) =>
        _out.Events.Add(new LabelEvent(Channel, hostNs, null, LabelEventKind.ExtraPulse, $"DUT pulse {off * 1e3:0.###} ms off its 1 s grid; not used"));

    private void OnInterval(Duration value, long readingHostNs)
    {
        // Interval start(ref) → stop(DUT) = Δ mod 1 s; wrap into (−0.5 s, 0.5 s].
        Duration d = value;
        while (d > HalfSecond) d -= OneSecond;
        while (d <= -HalfSecond) d += OneSecond;
        long refHostNs = readingHostNs - (long)(d.TotalSeconds * NanosPerSecond);
        var check = _intervalTracker.Check(new Duration(refHostNs / NanosPerSecond, refHostNs % NanosPerSecond * 1000), out long missing, out _);
        if (check == PulseCheck.Extra)
        {
            _out.Events.Add(new LabelEvent(Channel, readingHostNs, null, LabelEventKind.ExtraPulse, "counter reading off the 1 s grid; not used"));
            return;
        }
        if (missing > 0)
            _out.Events.Add(new LabelEvent(Channel, readingHostNs, null, LabelEventKind.MissingPulse, $"{missing} counter reading(s) missing", (int)Math.Min(missing, int.MaxValue)));
        // Payload time holds Δ itself; the DUT side is already measured.
        _ref.AddEdge(new RefEdge<Edge>(refHostNs, new Edge(d, readingHostNs, Interval: true), SampleFlags.None));
    }

    private void Pair(long nowNs)
    {
        foreach (var l in _labelled)
        {
            if (l.Payload.Interval)
            {
                Emit(l, DurationMath.Seconds(l.Payload.Time), l.Payload.HostNs);
                continue;
            }
            int best = Nearest(_dutPending, l.Payload.Time);
            if (best >= 0)
            {
                var dut = _dutPending[best];
                if (best > 0) UnpairedDut(best);
                _dutPending.RemoveFront(best + 1);
                Emit(l, DurationMath.SecondsBetween(dut.Time, l.Payload.Time), dut.HostNs);
            }
            else _refWaiting.Add(l);
        }
        _labelled.Clear();
    }

    private void Emit(LabelledEdge<Edge> r, double dutMinusRefSeconds, long hostNs)
    {
        double x = _formula.TimeError(dutMinusRefSeconds, r.QErrPicoseconds);
        _out.FlushEvents();
        _out.Sample(r.Second, x, r.Flags, hostNs);
    }

    private static int Nearest(FrontList<Edge> items, Duration t)
    {
        int best = -1;
        Duration bestD = default;
        long bestPs = 0;
        for (int i = 0; i < items.Count; i++) Closer(items[i].Time, t, i, ref best, ref bestD, ref bestPs);
        return best;
    }

    private static int Nearest(FrontList<LabelledEdge<Edge>> items, Duration t)
    {
        int best = -1;
        Duration bestD = default;
        long bestPs = 0;
        for (int i = 0; i < items.Count; i++) Closer(items[i].Payload.Time, t, i, ref best, ref bestD, ref bestPs);
        return best;
    }

    /// <summary>
    /// Keeps i when |time − t| ≤ 0.5 s and strictly closer than the best so far: in picoseconds when exact, else with
    /// Duration. One call of Nearest never mixes the two for candidates: an item off the fast range is more than 0.5 s
    /// from t unless t itself is off it, and then every item is.
    /// </summary>
    private static void Closer(Duration time, Duration t, int i, ref int best, ref Duration bestD, ref long bestPs)
    {
        if (DurationMath.TryAbsPicoseconds(time, t, out long ps))
        {
            if (ps <= HalfSecondPicoseconds && (best < 0 || ps < bestPs)) { best = i; bestPs = ps; }
            return;
        }
        Duration d = time - t;
        if (d < Duration.Zero) d = -d;
        if (d <= HalfSecond && (best < 0 || d < bestD)) { best = i; bestD = d; }
    }

    private void ExpireWaitingBefore(int index)
    {
        for (int i = 0; i < index; i++) MissingDut(_refWaiting[i]);
        _refWaiting.RemoveFront(index);
    }

    /// <summary>The first <paramref name="count"/> waiting DUT edges found no reference edge (the caller removes them).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void UnpairedDut(int count)
    {
        for (int i = 0; i < count; i++)
            _out.Events.Add(new LabelEvent(Channel, _dutPending[i].HostNs, null, LabelEventKind.UnpairedDutPulse, "DUT pulse with no reference pulse within ±0.5 s"));
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void MissingDut(LabelledEdge<Edge> r) =>
        _out.Events.Add(new LabelEvent(Channel, r.Payload.HostNs, Instant.FromUnixSeconds(r.Second), LabelEventKind.MissingPulse,
            "no DUT pulse within ±0.5 s of the reference pulse"));

    private void Expire(long nowNs)
    {
        if (_refWaiting.Count == 0 && _dutPending.Count == 0) return;
        int n = 0;
        while (n < _refWaiting.Count && (nowNs == long.MaxValue || _refWaiting[n].Payload.HostNs < nowNs - _timeoutNs)) MissingDut(_refWaiting[n++]);
        if (n > 0) _refWaiting.RemoveFront(n);
        // A DUT edge may still meet a reference edge that waits for its label (longer while the order is being decided).
        long dutBefore = nowNs == long.MaxValue ? long.MaxValue
            : Math.Min(nowNs - _timeoutNs - _lookaheadNs, _ref.OldestPendingHostNs - NanosPerSecond);
        n = 0;
        while (n < _dutPending.Count && _dutPending[n].HostNs < dutBefore) n++;
        if (n > 0)
        {
            UnpairedDut(n);
            _dutPending.RemoveFront(n);
        }
    }
}
