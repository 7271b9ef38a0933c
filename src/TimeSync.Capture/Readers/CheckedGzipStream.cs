using System.Buffers.Binary;
using System.IO.Compression;
using TimeSync.Core;

namespace TimeSync.Capture.Readers;

/// <summary>
/// A gzip file's decompressed bytes, with the two faults .NET's <see cref="GZipStream"/> lets through made into one-line
/// <see cref="InputException"/>s naming the file: corrupt deflate data (an <see cref="InvalidDataException"/> with a
/// stack trace otherwise), and a truncated file, which <see cref="GZipStream"/> ends silently, its last line cut short
/// (a value like "-1.73384" read from "-1.73384e-08"). Truncation is found at the end by the trailer's ISIZE, the
/// uncompressed length mod 2^32 (RFC 1952 §2.3.1); a file of several gzip members (concatenated .gz files), whose trailer
/// counts the last member only, is recognised by a second member header and not checked.
/// </summary>
internal sealed class CheckedGzipStream : Stream
{
    private readonly FileStream _file;
    private readonly GZipStream _gzip;
    private readonly string _path;
    private long _total;
    private bool _checked;

    public CheckedGzipStream(FileStream file, string path)
    {
        _file = file;
        _path = path;
        _gzip = new GZipStream(file, CompressionMode.Decompress);
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n;
        try
        {
            n = _gzip.Read(buffer);
        }
        catch (InvalidDataException e)
        {
            throw new InputException(_path, $"gzip data corrupt after {_total} bytes of text ({e.Message.TrimEnd('.')})");
        }
        _total += n;
        if (n == 0 && buffer.Length > 0 && !_checked)
        {
            _checked = true;
            CheckLength();
        }
        return n;
    }

    private void CheckLength()
    {
        long length = _file.Length;
        if (length < 18) throw new InputException(_path, "gzip file ends inside its header (truncated)");
        Span<byte> trailer = stackalloc byte[4];
        _file.Position = length - 4;
        _file.ReadExactly(trailer);
        uint isize = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
        if (isize == (uint)_total || HasSecondMember()) return;
        throw new InputException(_path,
            $"gzip data ends early: {_total} bytes of text read, the trailer says {isize} (mod 2^32); the file is truncated");
    }

    /// <summary>A gzip member header after the first: ID1 ID2 CM=8, FLG with reserved bits clear, XFL 0/2/4, OS ≤ 13 or 255 (RFC 1952 §2.3).</summary>
    private bool HasSecondMember()
    {
        _file.Position = 0;
        var block = new byte[1 << 16];
        long offset = 0;
        int carry = 0;
        while (true)
        {
            int read = _file.Read(block, carry, block.Length - carry);
            if (read == 0) return false;
            int available = carry + read;
            for (int i = 0; i + 10 <= available; i++)
            {
                if (offset + i == 0) continue;
                if (block[i] == 0x1f && block[i + 1] == 0x8b && block[i + 2] == 8 && (block[i + 3] & 0xe0) == 0
                    && block[i + 8] is 0 or 2 or 4 && (block[i + 9] <= 13 || block[i + 9] == 255))
                    return true;
            }
            carry = Math.Min(9, available);
            Array.Copy(block, available - carry, block, 0, carry);
            offset += available - carry;
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _gzip.Dispose();
        base.Dispose(disposing);
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
