using System.Text.RegularExpressions;
using TimeSync.Reporting.Limits;
using TimeSync.Testing;
using YamlDotNet.RepresentationModel;

namespace TimeSync.Reporting.Tests;

/// <summary>The YAML shown in the README's "Verdicts and reports" section and in docs/ci-examples is valid.</summary>
public class ReadmeExamplesTests
{
    private static List<string> ReadmeYamlBlocks()
    {
        string readme = File.ReadAllText(RepoPaths.RepoFile("README.md"));
        int start = readme.IndexOf("## Verdicts and reports", StringComparison.Ordinal);
        int end = readme.IndexOf("\n## ", start + 5, StringComparison.Ordinal);
        string section = readme[start..(end < 0 ? readme.Length : end)];
        return Regex.Matches(section, "```yaml\n([\\s\\S]*?)```").Select(m => m.Groups[1].Value).ToList();
    }

    [Fact]
    public void ReadmeLimitsExampleParses()
    {
        var blocks = ReadmeYamlBlocks();
        Assert.Equal(3, blocks.Count);
        var limits = LimitsParser.Parse(blocks[0], "README.md");
        Assert.Contains(limits.Checks, c => c.Name == "gptp-end-to-end/max-te");
        Assert.Contains(limits.Checks, c => c.Name == "bench-mtie" && c.Mask!.LimitAt(100) is > 69e-9 and < 71e-9);
    }

    [Fact]
    public void CiExamplesAreYamlAndRunReplayWithLimitsAndJUnit()
    {
        var docs = ReadmeYamlBlocks().Skip(1).Concat(Directory.GetFiles(RepoPaths.RepoFile("docs", "ci-examples"), "*.yml").Select(File.ReadAllText)).ToList();
        Assert.Equal(4, docs.Count);
        foreach (var text in docs)
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            Assert.IsType<YamlMappingNode>(stream.Documents[0].RootNode);
            Assert.Matches(@"timesync replay \S+\.pcapng\s+--limits \S+", text);
            Assert.Contains("--junit timesync-junit.xml", text);
            Assert.Contains("--report timesync-report.html", text);
            Assert.Contains("dotnet tool install --tool-path .tools --add-source nupkg TimeSync.Tool", text);
        }
    }
}
