namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// Counters that print one time-interval reading per line in seconds, e.g. Keysight 53230A (<c>+1.234567890123E-07</c>,
/// SCPI READ? in TINT mode) or SR620 (<c>1.23456789E-07</c>): each line → CounterReading channel "TI", exact to
/// 1 ps. Empty and '#' lines are ignored; several comma-separated readings on a line (53230A READ? with a sample count)
/// each become a reading. The value is start→stop as the counter measured it; the labeller applies the sign convention.
/// </summary>
public sealed class CounterLineDecoder(string source) : IStreamDecoder
{
    private readonly TextLineFramer _lines = new(4096);

    public void Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, List<DecodedEvent> output)
    {
        int pos = 0;
        while (_lines.Next(bytes, ref pos, out var line, out long offset, out bool tooLong))
        {
            if (tooLong) output.Add(new DecodeProblem(source, hostTimeUnixNanoseconds, offset, $"line longer than {_lines.MaxLineLength} bytes, dropped"));
            else Line(System.Text.Encoding.ASCII.GetString(line), offset, hostTimeUnixNanoseconds, output);
        }
    }

    private void Line(string line, long offset, long hostTime, List<DecodedEvent> output)
    {
        var text = line.Trim();
        if (text.Length == 0 || text[0] == '#') return;
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries))
        {
            if (ExactDecimal.TryParseSeconds(part, out var value)) output.Add(new CounterReading(source, hostTime, "TI", value));
            else output.Add(new DecodeProblem(source, hostTime, offset, $"not a counter reading: '{(part.Length > 80 ? part[..80] : part)}'"));
        }
    }
}
