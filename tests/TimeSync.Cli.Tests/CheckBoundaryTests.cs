using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using static TimeSync.Cli.Tests.BoundaryCaptures;

namespace TimeSync.Cli.Tests;

/// <summary>
/// Every check kind of the limits file, on a simulated capture replayed by the real `timesync replay --limits --junit`:
/// it passes (exit 0, no JUnit failure) with the limit just above the value the capture was built to produce, and fails
/// (exit 1, a JUnit failure naming the measured value and the limit) with the limit just below it.
/// Expected values come from the scenario's closed form or from the simulator's truth file, not from TimeSync's analysis.
/// </summary>
public partial class CheckBoundaryTests(BoundaryCaptures captures) : IClassFixture<BoundaryCaptures>
{
    /// <param name="Capture">Which simulated capture.</param>
    /// <param name="Check">The check's YAML lines after name/channel; {LIMIT} is replaced by the bound.</param>
    /// <param name="Unit">Unit of the bound written into the file (and of the JUnit message).</param>
    /// <param name="UnitScale">SI value of one unit.</param>
    /// <param name="Expected">The value the check must measure, in SI, from the truth file.</param>
    /// <param name="Margin">Relative distance of the bound from the expected value ("just inside/outside").</param>
    /// <param name="IsMask">Mask checks: {LIMIT} scales the mask, and the JUnit message must show measured/limit = 1/(1 ± margin).</param>
    /// <param name="OutsideBound">Overrides the failing bound (counts: one less; the passing bound is then the value itself, since a check passes at measured ≤ limit).</param>
    private sealed record Case(string Capture, string Check, string Unit, double UnitScale, Func<double?[], double> Expected,
        double Margin = 1e-3, bool IsMask = false, Func<double, double>? OutsideBound = null);

    // first-order 0.1 Hz low-pass of G.8273.2 §7.1, step-invariant: a step A passes the high-pass as A·e^{−2π·0.1·τ0}
    private static readonly double HighPassStepGain = Math.Exp(-2 * Math.PI * 0.1 * 1.0);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        ["max-abs-te"] = new("ramp", "type: max-abs-te\n    limit: {LIMIT}", "ns", 1e-9,
            _ => RampX0Seconds + RampY * (DurationSeconds - 1)),
        // Hyndman–Fan 7: h = (n − 1)·0.9 = 899.1 on the sorted ramp
        ["percentile-abs-te"] = new("ramp", "type: percentile-abs-te\n    percentile: 90\n    limit: {LIMIT}", "ns", 1e-9,
            _ => RampX0Seconds + RampY * (DurationSeconds - 1) * 0.9),
        // MTIE of a line is y·τ at every τ: mask coefficient·τ with coefficient = y·(1 ± margin)
        ["mtie"] = new("ramp", "type: mtie\n    mask:\n      pieces:\n        - { from: 1 s, to: inf, constant: 0 ns, coefficient: {LIMIT}, exponent: 1 }", "ns", 1e-9,
            _ => RampY * 1.0, IsMask: true),
        // TDEV of x = D t²/2 is D τ²/√6 exactly (second difference Dτ², NIST SP 1065 eq. 14–15); τ ≥ 20 s keeps the 1 ps counter resolution negligible
        ["tdev"] = new("quadratic", "type: tdev\n    mask:\n      pieces:\n        - { from: 20 s, to: inf, constant: 0 ns, coefficient: {LIMIT}, exponent: 2 }", "ps", 1e-12,
            _ => QuadraticDriftPerSecond / Math.Sqrt(6), Margin: 2e-3, IsMask: true),
        // windows of 100 s: the last one's mean, 100 ns + 1 ppb·949.5 s
        ["cte"] = new("ramp", "type: cte\n    window: 100 s\n    limit: {LIMIT}", "ns", 1e-9,
            _ => RampX0Seconds + RampY * 949.5),
        // high-pass: −5 µs·g at the first step, +200 ns·g at the second (the filter has settled in between)
        ["dte-h"] = new("steps", "type: dte-h\n    limit: {LIMIT}", "ns", 1e-9,
            _ => (StepsX0Seconds + StepsSecondSizeSeconds) * HighPassStepGain),
        ["time-to-lock"] = new("steps", "type: time-to-lock\n    bound: 1 us\n    hold: 30 s\n    limit: {LIMIT}", "s", 1,
            _ => StepsFirstAtSeconds),
        ["max-gap"] = new("gappy", "type: max-gap\n    limit: {LIMIT}", "s", 1,
            truth => LongestInteriorGap(truth), Margin: 0, OutsideBound: v => v - 1),
        ["missing-pulses"] = new("gappy", "type: missing-pulses\n    limit: {LIMIT}", "", 1,
            truth => InteriorMissing(truth), Margin: 0, OutsideBound: v => v - 1),
        ["frequency-offset"] = new("ramp", "type: frequency-offset\n    limit: {LIMIT}", "ppb", 1e-9,
            _ => RampY),
        ["frequency-drift"] = new("quadratic", "type: frequency-drift\n    limit: {LIMIT}", "ppb/h", 1e-9 / 3600,
            _ => QuadraticDriftPerSecond),
        ["holdover"] = new("holdover", "type: holdover\n    loss-at: 300 s\n    duration: 300 s\n    limit: {LIMIT}", "ns", 1e-9,
            truth => HoldoverExcursion(truth)),
    };

    public static TheoryData<string, bool> Names()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in Cases.Keys)
        {
            data.Add(name, true);
            data.Add(name, false);
        }
        return data;
    }

    [Fact]
    public void EveryCheckKindOfTheLimitsFileHasABoundaryCase()
    {
        var kinds = Regex.Matches(File.ReadAllText(Testing.RepoPaths.RepoFile("src", "TimeSync.Reporting", "Limits", "CheckType.cs")), "\\(\"([a-z0-9-]+)\", CheckType\\.")
            .Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(kinds);
        Assert.Equal(kinds.Order(), Cases.Keys.Order());
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void PassesJustInsideAndFailsJustOutside(string name, bool inside)
    {
        var c = Cases[name];
        double expected = c.Expected(captures.Truth(c.Capture));
        Assert.True(expected > 0, $"{name}: the scenario must give a positive value, got {expected}");
        double boundInUnit = expected / c.UnitScale * (inside ? 1 + c.Margin : 1 - c.Margin);
        if (!inside && c.OutsideBound is not null) boundInUnit = c.OutsideBound(expected / c.UnitScale);
        string bound = (boundInUnit.ToString("R", CultureInfo.InvariantCulture) + " " + c.Unit).Trim();

        string dir = Path.Combine(captures.Directory, $"{name}-{(inside ? "in" : "out")}");
        Directory.CreateDirectory(dir);
        string limits = Path.Combine(dir, "limits.yaml"), junit = Path.Combine(dir, "junit.xml");
        File.WriteAllText(limits, $"version: 1\nchecks:\n  - name: {name}\n    channel: dut\n    {c.Check.Replace("{LIMIT}", bound)}\n");
        var r = CliProcess.Run(TimeSpan.FromSeconds(120), "replay", captures.Capture(c.Capture), "--limits", limits, "--junit", junit, "--stats", "adev");

        Assert.True(r.ExitCode == (inside ? 0 : 1), $"{name} with bound {bound}: exit {r.ExitCode}\n{r.StdErr}");
        var junitDoc = XDocument.Load(junit);
        Assert.Empty(JUnitSchema.Validate(junitDoc));
        var testcase = Assert.Single(junitDoc.Descendants("testcase"));
        Assert.Equal(name, testcase.Attribute("name")!.Value);
        Assert.Equal("timesync.dut", testcase.Attribute("classname")!.Value);
        var failure = testcase.Element("failure");
        if (inside)
        {
            Assert.Null(failure);
            return;
        }
        Assert.NotNull(failure);
        // "<name> on dut: measured <value> <unit>, limit <value> <unit>"
        var m = FailureMessage().Match(failure.Attribute("message")!.Value);
        Assert.True(m.Success, failure.Attribute("message")!.Value);
        Assert.Equal(name, m.Groups["name"].Value);
        double measured = double.Parse(m.Groups["measured"].Value, CultureInfo.InvariantCulture);
        double limit = double.Parse(m.Groups["limit"].Value, CultureInfo.InvariantCulture);
        Assert.Equal(m.Groups["unit1"].Value, m.Groups["unit2"].Value);
        Assert.Contains($"FAIL {name} [dut]", r.StdErr);
        if (c.IsMask)
        {
            // the mask was scaled by (1 − margin): at the worst τ, measured / limit = 1 / (1 − margin)
            Assert.Equal(1 / (1 - c.Margin), measured / limit, 1e-4);
            return;
        }
        Assert.Equal(c.Unit, m.Groups["unit1"].Value);
        Assert.Equal(boundInUnit, limit, Math.Abs(boundInUnit) * 1e-5);
        Assert.Equal(expected / c.UnitScale, measured, Math.Max(Math.Abs(expected / c.UnitScale) * 2e-5, 2e-3 * 1e-9 / c.UnitScale));
    }

    [GeneratedRegex(@"^(?<name>\S+) on dut: measured (?<measured>[-0-9.eE+]+) ?(?<unit1>\S*), limit (?<limit>[-0-9.eE+]+) ?(?<unit2>\S*)$")]
    private static partial Regex FailureMessage();

    /// <summary>Longest run of missing pulses between the first and last pulse (the series spans those), in seconds.</summary>
    private static double LongestInteriorGap(double?[] truth)
    {
        int first = Array.FindIndex(truth, v => v is not null), last = Array.FindLastIndex(truth, v => v is not null);
        int best = 0, run = 0;
        for (int i = first; i <= last; i++)
        {
            run = truth[i] is null ? run + 1 : 0;
            best = Math.Max(best, run);
        }
        return best;
    }

    private static double InteriorMissing(double?[] truth)
    {
        int first = Array.FindIndex(truth, v => v is not null), last = Array.FindLastIndex(truth, v => v is not null);
        return truth[first..(last + 1)].Count(v => v is null);
    }

    /// <summary>max |x(t) − x(loss)| over loss ≤ t ≤ loss + duration, from the truth file.</summary>
    private static double HoldoverExcursion(double?[] truth)
    {
        int i0 = (int)HoldoverLossAtSeconds;
        double x0 = truth[i0]!.Value;
        return truth[i0..((int)(HoldoverLossAtSeconds + HoldoverDurationSeconds) + 1)].Max(v => Math.Abs(v!.Value - x0));
    }
}
