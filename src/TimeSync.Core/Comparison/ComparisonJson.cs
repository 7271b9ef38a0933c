using System.Text.Json;
using System.Text.Json.Nodes;
using TimeSync.Core.Statistics;

namespace TimeSync.Core.Comparison;

/// <summary>
/// The comparison document as JSON: <c>tau0, mode, rank_at, clocks[{name, origin, rank, max_abs, oadev_at, analysis}],
/// alignment{start, count, gaps[]}, hat[{clock, statistic, rows[{af, tau, variance, value, negative, edf, ci_low, ci_high}]}]</c>.
/// A negative separated variance keeps its sign in <c>variance</c>, with <c>value: null</c> and <c>negative: true</c>.
/// </summary>
public static class ComparisonJson
{
    public static string Serialize(ComparisonDocument doc)
    {
        var clocks = new JsonArray();
        foreach (var c in doc.Clocks)
        {
            clocks.Add(new JsonObject
            {
                ["name"] = c.Name,
                ["origin"] = c.Origin,
                ["rank"] = c.Rank,
                ["max_abs"] = Number(c.MaxAbsSeconds),
                ["oadev_at"] = new JsonArray(c.OadevAtRankTaus.Select(v => (JsonNode?)Number(v)).ToArray()),
                ["analysis"] = JsonNode.Parse(AnalysisJson.Serialize(c.Analysis, indented: false)),
            });
        }
        var root = new JsonObject
        {
            ["tau0"] = doc.Tau0Seconds,
            ["mode"] = doc.Mode,
            ["rank_at"] = new JsonArray(doc.RankTausSeconds.Select(t => (JsonNode?)t).ToArray()),
            ["clocks"] = clocks,
        };
        if (doc.FixedAlpha is int fixedAlpha) root.Insert(2, "alpha_fixed", fixedAlpha); // after "mode", only when set (as in the analysis document)
        if (doc.Alignment is { } alignment)
        {
            root["alignment"] = new JsonObject
            {
                ["start"] = alignment.Start.ToString(),
                ["count"] = alignment.Length,
                ["trimmed"] = new JsonArray(alignment.Trimmed.Select(t => (JsonNode)new JsonObject
                {
                    ["input"] = t.Name, ["from"] = t.From.ToString(), ["to"] = t.To.ToString(), ["samples"] = t.Samples,
                }).ToArray()),
                ["gaps"] = new JsonArray(alignment.Gaps.Select(g => (JsonNode)new JsonObject
                {
                    ["input"] = g.Name, ["from"] = g.From.ToString(), ["to"] = g.To.ToString(), ["missing"] = g.MissingSamples,
                }).ToArray()),
            };
        }
        if (doc.Hat is { } hat)
        {
            root["hat"] = new JsonArray(hat.Select(c => (JsonNode)new JsonObject
            {
                ["clock"] = c.Name,
                ["statistic"] = doc.HatStatistic,
                ["rows"] = new JsonArray(c.Rows.Select(r => (JsonNode)new JsonObject
                {
                    ["af"] = r.Af, ["tau"] = r.TauSeconds, ["variance"] = Number(r.Variance),
                    ["value"] = r.Negative ? null : Number(r.Deviation), ["negative"] = r.Negative,
                    ["edf"] = Number(r.Edf), ["ci_low"] = Number(r.CiLow), ["ci_high"] = Number(r.CiHigh),
                }).ToArray()),
            }).ToArray());
        }
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>A finite number, else null (JSON has no NaN or infinity).</summary>
    private static JsonNode? Number(double? v) => v is double d && double.IsFinite(d) ? JsonValue.Create(d) : null;
}
