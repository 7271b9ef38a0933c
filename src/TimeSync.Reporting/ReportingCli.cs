using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using TimeSync.Core;
using TimeSync.Reporting.Engine;
using TimeSync.Reporting.Html;
using TimeSync.Reporting.Limits;
using TimeSync.Reporting.Output;

namespace TimeSync.Reporting;

/// <summary>What a command hands to the reporting step: a name for the data and its channels.</summary>
/// <param name="SourceName">The file or capture the channels came from (report title, JUnit suite).</param>
/// <param name="Channels">Time error per channel (seconds, τ0, optional start and events).</param>
public sealed record AnalysisInputs(string SourceName, IReadOnlyList<ChannelSeries> Channels)
{
    /// <summary>The noise identification the HTML report's stability curves print (the command's --noise-id).</summary>
    public Core.Statistics.NoiseIdMode NoiseId { get; init; }

    /// <summary>The noise type α fixed for every τ (the command's --alpha); null: identified per τ (<see cref="NoiseId"/>).</summary>
    public int? FixedAlpha { get; init; }

    /// <summary>
    /// The command's own analysis of each channel (same index as <see cref="Channels"/>, null where none ran), which the
    /// HTML report reuses where it was run with the report's settings instead of recomputing (<see cref="ChannelAnalysis"/>).
    /// </summary>
    public IReadOnlyList<ChannelAnalysis?>? Analyses { get; init; }
}

/// <summary>The verdicts of a run and the exit code they mean (0 all passed or no limits, 1 a limit failed).</summary>
public sealed record ReportingResult(IReadOnlyList<Verdict> Verdicts, bool LimitsGiven)
{
    public int ExitCode => Verdicts.Any(v => !v.Passed) ? 1 : 0;

    /// <summary>Adds the `verdicts` array (and `passed`) to a serialized analysis JSON document; unchanged without --limits.</summary>
    public string AddVerdictsTo(string json)
    {
        if (!LimitsGiven) return json;
        var node = JsonNode.Parse(json) as JsonObject ?? throw new InvalidOperationException("analysis document is not a JSON object");
        VerdictJson.AddTo(node, Verdicts);
        string text = node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        return json.EndsWith('\n') ? text + "\n" : text;
    }
}

/// <summary>
/// The `--limits`, `--junit`, `--markdown` and `--report` options, for `timesync analyze` and `timesync replay`.
/// A command calls <see cref="AddOptions"/> when it builds itself and <see cref="Run"/> after its analysis;
/// it returns <see cref="ReportingResult.ExitCode"/> (or 2 through an <see cref="InputException"/>).
/// </summary>
public static class ReportingCli
{
    public const string LimitsOption = "--limits";
    public const string JUnitOption = "--junit";
    public const string MarkdownOption = "--markdown";
    public const string ReportOption = "--report";

    public static void AddOptions(Command command)
    {
        command.Options.Add(new Option<string?>(LimitsOption) { Description = "limits file (YAML, schemas/limits.schema.json): exit 1 when a check fails" });
        command.Options.Add(new Option<string?>(JUnitOption) { Description = "write JUnit XML (one test case per check and channel) to PATH; needs --limits" });
        command.Options.Add(new Option<string?>(MarkdownOption) { Description = "write a Markdown summary of the checks to PATH (e.g. $GITHUB_STEP_SUMMARY); needs --limits" });
        command.Options.Add(new Option<string?>(ReportOption) { Description = "write a self-contained HTML report (plots, statistics, checks) to PATH" });
    }

    /// <summary>
    /// Evaluates the limits (if given), writes the requested files, prints failed checks and a one-line verdict to stderr.
    /// Options are read by name, so the command needs no references to them.
    /// </summary>
    public static ReportingResult Run(ParseResult parseResult, AnalysisInputs inputs, Func<IReadOnlyList<Verdict>, string>? renderReport = null)
    {
        string? limitsPath = parseResult.GetValue<string?>(LimitsOption);
        string? junit = parseResult.GetValue<string?>(JUnitOption);
        string? markdown = parseResult.GetValue<string?>(MarkdownOption);
        string? report = parseResult.GetValue<string?>(ReportOption);
        return Run(inputs, limitsPath, junit, markdown, report, Console.Error, renderReport);
    }

    /// <summary>
    /// As above with the paths given. <paramref name="renderReport"/> replaces the per-channel HTML report (e.g. compare's
    /// comparison view): it gets the verdicts and returns the whole HTML document.
    /// </summary>
    public static ReportingResult Run(AnalysisInputs inputs, string? limitsPath, string? junitPath, string? markdownPath, string? reportPath, TextWriter messages,
        Func<IReadOnlyList<Verdict>, string>? renderReport = null)
    {
        if (limitsPath is null)
        {
            if (junitPath is not null) throw new InputException(JUnitOption, "needs --limits FILE (the checks to report)");
            if (markdownPath is not null) throw new InputException(MarkdownOption, "needs --limits FILE (the checks to report)");
        }
        // read and check the limits before any output is written
        var limits = limitsPath is null ? null : LimitsParser.Load(limitsPath);
        var verdicts = limits is null ? [] : VerdictEngine.Evaluate(limits, inputs.Channels);
        string title = $"TimeSync: {Path.GetFileName(inputs.SourceName)}";

        var outputs = new List<(string Path, Action<string> Write)>();
        if (junitPath is not null) outputs.Add((junitPath, p => JUnitWriter.Write(p, verdicts, "timesync")));
        if (markdownPath is not null) outputs.Add((markdownPath, p => File.AppendAllText(p, MarkdownWriter.Render(verdicts, title))));
        if (reportPath is not null)
            outputs.Add((reportPath, renderReport is null
                ? p => HtmlReport.Write(p, new ReportInput(title, inputs.Channels, verdicts)
                {
                    SourceDescription = inputs.SourceName, NoiseId = inputs.NoiseId, FixedAlpha = inputs.FixedAlpha, Analyses = inputs.Analyses,
                })
                : p => File.WriteAllText(p, renderReport(verdicts), new System.Text.UTF8Encoding(false))));
        foreach (var (path, write) in outputs)
        {
            try { write(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new InputException(path, $"cannot write: {e.Message}");
            }
            catch (Exception e) when (path == reportPath && MissingNativeLibrary(e))
            {
                // the tool package carries SkiaSharp's native library for the platforms README "In CI" lists only
                throw new InputException(path, $"the HTML report needs SkiaSharp's native library, which is not installed for {System.Runtime.InteropServices.RuntimeInformation.RuntimeIdentifier} (see README, \"Package size and platforms\")");
            }
        }

        if (limits is not null)
        {
            foreach (var v in verdicts.Where(v => !v.Passed))
                messages.WriteLine($"timesync: FAIL {v.Name} [{v.Channel}]: {v.Message}");
            int failed = verdicts.Count(v => !v.Passed);
            messages.WriteLine(failed == 0
                ? $"timesync: limits {limitsPath}: all {verdicts.Count} checks passed"
                : $"timesync: limits {limitsPath}: {failed} of {verdicts.Count} checks failed");
        }
        return new ReportingResult(verdicts, limits is not null);
    }

    /// <summary>A DllNotFoundException, possibly inside the type initializers (SKTypeface, ScottPlot.Fonts) that hit it.</summary>
    private static bool MissingNativeLibrary(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
            if (e is DllNotFoundException) return true;
        return false;
    }
}
