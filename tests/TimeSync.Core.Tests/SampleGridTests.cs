using TimeSync.Core;
using TimeSync.Core.Series;

namespace TimeSync.Core.Tests;

/// <summary>Time-tagged samples on the regular grid: τ0 from the tags, missing samples kept as gaps.</summary>
public sealed class SampleGridTests
{
    private static double[] Values(int n) => Enumerable.Range(0, n).Select(i => (double)i).ToArray();

    [Fact]
    public void A_hole_in_whole_second_tags_becomes_NaN_gaps_at_its_place()
    {
        // 1 s tags 0..999 without 500..599
        var offsets = Enumerable.Range(0, 1000).Where(i => i is < 500 or >= 600).Select(i => (double)i).ToArray();
        var values = offsets.Select(t => t * 10).ToArray();
        Assert.Equal(1.0, SampleGrid.EstimateStepSeconds(offsets));
        var placed = SampleGrid.Place(offsets, values, 1.0, 10_000, "f")!;
        Assert.Equal(1000, placed.Values.Length);
        Assert.Equal(100, placed.MissingSamples);
        Assert.Equal(1, placed.Gaps);
        Assert.Equal(100, placed.LargestGapSamples);
        Assert.Equal(499, placed.LargestGapAfterIndex);
        for (int k = 0; k < 1000; k++)
            if (k is >= 500 and < 600) Assert.True(double.IsNaN(placed.Values[k]), $"slot {k}");
            else Assert.Equal(k * 10.0, placed.Values[k]);
    }

    [Fact]
    public void Tags_quantized_coarser_than_a_tenth_of_the_step_still_give_the_step()
    {
        // MJD with six decimals resolves 0.0864 s: 1 s spacings read as 0.9504 or 1.0368 s, and the median is 1.0368 s
        var offsets = Enumerable.Range(0, 1001).Select(i => Math.Round(i / 86400.0, 6) * 86400.0).ToArray();
        var spacings = offsets.Skip(1).Zip(offsets, (b, a) => b - a).Order().ToArray();
        Assert.Equal(1.0368, spacings[spacings.Length / 2], 9); // what a median alone would take
        Assert.Equal(1.0, SampleGrid.EstimateStepSeconds(offsets));
        var placed = SampleGrid.Place(offsets, Values(1001), 1.0, 10_000, "f")!;
        Assert.Equal(0, placed.MissingSamples);
        Assert.Equal(1001, placed.Values.Length);
    }

    [Fact]
    public void Jittery_tags_with_dropouts_give_the_nominal_step_and_every_dropout()
    {
        var rng = new Random(3);
        var slots = Enumerable.Range(0, 20_000).Where(k => k == 0 || rng.NextDouble() > 0.05).ToArray(); // 5 % lost
        var offsets = slots.Select(k => k * 0.125 + 2e-9 * (rng.NextDouble() - 0.5)).ToArray();
        offsets[0] = 0;
        Assert.Equal(0.125, SampleGrid.EstimateStepSeconds(offsets));
        var placed = SampleGrid.Place(offsets, Values(offsets.Length), 0.125, 100_000, "f")!;
        Assert.Equal(slots[^1] + 1, placed.Values.Length);
        Assert.Equal(slots[^1] + 1 - slots.Length, placed.MissingSamples);
        for (int i = 0; i < slots.Length; i++) Assert.Equal(i, placed.Values[slots[i]]);
    }

    [Fact]
    public void Decimal_tags_at_a_tenth_of_a_second_give_exactly_a_tenth()
    {
        // 0.1·i in binary is off by a few ulps; the step is still printed and used as 0.1
        var offsets = Enumerable.Range(0, 100_000).Select(i => double.Parse((i / 10.0).ToString("F1", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(0.1, SampleGrid.EstimateStepSeconds(offsets));
    }

    [Fact]
    public void Tags_that_go_back_give_their_median_spacing()
    {
        Assert.Equal(2.0, SampleGrid.EstimateStepSeconds([0, 2, 4, 3, 5, 7]));
    }

    [Fact]
    public void A_step_the_tags_pin_down_keeps_its_digits()
    {
        // a counter clocked by a DUT 1 ppm fast: exact tags 1.000001 s apart are not rounded to 1 s
        var offsets = Enumerable.Range(0, 5000).Select(i => i * 1.000001).ToArray();
        Assert.Equal(1.000001, SampleGrid.EstimateStepSeconds(offsets)!.Value, 12);
    }

    [Fact]
    public void Tags_that_fit_no_grid_are_not_placed()
    {
        // two samples within one step
        Assert.Null(SampleGrid.Place([0, 1, 1.2, 2, 3], Values(5), 1.0, 100, "f"));
        // irregular sampling: a tag 0.4 step off
        Assert.Null(SampleGrid.Place([0, 1, 2.4, 3, 4], Values(5), 1.0, 100, "f"));
    }

    [Fact]
    public void A_wild_time_tag_is_one_error_naming_the_file_not_a_huge_grid()
    {
        var offsets = new double[] { 0, 1, 2, 3e9 };
        var e = Assert.Throws<InputException>(() => SampleGrid.Place(offsets, Values(4), 1.0, 1_000_000, "clock.txt"));
        Assert.StartsWith("clock.txt: the time tags span", e.Message);
    }
}
