using TimeSync.Acquisition.Bench;
using TimeSync.Core;

namespace TimeSync.Acquisition.Tests;

public class BenchDescriptionTests
{
    // The example of docs/architecture.md ("Bench description"), with its comments, plus the pps1 source it uses.
    internal const string ArchitectureExample = """
        {
          "schema": "timesync-bench/1",
          "bench": "hil-rack-2",
          "tool": "timesync 0.1.0",
          "host": "bench-pc",
          "sources": [
            { "name": "gnss", "kind": "gnss-serial", "device": "/dev/ttyACM0", "baud": 115200, "receiver": "u-blox ZED-F9T" },
            { "name": "ticc", "kind": "ticc", "device": "/dev/ttyACM1", "baud": 115200, "mode": "timestamp" },
            { "name": "pps0", "kind": "pps", "device": "/dev/pps0" },
            { "name": "pps1", "kind": "pps", "device": "/dev/pps1" }
          ],
          "reference": {
            "labels": "gnss",                 // source whose messages name each UTC second
            "pps": "ticc:chA",                // where the reference PPS edge is measured
            "antennaCableDelaySeconds": 1.2e-7
          },
          "channels": [
            { "name": "ecu1", "method": "ticc", "counter": "ticc", "referenceInput": "chA", "dutInput": "chB",
              "dutCableDelaySeconds": 5e-9, "referenceCableDelaySeconds": 5e-9 },
            { "name": "lidar", "method": "tim-tm2", "receiver": "gnss", "extint": 0, "dutCableDelaySeconds": 0 },
            { "name": "logger", "method": "pps", "reference": "pps0", "dut": "pps1" }
          ]
        }
        """;

    [Fact]
    public void ParsesTheArchitectureExample()
    {
        var d = BenchDescription.ParseJson(ArchitectureExample);
        Assert.Equal("hil-rack-2", d.Bench);
        Assert.Equal(4, d.Sources.Count);
        Assert.Equal(115200, d.FindSource("gnss")!.Baud);
        Assert.Equal("ticc", d.Reference.PpsSource);
        Assert.Equal("chA", d.Reference.PpsInput);
        Assert.Equal(1.2e-7, d.Reference.AntennaCableDelaySeconds);
        var ecu = d.FindChannel("ecu1")!;
        Assert.Equal(ChannelMethods.Ticc, ecu.Method);
        Assert.Equal(5e-9, ecu.DutCableDelaySeconds);
        Assert.Equal("chB", ecu.DutInput);
        Assert.Equal(0, d.FindChannel("lidar")!.Extint);
        Assert.Equal("pps1", d.FindChannel("logger")!.Dut);
    }

    [Fact]
    public void SerializationIsDeterministicAndRoundTrips()
    {
        var d = BenchDescription.ParseJson(ArchitectureExample);
        string json = d.ToJson();
        Assert.DoesNotContain("\n", json);
        Assert.StartsWith("{\"schema\":\"timesync-bench/1\",\"bench\":\"hil-rack-2\"", json);
        Assert.Contains("\"antennaCableDelaySeconds\":1.2E-07", json.Replace("1.2e-7", "1.2E-07"));
        var again = BenchDescription.ParseJson(json);
        Assert.Equal(json, again.ToJson());
        Assert.Equal(json, BenchDescription.FromCaptureComment(d.ToCaptureComment()).ToJson());
        Assert.Equal(json, BenchDescription.ParseJson(d.ToJson(indented: true)).ToJson());
    }

    [Theory]
    [InlineData("\"bench\": \"hil-rack-2\",", "\"bench\": \"hil-rack-2\", \"colour\": \"red\",", "$.colour", "unknown key 'colour'")]
    [InlineData("\"dutInput\": \"chB\",", "\"dutInput\": \"chB\", \"dutCable\": 1,", "$.channels[0].dutCable", "unknown key")]
    [InlineData("\"counter\": \"ticc\",", "\"counter\": \"tic\",", "$.channels[0].counter", "no source named 'tic'")]
    [InlineData("\"dut\": \"pps1\"", "\"dut\": \"pps7\"", "$.channels[2].dut", "no source named 'pps7'")]
    [InlineData("\"labels\": \"gnss\",", "\"labels\": \"ticc\",", "$.reference.labels", "gnss-serial")]
    [InlineData("\"pps\": \"ticc:chA\",", "\"pps\": \"gnss:chA\",", "$.reference.pps", "counter input")]
    [InlineData("\"schema\": \"timesync-bench/1\",", "", "$.schema", "missing required key")]
    [InlineData("\"method\": \"tim-tm2\",", "\"method\": \"tim-tm3\",", "$.channels[1].method", "unknown method 'tim-tm3'")]
    [InlineData("\"baud\": 115200, \"receiver\"", "\"baud\": \"fast\", \"receiver\"", "$.sources[0].baud", "expected a number")]
    [InlineData("\"dutCableDelaySeconds\": 5e-9", "\"dutCableDelaySeconds\": 5", "$.channels[0].dutCableDelaySeconds", "plausible cable delay")]
    [InlineData("\"name\": \"pps1\"", "\"name\": \"pps0\"", "$.sources[3].name", "duplicate source name")]
    [InlineData("\"name\": \"lidar\"", "\"name\": \"ecu1\"", "$.channels[1].name", "duplicate channel name")]
    [InlineData("\"mode\": \"timestamp\"", "\"mode\": \"period\"", "$.sources[1].mode", "unknown TICC mode")]
    public void InvalidJsonNamesThePath(string find, string replace, string path, string message)
    {
        string json = ArchitectureExample.Replace(find, replace);
        Assert.NotEqual(ArchitectureExample, json);
        var e = Assert.Throws<InputException>(() => BenchDescription.ParseJson(json, "x.json"));
        Assert.Equal("x.json " + path, e.Location);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void MalformedJsonIsAnInputException()
    {
        var e = Assert.Throws<InputException>(() => BenchDescription.ParseJson("{\"schema\": \n\"timesync-bench/1\" ,, }", "y.json"));
        Assert.StartsWith("y.json:2", e.Location);
        Assert.Throws<InputException>(() => BenchDescription.ParseJson("[1,2]", "y.json"));
        Assert.Throws<InputException>(() => BenchDescription.FromCaptureComment("{}"));
    }

    private const string Yaml = """
        schema: timesync-bench/1
        bench: hil-rack-2
        sources:
          - name: gnss
            kind: gnss-serial
            device: /dev/ttyACM0
            baud: 115200
          - name: ticc
            kind: ticc
            device: /dev/ttyACM1
            mode: interval
        reference:
          labels: gnss
          pps: "ticc:chA"
          antennaCableDelaySeconds: 120e-9
          qErrCorrection: false
        channels:
          - name: ecu1
            method: ticc
            counter: ticc
            dutCableDelaySeconds: 5.0e-9
          - name: lidar
            method: tim-tm2
            extint: 1
        """;

    [Fact]
    public void ParsesYamlWithDefaults()
    {
        var d = BenchDescription.ParseYaml(Yaml);
        Assert.Equal(TiccModes.Interval, d.FindSource("ticc")!.EffectiveMode);
        Assert.Equal(120e-9, d.Reference.AntennaCableDelaySeconds);
        Assert.False(d.Reference.QErrCorrection);
        var ecu = d.FindChannel("ecu1")!;
        Assert.Equal("chA", ecu.ReferenceInput);
        Assert.Equal("chB", ecu.DutInput);
        Assert.Equal(5e-9, ecu.DutCableDelaySeconds);
        Assert.Equal("gnss", d.FindChannel("lidar")!.Receiver);
        Assert.Equal(1, d.FindChannel("lidar")!.Extint);
        Assert.Equal(d.ToJson(), BenchDescription.ParseJson(d.ToJson()).ToJson());
    }

    [Theory]
    [InlineData("    extint: 1", "    extint: 2", "bench.yaml:24 $.channels[1].extint", "integer in [0, 1]")]
    [InlineData("    counter: ticc", "    counter: ticc\n    colour: red", "bench.yaml:21 $.channels[0].colour", "unknown key")]
    [InlineData("    counter: ticc", "    counter: gnss", "bench.yaml:20 $.channels[0].counter", "not a counter")]
    [InlineData("  labels: gnss", "  labels: [gnss]", "bench.yaml:13 $.reference.labels", "expected a string")]
    public void InvalidYamlNamesTheLine(string find, string replace, string location, string message)
    {
        string yaml = Yaml.Replace(find, replace);
        Assert.NotEqual(Yaml, yaml);
        var e = Assert.Throws<InputException>(() => BenchDescription.ParseYaml(yaml));
        Assert.Equal(location, e.Location);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void BrokenYamlGivesTheLine()
    {
        var e = Assert.Throws<InputException>(() => BenchDescription.ParseYaml("schema: a\nsources: [\n  x: : :\n"));
        Assert.StartsWith("bench.yaml:", e.Location);
        var dup = Assert.Throws<InputException>(() => BenchDescription.ParseYaml("schema: a\nschema: b\n"));
        Assert.Contains("bench.yaml:", dup.Location);
    }
}
