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

    /// <summary>An edge on the channel's timescale; for interval readings Time holds Δ itself.</summary>
    private readonly record struct Edge(Duration Time, long HostNs, bool Interval = false);

    private readonly ChannelOutput _out;
    private readonly LabellerOptions _options;
    private readonly TimeErrorFormula _formula;
    private readonly string _labels;
    private readonly string _refSource, _dutSource, _refInput, _dutInput;
    private readonly bool _isPps;
    private readonly ReferenceLabeller<Edge> _ref;
    private readonly PulseTracker _refTracker, _dutTracker, _intervalTracker;
    private readonly List<LabelledEdge<Edge>> _labelled = [];
    private readonly List<LabelledEdge<Edge>> _refWaiting = [];
    private readonly List<Edge> _dutPending = [];
    private readonly long _timeoutNs;

    public string Channel { get; }
    public IReadOnlyList<string> Sources { get; }

    public PairingChannelLabeller(BenchDescription bench, ChannelDescription channel, LabellerOptions options, ChannelOutput output)
    {
        Channel = channel.Name;
        _out = output;
        _options = options;
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
        _ref = new ReferenceLabeller<Edge>(Channel, options, bench.Reference.QErrCorrection);
        double tol = _isPps ? options.HostLateToleranceSeconds : options.CounterLateToleranceSeconds;
        _refTracker = new PulseTracker(tol, options.StrayPulseSeconds);
        _dutTracker = new PulseTracker(options.StrayPulseSeconds, options.StrayPulseSeconds);
        _intervalTracker = new PulseTracker(options.StrayPulseSeconds, 0.3); // host receive times of interval lines jitter by ms
        _timeoutNs = (long)(options.PairingTimeoutSeconds * NanosPerSecond);
        Sources = new[] { _labels, _refSource, _dutSource }.Distinct().ToArray();
    }

    public void OnEvent(DecodedEvent decoded)
    {
        if (decoded.Source == _labels)
        {
            switch (decoded)
            {
                case GnssTimeMessage m: _ref.OnGnss(m, _out.Events); break;
                case TimePulseInfo tp: _ref.OnTimePulse(tp, _out.Events); break;
                case LeapSecondWarning w: _ref.OnLeap(w); break;
            }
        }
        if (decoded is CounterReading r && !_isPps && r.Source == _refSource)
        {
            if (r.Channel == _refInput) OnReference(r.Value, r.HostTimeUnixNanoseconds, r.HostTimeUnixNanoseconds);
            else if (r.Channel == _dutInput) OnDut(new Edge(r.Value, r.HostTimeUnixNanoseconds));
            else if (r.Channel.StartsWith("TI", StringComparison.Ordinal)) OnInterval(r);
        }
        else if (decoded is PpsEdge p && _isPps && p.Assert)
        {
            if (p.Source == _refSource) OnReference(p.EdgeTime.SinceEpoch, p.EdgeTime.ToUnixNanoseconds(), p.HostTimeUnixNanoseconds);
            else if (p.Source == _dutSource) OnDut(new Edge(p.EdgeTime.SinceEpoch, p.HostTimeUnixNanoseconds));
        }
        Step(decoded.HostTimeUnixNanoseconds);
    }

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
        Pair(nowNs);
        Expire(nowNs);
        _out.FlushEvents();
    }

    private void OnReference(Duration time, long assocHostNs, long hostNs)
    {
        var check = _refTracker.Check(time, out long missing, out double off);
        var flags = SampleFlags.None;
        switch (check)
        {
            case PulseCheck.Extra:
                _out.Events.Add(new LabelEvent(Channel, hostNs, null, LabelEventKind.ExtraPulse, $"reference pulse {off * 1e3:0.###} ms off its 1 s grid; not used"));
                return;
            case PulseCheck.Late:
                flags |= SampleFlags.ReferenceLate;
                _out.Events.Add(new LabelEvent(Channel, hostNs, null, LabelEventKind.LatePulse, $"reference pulse {off * 1e6:0.###} µs off its 1 s grid"));
                break;
        }
        if (missing > 0)
            _out.Events.Add(new LabelEvent(Channel, hostNs, null, LabelEventKind.MissingPulse, $"{missing} reference pulse(s) missing", (int)Math.Min(missing, int.MaxValue)));
        _ref.AddEdge(new RefEdge<Edge>(assocHostNs, new Edge(time, hostNs), flags));
    }

    private void OnDut(Edge edge)
    {
        var check = _dutTracker.Check(edge.Time, out _, out double off);
        if (check == PulseCheck.Extra)
        {
            _out.Events.Add(new LabelEvent(Channel, edge.HostNs, null, LabelEventKind.ExtraPulse, $"DUT pulse {off * 1e3:0.###} ms off its 1 s grid; not used"));
            return;
        }
        int best = Nearest(_refWaiting, edge.Time);
        if (best >= 0)
        {
            var r = _refWaiting[best];
            _refWaiting.RemoveAt(best);
            ExpireWaitingBefore(best);
            Emit(r, edge.Time - r.Payload.Time, edge.HostNs);
        }
        else _dutPending.Add(edge);
    }

    private void OnInterval(CounterReading r)
    {
        // Interval start(ref) → stop(DUT) = Δ mod 1 s; wrap into (−0.5 s, 0.5 s].
        Duration d = r.Value;
        while (d > HalfSecond) d -= OneSecond;
        while (d <= -HalfSecond) d += OneSecond;
        long refHostNs = r.HostTimeUnixNanoseconds - (long)(d.TotalSeconds * NanosPerSecond);
        var check = _intervalTracker.Check(new Duration(refHostNs / NanosPerSecond, refHostNs % NanosPerSecond * 1000), out long missing, out _);
        if (check == PulseCheck.Extra)
        {
            _out.Events.Add(new LabelEvent(Channel, r.HostTimeUnixNanoseconds, null, LabelEventKind.ExtraPulse, "counter reading off the 1 s grid; not used"));
            return;
        }
        if (missing > 0)
            _out.Events.Add(new LabelEvent(Channel, r.HostTimeUnixNanoseconds, null, LabelEventKind.MissingPulse, $"{missing} counter reading(s) missing", (int)Math.Min(missing, int.MaxValue)));
        // Payload time holds Δ itself; the DUT side is already measured.
        _ref.AddEdge(new RefEdge<Edge>(refHostNs, new Edge(d, r.HostTimeUnixNanoseconds, Interval: true), SampleFlags.None));
    }

    private void Pair(long nowNs)
    {
        foreach (var l in _labelled)
        {
            if (l.Payload.Interval)
            {
                Emit(l, l.Payload.Time, l.Payload.HostNs);
                continue;
            }
            int best = Nearest(_dutPending, l.Payload.Time);
            if (best >= 0)
            {
                var dut = _dutPending[best];
                for (int i = 0; i < best; i++)
                    _out.Events.Add(new LabelEvent(Channel, _dutPending[i].HostNs, null, LabelEventKind.UnpairedDutPulse, "DUT pulse with no reference pulse within ±0.5 s"));
                _dutPending.RemoveRange(0, best + 1);
                Emit(l, dut.Time - l.Payload.Time, dut.HostNs);
            }
            else _refWaiting.Add(l);
        }
        _labelled.Clear();
    }

    private void Emit(LabelledEdge<Edge> r, Duration dutMinusRef, long hostNs)
    {
        double x = _formula.TimeError(dutMinusRef.TotalSeconds, r.QErrPicoseconds);
        _out.FlushEvents();
        _out.Sample(r.Second, x, r.Flags, hostNs);
    }

    private static int Nearest(List<Edge> items, Duration t)
    {
        int best = -1;
        Duration bestD = default;
        for (int i = 0; i < items.Count; i++) Closer(items[i].Time - t, i, ref best, ref bestD);
        return best;
    }

    private static int Nearest(List<LabelledEdge<Edge>> items, Duration t)
    {
        int best = -1;
        Duration bestD = default;
        for (int i = 0; i < items.Count; i++) Closer(items[i].Payload.Time - t, i, ref best, ref bestD);
        return best;
    }

    private static void Closer(Duration d, int i, ref int best, ref Duration bestD)
    {
        if (d < Duration.Zero) d = -d;
        if (d <= HalfSecond && (best < 0 || d < bestD)) { best = i; bestD = d; }
    }

    private void ExpireWaitingBefore(int index)
    {
        for (int i = 0; i < index; i++) MissingDut(_refWaiting[i]);
        _refWaiting.RemoveRange(0, index);
    }

    private void MissingDut(LabelledEdge<Edge> r) =>
        _out.Events.Add(new LabelEvent(Channel, r.Payload.HostNs, Instant.FromUnixSeconds(r.Second), LabelEventKind.MissingPulse,
            "no DUT pulse within ±0.5 s of the reference pulse"));

    private void Expire(long nowNs)
    {
        int n = 0;
        while (n < _refWaiting.Count && (nowNs == long.MaxValue || _refWaiting[n].Payload.HostNs < nowNs - _timeoutNs)) MissingDut(_refWaiting[n++]);
        if (n > 0) _refWaiting.RemoveRange(0, n);
        // A DUT edge may still meet a reference edge that waits for its label (longer while the order is being decided).
        long dutBefore = nowNs == long.MaxValue ? long.MaxValue
            : Math.Min(nowNs - _timeoutNs - (long)(_options.LookaheadSeconds * NanosPerSecond), _ref.OldestPendingHostNs - NanosPerSecond);
        n = 0;
        while (n < _dutPending.Count && _dutPending[n].HostNs < dutBefore)
            _out.Events.Add(new LabelEvent(Channel, _dutPending[n++].HostNs, null, LabelEventKind.UnpairedDutPulse, "DUT pulse with no reference pulse within ±0.5 s"));
        if (n > 0) _dutPending.RemoveRange(0, n);
    }
}
