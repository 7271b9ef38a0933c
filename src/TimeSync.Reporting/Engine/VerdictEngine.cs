using System.Globalization;
using TimeSync.Core;
using TimeSync.Core.Statistics;
using TimeSync.Reporting.Limits;
using TimeSync.Reporting.Masks;

namespace TimeSync.Reporting.Engine;

/// <summary>Applies every check of a limits file to every channel it names; one verdict per check and channel.</summary>
public static class VerdictEngine
{
    private static readonly string[] LossKinds = ["fix-lost", "reference-lost", "holdover-start"];
    private static readonly string[] RegainKinds = ["fix-regained", "fix-acquired", "reference-restored", "holdover-end"];

    public static IReadOnlyList<Verdict> Evaluate(LimitsFile limits, IReadOnlyList<ChannelSeries> channels)
    {
        var verdicts = new List<Verdict>();
        foreach (var check in limits.Checks)
        {
            foreach (string named in check.Channels.Where(c => c != "*"))
                if (!channels.Any(c => c.Channel == named))
                    throw new InputException(check.Location, $"check '{check.Name}' names channel '{named}', which is not in the data (channels: {string.Join(", ", channels.Select(c => c.Channel))})");
            foreach (var ch in channels.Where(c => check.AppliesTo(c.Channel)))
                verdicts.Add(Evaluate(check, ch));
        }
        return verdicts;
    }

    public static Verdict Evaluate(CheckSpec check, ChannelSeries ch)
    {
        if (!(ch.Tau0Seconds > 0) || !double.IsFinite(ch.Tau0Seconds))
            throw new InputException($"channel {ch.Channel}", $"sample interval τ0 = {ch.Tau0Seconds} s is not a positive number");
        double[] series = check.Filter == MeasurementFilter.LowPass0p1Hz ? LowPassFilter.Apply(ch.TimeErrorSeconds, ch.Tau0Seconds) : ch.TimeErrorSeconds;
        var (from, scopeNote) = ScopeStart(check, ch);
        if (from < 0)
            return Fail(check, ch, scopeNote, "s");
        var scoped = series.AsSpan(Math.Min(from, series.Length));
        string filterNote = check.Filter == MeasurementFilter.LowPass0p1Hz ? " after the 0.1 Hz low-pass" : "";

        switch (check.Type)
        {
            case CheckType.MaxAbsTimeError:
                return Compare(check, ch, SeriesMath.MaxAbs(scoped), $"max |x|{filterNote}{scopeNote}");
            case CheckType.PercentileAbsTimeError:
                return Compare(check, ch, SeriesMath.PercentileAbs(scoped, check.Percentile!.Value),
                    $"p{check.Percentile.Value.ToString(CultureInfo.InvariantCulture)} of |x|{filterNote}{scopeNote}");
            case CheckType.ConstantTimeError:
                return Compare(check, ch, MaxWindowMean(scoped, ch.Tau0Seconds, check.WindowSeconds, out string windows), $"max |cTE| over {windows}{scopeNote}");
            case CheckType.DynamicTimeErrorHighPass:
            {
                var hp = LowPassFilter.HighPass(ch.TimeErrorSeconds, ch.Tau0Seconds);
                return Compare(check, ch, SeriesMath.PeakToPeak(hp.AsSpan(Math.Min(from, hp.Length))), $"peak-to-peak of x after the 0.1 Hz high-pass (dTE_H){scopeNote}");
            }
            case CheckType.TimeToLock:
            {
                var lk = check.Lock!.Value;
                int idx = SeriesMath.LockIndex(ch.TimeErrorSeconds, ch.Tau0Seconds, lk.BoundSeconds, lk.HoldSeconds);
                string crit = $"|x| < {Units.Format(lk.BoundSeconds, "ns", 1e-9)} for {Units.Format(lk.HoldSeconds, "s", 1)}";
                if (idx < 0) return Fail(check, ch, $"never locked ({crit})", check.Limit!.Value.Unit);
                return Compare(check, ch, ch.OffsetOf(idx), $"time to lock ({crit})");
            }
            case CheckType.MaxGap:
            {
                var (len, start) = SeriesMath.LongestGap(scoped);
                string where = len > 0 ? $", at {Units.Format(ch.OffsetOf(from + start), "s", 1)}" : "";
                return Compare(check, ch, len * ch.Tau0Seconds, $"longest gap ({len} missing samples{where}){scopeNote}");
            }
            case CheckType.MissingPulses:
            {
                double startS = ch.OffsetOf(from);
                if (ch.Events is { } ev)
                    return Compare(check, ch, ev.Where(e => e.Is("missing-pulse") && e.OffsetSeconds >= startS).Sum(e => (double)e.Count), $"missing pulses (labelled events){scopeNote}");
                return Compare(check, ch, SeriesMath.CountNaN(scoped), $"missing samples (no labelled events){scopeNote}");
            }
            case CheckType.FrequencyOffset:
                return Compare(check, ch, Math.Abs(SeriesMath.PolyFit(scoped, ch.Tau0Seconds, 1)[1]), $"|y| from a least-squares line through x{scopeNote}");
            case CheckType.FrequencyDrift:
                // x(t) = c0 + c1 t + c2 t² ⇒ y(t) = c1 + 2 c2 t, drift D = 2 c2 (ITU-T G.810 §4.5.4 frequency drift rate)
                return Compare(check, ch, Math.Abs(2 * SeriesMath.PolyFit(scoped, ch.Tau0Seconds, 2)[2]), $"|drift| from a least-squares quadratic through x{scopeNote}");
            case CheckType.Mtie:
            case CheckType.Tdev:
                return MaskCheck(check, ch, scoped, scopeNote);
            case CheckType.Holdover:
                return Holdover(check, ch, series, from);
            default:
                throw new InvalidOperationException(check.Type.ToString());
        }
    }

    private static (int From, string Note) ScopeStart(CheckSpec check, ChannelSeries ch)
    {
        switch (check.Start)
        {
            case StartKind.Offset:
                return ((int)Math.Ceiling(check.StartOffsetSeconds / ch.Tau0Seconds - 1e-9), $", from {Units.Format(check.StartOffsetSeconds, "s", 1)}");
            case StartKind.AfterLock:
            {
                var lk = check.Lock!.Value;
                int idx = SeriesMath.LockIndex(ch.TimeErrorSeconds, ch.Tau0Seconds, lk.BoundSeconds, lk.HoldSeconds);
                return idx < 0
                    ? (-1, $"never locked (|x| < {Units.Format(lk.BoundSeconds, "ns", 1e-9)} for {Units.Format(lk.HoldSeconds, "s", 1)}), so nothing after lock to check")
                    : (idx, $", after lock at {Units.Format(ch.OffsetOf(idx), "s", 1)}");
            }
            default:
                return (0, "");
        }
    }

    private static double MaxWindowMean(ReadOnlySpan<double> x, double tau0, double windowSeconds, out string note)
    {
        int w = Math.Max(1, (int)Math.Round(windowSeconds / tau0));
        if (x.Length < w)
        {
            note = $"the whole run ({Units.Format(x.Length * tau0, "s", 1)}, shorter than the {Units.Format(windowSeconds, "s", 1)} window)";
            w = x.Length;
        }
        else note = $"{x.Length / w} windows of {Units.Format(windowSeconds, "s", 1)}";
        double best = double.NaN;
        for (int s = 0; s + w <= x.Length && w > 0; s += w)
        {
            double sum = 0;
            int n = 0;
            foreach (double v in x.Slice(s, w)) if (!double.IsNaN(v)) { sum += v; n++; }
            if (n == 0) continue;
            double mean = Math.Abs(sum / n);
            if (double.IsNaN(best) || mean > best) best = mean;
        }
        return best;
    }

    private static Verdict MaskCheck(CheckSpec check, ChannelSeries ch, ReadOnlySpan<double> x, string scopeNote)
    {
        var mask = check.Mask!;
        bool tdev = check.Type == CheckType.Tdev;
        int n = x.Length;
        // TDEV needs a measurement period of at least 12τ (ITU-T G.8272 §6.2); MTIE needs one window of m+1 samples.
        int maxM = tdev ? (int)Math.Floor((n - 1) / 12.0) : n - 1;
        double[] taus = [], values = [], limits = [];
        double worstRatio = double.NegativeInfinity, worstTau = double.NaN, worstValue = double.NaN, worstLimit = double.NaN;
        bool passed = true;
        if (maxM >= 1)
        {
            int[] grid = SeriesMath.TauGrid(maxM, ch.Tau0Seconds, mask.Breakpoints());
            taus = new double[grid.Length];
            values = new double[grid.Length];
            limits = new double[grid.Length];
            for (int g = 0; g < grid.Length; g++)
            {
                int m = grid[g];
                double tau = m * ch.Tau0Seconds;
                // Core's statistics: TDEV NIST SP 1065 eq. (15), MTIE ITU-T G.810 §4.5.13 (window of m+1 samples)
                double value = tdev ? ModifiedAllanDeviation.Tdev(x, ch.Tau0Seconds, m).Value : TimeIntervalError.Mtie(x, ch.Tau0Seconds, m).Value;
                double? limit = mask.LimitAt(tau);
                taus[g] = tau;
                values[g] = value;
                limits[g] = limit ?? double.NaN;
                if (limit is not double l || double.IsNaN(value)) continue;
                if (value > l) passed = false;
                double ratio = l > 0 ? value / l : (value > 0 ? double.PositiveInfinity : 0);
                if (ratio > worstRatio) { worstRatio = ratio; worstTau = tau; worstValue = value; worstLimit = l; }
            }
        }
        string stat = tdev ? "TDEV" : "MTIE";
        string filterNote = check.Filter == MeasurementFilter.LowPass0p1Hz ? " after the 0.1 Hz low-pass" : "";
        var curve = new MaskCurve(mask.Title, stat, taus, values, limits);
        if (double.IsNaN(worstTau))
        {
            string range = $"{FormatTau(mask.MinTau)} … {FormatTau(mask.MaxTau)}";
            return Fail(check, ch, $"{stat}: the run ({Units.Format(n * ch.Tau0Seconds, "s", 1)}) is too short for any τ in the mask range {range}", "ns") with { Curve = curve };
        }
        var (unit, scale) = Units.TimeUnitFor(worstLimit);
        string verdictWord = passed ? "within" : "exceeds";
        string message = $"{stat}{filterNote} {verdictWord} {mask.Title}: worst at τ = {FormatTau(worstTau)}, {Units.Format(worstValue, unit, scale)} against {Units.Format(worstLimit, unit, scale)}{scopeNote}";
        return new Verdict
        {
            Name = check.Name, Channel = ch.Channel, Check = CheckTypes.Name(check.Type), Passed = passed,
            Measured = worstValue / scale, Limit = worstLimit / scale, Unit = unit, WorstTauSeconds = worstTau,
            Message = message, Source = check.Source ?? mask.Sources, Caveat = check.Caveat, Location = check.Location, Curve = curve,
        };
    }

    private static Verdict Holdover(CheckSpec check, ChannelSeries ch, double[] x, int from)
    {
        double startS = ch.OffsetOf(from);
        double? loss = ch.Events?.Where(e => e.OffsetSeconds >= startS && LossKinds.Any(e.Is)).Select(e => (double?)e.OffsetSeconds).FirstOrDefault();
        loss ??= check.LossAtSeconds;
        string unitName = check.Limit?.Unit ?? "ns";
        if (loss is not double lossS)
            return Fail(check, ch, "no loss of the reference in the data (no fix-lost event and no 'loss-at')", unitName);
        int i0 = (int)Math.Floor(lossS / ch.Tau0Seconds + 1e-9);
        while (i0 >= 0 && (i0 >= x.Length || double.IsNaN(x[i0]))) i0--;
        if (i0 < 0) return Fail(check, ch, $"no sample at or before the loss at {Units.Format(lossS, "s", 1)}", unitName);
        double? regain = ch.Events?.Where(e => e.OffsetSeconds > lossS && RegainKinds.Any(e.Is)).Select(e => (double?)e.OffsetSeconds).FirstOrDefault();
        double endS = check.DurationSeconds is double d ? lossS + d : regain ?? ch.OffsetOf(x.Length - 1);
        if (regain is double r && r < endS) endS = r;
        double seriesEnd = ch.OffsetOf(x.Length - 1);
        if (check.DurationSeconds is double need && seriesEnd < lossS + need && (regain is null || regain >= lossS + need))
            return Fail(check, ch, $"the series ends {Units.Format(seriesEnd - lossS, "s", 1)} after the loss; the check needs {Units.Format(need, "s", 1)} of holdover", unitName);
        double x0 = x[i0];
        double worstRatio = double.NegativeInfinity, worstDev = double.NaN, worstLimit = double.NaN, worstS = double.NaN;
        bool passed = true;
        int i1 = Math.Min(x.Length - 1, (int)Math.Floor(endS / ch.Tau0Seconds + 1e-9));
        for (int i = i0; i <= i1; i++)
        {
            if (double.IsNaN(x[i])) continue;
            double s = ch.OffsetOf(i) - lossS;
            double dev = Math.Abs(x[i] - x0);
            double limit = check.Mask?.LimitAt(Math.Max(s, 0)) ?? check.Limit!.Value.SiValue;
            if (dev > limit) passed = false;
            double ratio = limit > 0 ? dev / limit : (dev > 0 ? double.PositiveInfinity : 0);
            if (ratio > worstRatio) { worstRatio = ratio; worstDev = dev; worstLimit = limit; worstS = s; }
        }
        int during = 0;
        for (int i = i0 + 1; i <= i1; i++) if (!double.IsNaN(x[i])) during++;
        if (during == 0)
            return Fail(check, ch, $"no samples during the holdover from {Units.Format(lossS, "s", 1)} to {Units.Format(endS, "s", 1)} (all missing or flagged), so nothing to check", unitName);
        var (unit, scale) = check.Limit is { } q ? (q.Unit, q.UnitScale) : Units.TimeUnitFor(worstLimit);
        int span = i1 - i0;
        // samples flagged while the reference receiver had no fix are gaps: then only the ends of the holdover are compared
        string sparse = during < span ? $" ({during} of {span} samples after the loss measured; the others missing or flagged)" : "";
        string msg = $"holdover from {Units.Format(lossS, "s", 1)} to {Units.Format(endS, "s", 1)}: worst |x − x(loss)| = {Units.Format(worstDev, unit, scale)} at {Units.Format(worstS, "s", 1)} after the loss, limit {Units.Format(worstLimit, unit, scale)}{sparse}";
        return new Verdict
        {
            Name = check.Name, Channel = ch.Channel, Check = CheckTypes.Name(check.Type), Passed = passed,
            Measured = worstDev / scale, Limit = worstLimit / scale, Unit = unit, Message = msg,
            Source = check.Source, Caveat = check.Caveat, Location = check.Location,
        };
    }

    private static Verdict Compare(CheckSpec check, ChannelSeries ch, double measuredSi, string what)
    {
        var limit = check.Limit!.Value;
        if (double.IsNaN(measuredSi)) return Fail(check, ch, $"{what}: no valid samples", limit.Unit);
        bool passed = measuredSi <= limit.SiValue;
        string text = $"{what} = {Units.Format(measuredSi, limit.Unit, limit.UnitScale)} {(passed ? "≤" : ">")} limit {limit}";
        return new Verdict
        {
            Name = check.Name, Channel = ch.Channel, Check = CheckTypes.Name(check.Type), Passed = passed,
            Measured = limit.ToUnit(measuredSi), Limit = limit.InUnit, Unit = limit.Unit, Message = text,
            Source = check.Source, Caveat = check.Caveat, Location = check.Location,
        };
    }

    private static Verdict Fail(CheckSpec check, ChannelSeries ch, string why, string unit) => new()
    {
        Name = check.Name, Channel = ch.Channel, Check = CheckTypes.Name(check.Type), Passed = false,
        Measured = double.NaN, Limit = check.Limit?.InUnit ?? double.NaN, Unit = check.Limit?.Unit ?? unit,
        Message = why.TrimStart(',', ' '), Source = check.Source, Caveat = check.Caveat, Location = check.Location,
    };

    private static string FormatTau(double tau) => double.IsPositiveInfinity(tau) ? "∞" : tau.ToString("G4", CultureInfo.InvariantCulture) + " s";
}
