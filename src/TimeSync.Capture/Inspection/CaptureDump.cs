using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Capture.Inspection;

/// <summary>
/// <c>timesync capture dump</c>: one JSON object per event and line:
/// <c>{"source":"gnss","time":"2026-11-28T16:34:59.123456789Z","length":72,"text":"$GPRMC,...\r\n"}</c>;
/// "text" (JSON-escaped) when the payload is printable UTF-8 text, else "hex".
/// </summary>
public static class CaptureDump
{
    private static readonly JsonWriterOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping, SkipValidation = false };

    /// <summary>Writes the events (of <paramref name="sourceName"/> only, when given; at most <paramref name="limit"/>); returns how many.</summary>
    public static long Write(PcapngReader reader, Stream output, string? sourceName = null, long? limit = null)
    {
        long written = 0;
        using var json = new Utf8JsonWriter(output, Options);
        var newline = "\n"u8.ToArray();
        while ((limit is null || written < limit) && reader.TryRead(out var e))
        {
            var source = reader.Sources[e.SourceId];
            if (sourceName is not null && source.Name != sourceName) continue;
            json.Reset(output);
            json.WriteStartObject();
            json.WriteString("source", source.Name);
            json.WriteString("time", CaptureSummary.Iso(e.HostTimeUnixNanoseconds));
            json.WriteNumber("length", e.Payload.Length);
            var payload = e.Payload.Span;
            if (IsText(payload)) json.WriteString("text", Encoding.UTF8.GetString(payload));
            else json.WriteString("hex", Convert.ToHexStringLower(payload));
            json.WriteEndObject();
            json.Flush();
            output.Write(newline);
            written++;
        }
        output.Flush();
        return written;
    }

    /// <summary>Printable text: valid UTF-8 with no control characters except tab, CR and LF.</summary>
    public static bool IsText(ReadOnlySpan<byte> payload)
    {
        if (payload.Length == 0 || !System.Text.Unicode.Utf8.IsValid(payload)) return false;
        foreach (byte b in payload)
            if ((b < 0x20 && b is not (byte)'\t' and not (byte)'\r' and not (byte)'\n') || b == 0x7f) return false;
        return true;
    }
}
