using System.Text.Json;
using System.Text.RegularExpressions;
using TimeSync.Testing;

namespace TimeSync.Cli.Tests;

/// <summary>
/// <c>--alpha</c> on replay and compare (as on analyze): a fixed noise type reaches every analysis the command prints,
/// the JSON ("alpha_fixed", α of every row), the table, the HTML report and, for compare, the hat.
/// </summary>
public sealed class FixedAlphaCliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-alphacli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    // white PM of a few ns on the ECU (identified as α = 2 where the data suffice), a ramp on the logger
    private static double EcuX(long k) => 40e-9 + 4e-9 * (new Random((int)k).NextDouble() - 0.5);
    private static double LoggerX(long k) => -1.5e-6 + 2e-9 * k;

    private string Capture() => TwoChannelBench.Write(Path.Combine(_dir, "bench.pcapng"), "alpha-test", 600, EcuX, LoggerX);

    /// <summary>Every row of every statistic with a noise column of one analysis document has α = <paramref name="alpha"/>; the others none.</summary>
    private static void AssertEveryRowHas(JsonElement analysis, int alpha)
    {
        Assert.Equal(alpha, analysis.GetProperty("alpha_fixed").GetInt32());
        int rows = 0;
        foreach (var stat in analysis.GetProperty("deviations").EnumerateObject())
            foreach (var row in stat.Value.EnumerateArray())
            {
                if (stat.Name is "mtie" or "tierms") { Assert.False(row.TryGetProperty("alpha", out _)); continue; }
                Assert.Equal(alpha, row.GetProperty("alpha").GetInt32());
                rows++;
            }
        Assert.True(rows > 20, $"only {rows} rows with a noise column");
    }

    [Fact]
    public void Replay_fixed_alpha_reaches_every_channels_rows_the_table_and_the_report()
    {
        string capture = Capture(), json = Path.Combine(_dir, "r.json"), html = Path.Combine(_dir, "r.html");
        var r = CliProcess.Run("replay", capture, "--alpha", "rwfm", "--json", json, "--report", html);
        Assert.True(r.ExitCode == 0, r.StdErr);
        using (var doc = JsonDocument.Parse(File.ReadAllText(json)))
            foreach (var channel in doc.RootElement.GetProperty("channels").EnumerateObject())
                AssertEveryRowHas(channel.Value, -2);
        Assert.Equal(2, Regex.Count(r.StdOut, "# noise type fixed: alpha = -2 at every tau"));

        string report = File.ReadAllText(html);
        var noise = Regex.Matches(report, "<td>([^<]*)</td></tr>\n(?=(?:<tr>|</tbody>))").Select(m => m.Groups[1].Value).ToList();
        Assert.True(noise.Count > 10);
        Assert.All(noise, n => Assert.Equal("RW FM", n));
        Assert.Contains("noise type: fixed for every τ, α = -2 (RW FM), not identified", report);

        // the default identifies the noise: no alpha_fixed, and the ECU's white PM is not read as random-walk FM
        string autoJson = Path.Combine(_dir, "auto.json");
        Assert.Equal(0, CliProcess.Run("replay", capture, "--json", autoJson).ExitCode);
        using var auto = JsonDocument.Parse(File.ReadAllText(autoJson));
        var ecu = auto.RootElement.GetProperty("channels").GetProperty("ecu1");
        Assert.False(ecu.TryGetProperty("alpha_fixed", out _));
        Assert.Contains(ecu.GetProperty("deviations").GetProperty("oadev").EnumerateArray(), row => row.GetProperty("alpha").GetInt32() != -2);
    }

    [Fact]
    public void Compare_fixed_alpha_reaches_every_clock_the_hat_and_the_report()
    {
        var a = CompareCommandTests.WriteClock("alpha-a", 1e-11, 4000, 1);
        var b = CompareCommandTests.WriteClock("alpha-b", 4e-11, 4000, 2);
        var c = CompareCommandTests.WriteClock("alpha-c", 2e-11, 4000, 3);
        string json = Path.Combine(_dir, "c.json"), autoJson = Path.Combine(_dir, "c-auto.json"), html = Path.Combine(_dir, "c.html");
        var r = CliProcess.Run(TimeSpan.FromSeconds(120), "compare", a, b, c, "--names", "A,B,C", "--alpha", "wpm", "--json", json, "--report", html);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Contains("noise type fixed: alpha = 2 at every tau", r.StdOut);
        Assert.Equal(0, CliProcess.Run(TimeSpan.FromSeconds(120), "compare", a, b, c, "--names", "A,B,C", "--json", autoJson).ExitCode);

        using var doc = JsonDocument.Parse(File.ReadAllText(json));
        using var auto = JsonDocument.Parse(File.ReadAllText(autoJson));
        Assert.Equal(2, doc.RootElement.GetProperty("alpha_fixed").GetInt32());
        Assert.False(auto.RootElement.TryGetProperty("alpha_fixed", out _));
        foreach (var clock in doc.RootElement.GetProperty("clocks").EnumerateArray())
            AssertEveryRowHas(clock.GetProperty("analysis"), 2);
        // the hat's EDF rests on the fixed white PM, not on the identified white FM: the bounds differ
        static string[] Edf(JsonDocument d) => [.. d.RootElement.GetProperty("hat")[0].GetProperty("rows").EnumerateArray().Select(row => row.GetProperty("edf").GetRawText())];
        Assert.NotEqual(Edf(auto), Edf(doc));
        Assert.Contains("Noise type fixed for every τ (α, EDF and bounds of every clock and of the hat): α = 2 (W PM)", File.ReadAllText(html));
    }

    [Theory]
    [InlineData("replay", "pink")]
    [InlineData("replay", "3")]
    [InlineData("replay", "-3")]   // the default statistics include adev: defined down to α = −2 only
    [InlineData("compare", "fwfm")] // compare's oadev: the same
    [InlineData("compare", "auto,2")]
    public void Bad_alpha_exits_2_with_one_line_and_writes_nothing(string command, string alpha)
    {
        string json = Path.Combine(_dir, "bad.json");
        var args = command == "replay"
            ? new[] { "replay", Capture(), "--alpha=" + alpha, "--json", json }
            : ["compare", CompareCommandTests.WriteClock("bad-a", 1e-11, 100, 1), CompareCommandTests.WriteClock("bad-b", 1e-11, 100, 2), "--alpha=" + alpha, "--json", json];
        var r = CliProcess.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.Contains("--alpha", r.StdErr);
        Assert.DoesNotContain("   at ", r.StdErr);
        Assert.Equal("", r.StdOut);
        Assert.False(File.Exists(json));
    }
}
