using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using TimeSync.Acquisition.Decoding;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>Bytes as real devices send them: NMEA RMC (u-blox style), UBX TIM-TP / TIM-TM2 frames, TAPR TICC lines.</summary>
internal static class PipelineWire
{
    /// <summary>UBX frame: B5 62, class, id, length LE, payload, 8-bit Fletcher checksum over class..payload.</summary>
    public static byte[] Ubx(byte cls, byte id, ReadOnlySpan<byte> payload)
    {
        var f = new byte[payload.Length + 8];
        f[0] = 0xB5; f[1] = 0x62; f[2] = cls; f[3] = id;
        BinaryPrimitives.WriteUInt16LittleEndian(f.AsSpan(4), (ushort)payload.Length);
        payload.CopyTo(f.AsSpan(6));
        byte a = 0, b = 0;
        for (int i = 2; i < 6 + payload.Length; i++) { a += f[i]; b += a; }
        f[^2] = a; f[^1] = b;
        return f;
    }

    /// <summary>UBX-TIM-TP for the next pulse at a whole UTC second, UTC timebase, qErr in ps.</summary>
    public static byte[] TimTp(Instant nextPulseUtc, int qErrPs, bool valid = true)
    {
        long since = nextPulseUtc.UnixSeconds - GpsTime.GpsEpochUnixSeconds;
        var p = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(p, (uint)(since % GpsTime.SecondsPerWeek * 1000));
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(8), qErrPs);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(12), (ushort)(since / GpsTime.SecondsPerWeek));
        p[14] = (byte)(valid ? 0x03 : 0x01); // timeBase UTC, UTC available
        return Ubx(0x0D, 0x01, p);
    }

    /// <summary>UBX-TIM-TM2 with a rising edge at a UTC instant (ns resolution), UTC timebase, time valid.</summary>
    public static byte[] TimTm2(int channel, ushort count, Instant risingUtc)
    {
        long since = risingUtc.UnixSeconds - GpsTime.GpsEpochUnixSeconds;
        long ns = risingUtc.Picoseconds / 1000;
        var p = new byte[28];
        p[0] = (byte)channel;
        p[1] = 0x80 | 0x40 | 0x20 | (2 << 3);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(2), count);
        BinaryPrimitives.WriteUInt16LittleEndian(p.AsSpan(4), (ushort)(since / GpsTime.SecondsPerWeek));
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(8), (uint)(since % GpsTime.SecondsPerWeek * 1000 + ns / 1_000_000));
        BinaryPrimitives.WriteUInt32LittleEndian(p.AsSpan(12), (uint)(ns % 1_000_000));
        return Ubx(0x0D, 0x03, p);
    }

    /// <summary>A TICC timestamp line, 12 decimals as the 2017 firmware prints them: "17.000000001234 chA".</summary>
    public static byte[] Ticc(Duration sinceStart, string channel)
    {
        long ps = sinceStart.Picoseconds;
        return Encoding.ASCII.GetBytes($"{sinceStart.Seconds}.{ps:D12} {channel}\r\n");
    }
}
