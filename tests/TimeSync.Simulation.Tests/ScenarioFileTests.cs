using TimeSync.Core;
using TimeSync.Simulation.Bench;

namespace TimeSync.Simulation.Tests;

/// <summary>Scenario files in YAML and JSON: same model, errors naming the file, the line and the key.</summary>
public sealed class ScenarioFileTests
{
    private const string Yaml = """
        # two ECUs on one bench
        name: two-ecus
        tau0Seconds: 1
        receiver:
          jitterSeconds: 2.0e-9
          nmea: false
        duts:
          - name: a
            noise: { h0: 1e-20, h-2: 1e-30 }
            frequencyOffset: -6e-6
          - name: "2026"
            noise:
              h-1: 1e-22
            servo:
              reference: gnss-pps
              kp: 0.5
              referenceLoss:
                - { startSeconds: 600, durationSeconds: 60 }
        """;

    [Fact]
    public void Yaml_scenario_reads_to_the_same_spec_as_its_json()
    {
        var fromYaml = Scenarios.ParseYaml(Yaml, "lab.yaml");
        var fromJson = Scenarios.ParseJson("""
            { "name": "two-ecus", "tau0Seconds": 1, "receiver": { "jitterSeconds": 2e-9, "nmea": false },
              "duts": [ { "name": "a", "noise": { "h0": 1e-20, "h-2": 1e-30 }, "frequencyOffset": -6e-6 },
                        { "name": "2026", "noise": { "h-1": 1e-22 },
                          "servo": { "reference": "gnss-pps", "kp": 0.5, "referenceLoss": [ { "startSeconds": 600, "durationSeconds": 60 } ] } } ] }
            """, "lab.json");
        Assert.Equal(BenchSimulator.Describe(fromJson).ToJson(), BenchSimulator.Describe(fromYaml).ToJson());
        Assert.False(fromYaml.Receiver.Nmea);
        Assert.Equal(2e-9, fromYaml.Receiver.JitterSeconds);
        Assert.Equal(1e-30, fromYaml.Duts[0].Noise["h-2"]);
        Assert.Equal(-6e-6, fromYaml.Duts[0].FrequencyOffset);
        Assert.Equal("2026", fromYaml.Duts[1].Name);
        Assert.Equal(0.5, fromYaml.Duts[1].Servo!.Kp);
        Assert.Equal(new WindowSpec(600, 60), Assert.Single(fromYaml.Duts[1].Servo!.ReferenceLoss));
    }

    [Theory]
    [InlineData("kp: 0.5", "kpp: 0.5", "lab.yaml:16: ", "kpp")]                          // unknown key
    [InlineData("kp: 0.5", "kp: fast", "lab.yaml:16: ", "kp")]                           // wrong type
    [InlineData("reference: gnss-pps", "reference: nowhere", "lab.yaml:15: ", "'nowhere' is not 'ideal' or 'gnss-pps'")] // bad value
    [InlineData("- name: a", "- name: 2026", "lab.yaml:11: ", "'2026' is empty or used twice")] // duplicate name (plain 2026 is a string here)
    [InlineData("  h-1: 1e-22", "  h-7: 1e-22", "lab.yaml:12: ", "h-7")]                 // unknown noise law: the noise map's line
    [InlineData("nmea: false", "nmea: false\n  nmea: true", "lab.yaml:7: ", "uplicate key")]
    [InlineData("name: two-ecus", "name: [two", "lab.yaml:", "not valid YAML")]
    public void A_bad_field_is_one_line_naming_file_and_line(string from, string to, string location, string message)
    {
        var e = Assert.Throws<InputException>(() => Scenarios.ParseYaml(Yaml.Replace(from, to, StringComparison.Ordinal), "lab.yaml"));
        Assert.StartsWith(location, e.Message);
        Assert.Contains(message, e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void Json_errors_name_the_line_too()
    {
        var e = Assert.Throws<InputException>(() => Scenarios.ParseJson("{\n  \"duts\": [\n    { \"name\": \"a\",\n      \"servo\": { \"reference\": \"x\" } } ] }", "lab.json"));
        Assert.StartsWith("lab.json: ", e.Message); // semantic check: JSON has no line map, the file is named
        Assert.Contains("'x' is not 'ideal'", e.Message);
        var e2 = Assert.Throws<InputException>(() => Scenarios.ParseJson("{\n  \"duts\": [\n    { \"nmae\": \"a\" } ] }", "lab.json"));
        Assert.StartsWith("lab.json:3: ", e2.Message);
    }

    [Fact]
    public void Resolve_picks_yaml_by_extension()
    {
        string path = Path.Combine(Path.GetTempPath(), $"timesync-scenario-{Environment.ProcessId}.yml");
        File.WriteAllText(path, Yaml);
        try { Assert.Equal("two-ecus", Scenarios.Resolve(path).Name); }
        finally { File.Delete(path); }
    }

    [Fact]
    public void Json_schema_is_generated_from_the_model_and_closed_to_unknown_keys()
    {
        using var schema = System.Text.Json.JsonDocument.Parse(Scenarios.JsonSchema());
        var root = schema.RootElement;
        var type = root.GetProperty("type");
        Assert.Contains("object", type.ValueKind == System.Text.Json.JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()) : [type.GetString()]);
        Assert.False(root.GetProperty("additionalProperties").GetBoolean());
        var keys = root.GetProperty("properties").EnumerateObject().Select(p => p.Name).ToList();
        Assert.Equal(typeof(ScenarioSpec).GetProperties().Select(p => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(p.Name)).Order(), keys.Order());
        var dut = root.GetProperty("properties").GetProperty("duts").GetProperty("items");
        Assert.Contains("servo", dut.GetProperty("properties").EnumerateObject().Select(p => p.Name));
        Assert.Contains("glitchProbability", dut.GetProperty("properties").EnumerateObject().Select(p => p.Name));
    }
}
