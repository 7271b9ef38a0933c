using System.Text.RegularExpressions;
using TimeSync.Core.Time;
using TimeSync.Reporting.Engine;
using TimeSync.Reporting.Html;
using TimeSync.Reporting.Limits;
using Xunit.Abstractions;

namespace TimeSync.Reporting.Tests;

public class HtmlReportTests(ITestOutputHelper output)
{
    /// <summary>A bench-like channel: 4000 s of white PM (5 ns) on a slow wander, a 30 s gap, a clock step at 3000 s.</summary>
    internal static ChannelSeries SampleChannel(string name = "dut", int seed = 3)
    {
        var rng = new Random(seed);
        var x = new double[4000];
        double walk = 0;
        for (int i = 0; i < x.Length; i++)
        {
            walk += 0.3e-9 * Gaussian(rng);
            x[i] = 20e-9 + walk + 5e-9 * Gaussian(rng) + (i > 3000 ? 40e-9 : 0);
        }
        for (int i = 1200; i < 1230; i++) x[i] = double.NaN;
        return new ChannelSeries(name, 1, x, Instant.Parse("2026-11-28T12:00:00Z"), [new ChannelEvent(1200, "fix-lost"), new ChannelEvent(1230, "fix-regained")]);
    }

    internal static ReportInput SampleInput()
    {
        var limits = LimitsParser.Parse("""
            checks:
              - name: prtc
                preset: g8272-prtc-a
              - name: te
                type: max-abs-te
                limit: 1 us
              - name: gaps
                type: max-gap
                limit: 10 s
            """, "limits.yaml");
        var ch = SampleChannel();
        return new ReportInput("TimeSync report: bench run", [ch], VerdictEngine.Evaluate(limits, [ch])) { SourceDescription = "synthetic test data" };
    }

    private static double Gaussian(Random r) => Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());

    [Fact]
    public void ReportIsSelfContained()
    {
        string html = HtmlReport.Render(SampleInput());
        var urls = Regex.Matches(html, @"https?://[^""'\s<>)]+").Select(m => m.Value).Distinct().ToList();
        Assert.Equal(["http://www.w3.org/2000/svg"], urls);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("src=", html);
        Assert.All(Regex.Matches(html, @"url\(([^)]*)\)").Select(m => m.Groups[1].Value), u => Assert.StartsWith("#", u));
        // inline SVGs share one id space: every id is unique and every url(#id) points at one
        var ids = Regex.Matches(html, " id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(ids.Count, ids.Distinct().Count());
        Assert.All(Regex.Matches(html, @"url\(#([^)]*)\)").Select(m => m.Groups[1].Value), r => Assert.Contains(r, ids));
        Assert.DoesNotContain("<?xml", html);
    }

    [Fact]
    public void ReportHasEveryFigureAndTable()
    {
        var input = SampleInput();
        string html = HtmlReport.Render(input);
        // time error, histogram, ADEV/MDEV, TDEV, and one per mask check (PRTC-A MTIE and TDEV)
        Assert.Equal(6, Regex.Count(html, "<svg "));
        Assert.Equal(2, Regex.Count(html, "<figure class=\"mask (pass|fail)\">"));
        foreach (var v in input.Verdicts) Assert.Contains(System.Net.WebUtility.HtmlEncode(v.Message), html);
        Assert.Contains("<table class=\"summary\">", html);
        Assert.Contains("<table class=\"stability\">", html);
        Assert.Matches("<td>(W PM|F PM|W FM|F FM|RW FM)</td>", html);
        Assert.Contains("2026-11-28T12:00:00.000Z", html);
    }

    [Fact]
    public void PlotTextIsMeasuredWithTheEmbeddedFont()
    {
        // ScottPlot writes glyph positions computed from the typeface: zero advances would mean no font was found
        string svg = Plots.TimeError(SampleChannel());
        var title = Regex.Matches(svg, "<text[^>]*font-family=\"([^\"]+)\"[^>]* x=\"([^\"]+)\"").First(m => m.Groups[2].Value.Split(',').Length > 10);
        Assert.Equal(ReportFont.Family, title.Groups[1].Value);
        var xs = title.Groups[2].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(double.Parse).ToArray();
        for (int i = 1; i < xs.Length; i++) Assert.True(xs[i] > xs[i - 1], $"glyph {i} does not advance: {title.Groups[2].Value}");
    }

    [Fact]
    public void ChromiumDrawsThePlots()
    {
        if (Chromium.FindOrSkip(output) is not { } exe) return;
        string dir = Directory.CreateTempSubdirectory("timesync-report-").FullName;
        string html = Path.Combine(dir, "report.html"), png = Path.Combine(dir, "report.png");
        HtmlReport.Write(html, SampleInput());
        Chromium.Screenshot(exe, html, png, 1400, 3000);
        output.WriteLine($"screenshot: {png}");
        var img = PngImage.Load(png);
        Assert.Equal(1400, img.Width);
        // every figure drew its own series colour (thresholds far above anti-aliasing noise, far below the drawn amounts)
        foreach (var (what, hex, min) in new[]
        {
            ("time error line", Plots.Palette.TimeError, 1500), ("histogram bars", Plots.Palette.Histogram, 5000),
            ("ADEV", Plots.Palette.Adev, 300), ("MDEV", Plots.Palette.Mdev, 300), ("TDEV", Plots.Palette.Tdev, 300),
            ("MTIE/TDEV measured", Plots.Palette.MaskStatistic, 300), ("mask", Plots.Palette.Mask, 300),
        })
            RenderChecks.AssertColourDrawn(img, what, hex, min, output);
        // text drew: dark pixels (axis labels, titles, tables)
        Assert.True(img.Count("#1a1a1a", 40) > 20_000, "too few dark (text) pixels");

        // the DOM after rendering: six SVGs, each with drawn path data
        Assert.Equal(6, RenderChecks.DrawnSvgs(exe, html).Count);
    }
}
