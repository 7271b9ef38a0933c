using System.Runtime.InteropServices;

namespace TimeSync.Acquisition.Serial;

/// <summary>
/// The host's realtime clock in integer nanoseconds since the Unix epoch, for stamping raw events.
/// On Linux this is clock_gettime(CLOCK_REALTIME) (POSIX.1-2008), resolution 1 ns (clock_getres), the clock the kernel
/// PPS API and pcapng's timestamps use. Elsewhere it falls back to DateTime.UtcNow, resolution 100 ns (one tick).
/// <see cref="Core.Time.Instant.FromDateTime"/> is not used for this: its 100 ns ticks would hide the ns digits.
/// </summary>
public static class HostClock
{
    private const int ClockRealtime = 0;

    [StructLayout(LayoutKind.Sequential)]
    private struct Timespec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime", SetLastError = true)]
    private static extern int ClockGetTime(int clockId, out Timespec ts);

    private static readonly bool UseClockGettime = OperatingSystem.IsLinux() && Environment.Is64BitProcess && Probe();

    /// <summary>Resolution of <see cref="UnixNanoseconds"/> in nanoseconds (1 with clock_gettime, 100 otherwise).</summary>
    public static int ResolutionNanoseconds => UseClockGettime ? 1 : 100;

    public static long UnixNanoseconds()
    {
        if (UseClockGettime && ClockGetTime(ClockRealtime, out var ts) == 0)
            return ts.Seconds * 1_000_000_000L + ts.Nanoseconds;
        return (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100L;
    }

    private static bool Probe()
    {
        try { return ClockGetTime(ClockRealtime, out _) == 0; }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return false; }
    }
}
