using System.Globalization;
using TimeSync.Acquisition.Bench;
using TimeSync.Core;

namespace TimeSync.Acquisition.Agent;

/// <summary>
/// The agent's configuration file: a bench description (<see cref="BenchDescription"/>, stored in every capture)
/// plus the agent-only top-level section <c>influx:</c> (<see cref="AgentInfluxSettings"/>), which is not part of the
/// bench description and so never reaches a capture. Errors name the file, line and key, as the bench's do.
/// </summary>
public sealed record AgentConfig(BenchDescription Bench, AgentInfluxSettings? Influx)
{
    /// <summary>Source name → "bench.yaml:12 $.sources[2]", for error lines that name the config.</summary>
    public IReadOnlyDictionary<string, string> SourceLocations { get; init; } = new Dictionary<string, string>();

    /// <summary>Top-level key of the InfluxDB section.</summary>
    public const string InfluxKey = "influx";

    /// <summary>Loads a file: YAML when it ends in .yaml/.yml, JSON otherwise.</summary>
    public static AgentConfig Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, "cannot read bench description: " + e.Message);
        }
        bool yaml = path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        var root = yaml ? BenchNodeParser.FromYaml(text, path) : BenchNodeParser.FromJson(text, path);
        return Read(root, path, Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    /// <summary>Parses YAML text; relative paths are resolved against <paramref name="baseDirectory"/> (default the current one).</summary>
    public static AgentConfig ParseYaml(string yaml, string origin = "bench.yaml", string? baseDirectory = null) =>
        Read(BenchNodeParser.FromYaml(yaml, origin), origin, baseDirectory ?? Directory.GetCurrentDirectory());

    private static AgentConfig Read(BenchNode root, string origin, string baseDirectory)
    {
        AgentInfluxSettings? influx = null;
        if (root is ObjectNode o && o.Members.Any(m => m.Key == InfluxKey))
        {
            influx = ReadInflux(o.Members.First(m => m.Key == InfluxKey).Value, origin, baseDirectory);
            root = new ObjectNode(o.Path, o.Line, [.. o.Members.Where(m => m.Key != InfluxKey)]);
        }
        return new AgentConfig(BenchDescriptionReader.Read(root, origin), influx)
        {
            SourceLocations = BenchDescriptionReader.LocateSources(root, origin),
        };
    }

    private static readonly string[] Keys =
        ["url", "org", "bucket", "tokenFile", "database", "retentionPolicy", "caFile", "benchTag", "spoolDirectory", "spoolMaxMegabytes", "rollingWindowSeconds"];

    private static AgentInfluxSettings ReadInflux(BenchNode node, string origin, string baseDirectory)
    {
        if (node is not ObjectNode section) throw Error(node, origin, $"expected an object, found {node.KindName}");
        foreach (var (key, value) in section.Members)
        {
            if (key is "token" or "password" or "username" or "user")
                throw Error(value, origin, $"'{key}' is not read from the configuration (it would sit in a file many can read and in captures' neighbours); "
                    + "give the token in INFLUX_TOKEN or a 'tokenFile', user and password in INFLUX_USERNAME/INFLUX_PASSWORD");
            if (!Keys.Contains(key)) throw Error(value, origin, $"unknown key '{key}' (known: {string.Join(", ", Keys)})");
        }
        string? Text(string key)
        {
            var n = section.Members.FirstOrDefault(m => m.Key == key).Value;
            if (n is null or ScalarNode { Type: ScalarType.Null }) return null;
            if (n is ScalarNode { Type: ScalarType.String or ScalarType.Plain } s) return s.Text;
            throw Error(n, origin, $"expected a string, found {n.KindName}");
        }
        double? Number(string key)
        {
            var n = section.Members.FirstOrDefault(m => m.Key == key).Value;
            if (n is null or ScalarNode { Type: ScalarType.Null }) return null;
            if (n is ScalarNode { Type: ScalarType.Number or ScalarType.Plain } s
                && double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                return v;
            throw Error(n, origin, $"expected a number, found {n.KindName}");
        }
        InputException ErrorAt(string key, string message)
        {
            var n = section.Members.FirstOrDefault(m => m.Key == key).Value;
            return n is null
                ? new InputException(section.Line > 0 ? $"{origin}:{section.Line} {section.Path}.{key}" : $"{origin} {section.Path}.{key}", message)
                : Error(n, origin, message);
        }
        string? PathOf(string key) => Text(key) is { } p ? Path.GetFullPath(p, baseDirectory) : null;

        var urlText = Text("url") ?? throw ErrorAt("url", "missing required key");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https"))
            throw ErrorAt("url", $"'{urlText}' is not an http or https URL, e.g. http://127.0.0.1:8086");
        if (!string.IsNullOrEmpty(url.UserInfo)) throw ErrorAt("url", "credentials in the URL are not allowed; use INFLUX_TOKEN, tokenFile or INFLUX_USERNAME/INFLUX_PASSWORD");
        string? org = Text("org"), bucket = Text("bucket"), database = Text("database"), rp = Text("retentionPolicy");
        bool v2 = org is not null || bucket is not null;
        if (v2 && database is not null) throw ErrorAt("database", "give either org and bucket (v2 API) or database (v1 API), not both");
        if (!v2 && database is null) throw ErrorAt("url", "give org and bucket (v2 API) or database (v1 API)");
        if (v2 && string.IsNullOrEmpty(org)) throw ErrorAt("org", "missing (the v2 API needs org and bucket)");
        if (v2 && string.IsNullOrEmpty(bucket)) throw ErrorAt("bucket", "missing (the v2 API needs org and bucket)");
        if (!v2 && Text("tokenFile") is not null) throw ErrorAt("tokenFile", "only applies with org and bucket (v2 API); the v1 API takes INFLUX_USERNAME/INFLUX_PASSWORD");
        if (v2 && rp is not null) throw ErrorAt("retentionPolicy", "only applies with database (v1 API)");
        double? mb = Number("spoolMaxMegabytes");
        if (mb is double m && !(m >= 1 && m == Math.Floor(m))) throw ErrorAt("spoolMaxMegabytes", "must be a whole number of MiB, at least 1");
        double window = Number("rollingWindowSeconds") ?? 60;
        if (!(window == 0 || window >= 1e-3)) throw ErrorAt("rollingWindowSeconds", "must be 0 (none) or at least 0.001 s");
        return new AgentInfluxSettings
        {
            Url = url,
            Org = org,
            Bucket = bucket,
            TokenFile = PathOf("tokenFile"),
            Database = database,
            RetentionPolicy = rp,
            CaFile = PathOf("caFile"),
            BenchTag = Text("benchTag"),
            SpoolDirectory = PathOf("spoolDirectory"),
            SpoolMaxMegabytes = mb is double n ? (long)n : null,
            RollingWindowSeconds = window,
        };
    }

    private static InputException Error(BenchNode node, string origin, string message) =>
        new(node.Line > 0 ? $"{origin}:{node.Line} {node.Path}" : $"{origin} {node.Path}", message);
}
