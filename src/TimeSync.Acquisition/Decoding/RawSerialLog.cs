namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// A raw serial log as <c>cat /dev/ttyUSB0 &gt; file</c> writes it, optionally preceded by a block of '#' comment lines
/// (gpsd's test logs carry one). Only a leading block is skipped: a '#' later in the stream is data.
/// </summary>
public static class RawSerialLog
{
    /// <summary>Length of the leading comment block: every line from the start that begins with '#', with its line end.</summary>
    public static int CommentBlockLength(ReadOnlySpan<byte> data)
    {
        int pos = 0;
        while (pos < data.Length && data[pos] == (byte)'#')
        {
            int nl = data[pos..].IndexOf((byte)'\n');
            if (nl < 0) return data.Length;
            pos += nl + 1;
        }
        return pos;
    }

    /// <summary>Decodes a whole log, feeding it in raw events of <paramref name="chunkSize"/> bytes (host time 0).</summary>
    public static List<DecodedEvent> Decode(ReadOnlySpan<byte> data, IStreamDecoder decoder, int chunkSize = 4096)
    {
        var output = new List<DecodedEvent>();
        var body = data[CommentBlockLength(data)..];
        for (int i = 0; i < body.Length; i += chunkSize)
            decoder.Push(body.Slice(i, Math.Min(chunkSize, body.Length - i)), 0, output);
        if (decoder is GnssStreamDecoder g) g.Complete(0, output);
        return output;
    }
}
