using Json.Schema;
using TimeSync.Reporting.Limits;
using TimeSync.Reporting.Masks;
using TimeSync.Testing;

namespace TimeSync.Reporting.Tests;

/// <summary>schemas/limits.schema.json accepts the examples, rejects what the parser rejects, and lists every built-in name.</summary>
public class LimitsSchemaTests
{
    private static readonly JsonSchema Schema = JsonSchema.FromFile(RepoPaths.RepoFile("schemas", "limits.schema.json"));

    private static EvaluationResults Validate(string yaml) =>
        Schema.Evaluate(YamlToJson.Convert(yaml), new EvaluationOptions { OutputFormat = OutputFormat.List });

    [Theory]
    [MemberData(nameof(LimitsParserTests.Examples), MemberType = typeof(LimitsParserTests))]
    public void ExampleFilesAreValid(string file)
    {
        var r = Validate(File.ReadAllText(RepoPaths.RepoFile("examples", "limits", file)));
        Assert.True(r.IsValid, string.Join("; ", r.Details.Where(d => d.HasErrors).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}"))));
    }

    [Theory]
    [InlineData("checks:\n  - name: a\n    type: max-abs-tee\n    limit: 1 us\n")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: 1 ppb\n")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: -1 us\n")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: 1000\n")]
    [InlineData("checks:\n  - name: a\n    type: max-abs-te\n    limit: 1 us\n    limt: 2 us\n")]
    [InlineData("checks:\n  - name: a\n    type: frequency-offset\n    limit: 5 ns\n")]
    [InlineData("checks:\n  - name: a\n    type: mtie\n    mask: prtc-z\n")]
    [InlineData("checks:\n  - name: a\n    type: percentile-abs-te\n    percentile: 100\n    limit: 1 us\n")]
    [InlineData("checks:\n  - name: a\n    type: missing-pulses\n    limit: -1\n")]
    [InlineData("checks:\n  - name: a\n    type: holdover\n    duration: 1 h\n")]
    public void BrokenFilesAreInvalidToo(string yaml)
    {
        Assert.False(Validate(yaml).IsValid);
        Assert.ThrowsAny<Exception>(() => LimitsParser.Parse(yaml, "l.yaml"));
    }

    [Fact]
    public void SchemaListsEveryBuiltInMaskAndPreset()
    {
        string text = File.ReadAllText(RepoPaths.RepoFile("schemas", "limits.schema.json"));
        foreach (var m in BuiltInMasks.Catalogue) Assert.Contains($"\"{m.Name}\"", text);
        foreach (var p in Presets.Names.Split(", ")) Assert.Contains($"\"{p}\"", text);
        foreach (var t in CheckTypes.Names.Split(", ")) Assert.Contains($"\"{t}\"", text);
    }
}
