using TimeSync.Core;

namespace TimeSync.Acquisition.Bench;

/// <summary>
/// What a bench is made of: its sources, the reference, and one channel per device under test.
/// Stored as JSON in every capture's section header comment (after <see cref="CaptureCommentPrefix"/>) and written
/// by hand as the agent's bench.yaml. Parse with <see cref="ParseJson"/> / <see cref="ParseYaml"/> (validated, errors
/// name the JSON path or YAML line); serialize with <see cref="ToJson"/> (deterministic: fixed key order, no whitespace
/// unless indented, shortest round-trip numbers).
/// </summary>
public sealed record BenchDescription(
    string Schema,
    string? Bench,
    string? Tool,
    string? Host,
    IReadOnlyList<SourceDescription> Sources,
    ReferenceDescription Reference,
    IReadOnlyList<ChannelDescription> Channels)
{
    /// <summary>The only schema this version reads and writes.</summary>
    public const string CurrentSchema = "timesync-bench/1";

    /// <summary>Prefix of the pcapng SHB opt_comment that holds the bench description JSON.</summary>
    public const string CaptureCommentPrefix = "timesync-bench:";

    /// <summary>The source with this name, or null.</summary>
    public SourceDescription? FindSource(string name)
    {
        foreach (var s in Sources) if (s.Name == name) return s;
        return null;
    }

    /// <summary>The channel with this name, or null.</summary>
    public ChannelDescription? FindChannel(string name)
    {
        foreach (var c in Channels) if (c.Name == name) return c;
        return null;
    }

    /// <summary>Parses and validates bench description JSON (comments and trailing commas allowed).</summary>
    /// <param name="origin">Where the text came from, for error messages ("capture.pcapng SHB comment").</param>
    public static BenchDescription ParseJson(string json, string origin = "bench description") =>
        BenchDescriptionReader.Read(BenchNodeParser.FromJson(json, origin), origin);

    /// <summary>Parses and validates the same shape written in YAML; errors carry the line number.</summary>
    public static BenchDescription ParseYaml(string yaml, string origin = "bench.yaml") =>
        BenchDescriptionReader.Read(BenchNodeParser.FromYaml(yaml, origin), origin);

    /// <summary>Loads a file: YAML when it ends in .yaml/.yml, JSON otherwise.</summary>
    public static BenchDescription Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, "cannot read bench description: " + e.Message);
        }
        return path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
            ? ParseYaml(text, path)
            : ParseJson(text, path);
    }

    /// <summary>
    /// Loads a file like <see cref="Load(string)"/> and says where each source is written: source name →
    /// "bench.yaml:12 $.sources[2]" (the line for YAML; the JSON path always), for error lines that name the config.
    /// </summary>
    public static BenchDescription Load(string path, out IReadOnlyDictionary<string, string> sourceLocations)
    {
        var bench = Load(path);
        string text = File.ReadAllText(path);
        bool yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        sourceLocations = BenchDescriptionReader.LocateSources(yaml ? BenchNodeParser.FromYaml(text, path) : BenchNodeParser.FromJson(text, path), path);
        return bench;
    }

    /// <summary>Reads the description from a capture's SHB comment ("timesync-bench:{...}").</summary>
    public static BenchDescription FromCaptureComment(string comment, string origin = "capture SHB comment")
    {
        if (!comment.StartsWith(CaptureCommentPrefix, StringComparison.Ordinal))
            throw new InputException(origin, $"comment does not start with '{CaptureCommentPrefix}'");
        return ParseJson(comment[CaptureCommentPrefix.Length..], origin);
    }

    /// <summary>The SHB comment text for a capture: prefix + compact JSON.</summary>
    public string ToCaptureComment() => CaptureCommentPrefix + ToJson();

    /// <summary>Deterministic JSON: keys in schema order, optional members omitted when unset.</summary>
    public string ToJson(bool indented = false) => BenchDescriptionWriter.Write(this, indented);
}

/// <summary>Source kinds (the <c>kind</c> key) and what their raw events hold.</summary>
public static class SourceKinds
{
    /// <summary>GNSS receiver on a serial port: NMEA and/or u-blox UBX byte stream (LINKTYPE_USER0).</summary>
    public const string GnssSerial = "gnss-serial";
    /// <summary>TAPR TICC on a serial port: text lines "&lt;seconds&gt; chA" or "&lt;seconds&gt; TI(A->B)" (LINKTYPE_USER0).</summary>
    public const string Ticc = "ticc";
    /// <summary>One-reading-per-line interval counter (Keysight 53230A, SR620) on a serial port (LINKTYPE_USER0).</summary>
    public const string Counter = "counter";
    /// <summary>Linux kernel PPS device /dev/ppsN (RFC 2783); PPS event records (LINKTYPE_USER1).</summary>
    public const string Pps = "pps";
    /// <summary>GPIO edge through libgpiod; PPS event records (LINKTYPE_USER1).</summary>
    public const string GpioPps = "gpio-pps";
    /// <summary>Serial DCD line changes; PPS event records (LINKTYPE_USER1).</summary>
    public const string DcdPps = "dcd-pps";

    public static readonly IReadOnlyList<string> All = [GnssSerial, Ticc, Counter, Pps, GpioPps, DcdPps];

    /// <summary>True for kinds whose events are PPS edge records.</summary>
    public static bool IsPps(string kind) => kind is Pps or GpioPps or DcdPps;

    /// <summary>True for kinds that produce <c>CounterReading</c>s.</summary>
    public static bool IsCounter(string kind) => kind is Ticc or Counter;
}

/// <summary>One physical source. Optional members apply to some kinds only (see README).</summary>
public sealed record SourceDescription(
    string Name,
    string Kind,
    string? Device = null,
    int? Baud = null,
    string? Receiver = null,
    string? Mode = null,
    string? Model = null,
    int? GpioLine = null)
{
    /// <summary>TICC mode ("timestamp" or "interval"); timestamp when unset.</summary>
    public string EffectiveMode => Mode ?? TiccModes.Timestamp;
}

/// <summary>TICC output modes.</summary>
public static class TiccModes
{
    public const string Timestamp = "timestamp";
    public const string Interval = "interval";
}

/// <summary>
/// The reference: the GNSS source whose messages name each UTC second, where its PPS edge is measured, and the
/// antenna cable delay (not compensated in the receiver) that makes its PPS late.
/// </summary>
/// <summary>
/// The <c>messageOrder</c> key of the reference: whether the receiver's NMEA/UBX time message for second S comes
/// after or before the PPS edge of S. <c>auto</c> (default) decides from the data; <c>after</c>/<c>before</c> settle it
/// for a receiver whose messages trail the edge by about half a second or more, where the data alone cannot tell
/// (no TIM-TP, host clock not disciplined): the labeller then reports conclusive contrary evidence instead of following it.
/// </summary>
public static class ReferenceMessageOrders
{
    public const string Auto = "auto";
    public const string After = "after";
    public const string Before = "before";
    public static readonly IReadOnlyList<string> All = [Auto, After, Before];
}

public sealed record ReferenceDescription(
    string Labels,
    string? Pps = null,
    double AntennaCableDelaySeconds = 0,
    bool QErrCorrection = true,
    string MessageOrder = ReferenceMessageOrders.Auto)
{
    /// <summary>The source part of <see cref="Pps"/> ("ticc" of "ticc:chA"), or null.</summary>
    public string? PpsSource => Pps is null ? null : (Pps.IndexOf(':') is var i and >= 0 ? Pps[..i] : Pps);

    /// <summary>The input part of <see cref="Pps"/> ("chA" of "ticc:chA"), or null for a PPS source.</summary>
    public string? PpsInput => Pps is null ? null : (Pps.IndexOf(':') is var i and >= 0 ? Pps[(i + 1)..] : null);
}

/// <summary>Labelling methods (the <c>method</c> key of a channel).</summary>
public static class ChannelMethods
{
    /// <summary>Time-interval counter, reference on one input, DUT on the other.</summary>
    public const string Ticc = "ticc";
    /// <summary>DUT PPS on the GNSS receiver's EXTINT, UBX TIM-TM2 time marks.</summary>
    public const string TimTm2 = "tim-tm2";
    /// <summary>Two host-timestamped PPS sources.</summary>
    public const string Pps = "pps";

    public static readonly IReadOnlyList<string> All = [Ticc, TimTm2, Pps];
}

/// <summary>
/// One device under test. Members used depend on <see cref="Method"/>: ticc → Counter, ReferenceInput, DutInput;
/// tim-tm2 → Receiver, Extint; pps → Reference, Dut. Delays are in seconds (about 5 ns per metre of coax).
/// </summary>
public sealed record ChannelDescription(
    string Name,
    string Method,
    string? Counter = null,
    string? ReferenceInput = null,
    string? DutInput = null,
    string? Receiver = null,
    int? Extint = null,
    string? Reference = null,
    string? Dut = null,
    double DutCableDelaySeconds = 0,
    double ReferenceCableDelaySeconds = 0);
