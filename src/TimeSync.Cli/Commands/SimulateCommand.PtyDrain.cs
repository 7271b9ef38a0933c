using System.Diagnostics;
using System.Runtime.InteropServices;
using TimeSync.Simulation.Live;

namespace TimeSync.Cli.Commands;

/// <summary>
/// The end of `timesync simulate --pty`: closing a pseudo-terminal's master discards what its reader has not read yet,
/// so the ports stay open until each reader has read everything sent (a bounded wait), and a reader that lags at the
/// end loses nothing.
/// </summary>
internal static partial class SimulateCommand
{
    /// <summary>The longest the ports stay open after the last byte for their readers to catch up.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(3);

    private const int ORdWr = 0x2, ONoCtty = 0x100, ONonBlock = 0x800, OCloExec = 0x80000;
    private const nuint FionRead = 0x541B; // Linux FIONREAD (TIOCINQ): bytes in the terminal's input queue not yet read

    /// <summary>
    /// Waits (at most <see cref="DrainTimeout"/> in all) until no port with a reader holds unread bytes. The unread count
    /// is the slave's input queue (ioctl FIONREAD, tty_ioctl(4)) on a descriptor of our own; a port without a reader is
    /// skipped (the kernel has already discarded what it held). Two readings of zero 10 ms apart, so bytes the kernel
    /// is still moving into the queue are not missed.
    /// </summary>
    private static void WaitForReadersToDrain(IEnumerable<PseudoTerminal> terminals)
    {
        var elapsed = Stopwatch.StartNew();
        foreach (var pty in terminals)
        {
            if (!pty.ReaderPresent) continue;
            int slave = open(pty.Path, ORdWr | ONoCtty | ONonBlock | OCloExec);
            if (slave < 0) continue; // gone: nothing to wait for
            try
            {
                int zeros = 0;
                while (zeros < 2 && elapsed.Elapsed < DrainTimeout)
                {
                    if (ioctl(slave, FionRead, out int unread) != 0) break;
                    zeros = unread == 0 ? zeros + 1 : 0;
                    Thread.Sleep(10);
                }
            }
            finally { _ = close(slave); }
        }
    }

    [DllImport("libc", SetLastError = true)] private static extern int open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int ioctl(int fd, nuint request, out int value);
}
