using TimeSync.Reporting.Masks;

namespace TimeSync.Reporting.Tests;

/// <summary>Built-in masks at the breakpoints of their standards' tables (values from shared/research/masks.md).</summary>
public class MaskTests
{
    [Theory]
    // G.8271.1 Table 7-1: 100 + 75τ (1.3, 2.4]; 277 + 1.1τ (2.4, 275]; 580 (275, 10 000]
    [InlineData("g8271.1-7.3.1-mtie", 1.3, double.NaN)]
    [InlineData("g8271.1-7.3.1-mtie", 2.4, 280.0)]
    [InlineData("g8271.1-7.3.1-mtie", 2.5, 279.75)]
    [InlineData("g8271.1-7.3.1-mtie", 275, 579.5)]
    [InlineData("g8271.1-7.3.1-mtie", 276, 580)]
    [InlineData("g8271.1-7.3.1-mtie", 10_000, 580)]
    [InlineData("g8271.1-7.3.1-mtie", 10_001, double.NaN)]
    // G.8271.1 Table 7-2
    [InlineData("g8271.1-7.3.2-mtie", 2.4, 60.67)]
    [InlineData("g8271.1-7.3.2-mtie", 20.2, 100.72)]
    [InlineData("g8271.1-7.3.2-mtie", 211.11, 199.9972)]
    [InlineData("g8271.1-7.3.2-mtie", 212, 200)]
    // G.8271.1 Table 7-3: no limit at τ = 400 exactly
    [InlineData("g8271.1-7.3.3-mtie", 1, double.NaN)]
    [InlineData("g8271.1-7.3.3-mtie", 100, 29.75)]
    [InlineData("g8271.1-7.3.3-mtie", 400, double.NaN)]
    [InlineData("g8271.1-7.3.3-mtie", 401, 44)]
    // G.8272 Tables 1–4
    [InlineData("g8272-prtc-a-mtie", 0.1, double.NaN)]
    [InlineData("g8272-prtc-a-mtie", 1, 25.275)]
    [InlineData("g8272-prtc-a-mtie", 273, 100.075)]
    [InlineData("g8272-prtc-a-mtie", 274, 100)]
    [InlineData("g8272-prtc-a-mtie", 1e6, 100)]
    [InlineData("g8272-prtc-b-mtie", 54.5, 39.9875)]
    [InlineData("g8272-prtc-b-mtie", 55, 40)]
    [InlineData("g8272-prtc-a-tdev", 100, 3)]
    [InlineData("g8272-prtc-a-tdev", 500, 15)]
    [InlineData("g8272-prtc-a-tdev", 1000, 30)]
    [InlineData("g8272-prtc-a-tdev", 5000, 30)]
    [InlineData("g8272-prtc-a-tdev", 10_000, double.NaN)]
    [InlineData("g8272-prtc-b-tdev", 100, 1)]
    [InlineData("g8272-prtc-b-tdev", 500, 5)]
    [InlineData("g8272-prtc-b-tdev", 99_999, 5)]
    // G.8272.1 ePRTC
    [InlineData("g8272.1-eprtc-mtie", 1, 4)]
    [InlineData("g8272.1-eprtc-mtie", 100, 15.004)]
    [InlineData("g8272.1-eprtc-mtie", 400_000, 30)]
    [InlineData("g8272.1-eprtc-tdev", 300_000, 10.0)]
    // G.8273.2 Tables 7-4, 7-5, 7-6
    [InlineData("g8273.2-class-a-mtie", 1000, 40)]
    [InlineData("g8273.2-class-a-mtie", 1001, double.NaN)]
    [InlineData("g8273.2-class-c-mtie", 1, 10)]
    [InlineData("g8273.2-class-c-mtie-variable-temperature", 10_000, 10)]
    [InlineData("g8273.2-class-b-tdev", 1000, 4)]
    [InlineData("g8273.2-class-b-tdev", 0.0625, double.NaN)]
    [InlineData("g8273.2-class-c-tdev", 0.0625, 2)]
    // G.8262 option 1 Tables 1, 2, 3
    [InlineData("g8262-eec1-mtie", 1, 40)]
    [InlineData("g8262-eec1-mtie", 100, 63.3957)]
    [InlineData("g8262-eec1-mtie", 1000, 100.5221)]
    [InlineData("g8262-eec1-mtie-variable-temperature", 100, 113.3957)]
    [InlineData("g8262-eec1-mtie-variable-temperature", 1000, 150.5221)]
    [InlineData("g8262-eec1-tdev", 25, 3.2)]
    [InlineData("g8262-eec1-tdev", 100, 6.4)]
    [InlineData("g8262-eec1-tdev", 1000, 6.4)]
    // G.8261 Table 4
    [InlineData("g8261-eec1-network-mtie", 2.5, 250)]
    [InlineData("g8261-eec1-network-mtie", 20, 2000)]
    [InlineData("g8261-eec1-network-mtie", 2000, 2000)]
    public void MaskValuesAtBreakpoints(string name, double tau, double expectedNs)
    {
        double? limit = BuiltInMasks.Get(name).LimitAt(tau);
        if (double.IsNaN(expectedNs)) Assert.Null(limit);
        else
        {
            Assert.NotNull(limit);
            Assert.Equal(expectedNs, limit.Value * 1e9, 1e-3);
        }
    }

    [Fact]
    public void PiecewiseMasksAreContinuousWithinPublishedRounding()
    {
        // masks.md §6: adjacent pieces agree within 1.2 % (rounding of the published coefficients)
        foreach (var mask in BuiltInMasks.Catalogue)
        {
            for (int i = 1; i < mask.Segments.Count; i++)
            {
                var a = mask.Segments[i - 1];
                var b = mask.Segments[i];
                if (a.ToTau != b.FromTau) continue;
                double left = a.LimitSeconds(a.ToTau), right = b.LimitSeconds(b.FromTau);
                Assert.True(Math.Abs(left - right) <= 0.012 * Math.Max(left, right), $"{mask.Name} at τ = {a.ToTau}: {left} vs {right}");
            }
        }
    }

    [Fact]
    public void G8262HoldoverFollowsItsFormula()
    {
        var m = BuiltInMasks.Get("g8262-eec1-holdover");
        Assert.Equal(120e-9, m.LimitAt(0)!.Value, 1e-15);
        // c + (a1+a2)·S + 0.5·b·S² at S = 1000 s: 120 + 2 050 000 + 58 ns
        Assert.Equal((120 + 2050 * 1000 + 0.5 * 1.16e-4 * 1e6) * 1e-9, m.LimitAt(1000)!.Value, 1e-12);
    }

    [Fact]
    public void EveryBuiltInMaskCitesAStandardTable()
    {
        foreach (var mask in BuiltInMasks.Catalogue)
            foreach (var s in mask.Segments)
                Assert.Matches(@"^ITU-T G\.[0-9.]+ (Tables? [0-9+-]+|\(07/2010\) p\. 17)", s.Source);
    }
}
