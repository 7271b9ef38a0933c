using System.Text;

namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// Splits a byte stream into text lines (LF, CR LF or CR) across raw events, with bounded memory: a line longer than
/// <see cref="MaxLineLength"/> is dropped and reported. Used by the counter decoders.
/// </summary>
internal sealed class TextLineFramer(string source, int maxLineLength = 256)
{
    public int MaxLineLength => maxLineLength;
    private readonly byte[] _line = new byte[maxLineLength];
    private int _length;
    private long _lineStart;
    private long _offset;
    private bool _overflow;

    /// <summary>Calls <paramref name="onLine"/> (text, stream offset of its first byte) for every complete, non-empty line.</summary>
    public void Push(ReadOnlySpan<byte> bytes, long hostTime, List<DecodedEvent> output, Action<string, long> onLine)
    {
        foreach (byte b in bytes)
        {
            long at = _offset++;
            if (b is (byte)'\n' or (byte)'\r')
            {
                if (_overflow)
                    output.Add(new DecodeProblem(source, hostTime, _lineStart, $"line longer than {maxLineLength} bytes, dropped"));
                else if (_length > 0)
                    onLine(Encoding.ASCII.GetString(_line, 0, _length), _lineStart);
                _length = 0;
                _overflow = false;
                continue;
            }
            if (_length == 0 && !_overflow) _lineStart = at;
            if (_length < maxLineLength) _line[_length++] = b;
            else _overflow = true;
        }
    }
}
