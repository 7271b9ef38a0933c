using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>
/// Method <c>tim-tm2</c>: the DUT's PPS on the receiver's EXTINT; UBX TIM-TM2 gives the receiver's time of the rising
/// edge t_mark. The DUT meant second N = t_mark rounded to the nearest second, Δ = t_mark − N, x per
/// <see cref="TimeErrorFormula"/> with no reference cable and no qErr (the mark is timed by the receiver's clock).
/// The mark counter (TIM-TM2 count) reveals edges between reports (extra) and N reveals skipped seconds (missing).
/// </summary>
internal sealed class TimTm2ChannelLabeller : IChannelLabeller
{
    private readonly ChannelOutput _out;
    private readonly TimeErrorFormula _formula;
    private readonly string _receiver;
    private readonly int _extint;
    private readonly FixTracker _fix;
    private bool _has;
    private long _lastSecond;
    private uint _lastCount;

    public string Channel { get; }
    public IReadOnlyList<string> Sources { get; }

    public TimTm2ChannelLabeller(BenchDescription bench, ChannelDescription channel, ChannelOutput output)
    {
        Channel = channel.Name;
        _out = output;
        _receiver = channel.Receiver ?? bench.Reference.Labels;
        _extint = channel.Extint ?? 0;
        _formula = new TimeErrorFormula(channel.DutCableDelaySeconds, 0, bench.Reference.AntennaCableDelaySeconds);
        _fix = new FixTracker(Channel);
        Sources = [_receiver];
    }

    public void OnEvent(in DecodedEventValue decoded)
    {
        switch (decoded.Kind == DecodedKind.Other ? decoded.Other : null)
        {
            case null when decoded.Kind == DecodedKind.GnssTime: // GnssTimeMessage
                _fix.Observe(decoded.Flag, decoded.HasTime ? decoded.Time.UnixSeconds : null, decoded.HostTimeUnixNanoseconds, decoded.Text!, _out.Events);
                break;
            case TimePulseInfo tp:
                _fix.Observe(tp.Valid, tp.NextPulseUtc.UnixSeconds, tp.HostTimeUnixNanoseconds, "TIM-TP", _out.Events);
                break;
            case TimeMark mark when mark.Channel == _extint:
                OnMark(mark);
                break;
        }
        _out.FlushEvents();
    }

    private void OnMark(TimeMark mark)
    {
        var t = mark.RisingEdgeUtc;
        long n = t.Picoseconds >= Instant.PicosecondsPerSecond / 2 ? t.UnixSeconds + 1 : t.UnixSeconds;
        if (_has)
        {
            long dn = n - _lastSecond;
            long dc = unchecked((uint)(mark.Count - _lastCount));
            if (dn > 1)
                _out.Events.Add(new LabelEvent(Channel, mark.HostTimeUnixNanoseconds, Instant.FromUnixSeconds(n), LabelEventKind.MissingPulse,
                    $"{dn - 1} DUT pulse(s) missing before this time mark", (int)Math.Min(dn - 1, int.MaxValue)));
            if (dn >= 1 && dc > dn)
                _out.Events.Add(new LabelEvent(Channel, mark.HostTimeUnixNanoseconds, Instant.FromUnixSeconds(n), LabelEventKind.ExtraPulse,
                    $"{dc - dn} extra edge(s) on EXTINT{_extint} (mark count advanced by {dc} in {dn} s)", (int)Math.Min(dc - dn, int.MaxValue)));
        }
        _has = true;
        _lastSecond = n;
        _lastCount = mark.Count;
        var flags = SampleFlags.None;
        if (!mark.Valid || _fix.IsInvalid(n)) flags |= SampleFlags.FixInvalid;
        double delta = (t - Instant.FromUnixSeconds(n)).TotalSeconds;
        _out.Sample(n, _formula.TimeError(delta, 0), flags, mark.HostTimeUnixNanoseconds);
    }

    public void Complete() => _out.FlushEvents();
}
