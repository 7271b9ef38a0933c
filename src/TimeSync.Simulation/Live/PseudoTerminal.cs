using System.Runtime.InteropServices;
using System.Text;
using TimeSync.Core;

namespace TimeSync.Simulation.Live;

/// <summary>
/// A Linux pseudo-terminal pair (posix_openpt(3), POSIX.1-2008) standing in for a device's serial port: the simulator
/// holds the master and writes what the device sends; a reader opens <see cref="Path"/> (the slave, /dev/pts/N) like
/// /dev/ttyACM0. The slave is put in raw mode (cfmakeraw) once and closed, so the kernel reports a hang-up on the
/// master until a reader opens it: bytes written while nobody has the port open are dropped, as a real device's are.
/// </summary>
public sealed class PseudoTerminal : IDisposable
{
    private const int ORdWr = 0x2, ONoCtty = 0x100, ONonBlock = 0x800, OCloExec = 0x80000;
    private const short PollIn = 0x1, PollOut = 0x4, PollHup = 0x10;
    private const int EAgain = 11, EIntr = 4;

    private readonly byte[] _scratch = new byte[4096];
    private int _master;

    private PseudoTerminal(int master, string path)
    {
        _master = master;
        Path = path;
    }

    /// <summary>The slave device a reader opens, e.g. /dev/pts/7.</summary>
    public string Path { get; }

    /// <summary>Bytes handed to the kernel for a reader.</summary>
    public long BytesWritten { get; private set; }

    /// <summary>Bytes dropped because no reader had the port open (or its input buffer was full).</summary>
    public long BytesDropped { get; private set; }

    /// <summary>Creates a pair; <see cref="InputException"/> when the system has none to give (e.g. no /dev/ptmx).</summary>
    public static PseudoTerminal Open()
    {
        int master = posix_openpt(ORdWr | ONoCtty | ONonBlock | OCloExec);
        if (master < 0) throw new InputException("--pty", $"cannot create a pseudo-terminal: {Error()}");
        try
        {
            if (grantpt(master) != 0 || unlockpt(master) != 0) throw new InputException("--pty", $"cannot unlock a pseudo-terminal: {Error()}");
            var name = new byte[256];
            if (ptsname_r(master, name, name.Length) != 0) throw new InputException("--pty", $"cannot name a pseudo-terminal: {Error()}");
            string path = Encoding.ASCII.GetString(name, 0, Array.IndexOf(name, (byte)0));
            // Raw mode on the slave (no echo, no line editing, no CR/LF mapping); the setting lives with the pair.
            int slave = open(path, ORdWr | ONoCtty | OCloExec);
            if (slave < 0) throw new InputException(path, $"cannot open the pseudo-terminal: {Error()}");
            try
            {
                var termios = new byte[256]; // struct termios is 60 bytes on Linux; cfmakeraw only needs its address
                if (tcgetattr(slave, termios) != 0) throw new InputException(path, $"tcgetattr: {Error()}");
                cfmakeraw(termios);
                if (tcsetattr(slave, 0 /* TCSANOW */, termios) != 0) throw new InputException(path, $"tcsetattr: {Error()}");
            }
            finally { _ = close(slave); }
            var pty = new PseudoTerminal(master, path);
            master = -1;
            return pty;
        }
        finally
        {
            if (master >= 0) _ = close(master);
        }
    }

    /// <summary>True while some process has the slave open (the kernel reports no hang-up on the master).</summary>
    public bool ReaderPresent
    {
        get
        {
            ObjectDisposedException.ThrowIf(_master < 0, this);
            var fds = new[] { new PollFd { Fd = _master, Events = PollOut } };
            return poll(fds, 1, 0) >= 0 && (fds[0].Revents & PollHup) == 0;
        }
    }

    /// <summary>
    /// Sends <paramref name="bytes"/> to the reader, never blocking: with no reader, or a reader whose input buffer is
    /// full, the rest is dropped and counted in <see cref="BytesDropped"/>. Returns the number of bytes sent.
    /// </summary>
    public int Write(ReadOnlySpan<byte> bytes)
    {
        ObjectDisposedException.ThrowIf(_master < 0, this);
        Drain();
        if (!ReaderPresent)
        {
            BytesDropped += bytes.Length;
            return 0;
        }
        int sent = 0;
        while (sent < bytes.Length)
        {
            int chunk = Math.Min(_scratch.Length, bytes.Length - sent);
            bytes.Slice(sent, chunk).CopyTo(_scratch);
            nint n = write(_master, _scratch, (nuint)chunk);
            if (n > 0) { sent += (int)n; continue; }
            if (n < 0 && Marshal.GetLastPInvokeError() == EIntr) continue;
            break; // EAGAIN (buffer full) or EIO (reader gone): the rest is lost, as on a real line
        }
        BytesWritten += sent;
        BytesDropped += bytes.Length - sent;
        return sent;
    }

    /// <summary>Reads and discards whatever the reader wrote to the port (the simulated devices take no commands).</summary>
    private void Drain()
    {
        while (true)
        {
            nint n = read(_master, _scratch, (nuint)_scratch.Length);
            if (n <= 0) return; // EAGAIN, EIO (no reader) or nothing
        }
    }

    private const nuint FionRead = 0x541B; // Linux FIONREAD (TIOCINQ): bytes in the terminal's input queue not yet read

    /// <summary>
    /// Closing a pseudo-terminal's master discards what its reader has not read yet: waits, at most
    /// <paramref name="timeout"/> for all of them, until no port with a reader holds unread bytes. The unread count is
    /// the slave's input queue (ioctl FIONREAD, tty_ioctl(4)) on a descriptor of our own; a port without a reader is
    /// skipped (the kernel has already discarded what it held). Two readings of zero 10 ms apart, so bytes the kernel
    /// is still moving into the queue are not missed.
    /// </summary>
    public static void WaitForReadersToDrain(IEnumerable<PseudoTerminal> terminals, TimeSpan timeout)
    {
        var elapsed = System.Diagnostics.Stopwatch.StartNew();
        foreach (var pty in terminals)
        {
            if (!pty.ReaderPresent) continue;
            int slave = open(pty.Path, ORdWr | ONoCtty | ONonBlock | OCloExec);
            if (slave < 0) continue; // gone: nothing to wait for
            try
            {
                int zeros = 0;
                while (zeros < 2 && elapsed.Elapsed < timeout)
                {
                    if (ioctl(slave, FionRead, out int unread) != 0) break;
                    zeros = unread == 0 ? zeros + 1 : 0;
                    Thread.Sleep(10);
                }
            }
            finally { _ = close(slave); }
        }
    }

    public void Dispose()
    {
        if (_master >= 0) _ = close(_master);
        _master = -1;
    }

    private static string Error() => Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError());

    [StructLayout(LayoutKind.Sequential)]
    private struct PollFd
    {
        public int Fd;
        public short Events;
        public short Revents;
    }

    [DllImport("libc", SetLastError = true)] private static extern int posix_openpt(int flags);
    [DllImport("libc", SetLastError = true)] private static extern int grantpt(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int unlockpt(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int ptsname_r(int fd, byte[] buffer, nint length);
    [DllImport("libc", SetLastError = true)] private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int ioctl(int fd, nuint request, out int value);
    [DllImport("libc", SetLastError = true)] private static extern int tcgetattr(int fd, byte[] termios);
    [DllImport("libc", SetLastError = true)] private static extern int tcsetattr(int fd, int optionalActions, byte[] termios);
    [DllImport("libc", SetLastError = true)] private static extern void cfmakeraw(byte[] termios);
    [DllImport("libc", SetLastError = true)] private static extern int poll([In, Out] PollFd[] fds, nuint count, int timeoutMilliseconds);
    [DllImport("libc", SetLastError = true)] private static extern nint write(int fd, byte[] buffer, nuint count);
    [DllImport("libc", SetLastError = true)] private static extern nint read(int fd, byte[] buffer, nuint count);
}
