using System.Text;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// TAPR TICC text output (firmware TICC.ino; shared/research/peers.md): '#' lines are banner/config/headers and are
/// ignored; a data line ends with its tag, the value being the token before it:
/// timestamp and period modes <c>&lt;seconds&gt; chA|chB</c> → CounterReading channel "chA"/"chB" (time of the edge since
/// the counter started); time-interval mode <c>&lt;seconds&gt; TI(A-&gt;B)</c> (older firmware: a bare number) → channel "TI"; debug mode lines carry extra
/// leading columns, handled the same way. TimeLab mode's synthesized <c>chC</c> line (B−A folded onto chB's integer
/// part) is skipped: it repeats chA and chB. Values are parsed exactly (<see cref="ExactDecimal"/>, 0–12 decimals).
/// <para>Speed: a well-formed line (printable ASCII, <c>[±]digits[.digits] tag</c>) is parsed straight from its bytes
/// without allocating (only the <see cref="CounterReading"/> itself); anything else takes the general text path, which
/// gives the same result for the lines both accept.</para>
/// </summary>
public sealed class TiccDecoder(string source) : IStreamDecoder, IValueStreamDecoder
{
    private const string ChA = "chA", ChB = "chB", TI = "TI";
    private readonly TextLineFramer _lines = new();

    private readonly DecodedEventBuffer _scratch = new();

    public void Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, List<DecodedEvent> output) =>
        _scratch.PushAsRecords(this, bytes, hostTimeUnixNanoseconds, output);

    void IValueStreamDecoder.Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, DecodedEventBuffer output) =>
        PushValues(bytes, hostTimeUnixNanoseconds, output);

    /// <summary>The value path, callable without interface dispatch.</summary>
    internal void PushValues(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, DecodedEventBuffer output)
    {
        int pos = 0;
        while (_lines.Next(bytes, ref pos, out var line, out long offset, out bool tooLong))
        {
            if (tooLong) output.Add(new DecodeProblem(source, hostTimeUnixNanoseconds, offset, $"line longer than {_lines.MaxLineLength} bytes, dropped"));
            else if (!TryFast(line, hostTimeUnixNanoseconds, output)) Line(Encoding.ASCII.GetString(line), offset, hostTimeUnixNanoseconds, output);
        }
    }

    /// <summary>The common line, from its bytes; false to hand it to the general path (which reports problems).</summary>
    private bool TryFast(ReadOnlySpan<byte> line, long hostTime, DecodedEventBuffer output)
    {
        // The exact shape the TICC prints, "<[±]digits[.digits]> <chA|chB|TI(A->B)>" with one space: the checks below
        // would find the same tag and value (no other blank, nothing to trim, printable), so take it directly.
        int space = line.IndexOf((byte)' ');
        if (space > 0)
        {
            var exactTag = line[(space + 1)..];
            string? exactChannel = exactTag.SequenceEqual("chA"u8) ? ChA
                : exactTag.SequenceEqual("chB"u8) ? ChB
                : exactTag.SequenceEqual("TI(A->B)"u8) ? TI
                : null;
            if (exactChannel is not null && TryParseSimpleSeconds(line[..space], out var exactSeconds))
            {
                output.AddCounter(source, hostTime, exactChannel, exactSeconds);
                return true;
            }
        }
        // Printable ASCII and tabs only: then trimming and splitting on ' '/'\t' is all string.Trim/Split would do.
        if (line.ContainsAnyExcept(Printable)) return false;
        line = line.Trim(Blanks);
        if (line.IsEmpty || line[0] == (byte)'#') return true; // ignored, as on the general path
        int sep = line.LastIndexOfAny(Blanks);
        if (sep < 0) return false; // a bare number (old interval firmware) or junk
        var tag = line[(sep + 1)..];
        string? channel;
        if (tag.SequenceEqual("chA"u8)) channel = ChA;
        else if (tag.SequenceEqual("chB"u8)) channel = ChB;
        else if (tag.SequenceEqual("TI(A->B)"u8)) channel = TI;
        else if (tag.SequenceEqual("chC"u8)) return true;
        else return false;
        var head = line[..sep].TrimEnd(Blanks);
        var value = head[(head.LastIndexOfAny(Blanks) + 1)..];
        if (!TryParseSimpleSeconds(value, out var seconds)) return false;
        output.AddCounter(source, hostTime, channel, seconds);
        return true;
    }

    private static readonly System.Buffers.SearchValues<byte> Printable =
        System.Buffers.SearchValues.Create([(byte)'\t', .. Enumerable.Range(' ', '~' - ' ' + 1).Select(c => (byte)c)]);

    private static ReadOnlySpan<byte> Blanks => " \t"u8;

    /// <summary>
    /// <c>[+|-]d…d[.d…d]</c> with 1–18 integer and 0–12 fraction digits → exact seconds (what
    /// <see cref="ExactDecimal.TryParseSeconds"/> gives for the same text); false for anything else.
    /// </summary>
    internal static bool TryParseSimpleSeconds(ReadOnlySpan<byte> s, out Duration value)
    {
        value = default;
        bool negative = false;
        if (!s.IsEmpty && s[0] is (byte)'+' or (byte)'-') { negative = s[0] == (byte)'-'; s = s[1..]; }
        int dot = s.IndexOf((byte)'.');
        var whole = dot < 0 ? s : s[..dot];
        var fraction = dot < 0 ? default : s[(dot + 1)..];
        if (whole.Length is 0 or > 18 || fraction.Length > 12) return false;
        long seconds = 0, picoseconds = 0;
        foreach (byte c in whole)
        {
            uint d = (uint)(c - '0');
            if (d > 9) return false;
            seconds = seconds * 10 + d;
        }
        foreach (byte c in fraction)
        {
            uint d = (uint)(c - '0');
            if (d > 9) return false;
            picoseconds = picoseconds * 10 + d;
        }
        for (int k = fraction.Length; k < 12; k++) picoseconds *= 10;
        value = negative ? -new Duration(seconds, picoseconds) : new Duration(seconds, picoseconds);
        return true;
    }

    private void Line(string line, long offset, long hostTime, DecodedEventBuffer output)
    {
        var text = line.Trim();
        if (text.Length == 0 || text[0] == '#') return;
        var tokens = text.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (tokens.Length == 1)
        {
            // Firmware before the 2025 "TI(A->B)" suffix prints a bare interval in time-interval mode.
            if (ExactDecimal.TryParseSeconds(tokens[0], out var interval)) output.Add(DecodedEventValue.Counter(source, hostTime, TI, interval));
            else output.Add(new DecodeProblem(source, hostTime, offset, $"not a TICC reading: '{Clip(text)}'"));
            return;
        }
        string tag = tokens[^1];
        string? channel = tag switch
        {
            "chA" => ChA,
            "chB" => ChB,
            "TI(A->B)" => TI,
            "chC" => null,
            _ => "?",
        };
        if (channel is null) return;
        if (channel == "?" || !ExactDecimal.TryParseSeconds(tokens[^2], out var value))
        {
            output.Add(new DecodeProblem(source, hostTime, offset, $"not a TICC reading: '{Clip(text)}'"));
            return;
        }
        output.Add(DecodedEventValue.Counter(source, hostTime, channel, value));
    }

    private static string Clip(string s) => s.Length > 80 ? s[..80] + "…" : s;
}
