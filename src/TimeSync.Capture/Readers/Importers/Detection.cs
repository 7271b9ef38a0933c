using System.Text.RegularExpressions;

namespace TimeSync.Capture.Readers.Importers;

/// <summary>Format detection helpers: the share of head lines a pattern matches.</summary>
internal static class Detection
{
    /// <summary>Matching lines over non-comment lines (lines starting with '#' are ignored unless <paramref name="countComments"/>).</summary>
    public static double Share(IReadOnlyList<string> headLines, Regex pattern, bool countComments = false)
    {
        int considered = 0, matched = 0;
        foreach (var line in headLines)
        {
            var t = line.TrimStart();
            if (t.Length == 0 || (!countComments && t.StartsWith('#'))) continue;
            considered++;
            if (pattern.IsMatch(line)) matched++;
        }
        return considered == 0 ? 0 : (double)matched / considered;
    }
}
