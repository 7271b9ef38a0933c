using System.Buffers.Binary;
using System.Text;

namespace TimeSync.Capture.Pcapng;

/// <summary>
/// Streaming, append-only pcapng writer (little-endian sections, one IDB per source, if_tsresol = 9, EPB per event).
/// <para>Buffering is bounded (<see cref="PcapngWriterOptions.BufferBytes"/>). Flush policy: buffered data is written and
/// fsync'ed at most <see cref="PcapngWriterOptions.FlushInterval"/> (≤ 1 s) after it was appended — on the next write or by
/// a timer when the writer is idle — and on <see cref="Flush"/>/<see cref="Dispose"/>; so at most one second of data is at
/// risk on power loss. A block is always written whole before the next one, so a crash leaves at worst a torn final block,
/// which <see cref="PcapngReader"/> reports and skips.</para>
/// <para>Rotation (by size or by host time) closes the file and opens the next numbered one ("run_00001.pcapng"), each
/// with its own SHB and the IDBs of every source declared so far, in the same order, so interface ids stay the same.</para>
/// Thread-safe: sources may write from several threads.
/// </summary>
public sealed class PcapngWriter : ICaptureWriter
{
    private readonly PcapngWriterOptions _options;
    private readonly string? _basePath;
    private readonly List<CaptureSource> _sources = [];
    private readonly List<string> _files = [];
    private readonly Lock _gate = new();
    private readonly byte[] _buffer;
    private readonly Timer? _timer;
    private readonly long _flushIntervalMs;
    private Stream _stream;
    private readonly bool _ownsStream;
    private int _count;
    private long _fileBytes;          // bytes of the current file, written plus buffered
    private long _packetsInFile;
    private long _fileFirstHostNs;
    private long _oldestUnflushedTick = -1;
    private bool _unsynced;
    private bool _disposed;
    private Exception? _backgroundError;

    /// <summary>Creates the capture file (or the first numbered file when rotating) and writes its section header.</summary>
    /// <exception cref="IOException">when the file exists and <see cref="PcapngWriterOptions.Overwrite"/> is false.</exception>
    public PcapngWriter(string path, PcapngWriterOptions? options = null)
    {
        _options = Validate(options ?? new PcapngWriterOptions());
        _basePath = Path.GetFullPath(path);
        _buffer = new byte[_options.BufferBytes];
        _flushIntervalMs = (long)_options.FlushInterval.TotalMilliseconds;
        _ownsStream = true;
        _stream = OpenFile(0);
        WriteSectionStart();
        _timer = new Timer(_ => TimerFlush(), null, _options.FlushInterval, _options.FlushInterval);
    }

    /// <summary>Writes to a caller's stream (no rotation, no fsync, the caller owns the stream).</summary>
    public PcapngWriter(Stream stream, PcapngWriterOptions? options = null)
    {
        _options = Validate(options ?? new PcapngWriterOptions());
        if (_options.Rotates) throw new ArgumentException("rotation needs a file path, not a stream", nameof(options));
        _buffer = new byte[_options.BufferBytes];
        _flushIntervalMs = (long)_options.FlushInterval.TotalMilliseconds;
        _stream = stream;
        _ownsStream = false;
        WriteSectionStart();
    }

    /// <summary>Every file written so far, in order (one unless rotating).</summary>
    public IReadOnlyList<string> Files { get { lock (_gate) return [.. _files]; } }

    /// <summary>Sources declared so far; the index is the interface id.</summary>
    public IReadOnlyList<CaptureSource> Sources { get { lock (_gate) return [.. _sources]; } }

    /// <inheritdoc/>
    /// <remarks>May be called after packets were written: pcapng allows an IDB anywhere in its section.</remarks>
    public int AddSource(CaptureSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (string.IsNullOrEmpty(source.Name)) throw new ArgumentException("a source needs a name", nameof(source));
        lock (_gate)
        {
            ThrowIfUnusable();
            if (_sources.Any(s => s.Name == source.Name)) throw new ArgumentException($"source '{source.Name}' is already declared", nameof(source));
            _sources.Add(source);
            AppendBlock(BuildInterfaceBlock(source));
            return _sources.Count - 1;
        }
    }

    /// <inheritdoc/>
    public void Write(int sourceId, long hostTimeUnixNanoseconds, ReadOnlySpan<byte> payload)
    {
        if (hostTimeUnixNanoseconds < 0) throw new ArgumentOutOfRangeException(nameof(hostTimeUnixNanoseconds), "host time before 1970");
        if (payload.Length > PcapngFormat.MaxPayloadBytes) throw new ArgumentException($"payload of {payload.Length} bytes exceeds {PcapngFormat.MaxPayloadBytes}", nameof(payload));
        int blockLength = PcapngFormat.EnhancedPacketOverhead + PcapngFormat.Pad4(payload.Length);
        lock (_gate)
        {
            ThrowIfUnusable();
            if ((uint)sourceId >= (uint)_sources.Count) throw new ArgumentOutOfRangeException(nameof(sourceId), $"no source with id {sourceId}");
            if (_packetsInFile > 0 && ShouldRotate(blockLength, hostTimeUnixNanoseconds)) Rotate();
            if (_packetsInFile == 0) _fileFirstHostNs = hostTimeUnixNanoseconds;

            if (_buffer.Length - _count < blockLength) Drain();
            if (blockLength > _buffer.Length)
            {
                var big = new byte[blockLength];
                EncodePacket(big, sourceId, hostTimeUnixNanoseconds, payload, blockLength);
                _stream.Write(big);
                _unsynced = true;
                MarkPending();
            }
            else
            {
                EncodePacket(_buffer.AsSpan(_count, blockLength), sourceId, hostTimeUnixNanoseconds, payload, blockLength);
                _count += blockLength;
                MarkPending();
            }
            _fileBytes += blockLength;
            _packetsInFile++;
            if (Environment.TickCount64 - _oldestUnflushedTick >= _flushIntervalMs) FlushCore(_options.Fsync);
        }
    }

    /// <summary>Writes buffered blocks to the file and fsyncs it (when fsync is enabled).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            FlushCore(_options.Fsync);
        }
    }

    /// <summary>Flushes, fsyncs and closes the file. Data written before Dispose is on disk when it returns.</summary>
    public void Dispose()
    {
        _timer?.Dispose();
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            try
            {
                if (_backgroundError is null) FlushCore(_options.Fsync);
            }
            finally
            {
                if (_ownsStream) _stream.Dispose();
            }
        }
    }

    private static PcapngWriterOptions Validate(PcapngWriterOptions o)
    {
        if (o.FlushInterval <= TimeSpan.Zero || o.FlushInterval > TimeSpan.FromSeconds(1))
            throw new ArgumentOutOfRangeException(nameof(o), "FlushInterval must be in (0, 1 s]: at most one second of data may be at risk");
        if (o.BufferBytes < 4096) throw new ArgumentOutOfRangeException(nameof(o), "BufferBytes must be at least 4096");
        if (o.RotateAfterBytes is <= 0) throw new ArgumentOutOfRangeException(nameof(o), "RotateAfterBytes must be positive");
        if (o.RotateAfterTime is { } t && t <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(o), "RotateAfterTime must be positive");
        return o;
    }

    private bool ShouldRotate(int blockLength, long hostNs) =>
        (_options.RotateAfterBytes is { } maxBytes && _fileBytes + blockLength > maxBytes)
        || (_options.RotateAfterTime is { } span && hostNs - _fileFirstHostNs >= span.Ticks * 100L);

    private void Rotate()
    {
        FlushCore(_options.Fsync);
        _stream.Dispose();
        _stream = OpenFile(_files.Count);
        WriteSectionStart();
        foreach (var source in _sources) AppendBlock(BuildInterfaceBlock(source));
    }

    private FileStream OpenFile(int index)
    {
        string path = _basePath!;
        if (_options.Rotates)
        {
            string dir = Path.GetDirectoryName(path) ?? ".";
            string ext = Path.GetExtension(path);
            if (ext.Length == 0) ext = ".pcapng";
            path = Path.Combine(dir, $"{Path.GetFileNameWithoutExtension(path)}_{index:D5}{ext}");
        }
        var mode = _options.Overwrite ? FileMode.Create : FileMode.CreateNew;
        FileStream stream;
        try
        {
            stream = new FileStream(path, mode, FileAccess.Write, FileShare.Read, bufferSize: 0);
        }
        catch (IOException) when (!_options.Overwrite && File.Exists(path))
        {
            throw new IOException($"{path}: capture file already exists (refusing to overwrite it)");
        }
        _files.Add(path);
        _fileBytes = 0;
        _packetsInFile = 0;
        return stream;
    }

    private void WriteSectionStart()
    {
        var options = new OptionBuilder();
        if (_options.Hardware is { } hw) options.Add(PcapngFormat.ShbHardware, hw);
        if (_options.OperatingSystem is { } os) options.Add(PcapngFormat.ShbOs, os);
        options.Add(PcapngFormat.ShbUserAppl, _options.UserApplication);
        if (_options.BenchDescription is { } bench) options.Add(PcapngFormat.OptComment, PcapngFormat.BenchCommentPrefix + bench);
        var body = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(body, PcapngFormat.ByteOrderMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(4), PcapngFormat.MajorVersion);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(6), PcapngFormat.MinorVersion);
        BinaryPrimitives.WriteInt64LittleEndian(body.AsSpan(8), -1); // section length unknown: we stream
        AppendBlock(Block(PcapngFormat.SectionHeaderBlock, body, options.Build()));
    }

    private static byte[] BuildInterfaceBlock(CaptureSource source)
    {
        var options = new OptionBuilder();
        options.Add(PcapngFormat.IfName, source.Name);
        if (!string.IsNullOrEmpty(source.Description)) options.Add(PcapngFormat.IfDescription, source.Description);
        options.Add(PcapngFormat.IfTsResol, [9]); // 10^-9 s: host receive times in integer nanoseconds
        var body = new byte[8];
        BinaryPrimitives.WriteUInt16LittleEndian(body, (ushort)source.LinkType);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), 0); // snaplen 0: no limit
        return Block(PcapngFormat.InterfaceDescriptionBlock, body, options.Build());
    }

    private static byte[] Block(uint type, byte[] body, byte[] options)
    {
        int length = 12 + body.Length + options.Length;
        var block = new byte[length];
        BinaryPrimitives.WriteUInt32LittleEndian(block, type);
        BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(4), length);
        body.CopyTo(block, 8);
        options.CopyTo(block, 8 + body.Length);
        BinaryPrimitives.WriteInt32LittleEndian(block.AsSpan(length - 4), length);
        return block;
    }

    private static void EncodePacket(Span<byte> block, int sourceId, long hostNs, ReadOnlySpan<byte> payload, int blockLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(block, PcapngFormat.EnhancedPacketBlock);
        BinaryPrimitives.WriteInt32LittleEndian(block[4..], blockLength);
        BinaryPrimitives.WriteInt32LittleEndian(block[8..], sourceId);
        BinaryPrimitives.WriteUInt32LittleEndian(block[12..], (uint)((ulong)hostNs >> 32));
        BinaryPrimitives.WriteUInt32LittleEndian(block[16..], (uint)hostNs);
        BinaryPrimitives.WriteInt32LittleEndian(block[20..], payload.Length);
        BinaryPrimitives.WriteInt32LittleEndian(block[24..], payload.Length);
        payload.CopyTo(block[28..]);
        int padded = 28 + payload.Length;
        block[padded..(blockLength - 4)].Clear();
        BinaryPrimitives.WriteInt32LittleEndian(block[(blockLength - 4)..], blockLength);
    }

    private void AppendBlock(byte[] block)
    {
        if (_buffer.Length - _count < block.Length) Drain();
        if (block.Length > _buffer.Length) { _stream.Write(block); _unsynced = true; }
        else { block.CopyTo(_buffer, _count); _count += block.Length; }
        _fileBytes += block.Length;
        MarkPending();
    }

    private void MarkPending()
    {
        if (_oldestUnflushedTick < 0) _oldestUnflushedTick = Environment.TickCount64;
    }

    private void Drain()
    {
        if (_count == 0) return;
        _stream.Write(_buffer, 0, _count);
        _count = 0;
        _unsynced = true;
    }

    private void FlushCore(bool fsync)
    {
        Drain();
        if (_unsynced)
        {
            if (fsync && _stream is FileStream file) file.Flush(flushToDisk: true);
            else _stream.Flush();
            _unsynced = false;
        }
        _oldestUnflushedTick = -1;
    }

    private void TimerFlush()
    {
        lock (_gate)
        {
            if (_disposed || _backgroundError is not null || _oldestUnflushedTick < 0) return;
            try
            {
                FlushCore(_options.Fsync);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                _backgroundError = e; // rethrown on the next Write/Flush: a timer thread must not crash the agent
            }
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_backgroundError is { } e) throw new IOException($"capture writer failed while flushing: {e.Message}", e);
    }

    /// <summary>Builds a pcapng options list (code, length, value padded to 4, then opt_endofopt).</summary>
    private sealed class OptionBuilder
    {
        private readonly MemoryStream _bytes = new();

        public void Add(ushort code, string value) => Add(code, Encoding.UTF8.GetBytes(value));

        public void Add(ushort code, byte[] value)
        {
            if (value.Length > ushort.MaxValue) throw new ArgumentException($"option {code} longer than 65535 bytes");
            Span<byte> head = stackalloc byte[4];
            BinaryPrimitives.WriteUInt16LittleEndian(head, code);
            BinaryPrimitives.WriteUInt16LittleEndian(head[2..], (ushort)value.Length);
            _bytes.Write(head);
            _bytes.Write(value);
            for (int i = value.Length; i < PcapngFormat.Pad4(value.Length); i++) _bytes.WriteByte(0);
        }

        public byte[] Build()
        {
            if (_bytes.Length > 0) _bytes.Write([0, 0, 0, 0]); // opt_endofopt
            return _bytes.ToArray();
        }
    }
}
