namespace TimeSync.Cli.Tests;

/// <summary>A broken limits file stops `timesync analyze --limits` with exit 2 and one stderr line naming file and line, before any output is written.</summary>
public class BrokenLimitsCliTests
{
    [Theory]
    [InlineData("checks:\n  - name: a\n    type: max-abs-tee\n    limit: 1 us\n", 3, "unknown check type 'max-abs-tee'")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: 1 ppb\n", 4, "'ppb' is not a unit of time")]
    [InlineData("checks:\n  - name: a\n    type: frequency-offset\n    limit: 3 ns\n", 4, "not a unit of fractional frequency")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: -1 us\n", 4, "negative")]
    [InlineData("version: 1\nlock: { bound: 1 us, hold: 30 s }\nchecks:\n  - name: a\n    type: time-to-lock\n    limit: -5 s\n", 6, "negative")]
    public void ExitTwoWithOneLineNamingTheLine(string yaml, int line, string message)
    {
        var dir = Directory.CreateTempSubdirectory("timesync-badlimits-").FullName;
        string data = Path.Combine(dir, "x.txt"), limits = Path.Combine(dir, "limits.yaml"), junit = Path.Combine(dir, "junit.xml");
        File.WriteAllLines(data, Enumerable.Range(0, 100).Select(i => (i * 1e-9).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));
        File.WriteAllText(limits, yaml);
        var r = CliProcess.Run("analyze", data, "--tau0", "1", "--limits", limits, "--junit", junit);
        Assert.Equal(2, r.ExitCode);
        var errorLines = r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var only = Assert.Single(errorLines);
        Assert.StartsWith($"timesync: {limits}:{line}: ", only);
        Assert.Contains(message, only);
        Assert.False(File.Exists(junit));
    }
}
