using System.Text;
using TimeSync.Acquisition.Bench;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;

namespace TimeSync.Acquisition.Decoding;

/// <summary>What a serial byte stream holds, for <see cref="FileDecoding"/>.</summary>
public enum StreamFormat
{
    /// <summary>Decide from the bench description (captures), the source name, or the first bytes.</summary>
    Auto,
    /// <summary>NMEA and/or UBX from a GNSS receiver.</summary>
    Gnss,
    /// <summary>TAPR TICC text.</summary>
    Ticc,
    /// <summary>One reading per line (53230A, SR620).</summary>
    Counter,
}

/// <summary>
/// Decodes a file: a raw serial log (as <c>cat /dev/ttyUSB0 &gt; file</c> writes it, optional leading '#' block) or a
/// TimeSync pcapng capture (every serial and PPS source). Streams in 64 KiB reads: memory does not grow with the file.
/// </summary>
public static class FileDecoding
{
    private const int ReadSize = 64 * 1024;

    public static StreamFormat ParseFormat(string text) => text.ToLowerInvariant() switch
    {
        "auto" => StreamFormat.Auto,
        "gnss" => StreamFormat.Gnss,
        "ticc" => StreamFormat.Ticc,
        "counter" => StreamFormat.Counter,
        _ => throw new InputException("--format", $"'{text}' is not one of auto, gnss, ticc, counter"),
    };

    public static IStreamDecoder CreateDecoder(StreamFormat format, string source) => format switch
    {
        StreamFormat.Ticc => new TiccDecoder(source),
        StreamFormat.Counter => new CounterLineDecoder(source),
        _ => new GnssStreamDecoder(source),
    };

    public static bool IsPcapng(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var f = Open(path);
        return f.ReadAtLeast(head, 4, throwOnEndOfStream: false) == 4 && head.SequenceEqual(PcapngMagic);
    }

    private static ReadOnlySpan<byte> PcapngMagic => [0x0A, 0x0D, 0x0D, 0x0A];

    /// <summary>Decoded events of the file in order; <see cref="DecodeProblem"/>s included (their offsets are stream offsets).</summary>
    public static IEnumerable<DecodedEvent> Decode(string path, StreamFormat format) =>
        IsPcapng(path) ? DecodeCapture(path, format) : DecodeRawLog(path, format);

    public static IEnumerable<DecodedEvent> DecodeRawLog(string path, StreamFormat format)
    {
        using var f = Open(path);
        var buffer = new byte[ReadSize];
        var output = new List<DecodedEvent>();
        IStreamDecoder? decoder = null;
        bool inComment = true, atLineStart = true;
        long skipped = 0; // length of the comment block: problem offsets are reported as file offsets
        int n;
        while ((n = f.Read(buffer, 0, buffer.Length)) > 0)
        {
            int start = 0;
            // Skip the leading block of '#' lines (it may span reads).
            while (inComment && start < n)
            {
                if (atLineStart && buffer[start] != (byte)'#') { inComment = false; break; }
                atLineStart = buffer[start] == (byte)'\n';
                start++;
                skipped++;
            }
            if (start == n) continue;
            if (decoder is null)
            {
                var f2 = format == StreamFormat.Auto ? Sniff(buffer.AsSpan(start, n - start)) : format;
                decoder = CreateDecoder(f2, f2.ToString().ToLowerInvariant());
            }
            decoder.Push(buffer.AsSpan(start, n - start), 0, output);
            foreach (var e in output) yield return e is DecodeProblem p ? p with { StreamOffset = p.StreamOffset + skipped } : e;
            output.Clear();
        }
        if (decoder is GnssStreamDecoder g)
        {
            g.Complete(0, output);
            foreach (var e in output) yield return e is DecodeProblem p ? p with { StreamOffset = p.StreamOffset + skipped } : e;
        }
    }

    public static IEnumerable<DecodedEvent> DecodeCapture(string path, StreamFormat format)
    {
        using var reader = new PcapngReader(path);
        BenchDescription? bench = null;
        if (reader.BenchDescription is string json)
        {
            try { bench = BenchDescription.ParseJson(json, path + " bench description"); }
            catch (InputException) { /* an unreadable description only costs the source kinds */ }
        }
        var decoders = new Dictionary<int, IStreamDecoder>();
        var output = new List<DecodedEvent>();
        foreach (var ev in reader.Events())
        {
            if (!decoders.TryGetValue(ev.SourceId, out var decoder))
            {
                var src = reader.Sources[ev.SourceId];
                decoder = src.LinkType switch
                {
                    CaptureLinkType.PpsEvent => new PpsRecordDecoder(src.Name),
                    CaptureLinkType.SerialBytes => CreateDecoder(format != StreamFormat.Auto ? format : FormatOf(src, bench, ev.Payload.Span), src.Name),
                    _ => null!,
                };
                decoders[ev.SourceId] = decoder;
            }
            if (decoder is null) continue; // Ethernet frames: not decoded here
            decoder.Push(ev.Payload.Span, ev.HostTimeUnixNanoseconds, output);
            foreach (var e in output) yield return e;
            output.Clear();
        }
        foreach (var d in decoders.Values.OfType<GnssStreamDecoder>()) d.Complete(0, output);
        foreach (var e in output) yield return e;
    }

    private static StreamFormat FormatOf(CaptureSource src, BenchDescription? bench, ReadOnlySpan<byte> first)
    {
        switch (bench?.FindSource(src.Name)?.Kind)
        {
            case SourceKinds.GnssSerial: return StreamFormat.Gnss;
            case SourceKinds.Ticc: return StreamFormat.Ticc;
            case SourceKinds.Counter: return StreamFormat.Counter;
        }
        return Sniff(first);
    }

    /// <summary>Guesses a stream's format from its first bytes: NMEA/UBX sync → GNSS; TICC tags → TICC; numbers → counter.</summary>
    public static StreamFormat Sniff(ReadOnlySpan<byte> head)
    {
        if (head.Length > 4096) head = head[..4096];
        if (head.IndexOf((ReadOnlySpan<byte>)[0xB5, 0x62]) >= 0) return StreamFormat.Gnss;
        string text = Encoding.ASCII.GetString(head);
        if (System.Text.RegularExpressions.Regex.IsMatch(text, @"\$[A-Z]{2}[A-Z]{3},")) return StreamFormat.Gnss;
        if (text.Contains(" chA", StringComparison.Ordinal) || text.Contains(" chB", StringComparison.Ordinal) || text.Contains("TI(A->B)", StringComparison.Ordinal))
            return StreamFormat.Ticc;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Where(l => !l.StartsWith('#')).Take(5).ToList();
        if (lines.Count > 0 && lines.All(l => ExactDecimal.TryParseSeconds(l.Split(',')[0], out _))) return StreamFormat.Counter;
        return StreamFormat.Gnss;
    }

    private static FileStream Open(string path)
    {
        try { return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message);
        }
    }
}
