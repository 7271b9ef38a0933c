using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TimeSync.Core.Comparison;
using TimeSync.Core.Statistics;
using TimeSync.Core.Time;
using TimeSync.Reporting;
using TimeSync.Reporting.Engine;
using TimeSync.Reporting.Html;
using TimeSync.Reporting.Output;

namespace TimeSync.Cli.Analysis;

/// <summary>
/// `timesync compare --limits/--junit/--markdown/--report`: each clock's aligned series is a channel for the verdicts
/// (one JUnit test case per check and clock), and the HTML report is the comparison view.
/// </summary>
internal static class CompareReporting
{
    public static void AddOptions(Command command) => ReportingCli.AddOptions(command);

    /// <summary>
    /// Evaluates the limits on every clock of the comparison, writes JUnit/Markdown/HTML as asked; the result's exit
    /// code is 1 when any clock fails a check. Each clock's aligned series (NaN gaps) is a channel for the verdicts.
    /// </summary>
    public static ReportingResult Run(ParseResult parse, IReadOnlyList<string> inputs, ComparisonDocument doc)
    {
        double tau0Seconds = doc.Tau0Seconds;
        var start = doc.Start;
        var channels = doc.Clocks.Select(c => new ChannelSeries(c.Name, tau0Seconds, c.PhaseSeconds, start)).ToList();
        string source = string.Join(", ", inputs.Select(Path.GetFileName));
        return ReportingCli.Run(parse, new AnalysisInputs(source, channels), verdicts =>
        {
            var clocks = doc.Clocks.Select((c, i) =>
                new ReportedClock(c.Name, channels[i], c.Analysis, c.Rank, c.MaxAbsSeconds, c.OadevAtRankTaus)).ToList();
            var notes = new List<string>();
            if (start is Instant s) notes.Add($"Aligned: {channels[0].Count} common samples every {tau0Seconds:G6} s from {s}.");
            foreach (var g in doc.Alignment?.Gaps ?? []) notes.Add($"Gap: {g.Name} has no value from {g.From} to {g.To} ({g.MissingSamples} samples), not interpolated.");
            return ComparisonReport.Render(new ComparisonInput($"TimeSync comparison: {string.Join(", ", doc.Clocks.Select(c => c.Name))}", clocks, doc.RankTausSeconds, verdicts)
            {
                Hat = doc.Hat, SourceDescription = source, AlignmentNotes = notes,
            });
        });
    }

    /// <summary>
    /// Adds `verdicts` and `passed` to the comparison document, and to each entry of its `clocks` section that clock's
    /// `passed` (null when no check applied to it); unchanged without --limits.
    /// </summary>
    public static string AddVerdictsTo(string json, ReportingResult result)
    {
        if (!result.LimitsGiven) return json;
        var root = JsonNode.Parse(json) as JsonObject ?? throw new InvalidOperationException("comparison document is not a JSON object");
        VerdictJson.AddTo(root, result.Verdicts);
        if (root["clocks"] is JsonArray clocks)
            foreach (var clock in clocks.OfType<JsonObject>())
            {
                string? name = clock["name"]?.GetValue<string>();
                var mine = result.Verdicts.Where(v => v.Channel == name).ToList();
                clock["passed"] = mine.Count == 0 ? null : mine.All(v => v.Passed);
            }
        string text = root.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return json.EndsWith('\n') ? text + "\n" : text;
    }
}
