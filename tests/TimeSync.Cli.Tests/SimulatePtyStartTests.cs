using System.Diagnostics;
using System.Text.RegularExpressions;
using TimeSync.Core.Time;

namespace TimeSync.Cli.Tests;

/// <summary>
/// How `simulate --pty` starts: by default a fixed lead (--pty-lead, 2 s) after creating the ports, bytes without a reader
/// dropped as a device's; with --pty-wait only once every port has a reader, so a reader that opens late loses nothing.
/// Real pseudo-terminals, real time.
/// </summary>
[Collection(LiveCollection.Name)]
public sealed class SimulatePtyStartTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-ptystart-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static long Now => DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    /// <summary>Everything a reader gets from a port until the simulator closes it (EIO) or <paramref name="timeout"/>.</summary>
    private static Task<byte[]> ReadAll(FileStream port, TimeSpan timeout) => Task.Run(() =>
    {
        var got = new MemoryStream();
        var buffer = new byte[4096];
        var sw = Stopwatch.StartNew();
        try
        {
            int n;
            while (sw.Elapsed < timeout && (n = port.Read(buffer, 0, buffer.Length)) > 0) got.Write(buffer, 0, n);
        }
        catch (IOException) { } // the master closed: the simulator ended
        return got.ToArray();
    });

    /// <summary>A reader on the port simulate linked as <paramref name="name"/> in <paramref name="links"/> (unbuffered).</summary>
    private static FileStream OpenPort(string links, string name) =>
        new(Path.Combine(links, name), FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite, 1);

    /// <summary>simulate --pty --pty-wait of gptp-ecu (seed 5), its ports linked in <paramref name="links"/>.</summary>
    private Process StartWaiting(string lead, string duration, out string links)
    {
        links = Path.Combine(_dir, "dev");
        Directory.CreateDirectory(links);
        return CliProcess.Start("simulate", "--pty", "--pty-wait", "--pty-lead", lead, "--scenario", "gptp-ecu", "--duration", duration,
            "--seed", "5", "--pty-link", links);
    }

    /// <summary>Per port: simulate's final count says 0 dropped, and the reader got every byte sent (more than 100).</summary>
    private static void AssertEveryByteRead(string stderr, params (string Port, byte[] Read)[] ports)
    {
        foreach (var (name, bytes) in ports)
        {
            var m = Regex.Match(stderr, $@"{name}: (\d+) bytes sent, (\d+) dropped");
            Assert.True(m.Success, stderr);
            Assert.Equal("0", m.Groups[2].Value);
            Assert.True(bytes.Length > 100, $"{name}: {bytes.Length} bytes read");
            Assert.Equal(long.Parse(m.Groups[1].Value), bytes.Length);
        }
    }

    [Fact]
    public async Task Pty_wait_starts_after_the_last_reader_opens_and_drops_nothing()
    {
        using var sim = StartWaiting(lead: "1", duration: "3", out string links);
        FileStream? gnss = null, ticc = null;
        try
        {
            Assert.StartsWith("pty gnss ", sim.StandardOutput.ReadLine());
            Assert.StartsWith("pty ticc ", sim.StandardOutput.ReadLine());
            var startLine = sim.StandardOutput.ReadLineAsync();
            var stderr = sim.StandardError.ReadToEndAsync();
            // longer than the default lead: without readers it has not started
            await Task.Delay(3500);
            Assert.False(startLine.IsCompleted, "started without readers");
            gnss = OpenPort(links, "gnss");
            await Task.Delay(1500);
            Assert.False(startLine.IsCompleted, "started with one of two readers");
            long opened = Now;
            ticc = OpenPort(links, "ticc");
            var gnssBytes = ReadAll(gnss, TimeSpan.FromSeconds(60));
            var ticcBytes = ReadAll(ticc, TimeSpan.FromSeconds(60));

            string? line = await startLine.WaitAsync(TimeSpan.FromSeconds(30)); // TimeoutException: no start after both readers opened
            if (line?.StartsWith("start ", StringComparison.Ordinal) != true)
                Assert.Fail($"'{line}' instead of the start line; stderr: {await stderr.WaitAsync(TimeSpan.FromSeconds(30))}");
            var start = Instant.Parse(line!["start ".Length..]);
            // the next whole second after the 1 s lead that began when the second reader opened
            Assert.True(start.UnixSeconds >= opened + 2 && start.UnixSeconds <= opened + 20, $"start {start}, second reader opened at {Instant.FromUnixSeconds(opened)}");
            await sim.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60)); // TimeoutException: it did not end after its 3 s
            string err = await stderr;
            Assert.True(sim.ExitCode == 0, err);
            Assert.Contains("waiting for a reader on gnss, ticc", err);
            Assert.Contains("gptp-ecu, 3 pulses", err);
            AssertEveryByteRead(err, ("gnss", await gnssBytes), ("ticc", await ticcBytes)); // the readers were there from the first byte
        }
        finally
        {
            if (!sim.HasExited) sim.Kill();
            gnss?.Dispose();
            ticc?.Dispose();
        }
    }

    /// <summary>
    /// The end: a reader that has not yet read the last bytes when the simulation ends still gets them (the ports stay
    /// open until their readers have read everything, a few seconds at most); here it reads only after simulate printed
    /// its final counts.
    /// </summary>
    [Fact]
    public async Task Ports_stay_open_until_their_readers_have_read_the_tail()
    {
        using var sim = StartWaiting(lead: "0", duration: "2", out string links);
        FileStream? gnss = null, ticc = null;
        try
        {
            sim.StandardOutput.ReadLine();
            sim.StandardOutput.ReadLine();
            var stderr = new System.Collections.Concurrent.ConcurrentQueue<string>();
            sim.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Enqueue(e.Data); };
            sim.BeginErrorReadLine();
            gnss = OpenPort(links, "gnss");
            ticc = OpenPort(links, "ticc");
            RealTime.WaitFor(() => stderr.Any(l => l.Contains("gptp-ecu, 2 pulses", StringComparison.Ordinal)), TimeSpan.FromSeconds(60),
                () => "the end of the simulation: " + string.Join("\n", stderr));
            var gnssRead = ReadAll(gnss, TimeSpan.FromSeconds(30));
            var ticcRead = ReadAll(ticc, TimeSpan.FromSeconds(30));
            var (gnssBytes, ticcBytes) = (await gnssRead, await ticcRead);
            await sim.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            string err = string.Join("\n", stderr);
            Assert.True(sim.ExitCode == 0, err);
            AssertEveryByteRead(err, ("gnss", gnssBytes), ("ticc", ticcBytes));
        }
        finally
        {
            if (!sim.HasExited) sim.Kill();
            gnss?.Dispose();
            ticc?.Dispose();
        }
    }

    [Fact]
    public void Pty_lead_sets_the_time_before_the_first_pulse()
    {
        long before = Now;
        using var sim = CliProcess.Start("simulate", "--pty", "--pty-lead", "4", "--scenario", "gptp-ecu", "--duration", "1", "--seed", "5");
        try
        {
            sim.StandardOutput.ReadLine();
            sim.StandardOutput.ReadLine();
            string? line = sim.StandardOutput.ReadLine();
            long after = Now;
            Assert.StartsWith("start ", line);
            var start = Instant.Parse(line!["start ".Length..]);
            Assert.InRange(start.UnixSeconds, before + 5, after + 5); // now + 1 + lead
            Assert.True(sim.WaitForExit(TimeSpan.FromSeconds(60)));
            Assert.Equal(0, sim.ExitCode);
        }
        finally
        {
            if (!sim.HasExited) sim.Kill();
        }
    }

    [Theory]
    [InlineData("--pty-wait", "--out=x.pcapng")]
    [InlineData("--pty-lead=3", "--out=x.pcapng")]
    [InlineData("--pty-lead=-1", "--pty")]
    public void Pty_start_options_are_checked_with_one_line(string option, string other)
    {
        var r = CliProcess.Run("simulate", "--scenario", "gptp-ecu", "--duration", "1", option, other);
        Assert.Equal(2, r.ExitCode);
        Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.Contains(option.Split('=')[0], r.StdErr);
        Assert.False(File.Exists("x.pcapng"));
    }
}
