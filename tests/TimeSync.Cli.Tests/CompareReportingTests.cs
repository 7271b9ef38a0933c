using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace TimeSync.Cli.Tests;

/// <summary>`timesync compare --limits --junit --json --report`: verdicts per clock, exit 1 when any clock fails, the comparison view.</summary>
public class CompareReportingTests
{
    /// <summary>Random-walk phase (white FM) of σ per step, one line per second with a UTC timestamp.</summary>
    private static string WriteClock(string dir, string name, double sigmaSeconds, int seed)
    {
        var path = Path.Combine(dir, name + ".txt");
        var rng = new Random(seed);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        double x = 0;
        using var w = new StreamWriter(path);
        for (int k = 0; k < 4000; k++)
        {
            x += sigmaSeconds * Math.Sqrt(-2 * Math.Log(1 - rng.NextDouble())) * Math.Cos(2 * Math.PI * rng.NextDouble());
            w.WriteLine(start.AddSeconds(k).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + " " + x.ToString("R", CultureInfo.InvariantCulture));
        }
        return path;
    }

    private static (string Dir, string[] Inputs) Lab()
    {
        var dir = Directory.CreateTempSubdirectory("timesync-compare-verdicts-").FullName;
        return (dir, [WriteClock(dir, "a", 1e-11, 1), WriteClock(dir, "b", 1e-10, 2), WriteClock(dir, "c", 2e-11, 3)]);
    }

    private static string Limits(string dir, string teLimit) => WriteText(Path.Combine(dir, $"limits-{teLimit.Replace(' ', '_')}.yaml"),
        $"version: 1\nchecks:\n  - name: te\n    type: max-abs-te\n    limit: {teLimit}\n  - name: gaps\n    type: max-gap\n    limit: 1 s\n");

    private static string WriteText(string path, string text)
    {
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void OneClockOverTheLimitFailsTheRunWithOneTestCasePerCheckAndClock()
    {
        var (dir, inputs) = Lab();
        // B (σ 1e-10 per second) wanders farthest; the loose run measures every clock's max |x|
        string loose = Limits(dir, "1 ms");
        var pass = CliProcess.Run(TimeSpan.FromSeconds(120), ["compare", .. inputs, "--names", "A,B,C", "--limits", loose, "--json", Path.Combine(dir, "pass.json")]);
        Assert.True(pass.ExitCode == 0, pass.StdErr);
        using var passDoc = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "pass.json")));
        Assert.True(passDoc.RootElement.GetProperty("passed").GetBoolean());
        var maxAbs = passDoc.RootElement.GetProperty("clocks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("max_abs").GetDouble());
        Assert.True(maxAbs["B"] > Math.Max(maxAbs["A"], maxAbs["C"]));

        // a limit between B's max |x| and the others': only B fails
        double between = (maxAbs["B"] + Math.Max(maxAbs["A"], maxAbs["C"])) / 2;
        string tight = Limits(dir, (between * 1e9).ToString("R", CultureInfo.InvariantCulture) + " ns");
        string junit = Path.Combine(dir, "junit.xml"), json = Path.Combine(dir, "fail.json"), report = Path.Combine(dir, "compare.html");
        var fail = CliProcess.Run(TimeSpan.FromSeconds(120), ["compare", .. inputs, "--names", "A,B,C", "--limits", tight, "--junit", junit, "--json", json, "--report", report]);
        Assert.True(fail.ExitCode == 1, fail.StdErr);
        Assert.Contains("FAIL te [B]: max |x| = ", fail.StdErr);

        var doc = XDocument.Load(junit);
        Assert.Empty(JUnitSchema.Validate(doc));
        var cases = doc.Descendants("testcase").Select(c => (Name: c.Attribute("name")!.Value, Clock: c.Attribute("classname")!.Value, Failure: c.Element("failure"))).ToList();
        Assert.Equal(6, cases.Count); // 2 checks × 3 clocks
        Assert.Equal(["timesync.A", "timesync.B", "timesync.C"], cases.Select(c => c.Clock).Distinct().Order());
        var failed = Assert.Single(cases, c => c.Failure is not null);
        Assert.Equal(("te", "timesync.B"), (failed.Name, failed.Clock));
        var m = Regex.Match(failed.Failure!.Attribute("message")!.Value, @"^te on B: measured ([0-9.e+-]+) ns, limit ([0-9.e+-]+) ns$");
        Assert.True(m.Success, failed.Failure.Attribute("message")!.Value);
        Assert.Equal(maxAbs["B"] * 1e9, double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), maxAbs["B"] * 1e9 * 1e-5);
        Assert.Equal(between * 1e9, double.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), between * 1e9 * 1e-5);

        using var j = JsonDocument.Parse(File.ReadAllText(json));
        Assert.False(j.RootElement.GetProperty("passed").GetBoolean());
        Assert.Equal(6, j.RootElement.GetProperty("verdicts").GetArrayLength());
        var passedPerClock = j.RootElement.GetProperty("clocks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("passed").GetBoolean());
        Assert.Equal(new Dictionary<string, bool> { ["A"] = true, ["B"] = false, ["C"] = true }, passedPerClock);
        Assert.True(j.RootElement.GetProperty("clocks")[0].TryGetProperty("analysis", out _));

        string html = File.ReadAllText(report);
        Assert.Equal(["time-errors", "oadev", "tdev", "mtie", "hat"], Regex.Matches(html, "<figure class=\"compare ([a-z-]+)\">").Select(x => x.Groups[1].Value));
        Assert.Contains("FAIL (1 of 2)", html);
        Assert.Contains("<table class=\"ranking\">", html);
    }

    [Fact]
    public void ABrokenLimitsFileStopsBeforeAnyReport()
    {
        var (dir, inputs) = Lab();
        string limits = WriteText(Path.Combine(dir, "bad.yaml"), "checks:\n  - name: te\n    type: max-abs-te\n    limit: 5 ppb\n");
        string report = Path.Combine(dir, "r.html");
        var r = CliProcess.Run(TimeSpan.FromSeconds(120), ["compare", .. inputs, "--limits", limits, "--report", report]);
        Assert.Equal(2, r.ExitCode);
        var line = Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"timesync: {limits}:4: check 'te' limit: 'ppb' is not a unit of time", line);
        Assert.False(File.Exists(report));
    }

    [Fact]
    public void ReportWithoutLimitsIsTheComparisonView()
    {
        var (dir, inputs) = Lab();
        string report = Path.Combine(dir, "r.html");
        var r = CliProcess.Run(TimeSpan.FromSeconds(120), ["compare", .. inputs, "--names", "A,B,C", "--report", report]);
        Assert.True(r.ExitCode == 0, r.StdErr);
        string html = File.ReadAllText(report);
        Assert.Equal(5, Regex.Count(html, "<figure class=\"compare "));
        Assert.DoesNotContain("<section id=\"checks\">", html);
        Assert.Matches("<td class=\"num\">1</td><td><span class=\"swatch\" style=\"background:#1f77b4\"></span>A</td>", html); // A is the quietest
    }
}
