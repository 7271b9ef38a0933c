using System.Xml;
using System.Xml.Linq;
using System.Xml.Schema;

namespace TimeSync.Cli.Tests;

/// <summary>Validates JUnit files the CLI wrote against the Jenkins/Ant JUnit schema kept in tests/TimeSync.Reporting.Tests/Resources.</summary>
internal static class JUnitSchema
{
    private static readonly Lazy<XmlSchemaSet> Schemas = new(() =>
    {
        using var s = typeof(JUnitSchema).Assembly.GetManifestResourceStream("jenkins-junit.xsd")
            ?? throw new InvalidOperationException("jenkins-junit.xsd is not embedded");
        var set = new XmlSchemaSet();
        set.Add(null, XmlReader.Create(s));
        set.Compile();
        return set;
    });

    public static List<string> Validate(XDocument doc)
    {
        var errors = new List<string>();
        doc.Validate(Schemas.Value, (_, e) => errors.Add($"{e.Severity}: {e.Message}"));
        return errors;
    }
}
