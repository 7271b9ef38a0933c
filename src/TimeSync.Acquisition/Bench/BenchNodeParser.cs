using System.Text.Json;
using TimeSync.Core;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TimeSync.Acquisition.Bench;

/// <summary>Builds a <see cref="BenchNode"/> tree from JSON (System.Text.Json) or YAML (YamlDotNet).</summary>
internal static class BenchNodeParser
{
    private const int MaxDepth = 16;

    public static BenchNode FromJson(string json, string origin)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json, new JsonDocumentOptions
            {
                CommentHandling = JsonCommentHandling.Skip,
                AllowTrailingCommas = true,
                MaxDepth = MaxDepth,
            });
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long l ? $"{origin}:{l + 1}" : origin;
            throw new InputException(where, "not valid JSON: " + FirstSentence(e.Message));
        }
        using (doc) return FromJsonElement(doc.RootElement, "$", origin);
    }

    private static BenchNode FromJsonElement(JsonElement e, string path, string origin)
    {
        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
            {
                var members = new List<KeyValuePair<string, BenchNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var p in e.EnumerateObject())
                {
                    string childPath = path + "." + p.Name;
                    if (!seen.Add(p.Name)) throw new InputException($"{origin} {childPath}", "duplicate key");
                    members.Add(new(p.Name, FromJsonElement(p.Value, childPath, origin)));
                }
                return new ObjectNode(path, 0, members);
            }
            case JsonValueKind.Array:
            {
                var items = new List<BenchNode>();
                int i = 0;
                foreach (var item in e.EnumerateArray()) items.Add(FromJsonElement(item, $"{path}[{i++}]", origin));
                return new ArrayNode(path, 0, items);
            }
            case JsonValueKind.String: return new ScalarNode(path, 0, ScalarType.String, e.GetString()!);
            case JsonValueKind.Number: return new ScalarNode(path, 0, ScalarType.Number, e.GetRawText());
            case JsonValueKind.True: return new ScalarNode(path, 0, ScalarType.Boolean, "true");
            case JsonValueKind.False: return new ScalarNode(path, 0, ScalarType.Boolean, "false");
            default: return new ScalarNode(path, 0, ScalarType.Null, "null");
        }
    }

    public static BenchNode FromYaml(string yaml, string origin)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new InputException($"{origin}:{e.Start.Line}", "not valid YAML: " + FirstSentence(e.Message));
        }
        if (stream.Documents.Count == 0) throw new InputException(origin, "empty YAML document");
        if (stream.Documents.Count > 1)
            throw new InputException($"{origin}:{stream.Documents[1].RootNode.Start.Line}", "more than one YAML document");
        return FromYamlNode(stream.Documents[0].RootNode, "$", origin, 0);
    }

    private static BenchNode FromYamlNode(YamlNode node, string path, string origin, int depth)
    {
        int line = checked((int)node.Start.Line);
        if (depth > MaxDepth) throw new InputException($"{origin}:{line} {path}", "nested too deeply");
        switch (node)
        {
            case YamlMappingNode map:
            {
                var members = new List<KeyValuePair<string, BenchNode>>();
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var (k, v) in map.Children)
                {
                    if (k is not YamlScalarNode ks || ks.Value is null)
                        throw new InputException($"{origin}:{k.Start.Line} {path}", "keys must be plain strings");
                    string childPath = path + "." + ks.Value;
                    if (!seen.Add(ks.Value)) throw new InputException($"{origin}:{k.Start.Line} {childPath}", "duplicate key");
                    members.Add(new(ks.Value, FromYamlNode(v, childPath, origin, depth + 1)));
                }
                return new ObjectNode(path, line, members);
            }
            case YamlSequenceNode seq:
            {
                var items = new List<BenchNode>();
                int i = 0;
                foreach (var item in seq.Children) items.Add(FromYamlNode(item, $"{path}[{i++}]", origin, depth + 1));
                return new ArrayNode(path, line, items);
            }
            case YamlScalarNode s:
            {
                string text = s.Value ?? "";
                if (s.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted or ScalarStyle.Literal or ScalarStyle.Folded)
                    return new ScalarNode(path, line, ScalarType.String, text);
                if (text is "" or "~" or "null" or "Null" or "NULL") return new ScalarNode(path, line, ScalarType.Null, text);
                return new ScalarNode(path, line, ScalarType.Plain, text);
            }
            default:
                throw new InputException($"{origin}:{line} {path}", "aliases and tags are not supported");
        }
    }

    private static string FirstSentence(string message)
    {
        int nl = message.IndexOfAny(['\r', '\n']);
        return nl >= 0 ? message[..nl] : message;
    }
}
