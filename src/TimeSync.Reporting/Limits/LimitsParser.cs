using System.Globalization;
using TimeSync.Core;
using TimeSync.Reporting.Masks;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TimeSync.Reporting.Limits;

/// <summary>
/// Reads a limits file (YAML, schema in schemas/limits.schema.json). Every mistake — unknown key or check,
/// wrong or missing unit, negative bound, bad mask — is an <see cref="InputException"/> naming "file:line".
/// </summary>
public static class LimitsParser
{
    private static readonly string[] TopKeys = ["version", "lock", "checks"];
    private static readonly string[] CommonKeys = ["name", "channel", "channels", "type", "preset", "start", "source"];

    private static readonly Dictionary<CheckType, string[]> TypeKeys = new()
    {
        [CheckType.MaxAbsTimeError] = ["limit", "filter"],
        [CheckType.PercentileAbsTimeError] = ["limit", "percentile", "filter"],
        [CheckType.Mtie] = ["mask", "filter"],
        [CheckType.Tdev] = ["mask", "filter"],
        [CheckType.ConstantTimeError] = ["limit", "window"],
        [CheckType.DynamicTimeErrorHighPass] = ["limit"],
        [CheckType.TimeToLock] = ["limit", "bound", "hold"],
        [CheckType.MaxGap] = ["limit"],
        [CheckType.MissingPulses] = ["limit"],
        [CheckType.FrequencyOffset] = ["limit"],
        [CheckType.FrequencyDrift] = ["limit"],
        [CheckType.Holdover] = ["limit", "mask", "duration", "loss-at"],
    };

    public static LimitsFile Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException(path, $"cannot read limits file: {e.Message}");
        }
        return Parse(text, path);
    }

    public static LimitsFile Parse(string yaml, string path)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e)
        {
            throw new InputException($"{path}:{e.Start.Line}", $"not valid YAML: {FirstLine(e.Message)}");
        }
        if (stream.Documents.Count == 0) throw new InputException($"{path}:1", "empty limits file (expected a 'checks:' list)");
        var ctx = new Context(path);
        var root = ctx.Map(stream.Documents[0].RootNode, "the limits file");
        ctx.OnlyKeys(root, TopKeys, "the top level");

        if (ctx.Find(root, "version") is { } v)
        {
            string vs = ctx.Scalar(v, "version");
            if (vs != "1") throw ctx.Error(v, $"unsupported version '{vs}' (this TimeSync reads version 1)");
        }
        LockCriterion? defaultLock = null;
        if (ctx.Find(root, "lock") is { } lockNode)
        {
            var lm = ctx.Map(lockNode, "lock");
            ctx.OnlyKeys(lm, ["bound", "hold"], "lock");
            defaultLock = new LockCriterion(
                ctx.NonNegative(ctx.Required(lm, "bound", "lock"), QuantityKind.Time, "lock.bound").SiValue,
                ctx.NonNegative(ctx.Required(lm, "hold", "lock"), QuantityKind.Time, "lock.hold").SiValue);
        }
        var checksNode = ctx.Find(root, "checks") ?? throw ctx.Error(root, "missing 'checks:' list");
        if (checksNode is not YamlSequenceNode seq) throw ctx.Error(checksNode, "'checks' must be a list");
        if (seq.Children.Count == 0) throw ctx.Error(seq, "'checks' is empty");

        var checks = new List<CheckSpec>();
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var item in seq.Children)
        {
            foreach (var c in ParseCheck(ctx, item, defaultLock))
            {
                if (!names.Add(c.Name + "\u0000" + string.Join(",", c.Channels)))
                    throw ctx.Error(item, $"duplicate check name '{c.Name}'");
                checks.Add(c);
            }
        }
        return new LimitsFile(path, checks, defaultLock);
    }

    private static IEnumerable<CheckSpec> ParseCheck(Context ctx, YamlNode node, LockCriterion? defaultLock)
    {
        var m = ctx.Map(node, "a check");
        string name = ctx.Scalar(ctx.Required(m, "name", "a check"), "name");
        if (name.Length == 0) throw ctx.Error(node, "check name is empty");
        string location = ctx.Loc(node);

        IReadOnlyList<string> channels = ["*"];
        var chNode = ctx.Find(m, "channel") ?? ctx.Find(m, "channels");
        if (ctx.Find(m, "channel") is not null && ctx.Find(m, "channels") is not null)
            throw ctx.Error(node, $"check '{name}': give 'channel' or 'channels', not both");
        if (chNode is YamlScalarNode cs) channels = [ctx.Scalar(cs, "channel")];
        else if (chNode is YamlSequenceNode cl)
        {
            channels = cl.Children.Select(c => ctx.Scalar(c, "channels")).ToList();
            if (channels.Count == 0) throw ctx.Error(chNode, $"check '{name}': 'channels' is empty");
        }
        else if (chNode is not null) throw ctx.Error(chNode, $"check '{name}': 'channel' must be a name or a list of names");

        var (start, startOffset) = ParseStart(ctx, m, name);
        if (start == StartKind.AfterLock && defaultLock is null)
            throw ctx.Error(ctx.Find(m, "start")!, $"check '{name}': 'start: lock' needs a top-level 'lock:' criterion (bound and hold)");
        string? source = ctx.Find(m, "source") is { } src ? ctx.Scalar(src, "source") : null;

        var typeNode = ctx.Find(m, "type");
        var presetNode = ctx.Find(m, "preset");
        if (typeNode is not null && presetNode is not null) throw ctx.Error(presetNode, $"check '{name}': give 'type' or 'preset', not both");
        if (presetNode is not null)
        {
            string preset = ctx.Scalar(presetNode, "preset");
            if (!Presets.Exists(preset)) throw ctx.Error(presetNode, $"unknown preset '{preset}' (known: {Presets.Names})");
            ctx.OnlyKeys(m, CommonKeys, $"check '{name}' (preset)");
            return Presets.Expand(preset, name, channels, location, start, startOffset, defaultLock);
        }
        if (typeNode is null) throw ctx.Error(node, $"check '{name}': missing 'type' (one of: {CheckTypes.Names}) or 'preset' (one of: {Presets.Names})");
        string typeName = ctx.Scalar(typeNode, "type");
        if (!CheckTypes.TryParse(typeName, out var type))
            throw ctx.Error(typeNode, $"unknown check type '{typeName}' (known: {CheckTypes.Names})");
        ctx.OnlyKeys(m, [.. CommonKeys, .. TypeKeys[type]], $"check '{name}' of type {typeName}");

        var spec = new CheckSpec
        {
            Name = name, Type = type, Channels = channels, Location = location, Start = start, StartOffsetSeconds = startOffset,
            Lock = defaultLock, Source = source,
        };
        QuantityKind limitKind = type switch
        {
            CheckType.MissingPulses => QuantityKind.Count,
            CheckType.FrequencyOffset => QuantityKind.FractionalFrequency,
            CheckType.FrequencyDrift => QuantityKind.Drift,
            _ => QuantityKind.Time,
        };
        if (ctx.Find(m, "limit") is { } limitNode) spec = spec with { Limit = ctx.NonNegative(limitNode, limitKind, $"check '{name}' limit") };
        else if (type is not (CheckType.Mtie or CheckType.Tdev or CheckType.Holdover))
            throw ctx.Error(node, $"check '{name}': missing 'limit'");

        if (ctx.Find(m, "filter") is { } f)
        {
            string fs = ctx.Scalar(f, "filter");
            spec = spec with
            {
                Filter = fs switch
                {
                    "none" => MeasurementFilter.None,
                    "lpf-0.1hz" => MeasurementFilter.LowPass0p1Hz,
                    _ => throw ctx.Error(f, $"unknown filter '{fs}' (known: none, lpf-0.1hz)"),
                },
            };
        }
        switch (type)
        {
            case CheckType.PercentileAbsTimeError:
            {
                var pn = ctx.Required(m, "percentile", $"check '{name}'");
                string ps = ctx.Scalar(pn, "percentile");
                if (!double.TryParse(ps, NumberStyles.Float, CultureInfo.InvariantCulture, out double p) || !(p > 0 && p < 100))
                    throw ctx.Error(pn, $"check '{name}': percentile '{ps}' must be a number between 0 and 100 (exclusive), e.g. 99.9");
                spec = spec with { Percentile = p };
                break;
            }
            case CheckType.Mtie or CheckType.Tdev:
            {
                var mn = ctx.Required(m, "mask", $"check '{name}'");
                var stat = type == CheckType.Mtie ? MaskStatistic.Mtie : MaskStatistic.Tdev;
                var mask = ParseMask(ctx, mn, name, stat);
                spec = spec with
                {
                    Mask = mask, Caveat = mask.Caveat, Source = source ?? mask.Sources,
                    Filter = ctx.Find(m, "filter") is null ? mask.Filter : spec.Filter,
                };
                break;
            }
            case CheckType.ConstantTimeError:
                if (ctx.Find(m, "window") is { } w) spec = spec with { WindowSeconds = ctx.Positive(w, QuantityKind.Time, $"check '{name}' window").SiValue };
                break;
            case CheckType.TimeToLock:
            {
                var b = ctx.Find(m, "bound");
                var h = ctx.Find(m, "hold");
                if ((b is null || h is null) && defaultLock is null)
                    throw ctx.Error(node, $"check '{name}': time-to-lock needs 'bound' and 'hold' (or a top-level 'lock:')");
                spec = spec with
                {
                    Lock = new LockCriterion(
                        b is null ? defaultLock!.Value.BoundSeconds : ctx.Positive(b, QuantityKind.Time, $"check '{name}' bound").SiValue,
                        h is null ? defaultLock!.Value.HoldSeconds : ctx.NonNegative(h, QuantityKind.Time, $"check '{name}' hold").SiValue),
                };
                break;
            }
            case CheckType.Holdover:
            {
                var mn = ctx.Find(m, "mask");
                if ((mn is null) == (spec.Limit is null))
                    throw ctx.Error(node, $"check '{name}': holdover needs either 'limit' (a constant bound) or 'mask' (a bound against time since the loss)");
                if (mn is not null)
                {
                    var mask = ParseMask(ctx, mn, name, MaskStatistic.Holdover);
                    spec = spec with { Mask = mask, Caveat = mask.Caveat, Source = source ?? mask.Sources };
                }
                if (ctx.Find(m, "duration") is { } d) spec = spec with { DurationSeconds = ctx.Positive(d, QuantityKind.Time, $"check '{name}' duration").SiValue };
                if (ctx.Find(m, "loss-at") is { } la) spec = spec with { LossAtSeconds = ctx.NonNegative(la, QuantityKind.Time, $"check '{name}' loss-at").SiValue };
                break;
            }
        }
        return [spec];
    }

    private static (StartKind, double) ParseStart(Context ctx, YamlMappingNode m, string name)
    {
        if (ctx.Find(m, "start") is not { } s) return (StartKind.Whole, 0);
        string text = ctx.Scalar(s, "start");
        if (text == "whole") return (StartKind.Whole, 0);
        if (text == "lock") return (StartKind.AfterLock, 0);
        if (!Units.TryParse(text, QuantityKind.Time, out var q, out string err))
            throw ctx.Error(s, $"check '{name}': start must be 'whole', 'lock' or a duration such as '300 s' ({err})");
        if (q.SiValue < 0) throw ctx.Error(s, $"check '{name}': start offset {text} is negative");
        return (StartKind.Offset, q.SiValue);
    }

    private static Mask ParseMask(Context ctx, YamlNode node, string check, MaskStatistic stat)
    {
        if (node is YamlScalarNode)
        {
            string name = ctx.Scalar(node, "mask");
            if (!BuiltInMasks.TryGet(name, out var mask))
                throw ctx.Error(node, $"check '{check}': unknown mask '{name}' (built in: {string.Join(", ", BuiltInMasks.Catalogue.Where(x => x.Statistic == stat).Select(x => x.Name))})");
            if (mask.Statistic != stat)
                throw ctx.Error(node, $"check '{check}': mask '{name}' bounds {mask.Statistic.ToString().ToUpperInvariant()}, not {stat.ToString().ToUpperInvariant()}");
            return mask;
        }
        var mm = ctx.Map(node, "mask");
        ctx.OnlyKeys(mm, ["pieces", "title"], $"check '{check}' mask");
        var pieces = ctx.Required(mm, "pieces", $"check '{check}' mask") as YamlSequenceNode
            ?? throw ctx.Error(mm, $"check '{check}': mask 'pieces' must be a list");
        if (pieces.Children.Count == 0) throw ctx.Error(pieces, $"check '{check}': mask has no pieces");
        var segments = new List<MaskSegment>();
        double previousTo = double.NegativeInfinity;
        foreach (var p in pieces.Children)
        {
            var pm = ctx.Map(p, "a mask piece");
            ctx.OnlyKeys(pm, ["from", "to", "constant", "coefficient", "exponent"], "a mask piece");
            string what = $"check '{check}' mask piece";
            double from = ctx.NonNegative(ctx.Required(pm, "from", what), QuantityKind.Time, $"{what} 'from'").SiValue;
            var toNode = ctx.Required(pm, "to", what);
            double to = ctx.Scalar(toNode, "to") == "inf" ? double.PositiveInfinity : ctx.Positive(toNode, QuantityKind.Time, $"{what} 'to'").SiValue;
            if (!(to > from)) throw ctx.Error(p, $"{what}: 'to' must be larger than 'from'");
            if (from < previousTo) throw ctx.Error(p, $"{what}: pieces must be in increasing τ without overlap");
            var terms = new List<MaskTerm>();
            if (ctx.Find(pm, "constant") is { } c) terms.Add(new MaskTerm(ctx.NonNegative(c, QuantityKind.Time, $"{what} 'constant'").SiValue, 0));
            if (ctx.Find(pm, "coefficient") is { } k)
            {
                double exponent = 1;
                if (ctx.Find(pm, "exponent") is { } e)
                {
                    string es = ctx.Scalar(e, "exponent");
                    if (!double.TryParse(es, NumberStyles.Float, CultureInfo.InvariantCulture, out exponent) || !double.IsFinite(exponent))
                        throw ctx.Error(e, $"{what}: exponent '{es}' is not a number");
                }
                terms.Add(new MaskTerm(ctx.NonNegative(k, QuantityKind.Time, $"{what} 'coefficient'").SiValue, exponent));
            }
            else if (ctx.Find(pm, "exponent") is { } e) throw ctx.Error(e, $"{what}: 'exponent' needs a 'coefficient'");
            if (terms.Count == 0) throw ctx.Error(p, $"{what}: give 'constant' and/or 'coefficient' (limit = constant + coefficient·(τ/1 s)^exponent)");
            // user pieces: (from, to], the first one closed at 'from'
            segments.Add(new MaskSegment(from, to, segments.Count == 0, true, terms, $"user mask ({ctx.Loc(p)})"));
            previousTo = to;
        }
        string title = ctx.Find(mm, "title") is { } t ? ctx.Scalar(t, "title") : $"{check} (user mask)";
        return new Mask($"{check}-mask", title, stat, MeasurementFilter.None, segments);
    }

    private static string FirstLine(string s)
    {
        int i = s.IndexOf('\n');
        return i < 0 ? s : s[..i];
    }

    private sealed class Context(string path)
    {
        public string Loc(YamlNode node) => $"{path}:{node.Start.Line}";

        public InputException Error(YamlNode node, string message) => new(Loc(node), message);

        public YamlMappingNode Map(YamlNode node, string what) =>
            node as YamlMappingNode ?? throw Error(node, $"{what} must be a mapping (key: value lines)");

        public string Scalar(YamlNode node, string what) =>
            node is YamlScalarNode s ? (s.Value ?? "").Trim() : throw Error(node, $"'{what}' must be a single value");

        public YamlNode? Find(YamlMappingNode m, string key)
        {
            foreach (var (k, v) in m.Children)
                if (k is YamlScalarNode s && s.Value == key) return v;
            return null;
        }

        public YamlNode Required(YamlMappingNode m, string key, string what) =>
            Find(m, key) ?? throw Error(m, $"{what}: missing '{key}'");

        public void OnlyKeys(YamlMappingNode m, IReadOnlyCollection<string> allowed, string what)
        {
            foreach (var (k, _) in m.Children)
            {
                string key = k is YamlScalarNode s ? s.Value ?? "" : "?";
                if (!allowed.Contains(key))
                    throw Error(k, $"unknown key '{key}' in {what} (allowed: {string.Join(", ", allowed)})");
            }
        }

        public Quantity Quantity(YamlNode node, QuantityKind kind, string what)
        {
            string text = Scalar(node, what);
            if (!Units.TryParse(text, kind, out var q, out string err)) throw Error(node, $"{what}: {err}");
            return q;
        }

        public Quantity NonNegative(YamlNode node, QuantityKind kind, string what)
        {
            var q = Quantity(node, kind, what);
            if (q.SiValue < 0) throw Error(node, $"{what}: bound {Scalar(node, what)} is negative");
            return q;
        }

        public Quantity Positive(YamlNode node, QuantityKind kind, string what)
        {
            var q = NonNegative(node, kind, what);
            if (q.SiValue == 0) throw Error(node, $"{what}: must be larger than zero");
            return q;
        }
    }
}
