using System.IO.Ports;
using TimeSync.Acquisition.Sources;

namespace TimeSync.Acquisition.Serial;

/// <summary>
/// Reads one serial device (System.IO.Ports, 8N1, no handshake) and hands each chunk, stamped with the host receive
/// time in ns, to a callback on the source's own thread. When the device vanishes (USB adapter unplugged, pty closed)
/// or cannot be opened, the shared <see cref="ReconnectLoop{TConnection}"/> logs one line, retries with exponential
/// backoff (from <see cref="InitialBackoff"/>, doubling, at most <see cref="MaxBackoff"/>), delivers a
/// <see cref="SerialFault"/> when the outage starts and a <see cref="SerialGap"/> when reading resumes. It never throws
/// out of <see cref="RunAsync"/> except for cancellation.
/// <para>Pseudo-terminals and symlinks (socat's <c>link=</c>, udev's /dev/serial/by-id/…) open like any tty: .NET's Unix
/// serial port opens the path with open(2) and sets raw termios itself (see README).</para>
/// </summary>
public sealed class SerialSource(SerialPortSpec spec, Action<SerialEvent> onEvent, Action<string> log)
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Read size; a 115200-baud receiver sends ~11.5 bytes/ms, so 4 KiB is never the limit.</summary>
    public int BufferSize { get; init; } = 4096;

    public SerialPortSpec Spec => spec;

    /// <summary>Bytes delivered so far (for tests and the live view).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    /// <summary>True while the device is open and being read.</summary>
    public bool Connected => Volatile.Read(ref _loop)?.Connected ?? false;

    private long _bytesRead;
    private ReconnectLoop<SerialPort>? _loop;

    /// <summary>Runs until <paramref name="cancel"/> fires, on a dedicated thread (reads block).</summary>
    public Task RunAsync(CancellationToken cancel) =>
        Task.Factory.StartNew(() => Run(cancel), cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancel)
    {
        var buffer = new byte[BufferSize];
        var loop = new ReconnectLoop<SerialPort>(Open, (port, c) => Read(port, buffer, c))
        {
            InitialBackoff = InitialBackoff,
            MaxBackoff = MaxBackoff,
            Describe = OneLine,
            Opened = _ => log($"{spec.Device}: open at {spec.BaudRate} baud 8N1"),
            Resumed = (now, lost, reason) =>
            {
                log($"{spec.Device}: resumed after {(now - lost) / 1e9:F1} s");
                onEvent(new SerialGap(now, lost, reason));
            },
            Lost = (at, reason) => onEvent(new SerialFault(at, reason)),
            Retrying = (why, delay) => log($"{spec.Device}: {why}; retrying in {delay.TotalSeconds:0.##} s"),
        };
        Volatile.Write(ref _loop, loop);
        loop.Run(cancel);
    }

    private SerialPort Open()
    {
        // .NET reports a missing path as "access denied"; say what it is.
        if (!File.Exists(spec.Device)) throw new IOException("device not present");
        var port = new SerialPort(spec.Device, spec.BaudRate, Parity.None, 8, StopBits.One)
        {
            Handshake = Handshake.None,
            ReadTimeout = 200,
            ReadBufferSize = Math.Max(BufferSize, 4096),
        };
        try { port.Open(); }
        catch { port.Dispose(); throw; }
        return port;
    }

    private void Read(SerialPort port, byte[] buffer, CancellationToken cancel)
    {
        var stream = port.BaseStream;
        while (!cancel.IsCancellationRequested)
        {
            int n;
            try { n = stream.Read(buffer, 0, buffer.Length); }
            catch (TimeoutException)
            {
                // A quiet line: check the device is still there (udev removes /dev/ttyUSBn on unplug, socat its
                // link), since a hung-up tty does not always fail the read.
                if (!File.Exists(spec.Device)) throw new IOException("device removed");
                continue;
            }
            long t = HostClock.UnixNanoseconds();
            if (n <= 0) throw new IOException("device closed (end of stream)");
            Interlocked.Add(ref _bytesRead, n);
            onEvent(new SerialData(t, buffer.AsSpan(0, n).ToArray()));
        }
    }

    /// <inheritdoc cref="ReconnectPolicy.ShouldLogRetry"/>
    public static bool ShouldLogRetry(int failures) => ReconnectPolicy.ShouldLogRetry(failures);

    /// <summary>InitialBackoff · 2^failures, capped at MaxBackoff.</summary>
    public TimeSpan Backoff(int failures) => ReconnectPolicy.Backoff(InitialBackoff, MaxBackoff, failures);

    private static string OneLine(Exception e) =>
        $"{e.GetType().Name}: {e.Message}".ReplaceLineEndings(" ");
}
