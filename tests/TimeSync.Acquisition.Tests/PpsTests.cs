using System.Runtime.InteropServices;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Pps;
using TimeSync.Core;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

public sealed class PpsTests
{
    // Expected values: what gcc prints for linux/pps.h on x86-64 (sizeof, offsetof, the ioctl macros).
    [Fact]
    public void Ioctl_numbers_match_the_kernel_header()
    {
        Assert.Equal(8, IntPtr.Size);
        Assert.Equal(0x800870a1u, LinuxPps.GetParams);
        Assert.Equal(0x400870a2u, LinuxPps.SetParams);
        Assert.Equal(0x800870a3u, LinuxPps.GetCap);
        Assert.Equal(0xc00870a4u, LinuxPps.Fetch);
        Assert.Equal(0x400870a5u, LinuxPps.KcBind);
    }

    [Fact]
    public void Ioctl_numbers_on_32_bit_arm_carry_a_4_byte_pointer_size()
    {
        // linux/pps.h passes pointer types to _IOR/_IOW: on armhf (Raspberry Pi OS 32-bit) the size field is 4.
        Assert.Equal(0xc00470a4u, LinuxPps.Ioc(LinuxPps.IocRead | LinuxPps.IocWrite, 'p', 0xa4, 4)); // PPS_FETCH
        Assert.Equal(0x800470a1u, LinuxPps.Ioc(LinuxPps.IocRead, 'p', 0xa1, 4));                    // PPS_GETPARAMS
        Assert.Equal(0x400470a2u, LinuxPps.Ioc(LinuxPps.IocWrite, 'p', 0xa2, 4));                   // PPS_SETPARAMS
    }

    [Fact]
    public void Struct_layouts_match_the_kernel_header()
    {
        Assert.Equal(16, Marshal.SizeOf<PpsKTime>());
        Assert.Equal(8, (int)Marshal.OffsetOf<PpsKTime>(nameof(PpsKTime.Nanoseconds)));
        Assert.Equal(12, (int)Marshal.OffsetOf<PpsKTime>(nameof(PpsKTime.Flags)));
        Assert.Equal(48, Marshal.SizeOf<PpsKInfo>());
        Assert.Equal(8, (int)Marshal.OffsetOf<PpsKInfo>(nameof(PpsKInfo.AssertTime)));
        Assert.Equal(24, (int)Marshal.OffsetOf<PpsKInfo>(nameof(PpsKInfo.ClearTime)));
        Assert.Equal(40, (int)Marshal.OffsetOf<PpsKInfo>(nameof(PpsKInfo.CurrentMode)));
        Assert.Equal(40, Marshal.SizeOf<PpsKParams>());
        Assert.Equal(8, (int)Marshal.OffsetOf<PpsKParams>(nameof(PpsKParams.AssertOffset)));
        Assert.Equal(24, (int)Marshal.OffsetOf<PpsKParams>(nameof(PpsKParams.ClearOffset)));
        Assert.Equal(64, Marshal.SizeOf<PpsFData>());
        Assert.Equal(48, (int)Marshal.OffsetOf<PpsFData>(nameof(PpsFData.Timeout)));
        Assert.Equal((0x01, 0x02, 0x10, 0x100, 0x1000), (LinuxPps.CaptureAssert, LinuxPps.CaptureClear, LinuxPps.OffsetAssert, LinuxPps.CanWait, LinuxPps.TimestampTimespec));
    }

    [Fact]
    public void Fetch_bytes_from_the_kernel_decode_into_edges_with_sequences()
    {
        // A pps_kinfo exactly as the kernel would copy it out, built byte by byte.
        var raw = new byte[48];
        BitConverter.GetBytes(101u).CopyTo(raw, 0);           // assert_sequence
        BitConverter.GetBytes(100u).CopyTo(raw, 4);           // clear_sequence
        BitConverter.GetBytes(1_700_000_000L).CopyTo(raw, 8); // assert_tu.sec
        BitConverter.GetBytes(123).CopyTo(raw, 16);           // assert_tu.nsec
        BitConverter.GetBytes(1_699_999_999L).CopyTo(raw, 24);// clear_tu.sec
        BitConverter.GetBytes(900_000_456).CopyTo(raw, 32);   // clear_tu.nsec
        var info = MemoryMarshal.Read<PpsKInfo>(raw);

        var tracker = new PpsSequenceTracker("pps0");
        var edges = new List<PpsEdge>();
        tracker.Update(info, 5, edges);
        Assert.Equal(2, edges.Count);
        Assert.Equal(new PpsEdge("pps0", 5, Instant.Parse("2023-11-14T22:13:19.900000456Z"), 100, false), edges[0]);
        Assert.Equal(new PpsEdge("pps0", 5, Instant.Parse("2023-11-14T22:13:20.000000123Z"), 101, true), edges[1]);

        edges.Clear();
        tracker.Update(info, 6, edges); // nothing new
        Assert.Empty(edges);

        info.AssertSequence = 104;      // three further asserts, two of them missed
        info.AssertTime.Seconds += 3;
        tracker.Update(info, 7, edges);
        Assert.Equal(104u, Assert.Single(edges).Sequence);
        Assert.Equal(2, tracker.MissedAssertEdges);
    }

    [Fact]
    public void Sequence_wraps_and_invalid_timestamps_are_skipped()
    {
        var tracker = new PpsSequenceTracker("pps0");
        var info = new PpsKInfo { AssertSequence = uint.MaxValue, AssertTime = new PpsKTime { Seconds = 10 } };
        var edges = new List<PpsEdge>();
        tracker.Update(info, 1, edges);
        info.AssertSequence = 0; // wrapped: exactly one new edge
        info.AssertTime = new PpsKTime { Seconds = 11 };
        tracker.Update(info, 2, edges);
        Assert.Equal(2, edges.Count);
        Assert.Equal(0, tracker.MissedAssertEdges);
        info.AssertSequence = 1;
        info.AssertTime = new PpsKTime { Seconds = 12, Flags = PpsKTime.TimeInvalid };
        tracker.Update(info, 3, edges);
        Assert.Equal(2, edges.Count);
    }

    [Fact]
    public void Pps_event_record_round_trip_and_layout()
    {
        var edge = Instant.Parse("2024-02-29T12:00:00.999999999Z");
        var rec = PpsEventRecord.FromEdge(true, 0xDEADBEEF, edge);
        var bytes = rec.ToBytes();
        Assert.Equal(PpsEventRecord.Size, bytes.Length);
        Assert.Equal(1, bytes[0]);
        Assert.Equal(1, bytes[1]);
        Assert.Equal([0xEF, 0xBE, 0xAD, 0xDE], bytes[4..8]);
        Assert.Equal(edge.UnixSeconds, BitConverter.ToInt64(bytes, 8));
        Assert.Equal(999_999_999u, BitConverter.ToUInt32(bytes, 16));
        Assert.True(PpsEventRecord.TryDecode(bytes, out var back, out _));
        Assert.Equal(rec, back);
        Assert.Equal(edge, back.EdgeTime);

        var events = new List<DecodedEvent>();
        var decoder = new PpsRecordDecoder("pps0");
        decoder.Push(bytes, 77, events);
        decoder.Push(bytes[..20], 78, events);                 // truncated
        var badNs = (byte[])bytes.Clone(); BitConverter.GetBytes(1_000_000_000u).CopyTo(badNs, 16);
        decoder.Push(badNs, 79, events);
        var badVersion = (byte[])bytes.Clone(); badVersion[0] = 2;
        decoder.Push(badVersion, 80, events);
        Assert.Equal(new PpsEdge("pps0", 77, edge, 0xDEADBEEF, true), events[0]);
        Assert.Equal(3, events.OfType<DecodeProblem>().Count());
        Assert.Equal(24, ((DecodeProblem)events[1]).StreamOffset);
    }

    [Fact]
    public void Gpio_events_become_edges_with_their_own_counters()
    {
        uint a = 0, c = 0;
        var e1 = GpioPpsSource.ToEdge("gpio18", System.Device.Gpio.PinEventTypes.Rising, 1_000_000_123, ref a, ref c);
        var e2 = GpioPpsSource.ToEdge("gpio18", System.Device.Gpio.PinEventTypes.Falling, 1_100_000_000, ref a, ref c);
        var e3 = GpioPpsSource.ToEdge("gpio18", System.Device.Gpio.PinEventTypes.Rising, 2_000_000_456, ref a, ref c);
        Assert.Equal((true, 1u), (e1.Assert, e1.Sequence));
        Assert.Equal((false, 1u), (e2.Assert, e2.Sequence));
        Assert.Equal((true, 2u), (e3.Assert, e3.Sequence));
        Assert.Equal(Instant.FromUnixNanoseconds(2_000_000_456), e3.EdgeTime);
    }

    [Fact]
    public void Dcd_changes_become_edges_high_is_assert()
    {
        uint a = 0, c = 0;
        var up = SerialDcdPpsSource.ToEdge("dcd", true, 5_000_000_001, ref a, ref c);
        var down = SerialDcdPpsSource.ToEdge("dcd", false, 5_100_000_001, ref a, ref c);
        Assert.Equal(new PpsEdge("dcd", 5_000_000_001, Instant.FromUnixNanoseconds(5_000_000_001), 1, true), up);
        Assert.Equal((false, 1u), (down.Assert, down.Sequence));
    }

    [Fact]
    public void Opening_a_missing_or_non_pps_device_is_a_one_line_input_error()
    {
        var missing = Assert.Throws<InputException>(() => new KernelPpsSource("pps0", "/dev/pps-does-not-exist"));
        Assert.StartsWith("/dev/pps-does-not-exist: cannot open PPS device", missing.Message);
        // /dev/null opens but is no PPS device: the real PPS_GETCAP ioctl goes through P/Invoke and fails (ENOTTY).
        var notPps = Assert.Throws<InputException>(() => new KernelPpsSource("pps0", "/dev/null"));
        Assert.StartsWith("/dev/null: PPS_GETCAP failed", notPps.Message);
        Assert.DoesNotContain('\n', notPps.Message);
    }
}
