using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;
using TimeSync.Simulation.Live;
using TimeSync.Testing;

namespace TimeSync.Simulation.Tests;

/// <summary>
/// `timesync simulate --pty` driving real pseudo-terminals at real pace, read by the real `timesync agent` (both run as
/// processes); the agent's capture must replay to the simulator's ground truth. Runs alone (not beside the CPU-heavy
/// physics tests): both processes keep real time.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class PtyLiveTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-pty-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_pseudo_terminal_drops_bytes_until_a_reader_opens_it_then_delivers_them_unchanged()
    {
        using var pty = PseudoTerminal.Open();
        Assert.StartsWith("/dev/pts/", pty.Path);
        Assert.False(pty.ReaderPresent);
        Assert.Equal(0, pty.Write("$GPZDA,lost*00\r\n"u8));
        Assert.Equal(16, pty.BytesDropped);

        using var reader = new FileStream(pty.Path, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);
        Assert.True(pty.ReaderPresent);
        byte[] sent = [.. "$GPZDA,kept*00\r\n"u8, 0x00, 0xB5, 0x62, 0x0A, 0x0D, 0xFF]; // raw: no CR/LF mapping, no echo
        Assert.Equal(sent.Length, pty.Write(sent));
        var got = new byte[64];
        int n = 0;
        var sw = Stopwatch.StartNew();
        while (n < sent.Length && sw.Elapsed < TimeSpan.FromSeconds(5)) n += reader.Read(got, n, got.Length - n);
        Assert.Equal(sent, got[..n]);
        Assert.Equal(sent.Length, pty.BytesWritten);
        Assert.Equal(16, pty.BytesDropped);
    }

    [Fact]
    public void The_agent_reading_simulated_ptys_records_a_capture_that_replays_to_the_truth()
    {
        string links = Path.Combine(_dir, "dev"), bench = Path.Combine(_dir, "bench.json"), truth = Path.Combine(_dir, "truth.csv"),
            capture = Path.Combine(_dir, "agent.pcapng");
        Directory.CreateDirectory(links);
        const int seconds = 12;
        using var sim = CliProcess.Start("simulate", "--pty", "--scenario", "gptp-ecu", "--duration", seconds.ToString(CultureInfo.InvariantCulture),
            "--seed", "21", "--truth", truth, "--bench-out", bench, "--pty-link", links);
        Process? agent = null;
        try
        {
            var lines = new List<string>();
            while (sim.StandardOutput.ReadLine() is { } line)
            {
                lines.Add(line);
                if (line.StartsWith("start ", StringComparison.Ordinal)) break;
            }
            Assert.Equal(["pty gnss " + Path.Combine(links, "gnss") + " 115200", "pty ticc " + Path.Combine(links, "ticc") + " 115200"], lines.Take(2));
            var start = Instant.Parse(lines[2]["start ".Length..]);
            Assert.StartsWith("/dev/pts/", new FileInfo(Path.Combine(links, "gnss")).LinkTarget);

            agent = CliProcess.Start("agent", "--config", bench, "--capture", capture, "--no-view");
            var agentErr = new ConcurrentQueue<string>();
            agent.ErrorDataReceived += (_, e) => { if (e.Data is not null) agentErr.Enqueue(e.Data); };
            agent.BeginErrorReadLine();
            agent.BeginOutputReadLine();

            string simErr = sim.StandardError.ReadToEnd();
            Assert.True(sim.WaitForExit(TimeSpan.FromSeconds(120)), "simulate ends after --duration");
            Assert.True(sim.ExitCode == 0, simErr);
            Assert.Contains($"gptp-ecu, {seconds} pulses", simErr);
            Assert.False(File.Exists(Path.Combine(links, "gnss")), "links are removed at exit");
            Thread.Sleep(500);
            using (var kill = Process.Start("kill", ["-TERM", agent.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
            Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(30)), "agent stops on SIGTERM");
            Assert.True(agent.ExitCode == 0, string.Join("\n", agentErr));

            var expected = File.ReadAllLines(truth).Where(l => !l.StartsWith('#')).Skip(1).Select(l => l.Split(','))
                .Where(f => f[3].Length > 0).ToDictionary(f => Instant.Parse(f[0]), f => double.Parse(f[3], CultureInfo.InvariantCulture));
            Assert.Equal(seconds, expected.Count);
            var sink = new CollectingSink();
            CaptureReplay.Run(capture, sink);
            var samples = sink.For("ecu1");
            string events = string.Join("\n", sink.Events.Select(e => $"{e.Utc} {e.Kind}: {e.Message}"));
            // the agent may open the ports a few seconds late on a busy machine; what it saw must be right
            Assert.True(samples.Count >= seconds / 2, $"{samples.Count} samples; agent: {string.Join("\n", agentErr)}");
            for (int i = 0; i < samples.Count; i++)
            {
                var s = samples[i];
                Assert.True(expected.TryGetValue(s.Sample.Time, out double x), $"sample at {s.Sample.Time} is not a simulated second ({start} + {seconds} s)");
                // TICC jitter 60 ps per channel, 1 ps print resolution; the first pulse the agent sees may come without the
                // TIM-TP announcing it (sent before the agent opened the port): then qErr, within ±4 ns, is not applied
                double tolerance = i == 0 || (s.Flags & Acquisition.Labelling.SampleFlags.QErrMissing) != 0 ? 4.1e-9 : 6 * 85e-12 + 2e-12;
                Assert.True(Math.Abs(s.Sample.TimeErrorSeconds - x) < tolerance,
                    $"{s.Sample.Time}: recorded {s.Sample.TimeErrorSeconds:R}, truth {x:R}, flags {s.Flags}, sample {i}; labeller events:\n{events}");
            }
        }
        finally
        {
            if (!sim.HasExited) sim.Kill();
            if (agent is { HasExited: false }) agent.Kill();
            agent?.Dispose();
        }
    }

    [Fact]
    public void Pty_options_without_pty_are_refused_in_one_line()
    {
        using var p = CliProcess.Start("simulate", "--scenario", "gptp-ecu", "--duration", "5", "--out", Path.Combine(_dir, "x.pcapng"), "--bench-out", Path.Combine(_dir, "b.json"));
        string err = p.StandardError.ReadToEnd();
        p.WaitForExit();
        Assert.Equal(2, p.ExitCode);
        Assert.Equal("timesync: --bench-out: needs --pty", err.Trim());
    }
}

/// <summary>Tests that need real time: run one at a time, after the parallel ones.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveCollection
{
    public const string Name = "live";
}
