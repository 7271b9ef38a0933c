using System.Collections.Concurrent;
using System.Diagnostics;
using TimeSync.Acquisition.Decoding;
using TimeSync.Capture.Pcapng;
using TimeSync.Testing;

namespace TimeSync.Cli.Tests;

/// <summary>`timesync record` reading a real socat pty fed with a real receiver log, stopped by SIGTERM.</summary>
public sealed class RecordCommandTests
{
    [Fact]
    public void Records_a_pty_into_a_capture_that_decodes_like_the_log()
    {
        string dir = Path.Combine(Path.GetTempPath(), "timesync-rec-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(dir);
        string receiver = Path.Combine(dir, "receiver"), host = Path.Combine(dir, "host"), capture = Path.Combine(dir, "run.pcapng");
        using var socat = Start("socat", "-d", "-d", $"pty,raw,echo=0,link={receiver}", $"pty,raw,echo=0,link={host}");
        Process? record = null;
        try
        {
            RealTime.WaitFor(() => File.Exists(receiver) && File.Exists(host), TimeSpan.FromSeconds(60), "socat's ptys");
            record = Start("dotnet", Path.Combine(AppContext.BaseDirectory, "timesync.dll"), "record", "--serial", host + "@9600", "--out", capture, "--duration", "60");
            var stderr = new ConcurrentQueue<string>();
            record.ErrorDataReceived += (_, e) => { if (e.Data is not null) stderr.Enqueue(e.Data); };
            record.BeginErrorReadLine();
            // the recorder's start-up alone can take 10 s on a loaded machine
            RealTime.WaitFor(() => stderr.Any(l => l.Contains("open at 9600 baud")), TimeSpan.FromSeconds(60), () => "the recorder to open the pty: " + string.Join("\n", stderr));

            var log = File.ReadAllBytes(RepoPaths.SharedFile("captures", "gnss", "ublox-lea-4t.log"));
            var body = log[RawSerialLog.CommentBlockLength(log)..];
            using (var w = new FileStream(receiver, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1))
            {
                var sw = Stopwatch.StartNew();
                for (int i = 0; i < body.Length; i += 96) // 9600 baud: 960 bytes/s
                {
                    w.Write(body, i, Math.Min(96, body.Length - i));
                    w.Flush();
                    var due = TimeSpan.FromSeconds((i + 96) / 960.0) - sw.Elapsed;
                    if (due > TimeSpan.Zero) Thread.Sleep(due);
                }
            }
            // SIGTERM once every byte sent is in the capture (flushed once a second): a fixed 0.5 s lost the tail under load
            RealTime.WaitFor(() => RecordedBytes(capture) >= body.Length, TimeSpan.FromSeconds(60), () => $"the recorder to record {body.Length} bytes ({RecordedBytes(capture)} so far)");
            using (var kill = Start("kill", "-TERM", record.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))) kill.WaitForExit();
            Assert.True(record.WaitForExit(20_000), "record stops on SIGTERM");
            record.WaitForExit();
            Assert.Equal(0, record.ExitCode);

            var fromCapture = FileDecoding.Decode(capture, StreamFormat.Auto).Where(e => e is GnssTimeMessage or TimePulseInfo)
                .Select(e => e with { Source = "x", HostTimeUnixNanoseconds = 0 }).ToList();
            var fromLog = RawSerialLog.Decode(log, new GnssStreamDecoder("x")).Where(e => e is GnssTimeMessage or TimePulseInfo)
                .Select(e => e with { HostTimeUnixNanoseconds = 0 }).ToList();
            Assert.NotEmpty(fromLog);
            Assert.Equal(fromLog, fromCapture);
            Assert.Contains(stderr, l => l.EndsWith($"{body.Length} bytes, 0 gaps", StringComparison.Ordinal));
        }
        finally
        {
            if (record is { HasExited: false }) record.Kill();
            record?.Dispose();
            if (!socat.HasExited) socat.Kill();
            Directory.Delete(dir, recursive: true);
        }
    }

    [Theory]
    [InlineData("--pps", "/dev/pps-missing", "/dev/pps-missing: cannot open PPS device")]
    [InlineData("--serial", "/dev/ttyUSB0@12345", "--serial: '/dev/ttyUSB0@12345': baud rate must be one of")]
    [InlineData("--duration", "0", "--duration: must be a positive number of seconds")]
    public void Bad_arguments_are_one_line_and_exit_2(string option, string value, string message)
    {
        string output = Path.Combine(Path.GetTempPath(), $"rec-{Guid.NewGuid():N}.pcapng");
        var args = option == "--duration"
            ? new[] { "record", "--serial", "/dev/null", "--duration", value, "--out", output }
            : new[] { "record", option, value, "--out", output };
        var r = CliProcess.Run(args);
        Assert.Equal(2, r.ExitCode);
        Assert.StartsWith("timesync: " + message, r.StdErr.Trim());
        Assert.Single(r.StdErr.Trim().Split('\n'));
        Assert.False(File.Exists(output));
    }

    private static Process Start(string file, params string[] args)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        return Process.Start(psi)!;
    }

    /// <summary>Payload bytes in the complete blocks of a capture still being written (0 before its first flush).</summary>
    private static long RecordedBytes(string capture)
    {
        if (!File.Exists(capture)) return 0;
        try
        {
            using var reader = new PcapngReader(capture);
            long n = 0;
            foreach (var e in reader.Events()) n += e.Payload.Length;
            return n;
        }
        catch (Exception e) when (e is IOException or global::TimeSync.Core.InputException) { return 0; } // not even a section header yet
    }
}
