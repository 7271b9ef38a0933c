using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;
using TimeSync.Simulation.Bench;
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
        const int Played = 12; // pulses played after the agent opened both ports
        // gptp-ecu with the receiver's messages 0.4 s after its pulse instead of 0.085 s: the agent stamps each port when its
        // reader thread runs, and on a loaded machine (load 20+ on 2 cores) the TICC reader can run 85 ms after the GNSS
        // one, so TIM-TP would seem to come before the TICC line of the pulse before it and label that one (LabelStep +1 s).
        string scenario = Path.Combine(_dir, "gptp-ecu.json");
        var gptpEcu = Scenarios.Named("gptp-ecu")!;
        File.WriteAllText(scenario, JsonSerializer.Serialize(gptpEcu with
        {
            Receiver = gptpEcu.Receiver with { MessageDelaySeconds = 0.4, MessageDelayJitterSeconds = 0.01 },
        }, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase }));
        // it plays until stopped (SIGTERM, below); --duration only bounds a run the test failed to stop
        using var sim = CliProcess.Start("simulate", "--pty", "--scenario", scenario, "--duration", "600",
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
            var simLog = new ConcurrentQueue<string>();
            sim.ErrorDataReceived += (_, e) => { if (e.Data is not null) simLog.Enqueue(e.Data); };
            sim.BeginErrorReadLine();

            agent = CliProcess.Start("agent", "--config", bench, "--capture", capture, "--no-view");
            var agentLog = new ConcurrentQueue<string>();
            agent.ErrorDataReceived += (_, e) => { if (e.Data is not null) agentLog.Enqueue(e.Data); };
            agent.OutputDataReceived += (_, e) => { if (e.Data is not null) agentLog.Enqueue(e.Data); };
            agent.BeginErrorReadLine();
            agent.BeginOutputReadLine();
            // The simulated devices talk from `start` on whether anyone listens (bytes without a reader are dropped, as a
            // device's); on a busy machine the agent's start-up alone can take 10 s, so the pulses counted are those after it
            // opened both ports ("source NAME: DEVICE: open at …").
            foreach (var name in new[] { "gnss", "ticc" })
                RealTime.WaitFor(() => agentLog.Any(l => l.Contains($"source {name}: ", StringComparison.Ordinal) && l.Contains(" open at ", StringComparison.Ordinal)),
                    TimeSpan.FromSeconds(120), () => $"the agent to open {name}: {string.Join("\n", agentLog)}");
            long lastPlayed = Math.Max(DateTimeOffset.UtcNow.ToUnixTimeSeconds(), start.UnixSeconds) + Played;
            RealTime.WaitUntil(lastPlayed, 0.6); // its messages follow it by 0.4 s
            using (var term = Process.Start("kill", ["-TERM", sim.Id.ToString(CultureInfo.InvariantCulture)])) term.WaitForExit();
            Assert.True(sim.WaitForExit(TimeSpan.FromSeconds(60)), "simulate stops on SIGTERM");
            sim.WaitForExit(); // its standard error read to the end
            string simErr = string.Join("\n", simLog);
            Assert.True(sim.ExitCode == 0, simErr);
            Assert.Contains("gptp-ecu, stopped", simErr);
            Assert.False(File.Exists(Path.Combine(links, "gnss")), "links are removed at exit");
            Thread.Sleep(500); // the agent reads what is still in the ports (nothing to wait on: they are gone)
            using (var kill = Process.Start("kill", ["-TERM", agent.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
            Assert.True(agent.WaitForExit(TimeSpan.FromSeconds(60)), "agent stops on SIGTERM");
            Assert.True(agent.ExitCode == 0, string.Join("\n", agentLog));

            var expected = SimulatedBench.ParseTruth(File.ReadAllLines(truth)).Where(r => r.Expected is not null).ToDictionary(r => r.Utc, r => r.Expected!.Value);
            Assert.True(expected.Count >= lastPlayed - start.UnixSeconds + 1, $"{expected.Count} pulses in the truth");
            var sink = new CollectingSink();
            CaptureReplay.Run(capture, sink);
            var samples = sink.For("ecu1");
            string events = string.Join("\n", sink.Events.Select(e => $"{e.Utc} {e.Kind}: {e.Message}"));
            // every pulse played after the ports opened, but the first (the port may have opened in the middle of it)
            Assert.True(samples.Count(s => s.Sample.Time.UnixSeconds <= lastPlayed) >= Played - 1, $"{samples.Count} samples; agent: {string.Join("\n", agentLog)}");
            for (int i = 0; i < samples.Count; i++)
            {
                var s = samples[i];
                Assert.True(expected.TryGetValue(s.Sample.Time, out double x), $"sample at {s.Sample.Time} is not a simulated second (from {start})");
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
    public void Simulate_pty_ends_after_its_duration_counts_what_no_reader_took_and_removes_its_links()
    {
        string links = Path.Combine(_dir, "dev"), truth = Path.Combine(_dir, "truth.csv");
        Directory.CreateDirectory(links);
        var r = CliProcess.Run(TimeSpan.FromSeconds(120), "simulate", "--pty", "--scenario", "gptp-ecu", "--duration", "3", "--seed", "21",
            "--truth", truth, "--pty-link", links);
        Assert.True(r.ExitCode == 0, r.StdErr);
        Assert.Equal(["pty gnss " + Path.Combine(links, "gnss") + " 115200", "pty ticc " + Path.Combine(links, "ticc") + " 115200"], r.Lines.Take(2));
        Assert.Contains("gptp-ecu, 3 pulses", r.StdErr);
        Assert.Matches(@"timesync simulate: gnss: 0 bytes sent, [1-9]\d* dropped \(no reader\)", r.StdErr);
        Assert.Empty(Directory.EnumerateFileSystemEntries(links)); // links are removed at exit
        Assert.Equal(3, SimulatedBench.ParseTruth(File.ReadAllLines(truth)).Count(r => r.Expected is not null)); // one channel, ecu1
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
