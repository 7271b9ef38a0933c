using System.Globalization;
using System.Text.Json;

namespace TimeSync.Cli.Tests;

public class CompareCommandTests
{
    internal static string WriteClock(string name, double sigmaSeconds, int count, int seed, int skipFrom = -1, int skipTo = -1, int startSecond = 0)
    {
        var path = Path.Combine(Path.GetTempPath(), $"timesync-compare-{Environment.ProcessId}-{name}.txt");
        var rng = new Random(seed);
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc).AddSeconds(startSecond);
        double x = 0;
        using var w = new StreamWriter(path);
        for (int k = 0; k < count; k++)
        {
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            x += sigmaSeconds * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2); // white FM: random-walk phase
            if (k >= skipFrom && k < skipTo) continue;
            w.WriteLine(start.AddSeconds(k).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture) + " " + x.ToString("R", CultureInfo.InvariantCulture));
        }
        return path;
    }

    [Fact]
    public void Ranks_clocks_aligns_a_missing_hour_and_separates_them_by_the_hat()
    {
        var a = WriteClock("a", 1e-11, 12_000, 1);
        var b = WriteClock("b", 4e-11, 12_000, 2, skipFrom: 3000, skipTo: 6600);
        var c = WriteClock("c", 2e-11, 12_000, 3);
        var r = CliProcess.Run(TimeSpan.FromSeconds(120), "compare", a, b, c, "--names", "A,B,C", "--json", "-");
        Assert.True(r.ExitCode == 0, r.StdErr);
        var json = r.StdOut[r.StdOut.IndexOf("\n{", StringComparison.Ordinal)..];
        using var doc = JsonDocument.Parse(json);
        var clocks = doc.RootElement.GetProperty("clocks").EnumerateArray().ToDictionary(e => e.GetProperty("name").GetString()!, e => e.GetProperty("rank").GetInt32());
        Assert.Equal(1, clocks["A"]);
        Assert.Equal(2, clocks["C"]);
        Assert.Equal(3, clocks["B"]);
        var gap = Assert.Single(doc.RootElement.GetProperty("alignment").GetProperty("gaps").EnumerateArray());
        Assert.Equal(3600, gap.GetProperty("missing").GetInt64());
        Assert.Equal("2026-01-01T00:50:00Z", gap.GetProperty("from").GetString());
        // the hat has the three clocks and the common reference (here an ideal one: its variance is ~0, may be negative)
        var hat = doc.RootElement.GetProperty("hat").EnumerateArray().Select(e => e.GetProperty("clock").GetString()!).ToArray();
        Assert.Equal(["A", "B", "C", "reference"], hat);
    }

    [Fact]
    public void Refuses_inputs_that_do_not_overlap_naming_input_and_range()
    {
        var a = WriteClock("early", 1e-11, 100, 1);
        var b = WriteClock("late", 1e-11, 100, 2, startSecond: 10_000);
        var r = CliProcess.Run("compare", a, b);
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("do not overlap", r.StdErr);
        Assert.Contains("2026-01-01T02:46:40Z to 2026-01-01T02:48:19Z", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
    }
}
