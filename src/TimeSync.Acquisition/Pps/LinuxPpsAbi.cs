using System.Runtime.InteropServices;

namespace TimeSync.Acquisition.Pps;

// The Linux PPS API ABI: include/uapi/linux/pps.h (RFC 2783 in kernel form). Layouts are the x86-64/arm64 ones
// (LP64, s64 aligned to 8); unit tests assert sizes and offsets against the values gcc gives for the header.

/// <summary>struct pps_ktime { __s64 sec; __s32 nsec; __u32 flags; } — 16 bytes.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PpsKTime
{
    public long Seconds;
    public int Nanoseconds;
    public uint Flags;

    /// <summary>PPS_TIME_INVALID: the kernel has no timestamp for this edge yet.</summary>
    public const uint TimeInvalid = 1u << 0;
}

/// <summary>struct pps_kinfo — 48 bytes: assert_sequence, clear_sequence, assert_tu, clear_tu, current_mode.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PpsKInfo
{
    public uint AssertSequence;
    public uint ClearSequence;
    public PpsKTime AssertTime;
    public PpsKTime ClearTime;
    public int CurrentMode;
}

/// <summary>struct pps_kparams — 40 bytes: api_version, mode, assert_off_tu, clear_off_tu.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PpsKParams
{
    public int ApiVersion;
    public int Mode;
    public PpsKTime AssertOffset;
    public PpsKTime ClearOffset;
}

/// <summary>struct pps_fdata — 64 bytes: info, timeout (PPS_FETCH waits up to timeout when PPS_CANWAIT).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PpsFData
{
    public PpsKInfo Info;
    public PpsKTime Timeout;
}

/// <summary>Mode bits and ioctl request numbers of linux/pps.h.</summary>
public static class LinuxPps
{
    public const int ApiVersion1 = 1;           // PPS_API_VERS_1
    public const int CaptureAssert = 0x01;      // PPS_CAPTUREASSERT
    public const int CaptureClear = 0x02;       // PPS_CAPTURECLEAR
    public const int CaptureBoth = 0x03;        // PPS_CAPTUREBOTH
    public const int OffsetAssert = 0x10;       // PPS_OFFSETASSERT
    public const int OffsetClear = 0x20;        // PPS_OFFSETCLEAR
    public const int EchoAssert = 0x40;         // PPS_ECHOASSERT
    public const int EchoClear = 0x80;          // PPS_ECHOCLEAR
    public const int CanWait = 0x100;           // PPS_CANWAIT
    public const int CanPoll = 0x200;           // PPS_CANPOLL
    public const int TimestampTimespec = 0x1000; // PPS_TSFMT_TSPEC
    public const int TimestampNtpFixedPoint = 0x2000; // PPS_TSFMT_NTPFP

    // asm-generic/ioctl.h: _IOC(dir, type, nr, size) = dir << 30 | size << 16 | type << 8 | nr, _IOC_WRITE = 1, _IOC_READ = 2.
    public const uint IocWrite = 1, IocRead = 2;

    public static uint Ioc(uint direction, char type, uint number, int size) =>
        direction << 30 | (uint)size << 16 | (uint)type << 8 | number;

    // linux/pps.h passes a *pointer* type to _IOR/_IOW (e.g. "struct pps_fdata *"), so the size field is
    // sizeof(void*) = 8 on 64-bit, not the struct size: PPS_FETCH = 0xc00870a4 on x86-64.
    private static readonly int PointerSize = IntPtr.Size;

    public static uint GetParams => Ioc(IocRead, 'p', 0xa1, PointerSize);              // PPS_GETPARAMS
    public static uint SetParams => Ioc(IocWrite, 'p', 0xa2, PointerSize);             // PPS_SETPARAMS
    public static uint GetCap => Ioc(IocRead, 'p', 0xa3, PointerSize);                 // PPS_GETCAP
    public static uint Fetch => Ioc(IocRead | IocWrite, 'p', 0xa4, PointerSize);       // PPS_FETCH
    public static uint KcBind => Ioc(IocWrite, 'p', 0xa5, PointerSize);                // PPS_KC_BIND
}
