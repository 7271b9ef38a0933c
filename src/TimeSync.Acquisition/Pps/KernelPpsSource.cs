using System.Runtime.InteropServices;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Serial;
using TimeSync.Core;

namespace TimeSync.Acquisition.Pps;

/// <summary>
/// Linux kernel PPS device /dev/ppsN (RFC 2783 through linux/pps.h ioctls): PPS_GETCAP, PPS_GETPARAMS, PPS_SETPARAMS
/// (capture assert, and clear when the device can, timestamps as timespec) and PPS_FETCH with a timeout. The kernel
/// timestamps the edge in its interrupt handler on CLOCK_REALTIME; see firmware-notes for the jitter of each path.
/// </summary>
public sealed class KernelPpsSource : IPpsSource
{
    private const int ORdWr = 2;
    private int _fd;
    private readonly PpsSequenceTracker _tracker;
    private readonly string _device;

    public string Name { get; }
    public string Description { get; }
    public int Capabilities { get; }

    public KernelPpsSource(string name, string device)
    {
        Name = name;
        _device = device;
        _tracker = new PpsSequenceTracker(name);
        if (!OperatingSystem.IsLinux()) throw new InputException(device, "the kernel PPS API needs Linux");
        _fd = Open(device, ORdWr);
        if (_fd < 0) throw new InputException(device, "cannot open PPS device: " + Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError()));
        try
        {
            int caps = 0;
            Check(IoctlInt(_fd, LinuxPps.GetCap, ref caps), "PPS_GETCAP");
            Capabilities = caps;
            var p = new PpsKParams();
            Check(IoctlParams(_fd, LinuxPps.GetParams, ref p), "PPS_GETPARAMS");
            p.ApiVersion = LinuxPps.ApiVersion1;
            p.Mode = (caps & LinuxPps.CaptureBoth) | LinuxPps.TimestampTimespec;
            Check(IoctlParams(_fd, LinuxPps.SetParams, ref p), "PPS_SETPARAMS");
            Description = $"pps {device} {((caps & LinuxPps.CaptureClear) != 0 ? "assert+clear" : "assert")}";
        }
        catch
        {
            Close(_fd);
            throw;
        }
    }

    public void Fetch(TimeSpan timeout, List<PpsEdge> output)
    {
        var f = new PpsFData();
        f.Timeout.Seconds = (long)timeout.TotalSeconds;
        f.Timeout.Nanoseconds = (int)(timeout.Ticks % TimeSpan.TicksPerSecond * 100);
        int rc = IoctlFetch(_fd, LinuxPps.Fetch, ref f);
        long host = HostClock.UnixNanoseconds();
        if (rc < 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            if (errno == 110 /* ETIMEDOUT */ || errno == 4 /* EINTR */) return;
            throw new IOException($"{_device}: PPS_FETCH failed: {Marshal.GetPInvokeErrorMessage(errno)}");
        }
        _tracker.Update(f.Info, host, output);
    }

    public void Dispose()
    {
        int fd = Interlocked.Exchange(ref _fd, -1);
        if (fd >= 0) Close(fd); // once: a closed descriptor number may already belong to another file
    }

    private void Check(int rc, string what)
    {
        if (rc < 0) throw new InputException(_device, $"{what} failed: {Marshal.GetPInvokeErrorMessage(Marshal.GetLastPInvokeError())}");
    }

    [DllImport("libc", EntryPoint = "open", SetLastError = true)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close", SetLastError = true)]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int IoctlInt(int fd, nuint request, ref int value);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int IoctlParams(int fd, nuint request, ref PpsKParams value);

    [DllImport("libc", EntryPoint = "ioctl", SetLastError = true)]
    private static extern int IoctlFetch(int fd, nuint request, ref PpsFData value);
}
