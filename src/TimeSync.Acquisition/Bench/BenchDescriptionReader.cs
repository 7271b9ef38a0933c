using System.Globalization;
using TimeSync.Core;

namespace TimeSync.Acquisition.Bench;

/// <summary>Maps a <see cref="BenchNode"/> tree to a validated <see cref="BenchDescription"/>.</summary>
internal static class BenchDescriptionReader
{
    /// <summary>Delays larger than this are certainly a unit mistake (ns written as s).</summary>
    private const double MaxDelaySeconds = 0.01;

    public static BenchDescription Read(BenchNode root, string origin)
    {
        var o = new Members(root, origin);
        string schema = o.RequiredString("schema");
        if (schema != BenchDescription.CurrentSchema)
            throw o.ErrorAt("schema", $"unsupported schema '{schema}', expected '{BenchDescription.CurrentSchema}'");
        string? bench = o.OptionalString("bench");
        string? tool = o.OptionalString("tool");
        string? host = o.OptionalString("host");

        var sources = new List<SourceDescription>();
        var sourceNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in o.RequiredArray("sources"))
        {
            var s = ReadSource(new Members(node, origin));
            if (!sourceNames.Add(s.Name)) throw new Members(node, origin).ErrorAt("name", $"duplicate source name '{s.Name}'");
            sources.Add(s);
        }
        if (sources.Count == 0) throw o.ErrorAt("sources", "at least one source is needed");

        var refMembers = new Members(o.Required("reference"), origin);
        var reference = ReadReference(refMembers, sources);

        var channels = new List<ChannelDescription>();
        var channelNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in o.RequiredArray("channels"))
        {
            var m = new Members(node, origin);
            var c = ReadChannel(m, sources, reference);
            if (!channelNames.Add(c.Name)) throw m.ErrorAt("name", $"duplicate channel name '{c.Name}'");
            channels.Add(c);
        }
        o.RejectUnknown();
        return new BenchDescription(schema, bench, tool, host, sources, reference, channels);
    }

    /// <summary>Source name → "origin:line $.sources[i]" (no line for JSON) of an already validated tree.</summary>
    public static IReadOnlyDictionary<string, string> LocateSources(BenchNode root, string origin)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (root is not ObjectNode o) return result;
        foreach (var (key, value) in o.Members)
        {
            if (key != "sources" || value is not ArrayNode a) continue;
            foreach (var item in a.Items)
            {
                if (item is not ObjectNode s) continue;
                foreach (var (k, v) in s.Members)
                    if (k == "name" && v is ScalarNode n)
                        result[n.Text] = s.Line > 0 ? $"{origin}:{s.Line} {s.Path}" : $"{origin} {s.Path}";
            }
        }
        return result;
    }

    private static SourceDescription ReadSource(Members m)
    {
        string name = m.RequiredName("name");
        string kind = m.RequiredString("kind");
        if (!SourceKinds.All.Contains(kind))
            throw m.ErrorAt("kind", $"unknown source kind '{kind}' (expected one of {string.Join(", ", SourceKinds.All)})");
        string? device = m.OptionalString("device");
        int? baud = m.OptionalInt("baud", 50, 10_000_000);
        string? receiver = m.OptionalString("receiver");
        string? mode = m.OptionalString("mode");
        if (mode is not null)
        {
            if (kind != SourceKinds.Ticc) throw m.ErrorAt("mode", $"'mode' applies to kind '{SourceKinds.Ticc}' only");
            if (mode is not (TiccModes.Timestamp or TiccModes.Interval))
                throw m.ErrorAt("mode", $"unknown TICC mode '{mode}' (expected '{TiccModes.Timestamp}' or '{TiccModes.Interval}')");
        }
        string? model = m.OptionalString("model");
        int? gpioLine = m.OptionalInt("gpioLine", 0, 4095);
        m.RejectUnknown();
        return new SourceDescription(name, kind, device, baud, receiver, mode, model, gpioLine);
    }

    private static ReferenceDescription ReadReference(Members m, List<SourceDescription> sources)
    {
        string labels = m.RequiredString("labels");
        var labelSource = sources.Find(s => s.Name == labels) ?? throw m.ErrorAt("labels", $"no source named '{labels}'");
        if (labelSource.Kind != SourceKinds.GnssSerial)
            throw m.ErrorAt("labels", $"source '{labels}' is a '{labelSource.Kind}', the labels come from a '{SourceKinds.GnssSerial}' source");
        string? pps = m.OptionalString("pps");
        if (pps is not null)
        {
            int colon = pps.IndexOf(':');
            string src = colon >= 0 ? pps[..colon] : pps;
            var s = sources.Find(x => x.Name == src) ?? throw m.ErrorAt("pps", $"no source named '{src}'");
            if (colon >= 0)
            {
                if (!SourceKinds.IsCounter(s.Kind)) throw m.ErrorAt("pps", $"'{src}' is a '{s.Kind}'; '<source>:<input>' names a counter input");
                if (pps.Length == colon + 1) throw m.ErrorAt("pps", "empty counter input after ':'");
            }
            else if (!SourceKinds.IsPps(s.Kind))
                throw m.ErrorAt("pps", $"'{src}' is a '{s.Kind}'; name a PPS source or '<counter>:<input>'");
        }
        double antenna = m.OptionalDelay("antennaCableDelaySeconds", MaxDelaySeconds);
        bool qErr = m.OptionalBool("qErrCorrection") ?? true;
        string order = m.OptionalString("messageOrder") ?? ReferenceMessageOrders.Auto;
        if (!ReferenceMessageOrders.All.Contains(order))
            throw m.ErrorAt("messageOrder", $"'{order}' is not one of {string.Join(", ", ReferenceMessageOrders.All)}");
        m.RejectUnknown();
        return new ReferenceDescription(labels, pps, antenna, qErr, order);
    }

    private static ChannelDescription ReadChannel(Members m, List<SourceDescription> sources, ReferenceDescription reference)
    {
        string name = m.RequiredName("name");
        string method = m.RequiredString("method");
        string? counter = null, referenceInput = null, dutInput = null, receiver = null, refPps = null, dut = null;
        int? extint = null;
        switch (method)
        {
            case ChannelMethods.Ticc:
            {
                counter = m.RequiredString("counter");
                var s = FindSource(m, "counter", counter, sources);
                if (!SourceKinds.IsCounter(s.Kind)) throw m.ErrorAt("counter", $"source '{counter}' is a '{s.Kind}', not a counter");
                referenceInput = m.OptionalString("referenceInput") ?? "chA";
                dutInput = m.OptionalString("dutInput") ?? "chB";
                if (referenceInput == dutInput) throw m.ErrorAt("dutInput", "reference and DUT inputs are the same");
                break;
            }
            case ChannelMethods.TimTm2:
            {
                receiver = m.OptionalString("receiver") ?? reference.Labels;
                var s = FindSource(m, "receiver", receiver, sources);
                if (s.Kind != SourceKinds.GnssSerial) throw m.ErrorAt("receiver", $"source '{receiver}' is a '{s.Kind}', not a '{SourceKinds.GnssSerial}'");
                extint = m.OptionalInt("extint", 0, 1) ?? 0;
                break;
            }
            case ChannelMethods.Pps:
            {
                refPps = m.OptionalString("reference") ?? reference.PpsSource
                    ?? throw m.ErrorAt("reference", "missing (and the bench reference names no PPS source)");
                var r = FindSource(m, "reference", refPps, sources);
                if (!SourceKinds.IsPps(r.Kind)) throw m.ErrorAt("reference", $"source '{refPps}' is a '{r.Kind}', not a PPS source");
                dut = m.RequiredString("dut");
                var d = FindSource(m, "dut", dut, sources);
                if (!SourceKinds.IsPps(d.Kind)) throw m.ErrorAt("dut", $"source '{dut}' is a '{d.Kind}', not a PPS source");
                if (dut == refPps) throw m.ErrorAt("dut", "reference and DUT are the same source");
                break;
            }
            default:
                throw m.ErrorAt("method", $"unknown method '{method}' (expected one of {string.Join(", ", ChannelMethods.All)})");
        }
        double dutDelay = m.OptionalDelay("dutCableDelaySeconds", MaxDelaySeconds);
        double refDelay = m.OptionalDelay("referenceCableDelaySeconds", MaxDelaySeconds);
        m.RejectUnknown();
        return new ChannelDescription(name, method, counter, referenceInput, dutInput, receiver, extint, refPps, dut, dutDelay, refDelay);
    }

    private static SourceDescription FindSource(Members m, string key, string name, List<SourceDescription> sources) =>
        sources.Find(s => s.Name == name) ?? throw m.ErrorAt(key, $"no source named '{name}'");

    /// <summary>An object's members, tracking which were read so that unknown keys can be rejected.</summary>
    private sealed class Members
    {
        private readonly ObjectNode _node;
        private readonly string _origin;
        private readonly HashSet<string> _used = new(StringComparer.Ordinal);

        public Members(BenchNode node, string origin)
        {
            _origin = origin;
            _node = node as ObjectNode ?? throw Error(node, origin, $"expected an object, found {node.KindName}");
        }

        public static InputException Error(BenchNode node, string origin, string message) =>
            new(node.Line > 0 ? $"{origin}:{node.Line} {node.Path}" : $"{origin} {node.Path}", message);

        private BenchNode? Find(string key)
        {
            _used.Add(key);
            foreach (var (k, v) in _node.Members) if (k == key) return v;
            return null;
        }

        public InputException ErrorAt(string key, string message)
        {
            foreach (var (k, v) in _node.Members) if (k == key) return Error(v, _origin, message);
            return new InputException(_node.Line > 0 ? $"{_origin}:{_node.Line} {_node.Path}.{key}" : $"{_origin} {_node.Path}.{key}", message);
        }

        public BenchNode Required(string key) => Find(key) ?? throw ErrorAt(key, "missing required key");

        public IReadOnlyList<BenchNode> RequiredArray(string key)
        {
            var n = Required(key);
            return n is ArrayNode a ? a.Items : throw Error(n, _origin, $"expected an array, found {n.KindName}");
        }

        public string RequiredString(string key) => OptionalString(key) ?? throw ErrorAt(key, "missing required key");

        /// <summary>A name: non-empty, no ':' (used as "source:input"), no control characters or spaces.</summary>
        public string RequiredName(string key)
        {
            string s = RequiredString(key);
            if (s.Length == 0 || s.Length > 64 || s.Any(c => c == ':' || char.IsWhiteSpace(c) || char.IsControl(c)))
                throw ErrorAt(key, $"'{s}' is not a valid name (1-64 characters, no spaces or ':')");
            return s;
        }

        public string? OptionalString(string key)
        {
            var n = Find(key);
            if (n is null || n is ScalarNode { Type: ScalarType.Null }) return null;
            if (n is ScalarNode { Type: ScalarType.String or ScalarType.Plain } s) return s.Text;
            throw Error(n, _origin, $"expected a string, found {n.KindName}");
        }

        public bool? OptionalBool(string key)
        {
            var n = Find(key);
            if (n is null || n is ScalarNode { Type: ScalarType.Null }) return null;
            if (n is ScalarNode { Type: ScalarType.Boolean or ScalarType.Plain } s && s.Text is "true" or "false") return s.Text == "true";
            throw Error(n, _origin, $"expected true or false, found {n.KindName}");
        }

        private double? OptionalNumber(string key, out BenchNode? node)
        {
            node = Find(key);
            if (node is null || node is ScalarNode { Type: ScalarType.Null }) return null;
            if (node is ScalarNode { Type: ScalarType.Number or ScalarType.Plain } s
                && double.TryParse(s.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                return v;
            throw Error(node, _origin, $"expected a number, found {node.KindName}");
        }

        public int? OptionalInt(string key, int min, int max)
        {
            double? v = OptionalNumber(key, out var node);
            if (v is null) return null;
            if (v != Math.Floor(v.Value) || v < min || v > max)
                throw Error(node!, _origin, $"expected an integer in [{min}, {max}], found {v.Value.ToString(CultureInfo.InvariantCulture)}");
            return (int)v.Value;
        }

        public double OptionalDelay(string key, double maxAbs)
        {
            double? v = OptionalNumber(key, out var node);
            if (v is null) return 0;
            if (Math.Abs(v.Value) > maxAbs)
                throw Error(node!, _origin, $"{v.Value.ToString(CultureInfo.InvariantCulture)} s is not a plausible cable delay (|delay| ≤ {maxAbs} s; delays are in seconds, ~5e-9 per metre)");
            return v.Value;
        }

        public void RejectUnknown()
        {
            foreach (var (k, v) in _node.Members)
                if (!_used.Contains(k)) throw Error(v, _origin, $"unknown key '{k}'");
        }
    }
}
