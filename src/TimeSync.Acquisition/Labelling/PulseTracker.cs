using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>Outcome of checking one edge against its stream's 1 s grid.</summary>
public enum PulseCheck { First, OnTime, Late, Extra }

/// <summary>
/// Follows one PPS edge stream on its own timescale (counter or host clock). The grid is anchored on the last on-time
/// edge: an edge is on time within the tolerance of a whole number of seconds after it, late when further but within
/// the stray limit, extra (not accepted) when within half a second of the last edge or beyond the stray limit.
/// Missing pulses are whole seconds skipped since the last accepted edge. Three consecutive late (or stray) edges on a
/// consistent 1 s grid mean the stream itself stepped: the grid follows it.
/// </summary>
public sealed class PulseTracker(double lateToleranceSeconds, double strayPulseSeconds)
{
    private bool _has;
    private Duration _anchor, _last;
    private Duration _lastOff;
    private int _offRun;

    /// <summary>Checks an edge; <paramref name="missing"/> is how many whole seconds were skipped before it.</summary>
    public PulseCheck Check(Duration time, out long missing, out double offGridSeconds)
    {
        missing = 0;
        offGridSeconds = 0;
        if (!_has)
        {
            _has = true;
            _anchor = _last = time;
            return PulseCheck.First;
        }
        double d = DurationMath.SecondsBetween(time, _anchor);
        double k = Math.Round(d);
        offGridSeconds = d - k;
        double sinceLast = DurationMath.SecondsBetween(time, _last);
        bool stray = sinceLast < 0.5 || Math.Abs(offGridSeconds) > strayPulseSeconds;
        if (stray || Math.Abs(offGridSeconds) > lateToleranceSeconds)
        {
            // Off the grid: a run of such edges on their own 1 s grid means the stream moved: follow it.
            double ds = DurationMath.SecondsBetween(time, _lastOff);
            _offRun = _offRun > 0 && Math.Round(ds) >= 1 && Math.Abs(ds - Math.Round(ds)) <= lateToleranceSeconds ? _offRun + 1 : 1;
            _lastOff = time;
            if (_offRun >= 3)
            {
                missing = Math.Max(0, (long)Math.Round(sinceLast) - 1);
                _anchor = _last = time;
                _offRun = 0;
                return PulseCheck.Late;
            }
            if (stray) return PulseCheck.Extra;
            missing = Math.Max(0, (long)Math.Round(sinceLast) - 1);
            _last = time;
            return PulseCheck.Late;
        }
        missing = Math.Max(0, (long)Math.Round(sinceLast) - 1);
        _anchor = _last = time;
        _offRun = 0;
        return PulseCheck.OnTime;
    }
}
