using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text;
using TimeSync.Core;

namespace TimeSync.Capture.Pcapng;

/// <summary>
/// Streaming pcapng reader with bounded memory whatever the file says (blocks over 16 MiB are never buffered; the buffer
/// never exceeds 32 MiB; at most <see cref="MaxDiagnostics"/> messages are kept).
/// <para>Damage is reported in <see cref="Diagnostics"/> (with the file offset), never thrown: a torn final block (crash
/// while writing) is reported and everything before it used; a block whose trailing length matches its leading one but
/// whose content is bad is skipped by its length; a block whose framing is broken is skipped by scanning forward to the
/// next well-framed block; unknown block types and link types are skipped with one warning each; a section of a future
/// major version is skipped with a clear message; packets out of time order (per source) are reported and kept.
/// Reads big- and little-endian sections and any if_tsresol. <see cref="InputException"/> is thrown only when nothing
/// usable remains (not a pcapng file, or no event and the file is damaged).</para>
/// Not thread-safe; events can be enumerated once.
/// </summary>
public sealed class PcapngReader : IDisposable
{
    /// <summary>Diagnostics kept in full; later ones are only counted in <see cref="SuppressedDiagnostics"/>.</summary>
    public const int MaxDiagnostics = 100;
    private const int MaxSources = 4096;
    private const int MaxTextOption = 1024;
    private const int InitialBufferBytes = 1 << 20;
    private const int ReadChunkBytes = 256 << 10;
    private const int MaxBufferBytes = 2 * PcapngFormat.MaxBlockBytes;

    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private readonly List<CaptureSource> _sources = [];
    private readonly List<CaptureDiagnostic> _diagnostics = [];
    private readonly List<long> _lastTime = [];
    private readonly HashSet<uint> _warnedBlockTypes = [];
    private byte[] _buf = new byte[InitialBufferBytes];
    private long _bufStart;          // file offset of _buf[0]
    private int _pos;                // next unread byte in _buf
    private int _len;                // valid bytes in _buf
    private bool _streamEnded;
    private bool _eof;
    private bool _inSection;         // false before the first valid SHB and after an unsupported one
    private bool _bigEndian;
    private readonly List<Interface> _interfaces = [];
    private long _eventCount;
    private bool _everHadSection;
    private bool _enumerated;
    private CaptureEvent _pending;
    private bool _hasPending;
    private bool _warnedSimplePackets;

    /// <summary>Opens a capture file and reads its section header and leading interface descriptions.</summary>
    /// <exception cref="InputException">when the file is not pcapng or has nothing usable.</exception>
    public PcapngReader(string path)
        : this(OpenFile(path), path, ownsStream: true)
    {
    }

    /// <summary>Reads from a stream; <paramref name="name"/> names it in messages.</summary>
    public PcapngReader(Stream stream, string name, bool ownsStream = false)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        Name = name;
        try
        {
            CheckMagic();
            _hasPending = TryReadCore(out _pending);
        }
        catch
        {
            if (ownsStream) stream.Dispose();
            throw;
        }
    }

    /// <summary>The file name used in messages.</summary>
    public string Name { get; }

    /// <summary>Sources (interfaces) met so far, in order of first appearance; grows while events are read.</summary>
    public IReadOnlyList<CaptureSource> Sources => _sources;

    /// <summary><c>Sources.Count</c> without an interface call (for per-event checks in replay loops).</summary>
    public int SourceCount => _sources.Count;

    /// <summary>The bench description JSON of the first section (opt_comment after "timesync-bench:"), or null.</summary>
    public string? BenchDescription { get; private set; }

    /// <summary>shb_userappl of the first section.</summary>
    public string? UserApplication { get; private set; }

    /// <summary>shb_hardware of the first section.</summary>
    public string? Hardware { get; private set; }

    /// <summary>shb_os of the first section.</summary>
    public string? OperatingSystem { get; private set; }

    /// <summary>Problems found so far (first <see cref="MaxDiagnostics"/>), each with its file offset.</summary>
    public IReadOnlyList<CaptureDiagnostic> Diagnostics => _diagnostics;

    /// <summary>Diagnostics beyond <see cref="MaxDiagnostics"/> (counted, not kept).</summary>
    public long SuppressedDiagnostics { get; private set; }

    /// <summary>Damage counters.</summary>
    public CaptureDamage Damage { get; } = new();

    /// <summary>Number of events returned so far.</summary>
    public long EventCount => _eventCount;

    /// <summary>Largest buffer held so far, in bytes (bounded by 32 MiB whatever the file says).</summary>
    public int PeakBufferBytes { get; private set; } = InitialBufferBytes;

    /// <summary>
    /// The events in file order. Single pass. Each payload is valid until the next event is read.
    /// Throws <see cref="InputException"/> at the end only if no event was usable and the file was damaged.
    /// </summary>
    public IEnumerable<CaptureEvent> Events()
    {
        if (_enumerated) throw new InvalidOperationException("a PcapngReader's events can be enumerated once");
        _enumerated = true;
        return Iterate();
    }

    /// <summary>The next event, without an enumerator (fastest path); false at the end of the file.</summary>
    public bool TryRead(out CaptureEvent ev)
    {
        if (_hasPending)
        {
            _hasPending = false;
            ev = _pending;
            _pending = default;
            return true;
        }
        if (TryReadCore(out ev)) return true;
        ThrowIfNothingUsable();
        return false;
    }

    public void Dispose()
    {
        if (_ownsStream) _stream.Dispose();
    }

    private IEnumerable<CaptureEvent> Iterate()
    {
        while (TryRead(out var ev)) yield return ev;
    }

    private static FileStream OpenFile(string path)
    {
        if (Directory.Exists(path)) throw new InputException(path, "is a directory, not a capture file");
        if (!File.Exists(path)) throw new InputException(path, "no such file");
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
    }

    private void CheckMagic()
    {
        int n = Ensure(4);
        if (n == 0) throw new InputException(Name, "file is empty (not a pcapng capture)");
        if (n < 4) throw new InputException(Name, "file is too short to be a pcapng capture");
        uint magic = BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos));
        if (magic is 0xA1B2C3D4 or 0xD4C3B2A1 or 0xA1B23C4D or 0x4D3CB2A1)
            throw new InputException(Name + "@0x0", "this is a classic pcap file, not pcapng (convert it with: editcap -F pcapng IN OUT)");
        if (magic != PcapngFormat.SectionHeaderBlock)
            throw new InputException(Name + "@0x0", $"not a pcapng file (starts with 0x{magic:x8}, expected a section header block 0x0a0d0d0a)");
    }

    private void ThrowIfNothingUsable()
    {
        if (_eventCount > 0) return;
        if (!_everHadSection)
        {
            var why = _diagnostics.Count > 0 ? _diagnostics[0].Message : "no valid section header block";
            throw new InputException($"{Name}@0x{(_diagnostics.Count > 0 ? _diagnostics[0].FileOffset : 0):x}", $"nothing usable: {why}");
        }
        if (Damage.Any && _diagnostics.Count > 0)
            throw new InputException($"{Name}@0x{_diagnostics[0].FileOffset:x}", $"nothing usable: {_diagnostics[0].Message}");
    }

    // ---- the block loop -------------------------------------------------------------------------------------------

    private bool TryReadCore(out CaptureEvent ev)
    {
        if (TryReadCommonPacket(out ev)) return true;
        while (!_eof)
        {
            long offset = _bufStart + _pos;
            int avail = Ensure(12);
            if (avail == 0) { _eof = true; break; }
            if (avail < 12) { Torn(offset, avail, null); break; }
            uint type = BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos)); // SHB type is a palindrome
            if (type == PcapngFormat.SectionHeaderBlock) { ReadSectionHeader(offset); continue; }
            if (!_inSection) { _pos++; continue; } // skipping an unsupported or broken section: look for the next SHB

            if (_bigEndian) type = BinaryPrimitives.ReverseEndianness(type);
            uint length = U32(_pos + 4);
            if (length < 12 || (length & 3) != 0) { Resync(offset, $"block length {length} is invalid", length); continue; }
            if (length > PcapngFormat.MaxBlockBytes) { SkipOversized(offset, type, length); continue; }
            avail = Ensure((int)length);
            if (avail < length) { Resync(offset, $"block of {length} bytes runs past the end of the file", length, present: avail); continue; }
            uint trailer = U32(_pos + (int)length - 4);
            if (trailer != length) { Resync(offset, $"trailing length {trailer} differs from leading length {length}", length); continue; }

            int start = _pos;
            _pos += (int)length;
            switch (type)
            {
                case PcapngFormat.EnhancedPacketBlock:
                    if (ReadPacket(start, (int)length, offset, out ev)) { _eventCount++; return true; }
                    break;
                case PcapngFormat.InterfaceDescriptionBlock:
                    ReadInterface(start, (int)length, offset);
                    break;
                case PcapngFormat.SimplePacketBlock:
                    Damage.SkippedPackets++;
                    if (!_warnedSimplePackets) { _warnedSimplePackets = true; Warn(offset, "simple packet blocks carry no timestamp; skipped (this one and any later ones)"); }
                    break;
                case PcapngFormat.InterfaceStatisticsBlock:
                case PcapngFormat.NameResolutionBlock:
                    break; // written by Wireshark tools; nothing for us
                default:
                    Damage.UnknownBlocks++;
                    if (_warnedBlockTypes.Add(type)) Warn(offset, $"block type 0x{type:x8} is not used by TimeSync; skipped (and any later ones of this type)");
                    break;
            }
        }
        ev = default;
        return false;
    }

    /// <summary>
    /// The common block alone, without the general loop's steps: a little-endian enhanced packet block lying whole in
    /// the buffer, well framed, for a usable interface with nanosecond ticks and no offset, in time order. Whatever it
    /// accepts the general loop accepts the same way (same event, same state after); anything else, or any doubt, is
    /// left to the general loop with nothing changed.
    /// </summary>
    private bool TryReadCommonPacket(out CaptureEvent ev)
    {
        ev = default;
        int avail = _len - _pos;
        if (_eof || !_inSection || _bigEndian || !BitConverter.IsLittleEndian || avail < PcapngFormat.EnhancedPacketOverhead) return false;
        ref byte b = ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(_buf), _pos); // _pos + avail <= _buf.Length
        uint type = Unsafe.ReadUnaligned<uint>(ref b);
        uint length = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, 4));
        if (type != PcapngFormat.EnhancedPacketBlock || length < PcapngFormat.EnhancedPacketOverhead || (length & 3) != 0
            || length > (uint)avail || length > PcapngFormat.MaxBlockBytes) return false;
        if (Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, (int)length - 4)) != length) return false;
        uint interfaceId = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, 8));
        if (interfaceId >= (uint)_interfaces.Count) return false;
        var iface = _interfaces[(int)interfaceId];
        if (iface.SourceId < 0 || iface.TsResol != 9 || iface.TsOffsetSeconds != 0) return false;
        ulong ticks = ((ulong)Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, 12)) << 32) | Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, 16));
        uint captured = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref b, 20));
        if (ticks > long.MaxValue || captured > length - PcapngFormat.EnhancedPacketOverhead) return false;
        long ns = (long)ticks;
        if (ns < _lastTime[iface.SourceId]) return false; // out of order: the general path warns
        _lastTime[iface.SourceId] = ns;
        ev = new CaptureEvent(iface.SourceId, ns, new ReadOnlyMemory<byte>(_buf, _pos + 28, (int)captured), _bufStart + _pos);
        _pos += (int)length;
        _eventCount++;
        return true;
    }

    private void ReadSectionHeader(long offset)
    {
        int avail = Ensure(28);
        if (avail < 28) { Torn(offset, avail, null); return; }
        uint bom = BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos + 8));
        bool big;
        if (bom == PcapngFormat.ByteOrderMagic) big = false;
        else if (bom == BinaryPrimitives.ReverseEndianness(PcapngFormat.ByteOrderMagic)) big = true;
        else { ResyncSection(offset, $"section header has a bad byte-order magic 0x{bom:x8}"); return; }
        uint length = big ? BinaryPrimitives.ReadUInt32BigEndian(_buf.AsSpan(_pos + 4)) : BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos + 4));
        if (length < 28 || (length & 3) != 0 || length > PcapngFormat.MaxBlockBytes) { ResyncSection(offset, $"section header length {length} is invalid"); return; }
        avail = Ensure((int)length);
        if (avail < length) { ResyncSection(offset, $"section header of {length} bytes runs past the end of the file", torn: true, present: avail, claimed: length); return; }
        uint trailer = big ? BinaryPrimitives.ReadUInt32BigEndian(_buf.AsSpan(_pos + (int)length - 4)) : BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos + (int)length - 4));
        if (trailer != length) { ResyncSection(offset, $"section header trailing length {trailer} differs from leading length {length}"); return; }

        int start = _pos;
        _pos += (int)length;
        _bigEndian = big;
        ushort major = U16(start + 12), minor = U16(start + 14);
        _interfaces.Clear();
        if (major != PcapngFormat.MajorVersion)
        {
            _inSection = false;
            Damage.UnsupportedSections++;
            Warn(offset, $"pcapng version {major}.{minor} is not supported (this reader reads version 1.x); section skipped");
            return;
        }
        _inSection = true;
        _everHadSection = true;
        bool first = UserApplication is null && BenchDescription is null && Hardware is null && OperatingSystem is null;
        foreach (var (code, value) in Options(start + 24, start + (int)length - 4, offset))
        {
            switch (code)
            {
                case PcapngFormat.ShbHardware when first: Hardware = Text(value); break;
                case PcapngFormat.ShbOs when first: OperatingSystem = Text(value); break;
                case PcapngFormat.ShbUserAppl when first: UserApplication = Text(value); break;
                case PcapngFormat.OptComment when BenchDescription is null:
                    var comment = Encoding.UTF8.GetString(value);
                    if (comment.StartsWith(PcapngFormat.BenchCommentPrefix, StringComparison.Ordinal))
                        BenchDescription = comment[PcapngFormat.BenchCommentPrefix.Length..];
                    break;
            }
        }
    }

    private void ReadInterface(int start, int length, long offset)
    {
        if (length < 20) { Corrupt(offset, length, "interface description block is too short"); _interfaces.Add(Interface.Unusable); return; }
        ushort linkType = U16(start + 8);
        string? name = null, description = null;
        byte tsresol = 6; // pcapng default: microseconds
        long tsOffsetSeconds = 0;
        foreach (var (code, value) in Options(start + 16, start + length - 4, offset))
        {
            switch (code)
            {
                case PcapngFormat.IfName: name = Text(value); break;
                case PcapngFormat.IfDescription: description = Text(value); break;
                case PcapngFormat.IfTsResol when value.Length >= 1: tsresol = value[0]; break;
                case PcapngFormat.IfTsOffset when value.Length == 8:
                    tsOffsetSeconds = _bigEndian ? BinaryPrimitives.ReadInt64BigEndian(value) : BinaryPrimitives.ReadInt64LittleEndian(value);
                    break;
            }
        }
        int localId = _interfaces.Count;
        name ??= $"if{localId}";
        if (!Enum.IsDefined((CaptureLinkType)linkType))
        {
            Warn(offset, $"interface {localId} '{name}' has link type {linkType}, not used by TimeSync; its packets are skipped");
            _interfaces.Add(Interface.Unusable);
            return;
        }
        if ((tsresol & 0x80) == 0 ? tsresol > 38 : (tsresol & 0x7f) > 100)
        {
            Corrupt(offset, length, $"interface {localId} '{name}' has an impossible if_tsresol 0x{tsresol:x2}; its packets are skipped");
            _interfaces.Add(Interface.Unusable);
            return;
        }
        var source = new CaptureSource(name, (CaptureLinkType)linkType, description ?? "");
        int global = _sources.IndexOf(source); // records compare by value: concatenated or rotated files map onto one source
        if (global < 0)
        {
            if (_sources.Count >= MaxSources)
            {
                Warn(offset, $"more than {MaxSources} sources; interface '{name}' skipped");
                _interfaces.Add(Interface.Unusable);
                return;
            }
            global = _sources.Count;
            _sources.Add(source);
            _lastTime.Add(long.MinValue);
        }
        _interfaces.Add(new Interface(global, tsresol, tsOffsetSeconds));
    }

    private bool ReadPacket(int start, int length, long offset, out CaptureEvent ev)
    {
        ev = default;
        if (length < PcapngFormat.EnhancedPacketOverhead) { Corrupt(offset, length, "enhanced packet block is too short"); return false; }
        uint interfaceId = U32(start + 8);
        ulong ticks = ((ulong)U32(start + 12) << 32) | U32(start + 16);
        uint captured = U32(start + 20);
        if (captured > (uint)(length - PcapngFormat.EnhancedPacketOverhead)) { Corrupt(offset, length, $"captured length {captured} exceeds the block"); return false; }
        if (interfaceId >= (uint)_interfaces.Count) { Corrupt(offset, length, $"packet for undeclared interface {interfaceId}"); return false; }
        var iface = _interfaces[(int)interfaceId];
        if (iface.SourceId < 0) { Damage.SkippedPackets++; return false; }
        if (!iface.TryToNanoseconds(ticks, out long ns)) { Corrupt(offset, length, $"timestamp {ticks} is out of range"); return false; }
        long last = _lastTime[iface.SourceId];
        if (ns < last)
        {
            Damage.OutOfOrderEvents++;
            Warn(offset, $"source '{_sources[iface.SourceId].Name}': time goes back by {last - ns} ns (events out of time order)");
        }
        _lastTime[iface.SourceId] = ns;
        ev = new CaptureEvent(iface.SourceId, ns, new ReadOnlyMemory<byte>(_buf, start + 28, (int)captured), offset);
        return true;
    }

    // ---- damage handling ------------------------------------------------------------------------------------------

    /// <summary>A well-framed block (trailing length matches) with bad content: skipped by its length.</summary>
    private void Corrupt(long offset, int length, string message)
    {
        Damage.CorruptBlocks++;
        Damage.SkippedPackets++;
        Warn(offset, $"{message}; block of {length} bytes skipped");
    }

    private void Torn(long offset, int present, uint? claimed)
    {
        Damage.TornFinalBlock = true;
        Damage.SkippedBytes += present;
        Warn(offset, claimed is { } c
            ? $"torn final block: {present} of {c} bytes present (the writer stopped mid-block); everything before it is used"
            : $"torn final block: {present} trailing bytes (the writer stopped mid-block); everything before it is used");
        _pos = _len;
        _eof = true;
    }

    /// <summary>A block length over the cap: skipped without buffering when the stream can seek and the trailer matches.</summary>
    private void SkipOversized(long offset, uint type, uint length)
    {
        Damage.OversizedBlocks++;
        if (_stream.CanSeek && offset + length <= _stream.Length)
        {
            var trailer = new byte[4];
            _stream.Position = offset + length - 4;
            _stream.ReadExactly(trailer);
            uint t = _bigEndian ? BinaryPrimitives.ReadUInt32BigEndian(trailer) : BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            if (t == length)
            {
                Warn(offset, $"block of type 0x{type:x8} claims {length} bytes, over the {PcapngFormat.MaxBlockBytes >> 20} MiB limit; skipped by its length");
                Damage.SkippedBytes += length;
                _bufStart = offset + length;
                _pos = _len = 0;
                _streamEnded = false;
                _stream.Position = _bufStart;
                return;
            }
            _stream.Position = _bufStart + _len; // back to where buffered reading left off
        }
        Resync(offset, $"block claims {length} bytes, over the {PcapngFormat.MaxBlockBytes >> 20} MiB limit", length);
    }

    /// <summary>
    /// Broken framing: scan forward byte by byte (inserted bytes may break the 4-byte alignment) to the next
    /// well-framed block of a known type.
    /// </summary>
    private void Resync(long offset, string reason, uint claimed, int present = -1)
    {
        _pos++;
        while (true)
        {
            int avail = Ensure(12);
            if (avail < 12)
            {
                long skippedToEnd = _bufStart + _len - offset;
                if (present >= 0) { _pos = _len; TornAt(offset, (int)Math.Min(skippedToEnd, int.MaxValue), claimed); }
                else
                {
                    Damage.CorruptBlocks++;
                    Damage.SkippedBytes += skippedToEnd;
                    Warn(offset, $"{reason}; no valid block after it ({skippedToEnd} bytes to the end of the file skipped)");
                    _pos = _len;
                    _eof = true;
                }
                return;
            }
            if (IsPlausibleBlockHere())
            {
                long found = _bufStart + _pos;
                Damage.CorruptBlocks++;
                Damage.SkippedBytes += found - offset;
                Warn(offset, $"{reason}; skipped {found - offset} bytes to the next valid block at 0x{found:x}");
                return;
            }
            _pos++;
        }
    }

    private void TornAt(long offset, int present, uint claimed)
    {
        Damage.TornFinalBlock = true;
        Damage.SkippedBytes += present;
        Warn(offset, $"torn final block: {present} of {claimed} bytes present (the writer stopped mid-block); everything before it is used");
        _eof = true;
    }

    private void ResyncSection(long offset, string reason, bool torn = false, int present = 0, uint claimed = 0)
    {
        // Blocks after a broken section header cannot be interpreted: look for the next valid one. A header that runs
        // past the end of the file with nothing valid after it is a torn tail.
        _inSection = false;
        ScanForSection(offset, reason, torn ? present : -1, claimed);
    }

    /// <summary>After a broken section header: skip to the next valid SHB (blocks before it cannot be interpreted).</summary>
    private void ScanForSection(long offset, string reason, int tornPresent, uint tornClaimed)
    {
        _pos++;
        while (true)
        {
            int avail = Ensure(12);
            if (avail < 12)
            {
                if (tornPresent >= 0) { _pos = _len; TornAt(offset, tornPresent, tornClaimed); return; }
                long skipped = _bufStart + _len - offset;
                Damage.CorruptBlocks++;
                Damage.SkippedBytes += skipped;
                Warn(offset, $"{reason}; no valid section header after it ({skipped} bytes skipped)");
                _pos = _len;
                _eof = true;
                return;
            }
            if (BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos)) == PcapngFormat.SectionHeaderBlock && IsPlausibleSectionHere())
            {
                long found = _bufStart + _pos;
                Damage.CorruptBlocks++;
                Damage.SkippedBytes += found - offset;
                Warn(offset, $"{reason}; skipped {found - offset} bytes to the next section header at 0x{found:x}");
                return;
            }
            _pos++;
        }
    }

    private bool IsPlausibleBlockHere()
    {
        uint type = BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos));
        if (type == PcapngFormat.SectionHeaderBlock) return IsPlausibleSectionHere();
        if (!_inSection) return false;
        if (_bigEndian) type = BinaryPrimitives.ReverseEndianness(type);
        if (!PcapngFormat.IsKnownBlockType(type)) return false;
        uint length = U32(_pos + 4);
        if (length < 12 || (length & 3) != 0 || length > PcapngFormat.MaxBlockBytes) return false;
        if (Ensure((int)length) < length) return false;
        return U32(_pos + (int)length - 4) == length;
    }

    private bool IsPlausibleSectionHere()
    {
        if (Ensure(28) < 28) return false;
        uint bom = BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos + 8));
        bool big;
        if (bom == PcapngFormat.ByteOrderMagic) big = false;
        else if (bom == BinaryPrimitives.ReverseEndianness(PcapngFormat.ByteOrderMagic)) big = true;
        else return false;
        uint length = big ? BinaryPrimitives.ReadUInt32BigEndian(_buf.AsSpan(_pos + 4)) : BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos + 4));
        if (length < 28 || (length & 3) != 0 || length > PcapngFormat.MaxBlockBytes) return false;
        if (Ensure((int)length) < length) return false;
        uint trailer = big ? BinaryPrimitives.ReadUInt32BigEndian(_buf.AsSpan(_pos + (int)length - 4)) : BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(_pos + (int)length - 4));
        return trailer == length;
    }

    private void Warn(long offset, string message)
    {
        if (_diagnostics.Count < MaxDiagnostics) _diagnostics.Add(new CaptureDiagnostic(offset, message));
        else SuppressedDiagnostics++;
    }

    // ---- options and primitives -----------------------------------------------------------------------------------

    private List<(ushort Code, byte[] Value)> Options(int from, int end, long blockOffset)
    {
        var list = new List<(ushort, byte[])>();
        int p = from;
        while (p + 4 <= end)
        {
            ushort code = U16(p), length = U16(p + 2);
            if (code == PcapngFormat.OptEndOfOpt) break;
            if (p + 4 + length > end) { Warn(blockOffset, $"option {code} runs past the end of its block; remaining options ignored"); break; }
            list.Add((code, _buf.AsSpan(p + 4, length).ToArray()));
            p += 4 + PcapngFormat.Pad4(length);
        }
        return list;
    }

    private static string Text(byte[] value)
    {
        var s = Encoding.UTF8.GetString(value).TrimEnd('\0');
        return s.Length <= MaxTextOption ? s : s[..MaxTextOption];
    }

    private uint U32(int at) => _bigEndian
        ? BinaryPrimitives.ReadUInt32BigEndian(_buf.AsSpan(at, 4))
        : BinaryPrimitives.ReadUInt32LittleEndian(_buf.AsSpan(at, 4));

    private ushort U16(int at) => _bigEndian
        ? BinaryPrimitives.ReadUInt16BigEndian(_buf.AsSpan(at, 2))
        : BinaryPrimitives.ReadUInt16LittleEndian(_buf.AsSpan(at, 2));

    /// <summary>Makes up to <paramref name="count"/> (≤ 16 MiB) bytes available at _pos; returns how many are (less at EOF).</summary>
    private int Ensure(int count)
    {
        int have = _len - _pos;
        if (have >= count) return count;
        if (_streamEnded) return have;
        if (_stream.CanSeek)
        {
            // Never grow the buffer for bytes the file does not have (a damaged length near the end).
            long remaining = Math.Max(0, _stream.Length - (_bufStart + _len));
            if (count - have > remaining) count = have + (int)remaining;
            if (count == have) { _streamEnded = remaining == 0; return have; }
        }
        if (_buf.Length - _pos < count)
        {
            if (_pos > 0)
            {
                Buffer.BlockCopy(_buf, _pos, _buf, 0, have);
                _bufStart += _pos;
                _len = have;
                _pos = 0;
            }
            if (_buf.Length < count)
            {
                var bigger = new byte[Math.Min(MaxBufferBytes, Math.Max(count, _buf.Length * 2))];
                Buffer.BlockCopy(_buf, 0, bigger, 0, _len);
                _buf = bigger;
                PeakBufferBytes = Math.Max(PeakBufferBytes, bigger.Length);
            }
        }
        while (_len - _pos < count)
        {
            // At most ReadChunkBytes per read: the bytes just read are then still in the core's L2 cache when parsed.
            int n = _stream.Read(_buf, _len, Math.Min(_buf.Length - _len, ReadChunkBytes));
            if (n <= 0) { _streamEnded = true; break; }
            _len += n;
        }
        return Math.Min(count, _len - _pos);
    }

    /// <summary>Per-section interface state: its global source and how to turn its ticks into nanoseconds.</summary>
    private readonly record struct Interface(int SourceId, byte TsResol, long TsOffsetSeconds)
    {
        public static Interface Unusable => new(-1, 9, 0);

        public bool TryToNanoseconds(ulong ticks, out long ns)
        {
            if (TsResol == 9 && TsOffsetSeconds == 0)
            {
                // fast path: TimeSync's own files (ns ticks, no offset)
                ns = (long)ticks;
                return ticks <= long.MaxValue;
            }
            Int128 value;
            if (TsResol == 9) value = ticks;
            else if ((TsResol & 0x80) == 0) value = (Int128)ticks * 1_000_000_000 / Int128Pow10(TsResol);
            else value = ((Int128)ticks * 1_000_000_000) >> (TsResol & 0x7f);
            value += (Int128)TsOffsetSeconds * 1_000_000_000;
            if (value < 0 || value > long.MaxValue) { ns = 0; return false; }
            ns = (long)value;
            return true;
        }

        private static Int128 Int128Pow10(int n)
        {
            Int128 r = 1;
            for (int i = 0; i < n; i++) r *= 10;
            return r;
        }
    }
}
