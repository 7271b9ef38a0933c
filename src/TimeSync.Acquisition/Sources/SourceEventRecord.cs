using System.Buffers;
using System.Text;
using System.Text.Json;

namespace TimeSync.Acquisition.Sources;

/// <summary>What happened to a source.</summary>
public enum SourceEventKind
{
    /// <summary>The source stopped delivering (device unplugged, vanished, could not be opened); the packet time is when this was noticed.</summary>
    Lost,
    /// <summary>The source delivers again; <see cref="SourceEventRecord.LostAtUnixNanoseconds"/> says since when it was away.</summary>
    Resumed,
}

/// <summary>
/// A source event as stored in a capture packet of link type LINKTYPE_USER2 (149) on the <see cref="InterfaceName"/>
/// interface: one UTF-8 JSON line (readable in <c>timesync capture dump</c> and tshark), e.g.
/// <code>{"v":1,"event":"lost","source":"gnss","reason":"IOException: device not present"}</code>
/// <code>{"v":1,"event":"resumed","source":"gnss","lostAtNs":1764355200123456789,"reason":"IOException: device not present"}</code>
/// The packet timestamp is the host time of the event (loss noticed, or reading resumed). Replay turns these into the
/// same label events the live run produced, so a gap in a live run is a gap in every replay of its capture.
/// </summary>
public sealed record SourceEventRecord(SourceEventKind Kind, string Source, string Reason, long? LostAtUnixNanoseconds = null)
{
    /// <summary>if_name of the interface that carries source events.</summary>
    public const string InterfaceName = "timesync-events";

    /// <summary>if_description of that interface.</summary>
    public const string InterfaceDescription = "timesync source events (JSON lines: lost, resumed)";

    public const int Version = 1;

    /// <summary>Reasons longer than this are cut (a record stays small whatever an exception says).</summary>
    public const int MaxReasonLength = 512;

    public static SourceEventRecord Lost(string source, string reason) => new(SourceEventKind.Lost, source, Cut(reason));

    public static SourceEventRecord Resumed(string source, long lostAtUnixNanoseconds, string reason) =>
        new(SourceEventKind.Resumed, source, Cut(reason), lostAtUnixNanoseconds);

    /// <summary>The packet payload: one JSON line ending in '\n', deterministic key order.</summary>
    public byte[] Encode()
    {
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("v", Version);
            w.WriteString("event", Kind == SourceEventKind.Lost ? "lost" : "resumed");
            w.WriteString("source", Source);
            if (LostAtUnixNanoseconds is long lost) w.WriteNumber("lostAtNs", lost);
            w.WriteString("reason", Reason);
            w.WriteEndObject();
        }
        buffer.Write("\n"u8);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Reads a payload; false with a one-line <paramref name="error"/> when it is not a record of this version.</summary>
    public static bool TryDecode(ReadOnlySpan<byte> payload, out SourceEventRecord? record, out string error)
    {
        record = null;
        if (payload.Length > 4096) { error = $"source event of {payload.Length} bytes (at most 4096)"; return false; }
        try
        {
            var reader = new Utf8JsonReader(payload.TrimEnd("\n"u8));
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) { error = "source event is not a JSON object"; return false; }
            if (!root.TryGetProperty("v", out var v) || !v.TryGetInt32(out int version) || version != Version)
            {
                error = $"source event version {(root.TryGetProperty("v", out var vv) ? vv.GetRawText() : "missing")}, this build reads {Version}";
                return false;
            }
            string? kind = Str(root, "event"), source = Str(root, "source"), reason = Str(root, "reason") ?? "";
            if (string.IsNullOrEmpty(source)) { error = "source event without a source"; return false; }
            switch (kind)
            {
                case "lost":
                    record = new SourceEventRecord(SourceEventKind.Lost, source, reason);
                    break;
                case "resumed":
                    if (!root.TryGetProperty("lostAtNs", out var l) || !l.TryGetInt64(out long lostAt))
                    {
                        error = "resumed source event without lostAtNs";
                        return false;
                    }
                    record = new SourceEventRecord(SourceEventKind.Resumed, source, reason, lostAt);
                    break;
                default:
                    error = $"unknown source event '{kind}'";
                    return false;
            }
            error = "";
            return true;
        }
        catch (JsonException e)
        {
            error = "source event is not JSON: " + e.Message.ReplaceLineEndings(" ");
            return false;
        }
    }

    private static string? Str(JsonElement o, string key) =>
        o.TryGetProperty(key, out var e) && e.ValueKind == JsonValueKind.String ? e.GetString() : null;

    private static string Cut(string reason)
    {
        string one = reason.ReplaceLineEndings(" ");
        return one.Length <= MaxReasonLength ? one : one[..MaxReasonLength] + "…";
    }

    public override string ToString() => Encoding.UTF8.GetString(Encode()).TrimEnd('\n');
}
