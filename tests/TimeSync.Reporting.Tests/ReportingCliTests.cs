using System.CommandLine;
using System.Xml.Linq;
using TimeSync.Core;
using TimeSync.Reporting.Engine;

namespace TimeSync.Reporting.Tests;

/// <summary>The options a command gets from <see cref="ReportingCli"/>, parsed as System.CommandLine parses them.</summary>
public class ReportingCliTests
{
    private static (ReportingResult Result, string Messages) Run(string dir, params string[] args)
    {
        var command = new RootCommand("test");
        ReportingCli.AddOptions(command);
        var parse = command.Parse(args);
        Assert.Empty(parse.Errors);
        var channels = new List<ChannelSeries>
        {
            new("good", 1, Enumerable.Range(0, 500).Select(i => 10e-9 * Math.Sin(i / 10.0)).ToArray()),
            new("bad", 1, Enumerable.Range(0, 500).Select(i => i == 250 ? 2e-6 : 0).ToArray()),
        };
        var messages = new StringWriter();
        var result = ReportingCli.Run(new AnalysisInputs(Path.Combine(dir, "capture.pcapng"), channels),
            parse.GetValue<string?>("--limits"), parse.GetValue<string?>("--junit"), parse.GetValue<string?>("--markdown"), parse.GetValue<string?>("--report"), messages);
        return (result, messages.ToString());
    }

    private static string Limits(string dir, string yaml)
    {
        string p = Path.Combine(dir, "limits.yaml");
        File.WriteAllText(p, yaml);
        return p;
    }

    [Fact]
    public void FailedLimitMeansExitOneAndEveryFileIsWritten()
    {
        string dir = Directory.CreateTempSubdirectory("timesync-cli-").FullName;
        string limits = Limits(dir, "checks:\n  - name: te\n    type: max-abs-te\n    limit: 1 us\n");
        var (result, messages) = Run(dir, "--limits", limits, "--junit", Path.Combine(dir, "j.xml"), "--markdown", Path.Combine(dir, "s.md"), "--report", Path.Combine(dir, "r.html"));
        Assert.Equal(1, result.ExitCode);
        Assert.Contains("timesync: FAIL te [bad]: max |x| = 2 us > limit 1 us", messages);
        Assert.Contains("1 of 2 checks failed", messages);
        var junit = XDocument.Load(Path.Combine(dir, "j.xml"));
        Assert.Equal(2, junit.Descendants("testcase").Count());
        Assert.Single(junit.Descendants("failure"));
        Assert.Contains("❌ | te | bad", File.ReadAllText(Path.Combine(dir, "s.md")));
        Assert.Contains("<svg ", File.ReadAllText(Path.Combine(dir, "r.html")));
        string json = result.AddVerdictsTo("{\"summary\": {}}\n");
        Assert.Contains("\"verdicts\"", json);
        Assert.EndsWith("}\n", json);
    }

    [Fact]
    public void PassingLimitsMeanExitZero()
    {
        string dir = Directory.CreateTempSubdirectory("timesync-cli-").FullName;
        string limits = Limits(dir, "checks:\n  - name: te\n    channel: good\n    type: max-abs-te\n    limit: 10 ns\n");
        var (result, messages) = Run(dir, "--limits", limits);
        Assert.Equal(0, result.ExitCode);
        Assert.Contains("all 1 checks passed", messages);
    }

    [Fact]
    public void NoLimitsLeavesTheDocumentAloneAndJUnitNeedsLimits()
    {
        string dir = Directory.CreateTempSubdirectory("timesync-cli-").FullName;
        var (result, _) = Run(dir, "--report", Path.Combine(dir, "r.html"));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal("{}", result.AddVerdictsTo("{}"));
        var e = Assert.Throws<InputException>(() => Run(dir, "--junit", Path.Combine(dir, "j.xml")));
        Assert.Equal("--junit", e.Location);
    }

    [Fact]
    public void BrokenLimitsFileIsAnInputErrorBeforeAnyOutput()
    {
        string dir = Directory.CreateTempSubdirectory("timesync-cli-").FullName;
        string limits = Limits(dir, "checks:\n  - name: te\n    type: max-abs-te\n    limit: -3 ns\n");
        var e = Assert.Throws<InputException>(() => Run(dir, "--limits", limits, "--junit", Path.Combine(dir, "j.xml")));
        Assert.Equal($"{limits}:4", e.Location);
        Assert.Contains("negative", e.Message);
        Assert.False(File.Exists(Path.Combine(dir, "j.xml")));
    }
}
