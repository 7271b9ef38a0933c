using TimeSync.Acquisition.Agent;
using TimeSync.Cli.Influx;
using TimeSync.Core;
using TimeSync.Influx.Tests.Infrastructure;

namespace TimeSync.Influx.Tests;

/// <summary>The <c>influx:</c> section of the agent's bench.yaml.</summary>
public class AgentConfigTests
{
    private const string Bench = """
        schema: timesync-bench/1
        bench: rack-9
        sources:
          - { name: gnss, kind: gnss-serial, device: /dev/ttyACM0 }
          - { name: ticc, kind: ticc, device: /dev/ttyACM1 }
        reference: { labels: gnss, pps: "ticc:chA" }
        channels:
          - { name: ecu1, method: ticc, counter: ticc }

        """;

    private static Func<string, string?> Env(params (string Key, string Value)[] vars) =>
        name => vars.FirstOrDefault(v => v.Key == name).Value;

    [Fact]
    public void V2Section_BuildsTheTarget_PathsRelativeToTheConfigFolder_AndStaysOutOfTheBenchDescription()
    {
        var config = AgentConfig.ParseYaml(Bench + """
            influx:
              url: https://influx.lab:8086
              org: lab
              bucket: benches
              tokenFile: secrets/influx-token
              caFile: /etc/ssl/lab-ca.pem
              spoolDirectory: spool
              spoolMaxMegabytes: 64
              rollingWindowSeconds: 10
            """, "bench.yaml", "/srv/timesync");
        var s = Assert.IsType<AgentInfluxSettings>(config.Influx);
        Assert.Equal(("lab", "benches", "/srv/timesync/secrets/influx-token", "/etc/ssl/lab-ca.pem", "/srv/timesync/spool", 64L, 10.0),
            (s.Org, s.Bucket, s.TokenFile, s.CaFile, s.SpoolDirectory, s.SpoolMaxMegabytes, s.RollingWindowSeconds));
        Assert.Null(s.Database);
        Assert.Equal("rack-9", config.Bench.Bench);
        Assert.DoesNotContain("influx", config.Bench.ToJson()); // captures carry the bench, not where it streams
    }

    [Fact]
    public void V1Section_CredentialsFromTheEnvironmentOnly()
    {
        var config = AgentConfig.ParseYaml(Bench + "influx: { url: 'http://127.0.0.1:8086', database: bench, retentionPolicy: autogen, benchTag: rig }\n");
        var target = InfluxCli.BuildTarget(config.Influx!.Url, config.Influx.Org, config.Influx.Bucket, config.Influx.TokenFile,
            config.Influx.Database, config.Influx.RetentionPolicy, config.Influx.CaFile, Env(("INFLUX_USERNAME", "ops"), ("INFLUX_PASSWORD", "pw-SECRET")));
        Assert.Equal(("bench", "autogen", "ops", "pw-SECRET"), (target.Database, target.RetentionPolicy, target.Username, target.Password));
        Assert.Equal("rig", config.Influx.BenchTag);
        Assert.Null(AgentConfig.ParseYaml(Bench).Influx);
    }

    [Theory]
    [InlineData("influx: { url: 'http://h:8086', database: d, token: abc-SECRET }", ":9 $.influx.token", "INFLUX_TOKEN")]
    [InlineData("influx: { url: 'http://h:8086', database: d, password: pw-SECRET }", ":9 $.influx.password", "INFLUX_USERNAME/INFLUX_PASSWORD")]
    [InlineData("influx: { url: 'http://h:8086', database: d, batch: 5 }", ":9 $.influx.batch", "unknown key 'batch'")]
    [InlineData("influx: { url: 'http://h:8086', org: o, bucket: b, database: d }", ":9 $.influx.database", "not both")]
    [InlineData("influx: { url: 'http://h:8086', bucket: b }", ":9 $.influx.org", "missing")]
    [InlineData("influx: { url: 'http://h:8086' }", ":9 $.influx.url", "give org and bucket")]
    [InlineData("influx: { url: 'ftp://h', database: d }", ":9 $.influx.url", "not an http or https URL")]
    [InlineData("influx: { url: 'http://me:pw-SECRET@h:8086', database: d }", ":9 $.influx.url", "credentials in the URL")]
    [InlineData("influx: { url: 'http://h:8086', database: d, tokenFile: t }", ":9 $.influx.tokenFile", "v2 API")]
    [InlineData("influx: { url: 'http://h:8086', database: d, spoolMaxMegabytes: 0.5 }", ":9 $.influx.spoolMaxMegabytes", "whole number")]
    [InlineData("influx: [ 'http://h:8086' ]", ":9 $.influx", "expected an object")]
    public void BadSections_AreOneErrorNamingTheLineAndKey_WithoutTheSecret(string section, string where, string message)
    {
        var e = Assert.Throws<InputException>(() => AgentConfig.ParseYaml(Bench + section + "\n", "bench.yaml"));
        Assert.Equal("bench.yaml" + where, e.Location);
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain("SECRET", e.Location + e.Message);
    }

    [Fact]
    public void TheBenchIsStillValidated()
    {
        var e = Assert.Throws<InputException>(() => AgentConfig.ParseYaml(Bench.Replace("counter: ticc", "counter: nope") + "influx: { url: 'http://h', database: d }\n", "b.yaml"));
        Assert.Equal("b.yaml:8 $.channels[0].counter", e.Location);
    }

    [Fact]
    public async Task Create_GivesASinkWithTheConfiguredSpool_OrNullWithoutASection()
    {
        var dir = TestData.TempDir("agentcfg");
        File.WriteAllText(Path.Combine(dir, "bench.yaml"), Bench + $"influx: {{ url: 'http://127.0.0.1:{OwnServer.FreePort()}', database: d, spoolDirectory: q }}\n");
        var agent = InfluxAgent.Create(AgentConfig.Load(Path.Combine(dir, "bench.yaml")), Env());
        Assert.NotNull(agent);
        Assert.True(Directory.Exists(Path.Combine(dir, "q")));
        agent.Sink.Complete();
        Assert.Null(InfluxAgent.Create(AgentConfig.ParseYaml(Bench), Env()));
        await Task.CompletedTask;
    }
}
