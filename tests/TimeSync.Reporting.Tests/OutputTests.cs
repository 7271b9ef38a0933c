using System.Text.Json.Nodes;
using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;
using TimeSync.Reporting.Engine;
using TimeSync.Reporting.Limits;
using TimeSync.Reporting.Output;

namespace TimeSync.Reporting.Tests;

public class OutputTests
{
    private static IReadOnlyList<Verdict> SampleVerdicts()
    {
        var limits = LimitsParser.Parse("""
            checks:
              - name: te
                type: max-abs-te
                limit: 1 us
              - name: prtc
                channel: gnss
                preset: g8272-prtc-a
              - name: "odd <name> & \"quotes\""
                type: max-gap
                limit: 2 s
            """, "limits.yaml");
        var gnss = Enumerable.Range(0, 2000).Select(i => 20e-9 * Math.Sin(i / 30.0)).ToArray();
        var dut = Enumerable.Range(0, 2000).Select(i => i == 700 ? 1.5e-6 : 100e-9).ToArray();
        dut[900] = dut[901] = dut[902] = double.NaN;
        return VerdictEngine.Evaluate(limits, [new ChannelSeries("gnss", 1, gnss), new ChannelSeries("dut", 1, dut)]);
    }

    private static XmlSchemaSet JUnitSchema()
    {
        using var s = typeof(OutputTests).Assembly.GetManifestResourceStream("TimeSync.Reporting.Tests.Resources.jenkins-junit.xsd")!;
        var set = new XmlSchemaSet();
        set.Add(null, XmlReader.Create(s));
        set.Compile();
        return set;
    }

    private static List<string> Validate(byte[] xml)
    {
        var errors = new List<string>();
        var settings = new XmlReaderSettings { ValidationType = ValidationType.Schema, Schemas = JUnitSchema() };
        settings.ValidationEventHandler += (_, e) => errors.Add($"{e.Severity} {e.Exception?.LineNumber}: {e.Message}");
        using var r = XmlReader.Create(new MemoryStream(xml), settings);
        while (r.Read()) { }
        return errors;
    }

    [Fact]
    public void JUnitIsValidAndHasOneTestcasePerCheckAndChannel()
    {
        var verdicts = SampleVerdicts();
        var ms = new MemoryStream();
        JUnitWriter.Write(ms, verdicts, "timesync", new DateTime(2026, 1, 2, 3, 4, 5, DateTimeKind.Utc));
        byte[] xml = ms.ToArray();
        Assert.Empty(Validate(xml));

        var doc = XDocument.Load(new MemoryStream(xml));
        var cases = doc.Descendants("testcase").ToList();
        Assert.Equal(verdicts.Count, cases.Count);
        Assert.Equal(2 + 3 + 2, cases.Count); // te and odd-name on both channels, 3 PRTC-A parts on gnss
        Assert.Equal(verdicts.Count(v => !v.Passed).ToString(), doc.Root!.Attribute("failures")!.Value);
        var teDut = cases.Single(c => c.Attribute("name")!.Value == "te" && c.Attribute("classname")!.Value == "timesync.dut");
        var failure = teDut.Element("failure")!;
        Assert.Equal("te on dut: measured 1.5 us, limit 1 us", failure.Attribute("message")!.Value);
        Assert.Null(cases.Single(c => c.Attribute("name")!.Value == "te" && c.Attribute("classname")!.Value == "timesync.gnss").Element("failure"));
        Assert.Contains(cases, c => c.Attribute("name")!.Value == "odd <name> & \"quotes\"");
    }

    [Fact]
    public void SchemaValidationCatchesABrokenJUnitFile()
    {
        // the validator must be able to fail: a testcase without a name, a testsuite without tests, failures and errors
        byte[] bad = "<testsuites><testsuite name=\"x\"><testcase classname=\"a\"/></testsuite></testsuites>"u8.ToArray();
        var errors = Validate(bad);
        Assert.Equal(4, errors.Count);
        foreach (var attribute in new[] { "'name'", "'tests'", "'failures'", "'errors'" })
            Assert.Contains(errors, e => e.Contains(attribute, StringComparison.Ordinal));
    }

    [Fact]
    public void MarkdownSummarisesFailuresFirst()
    {
        var verdicts = SampleVerdicts();
        string md = MarkdownWriter.Render(verdicts, "bench run 42");
        int failed = verdicts.Count(v => !v.Passed);
        Assert.StartsWith($"## bench run 42: ❌ FAIL ({failed} of {verdicts.Count} checks failed)", md);
        var rows = md.Split('\n').Where(l => l.StartsWith("| ✅") || l.StartsWith("| ❌")).ToList();
        Assert.Equal(verdicts.Count, rows.Count);
        Assert.StartsWith("| ❌", rows[0]);
        Assert.Contains("| ❌ | te | dut | 1.5 us | 1 us |", md);
        Assert.Contains("odd <name> & \"quotes\"", md);
    }

    [Fact]
    public void JsonVerdictsArray()
    {
        var verdicts = SampleVerdicts();
        var doc = new JsonObject { ["statistics"] = new JsonArray() };
        VerdictJson.AddTo(doc, verdicts);
        var arr = doc["verdicts"]!.AsArray();
        Assert.Equal(verdicts.Count, arr.Count);
        Assert.False(doc["passed"]!.GetValue<bool>());
        var mtie = arr.Single(v => v!["name"]!.GetValue<string>() == "prtc/mtie")!;
        Assert.Equal("gnss", mtie["channel"]!.GetValue<string>());
        Assert.True(mtie["passed"]!.GetValue<bool>());
        Assert.Equal("ns", mtie["unit"]!.GetValue<string>());
        Assert.True(mtie["worstTauSeconds"]!.GetValue<double>() > 0);
        Assert.True(mtie["margin"]!.GetValue<double>() > 0);
        foreach (var key in new[] { "name", "channel", "passed", "measured", "limit", "unit" })
            Assert.True(mtie.AsObject().ContainsKey(key), key);
    }
}
