using TimeSync.Core;
using TimeSync.Reporting.Limits;
using TimeSync.Reporting.Masks;
using TimeSync.Testing;

namespace TimeSync.Reporting.Tests;

public class LimitsParserTests
{
    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(RepoPaths.RepoFile("examples", "limits"), "*.yaml").Order()) data.Add(Path.GetFileName(f));
        return data;
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void ExampleFilesParse(string file)
    {
        var limits = LimitsParser.Load(RepoPaths.RepoFile("examples", "limits", file));
        Assert.NotEmpty(limits.Checks);
        Assert.All(limits.Checks, c => Assert.StartsWith(RepoPaths.RepoFile("examples", "limits", file) + ":", c.Location));
    }

    [Fact]
    public void PresetExpandsIntoTheStandardsChecks()
    {
        var limits = LimitsParser.Parse("""
            checks:
              - name: bc
                channel: dut
                preset: g8273.2-class-c
            """, "l.yaml");
        Assert.Equal(["bc/max-te", "bc/cte", "bc/dte-l-mtie", "bc/dte-l-tdev", "bc/dte-h"], limits.Checks.Select(c => c.Name));
        var maxTe = limits.Checks[0];
        Assert.Equal(30e-9, maxTe.Limit!.Value.SiValue, 1e-18);
        Assert.Equal(MeasurementFilter.None, maxTe.Filter);
        Assert.Equal(10e-9, limits.Checks[1].Limit!.Value.SiValue, 1e-18);
        Assert.Equal(MeasurementFilter.LowPass0p1Hz, limits.Checks[2].Filter);
        Assert.Equal("g8273.2-class-c-mtie", limits.Checks[2].Mask!.Name);
        Assert.Equal(30e-9, limits.Checks[4].Limit!.Value.SiValue, 1e-18);
        Assert.Equal("l.yaml:2", maxTe.Location);
    }

    [Fact]
    public void ReadsUserMaskPieces()
    {
        var limits = LimitsParser.Parse("""
            checks:
              - name: m
                type: mtie
                mask:
                  pieces:
                    - { from: 1 s, to: 100 s, constant: 20 ns, coefficient: 0.5 ns, exponent: 1 }
                    - { from: 100 s, to: inf, constant: 70 ns }
            """, "l.yaml");
        var mask = limits.Checks.Single().Mask!;
        Assert.Equal(20.5e-9, mask.LimitAt(1)!.Value, 1e-18);
        Assert.Equal(70e-9, mask.LimitAt(100)!.Value, 1e-18);
        Assert.Equal(70e-9, mask.LimitAt(101)!.Value, 1e-18);
        Assert.Null(mask.LimitAt(0.5));
    }

    [Theory]
    [InlineData("checks:\n  - name: a\n    type: max-abs-tee\n    limit: 1 us\n", "l.yaml:3", "unknown check type 'max-abs-tee'")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: 1 ppb\n", "l.yaml:4", "'ppb' is not a unit of time")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: 1000\n", "l.yaml:4", "has no unit")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: -1 us\n", "l.yaml:4", "negative")]
    [InlineData("checks:\n  - name: a\n    type: frequency-offset\n    limit: 5 ns\n", "l.yaml:4", "not a unit of fractional frequency")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: 1 us\n    limt: 2 us\n", "l.yaml:5", "unknown key 'limt'")]
    [InlineData("checks:\n  - name: a\n    type: mtie\n    mask: g8272-prtc-a-tdev\n", "l.yaml:4", "bounds TDEV, not MTIE")]
    [InlineData("checks:\n  - name: a\n    type: mtie\n    mask: prtc-z\n", "l.yaml:4", "unknown mask 'prtc-z'")]
    [InlineData("checks:\n  - name: a\n    preset: g8273.2-class-e\n", "l.yaml:3", "unknown preset")]
    [InlineData("checks:\n  - name: a\n    type: percentile-abs-te\n    percentile: 100\n    limit: 1 us\n", "l.yaml:4", "between 0 and 100")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n", "l.yaml:2", "missing 'limit'")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: 1 us\n    start: lock\n", "l.yaml:5", "needs a top-level 'lock:'")]
    [InlineData("lock:\n  bound: -1 ns\n  hold: 1 s\nchecks: []\n", "l.yaml:2", "negative")]
    [InlineData("checks:\n  - name: a\n    type: mtie\n    mask:\n      pieces:\n        - { from: 10 s, to: 1 s, constant: 1 ns }\n", "l.yaml:6", "larger than 'from'")]
    [InlineData("checks:\n  - name: a\n    type: missing-pulses\n    limit: 2.5\n", "l.yaml:4", "whole number")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n  limit: [1 us\n", "l.yaml:", "not valid YAML")]
    [InlineData("chex:\n  - name: a\n", "l.yaml:1", "unknown key 'chex'")]
    public void BrokenFilesNameTheLine(string yaml, string location, string message)
    {
        var e = Assert.Throws<InputException>(() => LimitsParser.Parse(yaml, "l.yaml"));
        Assert.StartsWith(location, e.Location);
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void MissingFileIsAnInputError()
    {
        var e = Assert.Throws<InputException>(() => LimitsParser.Load("/nonexistent/limits.yaml"));
        Assert.Equal("/nonexistent/limits.yaml", e.Location);
    }
}
