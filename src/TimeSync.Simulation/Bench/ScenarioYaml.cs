using System.Globalization;
using System.Text;
using System.Text.Json;
using TimeSync.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TimeSync.Simulation.Bench;

/// <summary>
/// A YAML scenario rewritten as JSON with one key or item per line, so that System.Text.Json's error line maps back to
/// the YAML line (<see cref="YamlLine"/>) and each JSON path to the line of its key (<see cref="LineOf"/>).
/// Plain scalars become JSON numbers when they read as numbers, booleans for true/false, null for null/~/empty;
/// quoted scalars stay strings; a string key accepts a plain number (name: 2026) through <see cref="Options"/>.
/// </summary>
internal sealed class ScenarioYaml
{
    private readonly StringBuilder _json = new();
    private readonly List<long> _yamlLineOfJsonLine = [];
    private readonly Dictionary<string, long> _lineOfPath = new(StringComparer.Ordinal);
    private readonly string _origin;

    private ScenarioYaml(string origin) => _origin = origin;

    public string Json => _json.ToString();

    /// <summary>Deserializer options for the converted JSON: <paramref name="file"/>'s, plus plain numbers read as strings.</summary>
    public static JsonSerializerOptions Options(JsonSerializerOptions file) => new(file) { Converters = { new PlainScalarStringConverter() } };

    /// <summary>A YAML plain scalar like 2026 where a string is expected: its text.</summary>
    private sealed class PlainScalarStringConverter : System.Text.Json.Serialization.JsonConverter<string>
    {
        public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString(),
            JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
            JsonTokenType.True => "true",
            JsonTokenType.False => "false",
            _ => throw new JsonException($"expected a string, got {reader.TokenType}"),
        };

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>YAML line (1-based) of a JSON line (0-based), as System.Text.Json reports it.</summary>
    public long YamlLine(long jsonLine) => _yamlLineOfJsonLine.Count == 0 ? 1 : _yamlLineOfJsonLine[(int)Math.Clamp(jsonLine, 0, _yamlLineOfJsonLine.Count - 1)];

    /// <summary>YAML line of a key path like "duts[0].servo.reference", or of its nearest ancestor present in the file.</summary>
    public long? LineOf(string path)
    {
        for (string p = path; p.Length > 0; p = Parent(p))
            if (_lineOfPath.TryGetValue(p, out long line)) return line;
        return null;

        static string Parent(string p)
        {
            int cut = Math.Max(p.LastIndexOf('.'), p.LastIndexOf('['));
            return cut <= 0 ? "" : p[..cut];
        }
    }

    public static ScenarioYaml Convert(string yaml, string origin)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e) { throw new InputException($"{origin}:{e.Start.Line}", "not valid YAML: " + e.Message.Split('\n')[0].Trim()); }
        catch (InvalidOperationException) { throw new InputException(origin, "not valid YAML (an unterminated flow sequence or mapping?)"); } // YamlDotNet 16 on some malformed input
        if (stream.Documents.Count != 1) throw new InputException(origin, stream.Documents.Count == 0 ? "empty YAML document" : "more than one YAML document");
        var converter = new ScenarioYaml(origin);
        converter.NewLine(stream.Documents[0].RootNode.Start.Line);
        converter.Emit(stream.Documents[0].RootNode, "", 0);
        return converter;
    }

    private void NewLine(long yamlLine)
    {
        if (_yamlLineOfJsonLine.Count > 0) _json.Append('\n');
        _yamlLineOfJsonLine.Add(yamlLine);
    }

    private void Emit(YamlNode node, string path, int depth)
    {
        if (depth > 32) throw new InputException($"{_origin}:{node.Start.Line}", "nested too deeply");
        switch (node)
        {
            case YamlMappingNode map:
                _json.Append('{');
                bool first = true;
                foreach (var (k, v) in map.Children)
                {
                    if (k is not YamlScalarNode { Value: { } key })
                        throw new InputException($"{_origin}:{k.Start.Line}", "keys must be plain strings");
                    if (!first) _json.Append(',');
                    first = false;
                    NewLine(k.Start.Line);
                    string childPath = path.Length == 0 ? key : path + "." + key;
                    if (!_lineOfPath.TryAdd(childPath, k.Start.Line)) throw new InputException($"{_origin}:{k.Start.Line}", $"{childPath}: duplicate key");
                    _json.Append(JsonSerializer.Serialize(key)).Append(": ");
                    Emit(v, childPath, depth + 1);
                }
                NewLine(node.End.Line);
                _json.Append('}');
                break;
            case YamlSequenceNode seq:
                _json.Append('[');
                int i = 0;
                foreach (var item in seq.Children)
                {
                    if (i > 0) _json.Append(',');
                    NewLine(item.Start.Line);
                    string itemPath = $"{path}[{i++}]";
                    _lineOfPath.TryAdd(itemPath, item.Start.Line);
                    Emit(item, itemPath, depth + 1);
                }
                NewLine(node.End.Line);
                _json.Append(']');
                break;
            case YamlScalarNode s:
                _json.Append(Scalar(s));
                break;
            default:
                throw new InputException($"{_origin}:{node.Start.Line}", "aliases and tags are not supported");
        }
    }

    private static string Scalar(YamlScalarNode s)
    {
        string text = s.Value ?? "";
        if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
            return JsonSerializer.Serialize(text);
        if (text is "" or "~" or "null" or "Null" or "NULL") return "null";
        if (text is "true" or "True" or "TRUE") return "true";
        if (text is "false" or "False" or "FALSE") return "false";
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
            return v.ToString("R", CultureInfo.InvariantCulture);
        return JsonSerializer.Serialize(text);
    }
}
