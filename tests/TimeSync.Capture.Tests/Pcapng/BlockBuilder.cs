using System.Buffers.Binary;
using System.Text;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Capture.Tests.Pcapng;

/// <summary>Builds pcapng blocks by hand, in either byte order, to make files our writer never would.</summary>
internal sealed class BlockBuilder(bool bigEndian)
{
    private readonly MemoryStream _out = new();

    public byte[] ToArray() => _out.ToArray();

    public long Position => _out.Position;

    public BlockBuilder Section(ushort major = 1, ushort minor = 0, string? comment = null)
    {
        var body = new List<byte>();
        body.AddRange(U32(PcapngFormat.ByteOrderMagic));
        body.AddRange(U16(major));
        body.AddRange(U16(minor));
        body.AddRange(U64(ulong.MaxValue));
        if (comment is not null) body.AddRange(Option(1, Encoding.UTF8.GetBytes(comment)));
        body.AddRange(new byte[4]);
        return Block(PcapngFormat.SectionHeaderBlock, body);
    }

    public BlockBuilder Interface(ushort linkType, string name, byte tsresol = 9)
    {
        var body = new List<byte>();
        body.AddRange(U16(linkType));
        body.AddRange(U16(0));
        body.AddRange(U32(0));
        body.AddRange(Option(2, Encoding.UTF8.GetBytes(name)));
        body.AddRange(Option(9, [tsresol]));
        body.AddRange(new byte[4]);
        return Block(PcapngFormat.InterfaceDescriptionBlock, body);
    }

    public BlockBuilder Packet(uint interfaceId, ulong ticks, byte[] payload, uint? capturedLength = null)
    {
        var body = new List<byte>();
        body.AddRange(U32(interfaceId));
        body.AddRange(U32((uint)(ticks >> 32)));
        body.AddRange(U32((uint)ticks));
        body.AddRange(U32(capturedLength ?? (uint)payload.Length));
        body.AddRange(U32((uint)payload.Length));
        body.AddRange(payload);
        while (body.Count % 4 != 0) body.Add(0);
        return Block(PcapngFormat.EnhancedPacketBlock, body);
    }

    public BlockBuilder Block(uint type, IReadOnlyCollection<byte> body)
    {
        uint length = (uint)(12 + body.Count);
        _out.Write(U32(type));
        _out.Write(U32(length));
        _out.Write(body.ToArray());
        _out.Write(U32(length));
        return this;
    }

    public BlockBuilder Raw(byte[] bytes)
    {
        _out.Write(bytes);
        return this;
    }

    private byte[] Option(ushort code, byte[] value)
    {
        var o = new List<byte>();
        o.AddRange(U16(code));
        o.AddRange(U16((ushort)value.Length));
        o.AddRange(value);
        while (o.Count % 4 != 0) o.Add(0);
        return [.. o];
    }

    public byte[] U16(ushort v) { var b = new byte[2]; if (bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v); return b; }
    public byte[] U32(uint v) { var b = new byte[4]; if (bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v); return b; }
    public byte[] U64(ulong v) { var b = new byte[8]; if (bigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, v); else BinaryPrimitives.WriteUInt64LittleEndian(b, v); return b; }
}
