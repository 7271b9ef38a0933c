namespace TimeSync.Acquisition.Bench;

/// <summary>
/// A format-neutral tree of a parsed JSON or YAML document, each node knowing its JSON path and (for YAML) its line,
/// so that one validator serves both formats with errors that say where.
/// </summary>
internal abstract class BenchNode(string path, int line)
{
    /// <summary>JSON path, e.g. "$.channels[1].counter".</summary>
    public string Path { get; } = path;

    /// <summary>1-based line in the source text, 0 when unknown (JSON).</summary>
    public int Line { get; } = line;

    public abstract string KindName { get; }
}

internal sealed class ObjectNode(string path, int line, IReadOnlyList<KeyValuePair<string, BenchNode>> members) : BenchNode(path, line)
{
    public IReadOnlyList<KeyValuePair<string, BenchNode>> Members { get; } = members;
    public override string KindName => "an object";
}

internal sealed class ArrayNode(string path, int line, IReadOnlyList<BenchNode> items) : BenchNode(path, line)
{
    public IReadOnlyList<BenchNode> Items { get; } = items;
    public override string KindName => "an array";
}

internal enum ScalarType { String, Number, Boolean, Null, Plain }

/// <summary>A scalar; <see cref="ScalarType.Plain"/> is an unquoted YAML scalar whose type is decided by the reader.</summary>
internal sealed class ScalarNode(string path, int line, ScalarType type, string text) : BenchNode(path, line)
{
    public ScalarType Type { get; } = type;
    public string Text { get; } = text;
    public override string KindName => Type switch
    {
        ScalarType.String => "a string",
        ScalarType.Number => "a number",
        ScalarType.Boolean => "a boolean",
        ScalarType.Null => "null",
        _ => $"'{Text}'",
    };
}
