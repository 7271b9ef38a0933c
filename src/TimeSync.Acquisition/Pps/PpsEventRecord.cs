using System.Buffers.Binary;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Pps;

/// <summary>
/// One PPS edge as stored in a capture packet of link type LINKTYPE_USER1 (148). 24 bytes, little-endian:
/// <code>
/// offset size field
///  0      1   version (1)
///  1      1   flags: bit0 = 1 assert edge, 0 clear edge
///  2      2   reserved, 0
///  4      4   sequence  (u32: the kernel's assert_sequence / clear_sequence, or the GPIO event counter)
///  8      8   edge time, whole seconds since the Unix epoch (i64)
/// 16      4   edge time, nanoseconds in [0, 10^9) (u32)
/// 20      4   reserved, 0
/// </code>
/// The edge time is the timestamp the kernel (or libgpiod) took at the edge on the host's CLOCK_REALTIME; the pcapng
/// packet timestamp is the host time the event was fetched. Decoding rejects other versions, a bad length and ns ≥ 10^9.
/// </summary>
public readonly record struct PpsEventRecord(bool Assert, uint Sequence, long EdgeSeconds, uint EdgeNanoseconds)
{
    public const int Size = 24;
    public const byte Version = 1;

    public Instant EdgeTime => new(EdgeSeconds, EdgeNanoseconds * 1000L);

    public static PpsEventRecord FromEdge(bool assert, uint sequence, Instant edge)
    {
        if (edge.Picoseconds % 1000 != 0) throw new ArgumentException("PPS edge times are kept to the nanosecond", nameof(edge));
        return new PpsEventRecord(assert, sequence, edge.UnixSeconds, (uint)(edge.Picoseconds / 1000));
    }

    public void Encode(Span<byte> destination)
    {
        if (destination.Length < Size) throw new ArgumentException($"need {Size} bytes", nameof(destination));
        destination[..Size].Clear();
        destination[0] = Version;
        destination[1] = (byte)(Assert ? 1 : 0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[4..], Sequence);
        BinaryPrimitives.WriteInt64LittleEndian(destination[8..], EdgeSeconds);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[16..], EdgeNanoseconds);
    }

    public byte[] ToBytes()
    {
        var b = new byte[Size];
        Encode(b);
        return b;
    }

    public static bool TryDecode(ReadOnlySpan<byte> source, out PpsEventRecord record, out string error)
    {
        record = default;
        if (source.Length != Size) { error = $"PPS event record is {source.Length} bytes, expected {Size}"; return false; }
        if (source[0] != Version) { error = $"PPS event record version {source[0]}, this build reads {Version}"; return false; }
        if ((source[1] & ~1) != 0) { error = $"PPS event record has unknown flags 0x{source[1]:X2}"; return false; }
        uint ns = BinaryPrimitives.ReadUInt32LittleEndian(source[16..]);
        if (ns >= 1_000_000_000) { error = $"PPS event record nanoseconds {ns} out of range"; return false; }
        record = new PpsEventRecord((source[1] & 1) != 0, BinaryPrimitives.ReadUInt32LittleEndian(source[4..]),
            BinaryPrimitives.ReadInt64LittleEndian(source[8..]), ns);
        error = "";
        return true;
    }

    /// <summary>The record as a decoded event of <paramref name="source"/>, fetched at <paramref name="hostTimeUnixNanoseconds"/>.</summary>
    public Decoding.PpsEdge ToEdge(string source, long hostTimeUnixNanoseconds) =>
        new(source, hostTimeUnixNanoseconds, EdgeTime, Sequence, Assert);
}
