namespace TimeSync.Capture.Readers;

/// <summary>
/// Reads lines ("\n", "\r\n" or "\r") keeping at most <c>maxChars</c> characters of each, in 64 Ki-character chunks:
/// a 100 MB line costs a bounded buffer and is scanned with vectorised searches, not character by character.
/// </summary>
internal sealed class BoundedLineReader(TextReader reader, int maxChars = 4096)
{
    private readonly char[] _chunk = new char[1 << 16];
    private readonly char[] _line = new char[maxChars];
    private int _pos, _len;
    private bool _eof;

    /// <summary>True when the last line returned was longer than the limit and was cut.</summary>
    public bool LastLineTruncated { get; private set; }

    public string? ReadLine()
    {
        int count = 0;
        bool any = false;
        LastLineTruncated = false;
        while (true)
        {
            if (_pos == _len && !Refill()) break;
            any = true;
            var span = _chunk.AsSpan(_pos, _len - _pos);
            int i = span.IndexOfAny('\r', '\n');
            int take = i < 0 ? span.Length : i;
            int room = _line.Length - count;
            if (take > room) LastLineTruncated = true;
            span[..Math.Min(take, room)].CopyTo(_line.AsSpan(count));
            count += Math.Min(take, room);
            if (i < 0) { _pos = _len; continue; }
            _pos += i + 1;
            if (span[i] == '\r' && (_pos < _len || Refill()) && _chunk[_pos] == '\n') _pos++;
            return new string(_line, 0, count);
        }
        return any ? new string(_line, 0, count) : null;
    }

    private bool Refill()
    {
        if (_eof) return false;
        _len = reader.Read(_chunk, 0, _chunk.Length);
        _pos = 0;
        if (_len > 0) return true;
        _len = 0;
        _eof = true;
        return false;
    }
}
