namespace TimeSync.Capture.Pcapng;

/// <summary>
/// Constants of the pcapng format (IETF draft-ietf-opsawg-pcapng, "PCAP Now Generic (pcapng) Capture File Format"):
/// block types, option codes, the byte-order magic, and the limits this project applies.
/// </summary>
public static class PcapngFormat
{
    /// <summary>Section Header Block type (palindromic, so it reads the same in either byte order).</summary>
    public const uint SectionHeaderBlock = 0x0A0D0D0A;
    public const uint InterfaceDescriptionBlock = 0x00000001;

    /// <summary>True when the file exists and starts with a Section Header Block (a capture, not a text log).</summary>
    public static bool IsPcapngFile(string path)
    {
        if (!File.Exists(path)) return false;
        Span<byte> magic = stackalloc byte[4];
        using var f = File.OpenRead(path);
        return f.ReadAtLeast(magic, 4, throwOnEndOfStream: false) == 4 && System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(magic) == SectionHeaderBlock;
    }
    public const uint ObsoletePacketBlock = 0x00000002;
    public const uint SimplePacketBlock = 0x00000003;
    public const uint NameResolutionBlock = 0x00000004;
    public const uint InterfaceStatisticsBlock = 0x00000005;
    public const uint EnhancedPacketBlock = 0x00000006;
    public const uint SystemdJournalExportBlock = 0x00000009;
    public const uint DecryptionSecretsBlock = 0x0000000A;
    public const uint CustomBlockCopiable = 0x00000BAD;
    public const uint CustomBlockNoCopy = 0x40000BAD;

    /// <summary>Byte-order magic of the SHB, as written by the section's writer.</summary>
    public const uint ByteOrderMagic = 0x1A2B3C4D;

    public const ushort MajorVersion = 1;
    public const ushort MinorVersion = 0;

    // Option codes (pcapng §3.5 common, §4.1 SHB, §4.2 IDB).
    public const ushort OptEndOfOpt = 0;
    public const ushort OptComment = 1;
    public const ushort ShbHardware = 2;
    public const ushort ShbOs = 3;
    public const ushort ShbUserAppl = 4;
    public const ushort IfName = 2;
    public const ushort IfDescription = 3;
    public const ushort IfTsResol = 9;
    public const ushort IfTsOffset = 14;

    /// <summary>Prefix of the SHB comment that holds the bench description JSON (docs/architecture.md).</summary>
    public const string BenchCommentPrefix = "timesync-bench:";

    /// <summary>
    /// Largest block this project writes or reads (16 MiB). A longer length field (e.g. 4 GB in a damaged or
    /// hostile file) is treated as damage so that memory stays bounded whatever the file says.
    /// </summary>
    public const int MaxBlockBytes = 16 * 1024 * 1024;

    /// <summary>EPB fixed part: type, length, interface id, timestamp high and low, captured and original length, trailing length.</summary>
    public const int EnhancedPacketOverhead = 32;

    /// <summary>Largest payload in one EPB so that the block stays within <see cref="MaxBlockBytes"/>.</summary>
    public const int MaxPayloadBytes = MaxBlockBytes - EnhancedPacketOverhead - 4;

    internal static int Pad4(int n) => (n + 3) & ~3;

    internal static bool IsKnownBlockType(uint type) => type is SectionHeaderBlock or InterfaceDescriptionBlock
        or ObsoletePacketBlock or SimplePacketBlock or NameResolutionBlock or InterfaceStatisticsBlock
        or EnhancedPacketBlock or SystemdJournalExportBlock or DecryptionSecretsBlock or CustomBlockCopiable or CustomBlockNoCopy;
}
