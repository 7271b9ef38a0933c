using System.Globalization;
using System.Xml;
using TimeSync.Reporting.Engine;

namespace TimeSync.Reporting.Output;

/// <summary>
/// JUnit XML as Jenkins, GitLab and GitHub test reporters read it (the Ant/Jenkins junit schema): one
/// &lt;testsuite&gt; per channel, one &lt;testcase&gt; per check, a &lt;failure&gt; with the measured value and the limit.
/// </summary>
public static class JUnitWriter
{
    public static void Write(string path, IReadOnlyList<Verdict> verdicts, string suiteName, DateTime? timestampUtc = null)
    {
        using var stream = File.Create(path);
        Write(stream, verdicts, suiteName, timestampUtc);
    }

    public static void Write(Stream stream, IReadOnlyList<Verdict> verdicts, string suiteName, DateTime? timestampUtc = null)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new System.Text.UTF8Encoding(false) };
        using var w = XmlWriter.Create(stream, settings);
        string stamp = (timestampUtc ?? DateTime.UtcNow).ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);
        w.WriteStartDocument();
        w.WriteStartElement("testsuites");
        w.WriteAttributeString("name", suiteName);
        w.WriteAttributeString("tests", Count(verdicts.Count));
        w.WriteAttributeString("failures", Count(verdicts.Count(v => !v.Passed)));
        w.WriteAttributeString("errors", "0");
        w.WriteAttributeString("time", "0");
        int id = 0;
        foreach (var group in verdicts.GroupBy(v => v.Channel))
        {
            var list = group.ToList();
            w.WriteStartElement("testsuite");
            w.WriteAttributeString("name", $"{suiteName}.{group.Key}");
            w.WriteAttributeString("tests", Count(list.Count));
            w.WriteAttributeString("failures", Count(list.Count(v => !v.Passed)));
            w.WriteAttributeString("errors", "0");
            w.WriteAttributeString("skipped", "0");
            w.WriteAttributeString("time", "0");
            w.WriteAttributeString("timestamp", stamp);
            w.WriteAttributeString("hostname", Environment.MachineName);
            w.WriteAttributeString("id", Count(id++));
            foreach (var v in list)
            {
                w.WriteStartElement("testcase");
                w.WriteAttributeString("name", v.Name);
                w.WriteAttributeString("classname", $"timesync.{group.Key}");
                w.WriteAttributeString("time", "0");
                if (!v.Passed)
                {
                    w.WriteStartElement("failure");
                    w.WriteAttributeString("message", $"{v.Name} on {v.Channel}: measured {Number(v.Measured)} {v.Unit}, limit {Number(v.Limit)} {v.Unit}");
                    w.WriteAttributeString("type", v.Check);
                    w.WriteString(Details(v));
                    w.WriteEndElement();
                }
                w.WriteStartElement("system-out");
                w.WriteString(Details(v));
                w.WriteEndElement();
                w.WriteEndElement();
            }
            w.WriteEndElement();
        }
        w.WriteEndElement();
        w.WriteEndDocument();
    }

    private static string Details(Verdict v)
    {
        var lines = new List<string> { v.Message };
        if (v.WorstTauSeconds is double tau) lines.Add($"worst tau: {Number(tau)} s, margin {Number(v.Margin)} {v.Unit}");
        if (v.Source is not null) lines.Add($"source: {v.Source}");
        if (v.Caveat is not null) lines.Add($"caveat: {v.Caveat}");
        if (v.Location is not null) lines.Add($"defined at: {v.Location}");
        return string.Join("\n", lines);
    }

    internal static string Number(double v) => double.IsNaN(v) ? "n/a" : v.ToString("G6", CultureInfo.InvariantCulture);

    private static string Count(int n) => n.ToString(CultureInfo.InvariantCulture);
}
