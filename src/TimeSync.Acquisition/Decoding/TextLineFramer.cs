namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// Splits a byte stream into text lines (LF, CR LF or CR) across raw events, with bounded memory: a line longer than
/// <see cref="MaxLineLength"/> is dropped and reported. Used by the counter decoders.
/// <para>Allocation-free: a line that lies whole inside one raw event is returned as a slice of it; only the start of a
/// line split across raw events is copied (into a fixed buffer of <see cref="MaxLineLength"/> bytes).</para>
/// </summary>
internal sealed class TextLineFramer(int maxLineLength = 256)
{
    public int MaxLineLength => maxLineLength;
    private readonly byte[] _line = new byte[maxLineLength];
    private int _length;
    private long _lineStart;
    private long _offset;   // stream offset of bytes[0] of the raw event being read
    private bool _overflow;

    /// <summary>
    /// The next complete, non-empty line of <paramref name="bytes"/> from <paramref name="pos"/> (advanced past it), with
    /// the stream offset of its first byte; <paramref name="tooLong"/> when it exceeded <see cref="MaxLineLength"/> (then
    /// <paramref name="line"/> is empty). False when the raw event is used up (an unterminated tail is kept for the next
    /// one). Call until false for every raw event; <paramref name="line"/> is valid until the next call.
    /// </summary>
    public bool Next(ReadOnlySpan<byte> bytes, ref int pos, out ReadOnlySpan<byte> line, out long lineStart, out bool tooLong)
    {
        while (pos < bytes.Length)
        {
            var rest = bytes[pos..];
            int eol = rest.IndexOfAny((byte)'\r', (byte)'\n');
            if (eol < 0)
            {
                Append(rest, _offset + pos);
                pos = bytes.Length;
                break;
            }
            var segment = rest[..eol];
            long segmentStart = _offset + pos;
            pos += eol + 1;
            if (_length == 0 && !_overflow)
            {
                if (segment.IsEmpty) continue; // the LF of CR LF, or an empty line
                lineStart = segmentStart;
                tooLong = segment.Length > maxLineLength;
                line = tooLong ? default : segment;
                return true;
            }
            Append(segment, segmentStart);
            lineStart = _lineStart;
            tooLong = _overflow;
            line = tooLong ? default : _line.AsSpan(0, _length);
            _length = 0;
            _overflow = false;
            return true;
        }
        _offset += bytes.Length;
        line = default;
        lineStart = 0;
        tooLong = false;
        return false;
    }

    private void Append(ReadOnlySpan<byte> part, long partStart)
    {
        if (part.IsEmpty) return;
        if (_length == 0 && !_overflow) _lineStart = partStart;
        int room = maxLineLength - _length;
        if (part.Length > room)
        {
            part = part[..room];
            _overflow = true;
        }
        part.CopyTo(_line.AsSpan(_length));
        _length += part.Length;
    }
}
