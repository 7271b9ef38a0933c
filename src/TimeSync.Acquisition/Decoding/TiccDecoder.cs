namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// TAPR TICC text output (firmware TICC.ino; shared/research/peers.md): '#' lines are banner/config/headers and are
/// ignored; a data line ends with its tag, the value being the token before it:
/// timestamp and period modes <c>&lt;seconds&gt; chA|chB</c> → CounterReading channel "chA"/"chB" (time of the edge since
/// the counter started); time-interval mode <c>&lt;seconds&gt; TI(A-&gt;B)</c> (older firmware: a bare number) → channel "TI"; debug mode lines carry extra
/// leading columns, handled the same way. TimeLab mode's synthesized <c>chC</c> line (B−A folded onto chB's integer
/// part) is skipped: it repeats chA and chB. Values are parsed exactly (<see cref="ExactDecimal"/>, 0–12 decimals).
/// </summary>
public sealed class TiccDecoder(string source) : IStreamDecoder
{
    private readonly TextLineFramer _lines = new(source);

    public void Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, List<DecodedEvent> output) =>
        _lines.Push(bytes, hostTimeUnixNanoseconds, output, (line, offset) => Line(line, offset, hostTimeUnixNanoseconds, output));

    private void Line(string line, long offset, long hostTime, List<DecodedEvent> output)
    {
        var text = line.Trim();
        if (text.Length == 0 || text[0] == '#') return;
        var tokens = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 1)
        {
            // Firmware before the 2025 "TI(A->B)" suffix prints a bare interval in time-interval mode.
            if (ExactDecimal.TryParseSeconds(tokens[0], out var interval)) output.Add(new CounterReading(source, hostTime, "TI", interval));
            else output.Add(new DecodeProblem(source, hostTime, offset, $"not a TICC reading: '{Clip(text)}'"));
            return;
        }
        string tag = tokens[^1];
        string? channel = tag switch
        {
            "chA" or "chB" => tag,
            "TI(A->B)" => "TI",
            "chC" => null,
            _ => "?",
        };
        if (channel is null) return;
        if (channel == "?" || !ExactDecimal.TryParseSeconds(tokens[^2], out var value))
        {
            output.Add(new DecodeProblem(source, hostTime, offset, $"not a TICC reading: '{Clip(text)}'"));
            return;
        }
        output.Add(new CounterReading(source, hostTime, channel, value));
    }

    private static string Clip(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
