using System.Text;
using TimeSync.Reporting.Engine;

namespace TimeSync.Reporting.Output;

/// <summary>A Markdown summary of the verdicts, fit for a CI job summary ($GITHUB_STEP_SUMMARY, GitLab MR note).</summary>
public static class MarkdownWriter
{
    public static string Render(IReadOnlyList<Verdict> verdicts, string title)
    {
        int failed = verdicts.Count(v => !v.Passed);
        var sb = new StringBuilder();
        sb.Append("## ").Append(Escape(title)).Append(": ")
          .Append(failed == 0 ? $"✅ PASS ({verdicts.Count} checks)" : $"❌ FAIL ({failed} of {verdicts.Count} checks failed)").Append("\n\n");
        sb.Append("| | check | channel | measured | limit | worst τ | detail |\n|---|---|---|---:|---:|---:|---|\n");
        foreach (var v in verdicts.OrderBy(v => v.Passed).ThenBy(v => v.Channel, StringComparer.Ordinal))
        {
            sb.Append("| ").Append(v.Passed ? "✅" : "❌")
              .Append(" | ").Append(Escape(v.Name))
              .Append(" | ").Append(Escape(v.Channel))
              .Append(" | ").Append(Value(v.Measured, v.Unit))
              .Append(" | ").Append(Value(v.Limit, v.Unit))
              .Append(" | ").Append(v.WorstTauSeconds is double t ? JUnitWriter.Number(t) + " s" : "")
              .Append(" | ").Append(Escape(v.Message)).Append(v.Caveat is null ? "" : " ⚠")
              .Append(" |\n");
        }
        var caveats = verdicts.Where(v => v.Caveat is not null).Select(v => (v.Name, v.Caveat!)).Distinct().ToList();
        if (caveats.Count > 0)
        {
            sb.Append("\n⚠ Limits not confirmed against the primary text of their standard:\n\n");
            foreach (var (name, caveat) in caveats) sb.Append("- ").Append(Escape(name)).Append(": ").Append(Escape(caveat)).Append('\n');
        }
        return sb.ToString();
    }

    public static void Write(string path, IReadOnlyList<Verdict> verdicts, string title) =>
        File.WriteAllText(path, Render(verdicts, title), new UTF8Encoding(false));

    private static string Value(double v, string unit) => double.IsNaN(v) ? "n/a" : $"{JUnitWriter.Number(v)} {unit}".Trim();

    private static string Escape(string s) => s.Replace("|", "\\|").Replace("\n", " ");
}
