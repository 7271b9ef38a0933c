using System.Text.RegularExpressions;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Reporting.Engine;
using TimeSync.Reporting.Html;

namespace TimeSync.Reporting.Tests;

/// <summary>
/// The HTML report takes its OADEV/MDEV/TDEV curves from the command's own analysis of a channel when that analysis was
/// run with the report's settings (what replay and analyze hand over), and computes them otherwise; and a fixed noise
/// type reaches the curves.
/// </summary>
public class ReportAnalysisReuseTests
{
    // replay's and analyze's default statistics: the report's three among others that share the noise cache
    private static readonly StatisticDefinition[] ReplayStats =
        [.. "adev,oadev,mdev,tdev,hdev,ohdev,mtie,tierms".Split(',').Select(n => StatisticsCatalog.Get(n))];

    private static AnalysisDocument Analyze(ChannelSeries ch, TauGrid grid, NoiseIdMode noiseId, int? fixedAlpha, double confidence = ConfidenceInterval.DefaultConfidence) =>
        StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, ch.Tau0Seconds, ch.TimeErrorSeconds), ReplayStats, grid, confidence, noiseId: noiseId, fixedAlpha: fixedAlpha);

    private static string Render(ChannelSeries ch, NoiseIdMode noiseId, int? fixedAlpha, ChannelAnalysis? analysis) =>
        HtmlReport.Render(new ReportInput("reuse", [ch], []) { NoiseId = noiseId, FixedAlpha = fixedAlpha, Analyses = analysis is null ? null : [analysis] });

    /// <summary>
    /// Two renderings of one report in one process are the same bytes: the plotting library draws its clip-path ids
    /// from a counter shared by every plot of the process, which <c>Plots.ToSvg</c> renumbers per plot.
    /// </summary>
    [Fact]
    public void The_same_report_rendered_twice_in_one_process_is_byte_identical()
    {
        var ch = HtmlReportTests.SampleChannel(seed: 3);
        string first = Render(ch, NoiseIdMode.Stable32, null, null);
        Assert.Contains("clip-path=\"url(#f0-cl_0)\"", first);
        Assert.Equal(first, Render(ch, NoiseIdMode.Stable32, null, null));
    }

    [Theory]
    [InlineData(NoiseIdMode.Stable32, null)]
    [InlineData(NoiseIdMode.Refined, null)]
    [InlineData(NoiseIdMode.Stable32, -1)]
    public void Report_from_the_commands_analysis_is_byte_identical_to_the_computed_one(NoiseIdMode noiseId, int? fixedAlpha)
    {
        foreach (int seed in new[] { 3, 4, 5 })
        {
            var ch = HtmlReportTests.SampleChannel(seed: seed); // white PM on a wander, a 30 s gap, a step
            var analysis = new ChannelAnalysis(Analyze(ch, TauGrid.Octave, noiseId, fixedAlpha), TauGrid.Octave, noiseId);
            Assert.All(new[] { "oadev", "mdev", "tdev" }, s => Assert.True(analysis.Serves(s, ch, noiseId, fixedAlpha)));
            Assert.Equal(Render(ch, noiseId, fixedAlpha, null), Render(ch, noiseId, fixedAlpha, analysis));
        }
    }

    /// <summary>
    /// An analysis of other values with the report's settings is used as it is (the caller vouches it is of the channel):
    /// that shows the report reads it. One run with any other setting (grid, noise identification, fixed α, confidence,
    /// frequency input, a different τ0 or length) is not used: the report is the computed one.
    /// </summary>
    [Fact]
    public void Only_an_analysis_with_the_reports_settings_is_used()
    {
        var ch = HtmlReportTests.SampleChannel();
        var other = ch with { TimeErrorSeconds = [.. ch.TimeErrorSeconds.Select(v => 3 * v)] };
        string computed = Render(ch, NoiseIdMode.Stable32, null, null);
        string fromOther = Render(ch, NoiseIdMode.Stable32, null, new ChannelAnalysis(Analyze(other, TauGrid.Octave, NoiseIdMode.Stable32, null), TauGrid.Octave, NoiseIdMode.Stable32));
        Assert.NotEqual(computed, fromOther);

        var mismatched = new (string What, ChannelAnalysis Analysis)[]
        {
            ("decade grid", new(Analyze(other, TauGrid.Parse("decade"), NoiseIdMode.Stable32, null), TauGrid.Parse("decade"), NoiseIdMode.Stable32)),
            ("refined noise id", new(Analyze(other, TauGrid.Octave, NoiseIdMode.Refined, null), TauGrid.Octave, NoiseIdMode.Refined)),
            ("fixed alpha", new(Analyze(other, TauGrid.Octave, NoiseIdMode.Stable32, 0), TauGrid.Octave, NoiseIdMode.Stable32)),
            ("confidence 0.95", new(Analyze(other, TauGrid.Octave, NoiseIdMode.Stable32, null, 0.95), TauGrid.Octave, NoiseIdMode.Stable32)),
            ("frequency input", new(StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Frequency, 1, other.TimeErrorSeconds), ReplayStats, TauGrid.Octave), TauGrid.Octave, NoiseIdMode.Stable32)),
            ("other tau0", new(StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, 2, other.TimeErrorSeconds), ReplayStats, TauGrid.Octave), TauGrid.Octave, NoiseIdMode.Stable32)),
            ("shorter", new(StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, 1, other.TimeErrorSeconds[..^1]), ReplayStats, TauGrid.Octave), TauGrid.Octave, NoiseIdMode.Stable32)),
            ("without tdev", new(StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, 1, other.TimeErrorSeconds), [StatisticsCatalog.Get("oadev"), StatisticsCatalog.Get("mdev")], TauGrid.Octave), TauGrid.Octave, NoiseIdMode.Stable32)),
        };
        foreach (var (what, analysis) in mismatched)
        {
            var tdevTable = Regex.Matches(Render(ch, NoiseIdMode.Stable32, null, analysis), "<table class=\"stability\">.*?</table>", RegexOptions.Singleline).Single().Value;
            var expected = Regex.Matches(computed, "<table class=\"stability\">.*?</table>", RegexOptions.Singleline).Single().Value;
            if (what == "without tdev")
                // oadev and mdev come from it (the other values), tdev is computed: its column is the computed one
                Assert.Equal(TdevColumn(expected), TdevColumn(tdevTable));
            else
                Assert.True(expected == tdevTable, $"{what}: the report used an analysis run with other settings");
        }
    }

    private static List<string> TdevColumn(string table) =>
        [.. Regex.Matches(table, "<tr>(?:<td[^>]*>[^<]*</td>){4}<td class=\"num\">([^<]*)</td>").Select(m => m.Groups[1].Value)];

    [Fact]
    public void Fixed_alpha_is_the_noise_type_of_every_row_and_named_in_the_footer()
    {
        var ch = HtmlReportTests.SampleChannel();
        string html = Render(ch, NoiseIdMode.Stable32, -1, null);
        var table = Regex.Match(html, "<table class=\"stability\">.*?</table>", RegexOptions.Singleline).Value;
        var noise = Regex.Matches(table, "<td>([^<]*)</td></tr>").Select(m => m.Groups[1].Value).ToList();
        Assert.True(noise.Count > 5);
        Assert.All(noise, n => Assert.Equal("F FM", n));
        Assert.Contains("noise type: fixed for every τ, α = -1 (F FM), not identified", html);

        string auto = Render(ch, NoiseIdMode.Stable32, null, null);
        Assert.Contains("noise type: lag-1 autocorrelation", auto);
        Assert.DoesNotContain("F FM", Regex.Match(auto, "<table class=\"stability\">.*?</table>", RegexOptions.Singleline).Value);
    }
}
