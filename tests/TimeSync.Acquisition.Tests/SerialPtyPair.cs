using System.Diagnostics;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// A real pseudo-terminal pair made by socat (Debian package socat, installed by .ci/install-deps):
/// bytes written to <see cref="ReceiverEnd"/> come out of <see cref="HostEnd"/>, as a receiver's serial line would.
/// </summary>
internal sealed class SerialPtyPair : IDisposable
{
    public string ReceiverEnd { get; }
    public string HostEnd { get; }
    private Process? _socat;

    public SerialPtyPair(string directory)
    {
        Directory.CreateDirectory(directory);
        ReceiverEnd = Path.Combine(directory, "receiver");
        HostEnd = Path.Combine(directory, "host");
        Start();
    }

    /// <summary>(Re)creates both ptys at the same link paths, like a USB adapter plugged back in.</summary>
    public void Start()
    {
        var psi = new ProcessStartInfo("socat")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var a in new[] { "-d", "-d", $"pty,raw,echo=0,link={ReceiverEnd}", $"pty,raw,echo=0,link={HostEnd}" })
            psi.ArgumentList.Add(a);
        _socat = Process.Start(psi) ?? throw new InvalidOperationException("socat did not start");
        _socat.ErrorDataReceived += (_, _) => { };
        _socat.BeginErrorReadLine();
        _socat.BeginOutputReadLine();
        var sw = Stopwatch.StartNew();
        while (!(File.Exists(ReceiverEnd) && File.Exists(HostEnd)))
        {
            if (_socat.HasExited) throw new InvalidOperationException($"socat exited with {_socat.ExitCode}");
            if (sw.Elapsed > TimeSpan.FromSeconds(10)) throw new TimeoutException("socat made no ptys in 10 s");
            Thread.Sleep(20);
        }
    }

    /// <summary>Ends socat (our own process, by its id): both ptys close, as when a USB adapter is unplugged.</summary>
    public void Unplug()
    {
        if (_socat is null) return;
        if (!_socat.HasExited)
        {
            _socat.Kill();
            _socat.WaitForExit(5000);
        }
        _socat.Dispose();
        _socat = null;
        // socat removes its links on SIGTERM; after SIGKILL they may dangle: remove them so Start can relink.
        foreach (var p in new[] { ReceiverEnd, HostEnd })
            if (File.Exists(p) || new FileInfo(p).LinkTarget is not null) File.Delete(p);
    }

    /// <summary>Writes <paramref name="data"/> into the receiver end at <paramref name="baud"/> (10 bits per byte for 8N1).</summary>
    public void WritePaced(ReadOnlySpan<byte> data, int baud, int block = 64)
    {
        using var w = new FileStream(ReceiverEnd, FileMode.Open, FileAccess.Write, FileShare.ReadWrite, 1);
        var sw = Stopwatch.StartNew();
        double bytesPerSecond = baud / 10.0;
        for (int i = 0; i < data.Length; i += block)
        {
            var part = data.Slice(i, Math.Min(block, data.Length - i));
            w.Write(part);
            w.Flush();
            double due = (i + part.Length) / bytesPerSecond;
            double wait = due - sw.Elapsed.TotalSeconds;
            if (wait > 0) Thread.Sleep(TimeSpan.FromSeconds(wait));
        }
    }

    public void Dispose()
    {
        Unplug();
        try { Directory.Delete(Path.GetDirectoryName(HostEnd)!, recursive: true); }
        catch (IOException) { /* best effort */ }
    }
}
