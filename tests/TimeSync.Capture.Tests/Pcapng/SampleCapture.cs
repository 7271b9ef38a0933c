using System.Buffers.Binary;
using System.Text;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Capture.Tests.Pcapng;

/// <summary>Writes small but realistic bench captures: NMEA serial bytes, PPS event records, TICC lines, a gPTP frame.</summary>
internal static class SampleCapture
{
    public const long Start = 1_795_000_000_000_000_000L; // 2026-11-18T11:06:40Z in ns
    public const string Bench = "{\"reference\":\"gnss\",\"channels\":[{\"name\":\"dut1\",\"cableDelaySeconds\":2.5e-9}]}";

    public static readonly CaptureSource Gnss = new("gnss", CaptureLinkType.SerialBytes, "serial /dev/ttyUSB0 115200 8N1");
    public static readonly CaptureSource Pps = new("pps0", CaptureLinkType.PpsEvent, "pps /dev/pps0 assert");
    public static readonly CaptureSource Ticc = new("ticc", CaptureLinkType.SerialBytes, "serial /dev/ttyACM0 115200 8N1 TAPR TICC");
    public static readonly CaptureSource Net = new("eth0", CaptureLinkType.Ethernet, "ethernet eth0 gPTP");

    /// <summary>The events <see cref="Write"/> writes, in order: (source id, host ns, payload).</summary>
    public static List<(int Source, long TimeNs, byte[] Payload)> Events(int seconds)
    {
        var list = new List<(int, long, byte[])>();
        for (int s = 0; s < seconds; s++)
        {
            long t = Start + s * 1_000_000_000L;
            list.Add((1, t + 1_234, PpsRecord(Start / 1_000_000_000L + s, 1_234, (uint)s)));
            list.Add((2, t + 15_000_000, Encoding.ASCII.GetBytes($"{1000 + s}.{123456789012 + s:D12} chA\r\n")));
            list.Add((2, t + 15_100_000, Encoding.ASCII.GetBytes($"{1000 + s}.{123456700012 + s:D12} chB\r\n")));
            list.Add((0, t + 120_000_000, Encoding.ASCII.GetBytes("$GPRMC,081836,A,3751.65,S,14507.36,E,000.0,360.0,130998,011.3,E*62\r\n")));
            list.Add((3, t + 500_000_000 + s, GptpSyncFrame((ushort)s)));
        }
        return list;
    }

    /// <summary>Writes the four sources then <paramref name="seconds"/> seconds of events; returns what was written.</summary>
    public static List<(int Source, long TimeNs, byte[] Payload)> Write(PcapngWriter writer, int seconds)
    {
        writer.AddSource(Gnss);
        writer.AddSource(Pps);
        writer.AddSource(Ticc);
        writer.AddSource(Net);
        var events = Events(seconds);
        foreach (var (source, t, payload) in events) writer.Write(source, t, payload);
        return events;
    }

    public static string WriteFile(string path, int seconds, PcapngWriterOptions? options = null)
    {
        using var writer = new PcapngWriter(path, options ?? new PcapngWriterOptions { BenchDescription = Bench, Fsync = false });
        Write(writer, seconds);
        return path;
    }

    public static byte[] Bytes(int seconds)
    {
        var ms = new MemoryStream();
        using (var writer = new PcapngWriter(ms, new PcapngWriterOptions { BenchDescription = Bench, Fsync = false }))
            Write(writer, seconds);
        return ms.ToArray();
    }

    /// <summary>A PPS event record: seconds (i64), nanoseconds (u32), sequence (u32), little-endian, 16 bytes.</summary>
    public static byte[] PpsRecord(long seconds, uint nanoseconds, uint sequence)
    {
        var b = new byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(b, seconds);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(8), nanoseconds);
        BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(12), sequence);
        return b;
    }

    /// <summary>An IEEE 802.1AS Sync message in an Ethernet frame (dst 01:80:C2:00:00:0E, EtherType 0x88F7), 58 bytes.</summary>
    public static byte[] GptpSyncFrame(ushort sequenceId)
    {
        var f = new byte[14 + 44];
        byte[] dst = [0x01, 0x80, 0xC2, 0x00, 0x00, 0x0E];
        byte[] src = [0x00, 0x1B, 0x21, 0x11, 0x22, 0x33];
        dst.CopyTo(f, 0);
        src.CopyTo(f, 6);
        f[12] = 0x88; f[13] = 0xF7;
        var ptp = f.AsSpan(14);
        ptp[0] = 0x10;                     // transportSpecific 1 (802.1AS), messageType 0 (Sync)
        ptp[1] = 0x02;                     // versionPTP 2
        BinaryPrimitives.WriteUInt16BigEndian(ptp[2..], 44);
        ptp[6] = 0x02; ptp[7] = 0x08;      // flags: twoStep, ptpTimescale
        src.AsSpan(0, 3).CopyTo(ptp[20..]); ptp[23] = 0xFF; ptp[24] = 0xFE; src.AsSpan(3, 3).CopyTo(ptp[25..]); // clockIdentity
        BinaryPrimitives.WriteUInt16BigEndian(ptp[28..], 1);  // portNumber
        BinaryPrimitives.WriteUInt16BigEndian(ptp[30..], sequenceId);
        ptp[32] = 0x00;                    // controlField: Sync
        ptp[33] = 0xFD;                    // logMessageInterval -3 (125 ms)
        return f;
    }
}
