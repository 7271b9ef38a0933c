using System.CommandLine;
using TimeSync.Cli.Influx;
using TimeSync.Core;
using TimeSync.Core.Time;
using TimeSync.Influx.Tests.Infrastructure;

namespace TimeSync.Influx.Tests;

public class InfluxCliTests
{
    private static ParseResult Parse(params string[] args)
    {
        var command = new Command("replay", "test");
        InfluxCli.AddOptions(command);
        InfluxCli.AddStartOption(command);
        var r = command.Parse(args);
        Assert.Empty(r.Errors);
        return r;
    }

    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Key == name).Value;

    [Fact]
    public void V2_TokenFromEnvironmentOrFile()
    {
        var t = InfluxCli.GetTarget(Parse("--influx-url", "https://influx.lab:8086", "--influx-org", "lab", "--influx-bucket", "bench"),
            Env(("INFLUX_TOKEN", "env-token-SECRET")));
        Assert.True(t.IsV2);
        Assert.Equal("env-token-SECRET", t.Token);
        Assert.DoesNotContain("SECRET", t.ToString());

        var file = Path.Combine(TestData.TempDir("tok"), "token");
        File.WriteAllText(file, "file-token-SECRET\n");
        t = InfluxCli.GetTarget(Parse("--influx-url", "http://h:8086", "--influx-org", "lab", "--influx-bucket", "b", "--influx-token-file", file),
            Env(("INFLUX_TOKEN", "env-token-SECRET")));
        Assert.Equal("file-token-SECRET", t.Token); // the file wins over the environment
    }

    [Fact]
    public void V1_DatabaseRetentionPolicyAndCredentialsFromEnvironment()
    {
        var t = InfluxCli.GetTarget(Parse("--influx-url", "http://h:8086", "--influx-database", "bench", "--influx-retention-policy", "autogen"),
            Env(("INFLUX_USERNAME", "ops"), ("INFLUX_PASSWORD", "pw-SECRET"), ("INFLUX_TOKEN", "unused")));
        Assert.False(t.IsV2);
        Assert.Equal(("bench", "autogen", "ops", "pw-SECRET"), (t.Database, t.RetentionPolicy, t.Username, t.Password));
        Assert.Null(t.Token);
        Assert.Equal("http://h:8086 db=bench rp=autogen (v1 API)", t.ToString());
    }

    [Theory]
    [InlineData(new[] { "--influx-url", "http://h", "--influx-org", "o", "--influx-bucket", "b" }, "INFLUX_TOKEN")]
    [InlineData(new[] { "--influx-url", "http://h", "--influx-bucket", "b" }, "--influx-org")]
    [InlineData(new[] { "--influx-url", "http://h" }, "--influx-url")]
    [InlineData(new[] { "--influx-url", "ftp://h", "--influx-database", "d" }, "--influx-url")]
    [InlineData(new[] { "--influx-url", "http://h", "--influx-org", "o", "--influx-bucket", "b", "--influx-database", "d" }, "--influx-database")]
    [InlineData(new[] { "--influx-url", "http://h", "--influx-database", "d", "--influx-token-file", "/nonexistent/token" }, "/nonexistent/token")]
    public void BadCombinations_NameTheOptionAtFault(string[] args, string location)
    {
        var e = Assert.Throws<InputException>(() => InfluxCli.GetTarget(Parse(args), Env(("INFLUX_PASSWORD", "pw-SECRET"))));
        Assert.Equal(location, e.Location);
        Assert.DoesNotContain("SECRET", e.Message);
    }

    [Fact]
    public void NoOptionTakesASecretOnTheCommandLine()
    {
        var command = new Command("x");
        InfluxCli.AddOptions(command);
        var names = command.Options.Select(o => o.Name).ToList();
        Assert.Contains("--influx-token-file", names);
        Assert.DoesNotContain(names, n => n is "--influx-token" || n.Contains("password", StringComparison.OrdinalIgnoreCase) || n.Contains("user", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Start_ParsesIsoOrDefaultsToNow()
    {
        Assert.Equal(Instant.Parse("2026-03-01T12:00:00.5Z"), InfluxCli.GetStart(Parse("--start", "2026-03-01T13:00:00.5+01:00")));
        Assert.Equal(Instant.FromUnixSeconds(1_800_000_000), InfluxCli.GetStart(Parse(), () => DateTime.UnixEpoch.AddSeconds(1_800_000_000.7)));
        var e = Assert.Throws<InputException>(() => InfluxCli.GetStart(Parse("--start", "yesterday")));
        Assert.Equal("--start", e.Location);
    }

    [Fact]
    public async Task CreateSink_NullWithoutUrl_ElseASinkWithTheSpoolAndBenchAsked()
    {
        Assert.Null(InfluxCli.CreateSink(Parse()));
        var spool = TestData.TempDir("cli");
        await using var sink = InfluxCli.CreateSink(Parse("--influx-url", $"http://127.0.0.1:{OwnServer.FreePort()}", "--influx-database", "d",
            "--influx-spool-dir", spool, "--influx-spool-max-mb", "1", "--influx-bench", "rig-7"), _ => { }, "ignored", Env());
        Assert.NotNull(sink);
        Assert.Equal(Path.GetFullPath(spool), sink.SpoolDirectory);
    }

    [Fact]
    public void DefaultSpoolFolder_IsOnePerTarget()
    {
        var a = InfluxCli.GetTarget(Parse("--influx-url", "http://h:8086", "--influx-database", "a"), Env());
        var b = InfluxCli.GetTarget(Parse("--influx-url", "http://h:8086", "--influx-database", "b"), Env());
        string dirA = InfluxCli.GetDelivery(Parse(), a).SpoolDirectory, dirB = InfluxCli.GetDelivery(Parse(), b).SpoolDirectory;
        Assert.NotEqual(dirA, dirB);
        Assert.Equal(dirA, InfluxCli.GetDelivery(Parse(), a).SpoolDirectory);
        Assert.Contains("influx-spool", dirA);
        Assert.Equal("/x", InfluxCli.GetDelivery(Parse("--influx-spool-dir", "/x"), a).SpoolDirectory);
    }
}
