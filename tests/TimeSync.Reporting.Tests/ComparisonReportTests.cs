using System.Text.RegularExpressions;
using TimeSync.Core.Comparison;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Core.Time;
using TimeSync.Reporting.Engine;
using TimeSync.Reporting.Html;
using TimeSync.Reporting.Limits;
using Xunit.Abstractions;

namespace TimeSync.Reporting.Tests;

/// <summary>The comparison view of `timesync compare --report`: every clock on shared axes, ranking, hat, checks per clock.</summary>
public class ComparisonReportTests(ITestOutputHelper output)
{
    private static readonly string[] Names = ["ocxo", "tcxo", "rubidium"];

    /// <summary>Three white-FM clocks (random-walk phase) at three levels on one time axis; tcxo loses 300 samples.</summary>
    internal static ComparisonInput SampleInput()
    {
        var start = Instant.Parse("2026-11-28T12:00:00Z");
        double[] sigmas = [3e-11, 2e-10, 1e-11];
        var channels = new List<ChannelSeries>();
        for (int k = 0; k < Names.Length; k++)
        {
            var rng = new Random(k + 5);
            var x = new double[6000];
            double acc = 0;
            for (int i = 0; i < x.Length; i++)
            {
                acc += sigmas[k] * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
                x[i] = acc;
            }
            if (k == 1) for (int i = 2000; i < 2300; i++) x[i] = double.NaN;
            channels.Add(new ChannelSeries(Names[k], 1, x, start));
        }
        var stats = new[] { "oadev", "mdev", "tdev", "mtie" }.Select(n => StatisticsCatalog.Get(n)).ToArray();
        var analyses = channels.Select(c => StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, 1, c.TimeErrorSeconds), stats, TauGrid.Parse("octave"))).ToArray();
        var (clockNames, pairs) = ClockComparison.AgainstCommonReference(Names, channels.Select(c => c.TimeErrorSeconds).ToArray(), "reference");
        var hat = ClockComparison.Hat(clockNames, pairs, 1, stats[0], TauGrid.Parse("octave"));
        var limits = LimitsParser.Parse("""
            checks:
              - name: te
                type: max-abs-te
                limit: 1 us
              - name: mtie
                type: mtie
                mask:
                  pieces:
                    - { from: 1 s, to: inf, constant: 1 ns, coefficient: 0.1 ns, exponent: 0.5 }
            """, "limits.yaml");
        var verdicts = VerdictEngine.Evaluate(limits, channels);
        var order = analyses.Select((a, i) => (a.Deviations[0].Rows[0].Value, i)).OrderBy(t => t.Value).Select(t => t.i).ToList();
        var clocks = channels.Select((c, i) => new ReportedClock(c.Channel, c, analyses[i], order.IndexOf(i) + 1,
            SeriesMath.MaxAbs(c.TimeErrorSeconds), [analyses[i].Deviations[0].Rows[0].Value])).ToList();
        return new ComparisonInput("TimeSync comparison: three oscillators", clocks, [1.0], verdicts) { Hat = hat, SourceDescription = "synthetic" };
    }

    [Fact]
    public void ComparisonViewIsSelfContainedWithSharedFiguresRankingHatAndChecks()
    {
        var input = SampleInput();
        string html = ComparisonReport.Render(input);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("src=", html);
        var urls = Regex.Matches(html, @"https?://[^""'\s<>)]+").Select(m => m.Value).Distinct().ToList();
        Assert.Equal(["http://www.w3.org/2000/svg"], urls);
        var ids = Regex.Matches(html, " id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());

        // time errors, OADEV, TDEV, MTIE, hat: each has every clock in its own colour; then one mask figure per clock
        var shared = Regex.Matches(html, "<figure class=\"compare ([a-z-]+)\">\\s*(<svg[\\s\\S]*?</svg>)").ToList();
        Assert.Equal(["time-errors", "oadev", "tdev", "mtie", "hat"], shared.Select(m => m.Groups[1].Value));
        foreach (var m in shared)
            for (int k = 0; k < Names.Length; k++)
            {
                Assert.Contains($"stroke=\"{Plots.ClockColor(k)}\"", m.Groups[2].Value, StringComparison.OrdinalIgnoreCase);
                Assert.Matches($">\\s*{Names[k]}\\s*</text>", m.Groups[2].Value); // the legend
            }
        Assert.Equal(3, Regex.Count(html, "<figure class=\"mask (pass|fail)\">"));

        // ranking: best OADEV at 1 s first (rubidium < ocxo < tcxo), with its checks
        var rows = Regex.Matches(html, "<tr><td class=\"num\">(\\d)</td><td><span class=\"swatch\"[^>]*></span>([a-z]+)</td>").Select(m => (m.Groups[1].Value, m.Groups[2].Value)).ToList();
        Assert.Equal([("1", "rubidium"), ("2", "ocxo"), ("3", "tcxo")], rows);
        Assert.Contains("FAIL (1 of 2)", html); // the tcxo's MTIE exceeds the mask
        Assert.Equal(2, Regex.Count(html, "PASS \\(2\\)"));
        Assert.Contains("<table class=\"hat\">", html);
        foreach (var v in input.Verdicts) Assert.Contains(System.Net.WebUtility.HtmlEncode(v.Message), html);
    }

    [Fact]
    public void ChromiumDrawsEveryClockInEveryComparisonFigure()
    {
        if (Chromium.FindOrSkip(output) is not { } exe) return;
        string dir = Directory.CreateTempSubdirectory("timesync-compare-report-").FullName;
        string html = Path.Combine(dir, "compare.html"), png = Path.Combine(dir, "compare.png");
        File.WriteAllText(html, ComparisonReport.Render(SampleInput()));
        Chromium.Screenshot(exe, html, png, 1400, 2400);
        output.WriteLine($"screenshot: {png}");
        var img = PngImage.Load(png);
        // the three clock colours, each drawn in five figures (thresholds far above anti-aliasing, far below what five curves draw)
        for (int k = 0; k < Names.Length; k++) RenderChecks.AssertColourDrawn(img, Names[k], Plots.ClockColor(k), 2000, output);
        Assert.True(img.Count("#1a1a1a", 40) > 20_000, "too few dark (text) pixels");

        // after rendering: every SVG has drawn path data and text
        Assert.Equal(8, RenderChecks.DrawnSvgs(exe, html).Count);
    }
}
