using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace TimeSync.Reporting.Tests;

/// <summary>What a report page must show once real Chromium has rendered it: its colours in the screenshot, its SVGs drawn.</summary>
internal static class RenderChecks
{
    /// <summary>At least <paramref name="minPixels"/> pixels of <paramref name="hex"/> (far above anti-aliasing noise, far below what the figure draws).</summary>
    public static void AssertColourDrawn(PngImage img, string what, string hex, int minPixels, ITestOutputHelper output)
    {
        int n = img.Count(hex);
        output.WriteLine($"{what} {hex}: {n} pixels");
        Assert.True(n >= minPixels, $"{what}: only {n} pixels of {hex}");
    }

    /// <summary>The SVGs of the page's DOM after rendering (Chromium --dump-dom), each with drawn path data and text.</summary>
    public static IReadOnlyList<string> DrawnSvgs(string chromium, string htmlPath)
    {
        string dom = Chromium.DumpDom(chromium, htmlPath);
        var svgs = Regex.Matches(dom, "<svg[\\s\\S]*?</svg>").Select(m => m.Value).ToList();
        foreach (var svg in svgs)
        {
            int longest = Regex.Matches(svg, " d=\"([^\"]*)\"").Select(m => m.Groups[1].Value.Length).DefaultIfEmpty(0).Max();
            Assert.True(longest > 200, "an SVG without drawn paths");
            Assert.Matches("<text[^>]*>[^<]+</text>", svg);
        }
        return svgs;
    }
}
