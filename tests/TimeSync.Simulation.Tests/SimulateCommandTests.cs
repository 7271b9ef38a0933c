using TimeSync.Acquisition.Pipeline;
using TimeSync.Testing;

namespace TimeSync.Simulation.Tests;

/// <summary>`timesync simulate` run as the real program (timesync.dll beside the tests) in a child process.</summary>
public sealed class SimulateCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-simcli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static CliProcess.Result Timesync(params string[] args) => CliProcess.Run(TimeSpan.FromMinutes(3), args);

    [Fact]
    public void Same_arguments_and_seed_write_byte_identical_capture_and_truth_files()
    {
        string a = Path.Combine(_dir, "a.pcapng"), b = Path.Combine(_dir, "b.pcapng"), c = Path.Combine(_dir, "c.pcapng");
        var ra = Timesync("simulate", "--scenario", "lidar-pps", "--duration", "90", "--seed", "17", "--out", a, "--truth", a + ".csv");
        var rb = Timesync("simulate", "--scenario", "lidar-pps", "--duration", "90", "--seed", "17", "--out", b, "--truth", b + ".csv");
        var rc = Timesync("simulate", "--scenario", "lidar-pps", "--duration", "90", "--seed", "18", "--out", c);
        Assert.True(ra.ExitCode == 0, ra.StdErr);
        Assert.Equal(0, rb.ExitCode);
        Assert.Equal(0, rc.ExitCode);
        Assert.Contains("90 pulses", ra.StdOut);
        Assert.Equal(File.ReadAllBytes(a), File.ReadAllBytes(b));
        Assert.Equal(File.ReadAllBytes(a + ".csv"), File.ReadAllBytes(b + ".csv"));
        Assert.NotEqual(File.ReadAllBytes(a), File.ReadAllBytes(c));
        // and the file is a capture the replay pipeline reads without a warning
        var sink = new CollectingSink();
        var replay = CaptureReplay.Run(a, sink);
        Assert.Empty(replay.Warnings);
        Assert.InRange(sink.For("lidar").Count, 88, 90);
    }

    [Fact]
    public void User_mistakes_give_one_line_and_exit_2()
    {
        string o = Path.Combine(_dir, "x.pcapng");
        foreach (var args in new[]
        {
            new[] { "simulate", "--scenario", "no-such", "--duration", "10", "--out", o },
            ["simulate", "--noise", "h0=abc", "--duration", "10", "--out", o],
            ["simulate", "--noise", "h0=1e-22", "--duration", "-5", "--out", o],
            ["simulate", "--duration", "10", "--out", o],
        })
        {
            var r = Timesync(args);
            Assert.Equal(2, r.ExitCode);
            Assert.Single(r.StdErr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.StartsWith("timesync: ", r.StdErr);
        }
        Assert.False(File.Exists(o));
        File.WriteAllText(o, "precious");
        var refused = Timesync("simulate", "--noise", "h0=1e-22", "--duration", "10", "--out", o);
        Assert.Equal(2, refused.ExitCode);
        Assert.Equal("precious", File.ReadAllText(o));
    }
}
