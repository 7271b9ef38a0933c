using TimeSync.Core;
using TimeSync.Reporting.Engine;
using TimeSync.Reporting.Limits;

namespace TimeSync.Reporting.Tests;

/// <summary>Every kind of check, with data just inside and just outside its limit.</summary>
public class VerdictEngineTests
{
    private static Verdict One(string yaml, ChannelSeries ch) =>
        VerdictEngine.Evaluate(LimitsParser.Parse(yaml, "l.yaml"), [ch]).Single();

    private static ChannelSeries Series(params double[] x) => new("dut", 1.0, x);

    private static double[] Sine(int n, double amplitude, double periodSeconds, double tau0 = 1) =>
        Enumerable.Range(0, n).Select(i => amplitude * Math.Sin(2 * Math.PI * i * tau0 / periodSeconds)).ToArray();

    [Theory]
    [InlineData(999e-9, true)]
    [InlineData(1000e-9, true)]
    [InlineData(1001e-9, false)]
    public void MaxAbsTimeErrorAtTheBoundary(double peak, bool passes)
    {
        var v = One("checks:\n  - name: te\n    type: max-abs-te\n    limit: 1 us\n", Series(0, 100e-9, -peak, 50e-9, double.NaN, 3e-9));
        Assert.Equal(passes, v.Passed);
        Assert.Equal(peak * 1e6, v.Measured, 1e-9);
        Assert.Equal(1.0, v.Limit);
        Assert.Equal("us", v.Unit);
        if (!passes) Assert.Contains("> limit 1 us", v.Message);
    }

    [Fact]
    public void PercentileOfAbsoluteTimeError()
    {
        // 1000 samples: 998 at 100 ns and two at 5 µs. p99.9 (type 7): h = 999·0.999 = 998.001 → between rank 998 (5 µs) ... 
        var x = Enumerable.Repeat(100e-9, 1000).ToArray();
        x[10] = -5e-6;
        x[500] = 5e-6;
        // sorted |x|: 998 × 100 ns then 5 µs, 5 µs; h = 998.001 → index 998 = 5 µs
        var failing = One("checks:\n  - name: p\n    type: percentile-abs-te\n    percentile: 99.9\n    limit: 1 us\n", Series(x));
        Assert.False(failing.Passed);
        Assert.Equal(5.0, failing.Measured, 1e-9);
        // p99.8: h = 999·0.998 = 997.002 → 100 ns + 0.002·(5 µs − 100 ns) = 109.8 ns
        var passing = One("checks:\n  - name: p\n    type: percentile-abs-te\n    percentile: 99.8\n    limit: 110 ns\n", Series(x));
        Assert.True(passing.Passed, passing.Message);
        Assert.Equal(109.8, passing.Measured, 1e-6);
        var justOver = One("checks:\n  - name: p\n    type: percentile-abs-te\n    percentile: 99.8\n    limit: 109.7 ns\n", Series(x));
        Assert.False(justOver.Passed);
    }

    [Fact]
    public void StartAfterLockIgnoresTheAcquisitionTransient()
    {
        // 20 s at 10 µs (acquiring), then 100 s within ±200 ns
        var x = Enumerable.Repeat(10e-6, 20).Concat(Sine(100, 200e-9, 17)).ToArray();
        const string head = "lock:\n  bound: 1 us\n  hold: 30 s\nchecks:\n";
        var whole = One(head + "  - name: te\n    type: max-abs-te\n    limit: 250 ns\n", Series(x));
        Assert.False(whole.Passed);
        var afterLock = One(head + "  - name: te\n    type: max-abs-te\n    limit: 250 ns\n    start: lock\n", Series(x));
        Assert.True(afterLock.Passed, afterLock.Message);
        Assert.Contains("after lock at 20 s", afterLock.Message);
        var offset = One(head + "  - name: te\n    type: max-abs-te\n    limit: 250 ns\n    start: 19 s\n", Series(x));
        Assert.False(offset.Passed);
    }

    [Theory]
    [InlineData("50 s", true)]
    [InlineData("49 s", false)]
    public void TimeToLockAtTheBoundary(string limit, bool passes)
    {
        // |x| < 1 µs from t = 50 s on, except a 2 µs spike at t = 30 s that restarts the hold
        var x = Enumerable.Range(0, 200).Select(i => i < 20 ? 5e-6 : 100e-9).ToArray();
        x[49] = 2e-6;
        var v = One($"checks:\n  - name: lock\n    type: time-to-lock\n    bound: 1 us\n    hold: 60 s\n    limit: {limit}\n", Series(x));
        Assert.Equal(passes, v.Passed);
        Assert.Equal(50, v.Measured);
    }

    [Fact]
    public void TimeToLockFailsWhenNeverLocked()
    {
        var x = Enumerable.Range(0, 100).Select(i => i % 20 == 0 ? 5e-6 : 0).ToArray();
        var v = One("checks:\n  - name: lock\n    type: time-to-lock\n    bound: 1 us\n    hold: 30 s\n    limit: 10 min\n", Series(x));
        Assert.False(v.Passed);
        Assert.True(double.IsNaN(v.Measured));
        Assert.Contains("never locked", v.Message);
    }

    [Theory]
    [InlineData("5 s", true)]
    [InlineData("4 s", false)]
    public void MaxGapAtTheBoundary(string limit, bool passes)
    {
        var x = Enumerable.Repeat(0.0, 100).ToArray();
        for (int i = 40; i < 45; i++) x[i] = double.NaN;   // 5 missing samples
        x[70] = double.NaN;
        var v = One($"checks:\n  - name: g\n    type: max-gap\n    limit: {limit}\n", Series(x));
        Assert.Equal(passes, v.Passed);
        Assert.Equal(5, v.Measured);
    }

    [Fact]
    public void MissingPulsesCountsLabelledEventsOrElseGaps()
    {
        var x = Enumerable.Repeat(0.0, 100).ToArray();
        x[3] = x[4] = x[50] = double.NaN;
        const string yaml = "checks:\n  - name: mp\n    type: missing-pulses\n    limit: 2\n";
        var fromGaps = One(yaml, Series(x));
        Assert.False(fromGaps.Passed);
        Assert.Equal(3, fromGaps.Measured);
        var events = new List<ChannelEvent> { new(3, "missing pulse"), new(4, "Missing_Pulse"), new(20, "fix-lost") };
        var fromEvents = One(yaml, new ChannelSeries("dut", 1, x, Events: events));
        Assert.True(fromEvents.Passed, fromEvents.Message);
        Assert.Equal(2, fromEvents.Measured);
        // the labeller's kind name, and an event standing for several missing seconds
        var counted = One(yaml, new ChannelSeries("dut", 1, x, Events: [new(3, "MissingPulse", 3)]));
        Assert.False(counted.Passed);
        Assert.Equal(3, counted.Measured);
    }

    [Theory]
    [InlineData("50.001 ppb", true)]
    [InlineData("49.999 ppb", false)]
    public void FrequencyOffsetFromTheSlope(string limit, bool passes)
    {
        // x = −50 ns/s · t + 3 µs ⇒ y = −5e-8, |y| = 50 ppb
        var x = Enumerable.Range(0, 1000).Select(i => 3e-6 - 50e-9 * i).ToArray();
        var v = One($"checks:\n  - name: f\n    type: frequency-offset\n    limit: {limit}\n", Series(x));
        Assert.Equal(passes, v.Passed);
        Assert.Equal(50, v.Measured, 1e-6);
        Assert.Equal("ppb", v.Unit);
    }

    [Theory]
    [InlineData("36 ppb/h", true)]
    [InlineData("35.9 ppb/h", false)]
    public void FrequencyDriftFromTheQuadratic(string limit, bool passes)
    {
        // D = 1e-11 /s = 36 ppb/h ⇒ x = ½ D t² (+ an offset and a rate that the fit removes)
        var x = Enumerable.Range(0, 7200).Select(i => 1e-6 + 2e-9 * i + 0.5 * 1e-11 * (double)i * i).ToArray();
        var v = One($"checks:\n  - name: d\n    type: frequency-drift\n    limit: {limit}\n", Series(x));
        Assert.Equal(passes, v.Passed);
        Assert.Equal(36, v.Measured, 1e-6);
    }

    [Theory]
    [InlineData(9.99e-9, true)]
    [InlineData(10.01e-9, false)]
    public void ConstantTimeErrorOverWindows(double offset, bool passes)
    {
        // two 1000 s windows: means 5 ns and `offset`; a ±25 ns sine of period 100 s averages to zero in each
        var sine = Sine(2000, 25e-9, 100);
        var x = Enumerable.Range(0, 2000).Select(i => (i < 1000 ? 5e-9 : offset) + sine[i]).ToArray();
        var v = One("checks:\n  - name: c\n    type: cte\n    limit: 10 ns\n", Series(x));
        Assert.Equal(passes, v.Passed);
        Assert.Equal(offset * 1e9, v.Measured, 1e-6);
    }

    [Fact]
    public void LowPassFilterIsFirstOrderAtPointOneHertz()
    {
        // continuous first-order: gain 1/√2 at the corner; the step-invariant filter at τ0 = 1/16 s is within 1 %
        Assert.Equal(1 / Math.Sqrt(2), LowPassFilter.Gain(0.1, 1.0 / 16), 0.01);
        Assert.Equal(1.0, LowPassFilter.Gain(1e-5, 1.0), 1e-6);
        // −20 dB/decade: at 1 Hz the gain is ≈ 0.1
        Assert.Equal(0.0995, LowPassFilter.Gain(1, 1.0 / 64), 0.002);
        // step response: 1 − e^{−t/RC}, RC = 1/(2π·0.1) ≈ 1.59 s; exact at the samples
        var step = Enumerable.Repeat(1.0, 65).ToArray();
        step[0] = 0;
        var y = LowPassFilter.Apply(step, 1.0 / 16);
        double rc = 1 / (2 * Math.PI * 0.1);
        Assert.Equal(1 - Math.Exp(-4 / rc), y[64], 1e-12);
        // a gap restarts the filter
        var g = LowPassFilter.Apply([0, 1, double.NaN, 5, 5], 1);
        Assert.True(double.IsNaN(g[2]));
        Assert.Equal(5, g[3]);
    }

    [Fact]
    public void FilteredMaxTimeErrorRemovesFastNoise()
    {
        // ±40 ns alternating (0.5 Hz) on a 10 ns offset: max|TE| = 50 ns, max|TE_L| well under 30 ns
        var x = Enumerable.Range(0, 600).Select(i => 10e-9 + (i % 2 == 0 ? 40e-9 : -40e-9)).ToArray();
        var raw = One("checks:\n  - name: t\n    type: max-abs-te\n    limit: 30 ns\n", Series(x));
        var low = One("checks:\n  - name: t\n    type: max-abs-te\n    limit: 30 ns\n    filter: lpf-0.1hz\n    start: 60 s\n", Series(x));
        Assert.False(raw.Passed);
        Assert.True(low.Passed, low.Message);
        Assert.Contains("low-pass", low.Message);
    }

    [Fact]
    public void DteHighPassPeakToPeak()
    {
        // a 1000 s-period wander of ±100 ns passes through the low-pass; 2 s-period ±10 ns noise goes into dTE_H
        var slow = Sine(3000, 100e-9, 1000);
        var fast = Sine(3000, 10e-9, 2.0 / 0.999);
        var x = slow.Zip(fast, (a, b) => a + b).ToArray();
        var v = One("checks:\n  - name: h\n    type: dte-h\n    limit: 30 ns\n    start: 100 s\n", Series(x));
        Assert.True(v.Passed, v.Message);
        Assert.InRange(v.Measured, 10, 30); // most of the 20 ns p-p fast part, hardly any of the 200 ns wander
        var tight = One("checks:\n  - name: h\n    type: dte-h\n    limit: 5 ns\n    start: 100 s\n", Series(x));
        Assert.False(tight.Passed);
    }

    [Fact]
    public void MtieAgainstPrtcAMaskPassesAndFails()
    {
        // MTIE of a ±A sine with period P: 2A once τ ≥ P/2. PRTC-A: 100 ns for τ > 273 s.
        const string yaml = "checks:\n  - name: m\n    type: mtie\n    mask: g8272-prtc-a-mtie\n";
        var ok = One(yaml, Series(Sine(4000, 24e-9, 600)));
        Assert.True(ok.Passed, ok.Message);
        var bad = One(yaml, Series(Sine(4000, 51e-9, 600)));
        Assert.False(bad.Passed);
        // worst ratio at τ = 200 s: 2·51·sin(π/3) = 88.33 ns against 0.275e-3·200 + 0.025 µs = 80 ns
        Assert.Equal(200, bad.WorstTauSeconds);
        Assert.Equal(88.33, bad.Measured, 0.01);
        Assert.Equal(80, bad.Limit, 1e-9);
        Assert.Equal("ns", bad.Unit);
        Assert.True(bad.Margin < 0);
        Assert.Contains("exceeds G.8272 PRTC-A MTIE", bad.Message);
    }

    [Fact]
    public void MtieIsTheWindowPeakToPeak()
    {
        // a step of 30 ns at t = 10: MTIE(τ) = 30 ns for every τ ≥ 1 s (window of m+1 samples spans the step)
        var x = Enumerable.Range(0, 100).Select(i => i < 10 ? 0.0 : 30e-9).ToArray();
        var v = One("checks:\n  - name: m\n    type: mtie\n    mask:\n      pieces:\n        - { from: 1 s, to: 50 s, constant: 30 ns }\n", Series(x));
        Assert.True(v.Passed, v.Message);
        Assert.Equal(30, v.Measured, 1e-9);
        var v2 = One("checks:\n  - name: m\n    type: mtie\n    mask:\n      pieces:\n        - { from: 1 s, to: 50 s, constant: 29.9 ns }\n", Series(x));
        Assert.False(v2.Passed);
    }

    [Fact]
    public void TdevOfWhitePhaseNoiseAgainstAUserMask()
    {
        // white PM of rms σ: TDEV(τ) = σ/√m (NIST SP 1065 Table 5: Mod σ_y ∝ τ^-3/2 ⇒ TDEV ∝ τ^-1/2), σ = 10 ns
        var rng = new Random(7);
        var x = Enumerable.Range(0, 20000).Select(_ => 10e-9 * Gaussian(rng)).ToArray();
        // TDEV(1 s) = σ/√1 ·(for m = 1: TVAR = ⟨(Δ²x)²⟩/6 = 6σ²/6 = σ²) = 10 ns
        const string yaml = "checks:\n  - name: t\n    type: tdev\n    mask:\n      pieces:\n        - { from: 1 s, to: 100 s, coefficient: {0} ns, exponent: -0.5 }\n";
        var ok = One(yaml.Replace("{0}", "11"), Series(x));
        Assert.True(ok.Passed, ok.Message);
        var bad = One(yaml.Replace("{0}", "9"), Series(x));
        Assert.False(bad.Passed);
        Assert.InRange(bad.Measured / bad.Limit, 1.0, 1.25); // measured ≈ 10 ns/√m against 9 ns/√m
    }

    [Fact]
    public void MaskCheckFailsWhenTheRunIsTooShort()
    {
        var v = One("checks:\n  - name: t\n    type: tdev\n    mask: g8272-prtc-a-tdev\n", Series(Sine(12, 1e-9, 7))); // 12 samples: 11 s < 12·τ for every τ ≥ 1 s
        Assert.False(v.Passed);
        Assert.Contains("too short", v.Message);
    }

    [Fact]
    public void HoldoverAgainstConstantAndG8262Mask()
    {
        // locked at 0 for 100 s, fix lost at 100 s, then x grows at 100 ns/s (10⁻⁷ fractional frequency)
        var x = Enumerable.Range(0, 400).Select(i => i <= 100 ? 0 : (i - 100) * 100e-9).ToArray();
        var events = new List<ChannelEvent> { new(100, "fix lost") };
        var ch = new ChannelSeries("dut", 1, x, Events: events);
        var ok = One("checks:\n  - name: h\n    type: holdover\n    limit: 10 us\n    duration: 100 s\n", ch);
        Assert.True(ok.Passed, ok.Message);
        Assert.Equal(10, ok.Measured, 1e-9);
        var bad = One("checks:\n  - name: h\n    type: holdover\n    limit: 9.9 us\n    duration: 100 s\n", ch);
        Assert.False(bad.Passed);
        // G.8262 holdover 120 ns + 2050 ns/s·S: generous for 100 ns/s
        var eec = One("checks:\n  - name: h\n    type: holdover\n    mask: g8262-eec1-holdover\n", ch);
        Assert.True(eec.Passed, eec.Message);
        // without an event and without loss-at the check cannot pass
        var none = One("checks:\n  - name: h\n    type: holdover\n    limit: 10 us\n", Series(x));
        Assert.False(none.Passed);
        Assert.Contains("no loss of the reference", none.Message);
        var lossAt = One("checks:\n  - name: h\n    type: holdover\n    limit: 10 us\n    duration: 100 s\n    loss-at: 100 s\n", Series(x));
        Assert.True(lossAt.Passed, lossAt.Message);
        var tooLong = One("checks:\n  - name: h\n    type: holdover\n    limit: 1 ms\n    duration: 1 h\n", ch);
        Assert.False(tooLong.Passed);
        Assert.Contains("series ends", tooLong.Message);
        // every sample after the loss missing (e.g. flagged while the fix was lost): nothing measured, so no pass
        var blind = x.Select((v, i) => i > 100 ? double.NaN : v).ToArray();
        var noData = One("checks:\n  - name: h\n    type: holdover\n    limit: 10 us\n", new ChannelSeries("dut", 1, blind, Events: events));
        Assert.False(noData.Passed);
        Assert.Contains("no samples during the holdover", noData.Message);
    }

    [Fact]
    public void WildcardAppliesToEveryChannelAndUnknownChannelIsInputError()
    {
        var limits = LimitsParser.Parse("checks:\n  - name: te\n    type: max-abs-te\n    limit: 1 us\n", "l.yaml");
        var verdicts = VerdictEngine.Evaluate(limits, [new ChannelSeries("a", 1, [0.0]), new ChannelSeries("b", 1, [2e-6])]);
        Assert.Equal([("a", true), ("b", false)], verdicts.Select(v => (v.Channel, v.Passed)));
        var named = LimitsParser.Parse("checks:\n  - name: te\n    channel: c\n    type: max-abs-te\n    limit: 1 us\n", "l.yaml");
        var e = Assert.Throws<InputException>(() => VerdictEngine.Evaluate(named, [new ChannelSeries("a", 1, [0.0])]));
        Assert.Equal("l.yaml:2", e.Location);
    }

    [Fact]
    public void ClassCPresetOnACleanAndADirtyClock()
    {
        var clean = Enumerable.Range(0, 2000).Select(i => 5e-9 + 1e-9 * Math.Sin(i / 50.0)).ToArray();
        var limits = LimitsParser.Parse("checks:\n  - name: bc\n    preset: g8273.2-class-c\n", "l.yaml");
        var ok = VerdictEngine.Evaluate(limits, [Series(clean)]);
        Assert.All(ok, v => Assert.True(v.Passed, v.Message));
        var dirty = clean.Select((v, i) => v + 12e-9).ToArray(); // cTE 17 ns > 10 ns, max|TE| 18 ns < 30 ns
        var bad = VerdictEngine.Evaluate(limits, [Series(dirty)]);
        Assert.Equal(["bc/cte"], bad.Where(v => !v.Passed).Select(v => v.Name));
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
