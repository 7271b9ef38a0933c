namespace TimeSync.Cli.Tests;

public sealed class AgentCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-agentcli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_bad_bench_yaml_is_one_line_naming_the_line_and_exit_2()
    {
        string yaml = Path.Combine(_dir, "bench.yaml");
        File.WriteAllText(yaml, """
            schema: timesync-bench/1
            sources:
              - name: gnss
                kind: gnss-serial
                device: /dev/ttyACM0
            reference:
              labels: gnss
            channels:
              - name: ecu1
                method: ticc
                counter: ticc
            """);
        var r = CliProcess.Run("agent", "--config", yaml, "--no-view");
        Assert.Equal(2, r.ExitCode);
        Assert.Equal($"timesync: {yaml}:11 $.channels[0].counter: no source named 'ticc'", r.StdErr.Trim());

        var missing = CliProcess.Run("agent", "--config", Path.Combine(_dir, "nope.yaml"));
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("cannot read bench description", missing.StdErr);
        Assert.DoesNotContain("   at ", missing.StdErr);
    }
}
