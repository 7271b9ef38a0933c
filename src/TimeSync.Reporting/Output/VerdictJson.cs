using System.Text.Json.Nodes;
using TimeSync.Reporting.Engine;

namespace TimeSync.Reporting.Output;

/// <summary>The `verdicts` array of the analysis JSON document (`timesync analyze --json`).</summary>
public static class VerdictJson
{
    /// <summary>One object per verdict: name, channel, check, passed, measured, limit, unit (+ worstTauSeconds, margin for masks).</summary>
    public static JsonArray ToJson(IReadOnlyList<Verdict> verdicts)
    {
        var array = new JsonArray();
        foreach (var v in verdicts)
        {
            var o = new JsonObject
            {
                ["name"] = v.Name,
                ["channel"] = v.Channel,
                ["check"] = v.Check,
                ["passed"] = v.Passed,
                ["measured"] = Num(v.Measured),
                ["limit"] = Num(v.Limit),
                ["unit"] = v.Unit,
            };
            if (v.WorstTauSeconds is double tau)
            {
                o["worstTauSeconds"] = tau;
                o["margin"] = Num(v.Margin);
            }
            o["message"] = v.Message;
            if (v.Source is not null) o["source"] = v.Source;
            if (v.Caveat is not null) o["caveat"] = v.Caveat;
            array.Add(o);
        }
        return array;
    }

    /// <summary>Adds (or replaces) `verdicts` and a `passed` summary on an analysis document.</summary>
    public static void AddTo(JsonObject document, IReadOnlyList<Verdict> verdicts)
    {
        document["verdicts"] = ToJson(verdicts);
        document["passed"] = verdicts.All(v => v.Passed);
    }

    private static JsonNode? Num(double v) => double.IsFinite(v) ? JsonValue.Create(v) : null;
}
