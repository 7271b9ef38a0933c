using System.Text.Json;
using System.Text.Json.Serialization;
using TimeSync.Core;
using TimeSync.Simulation.Noise;

namespace TimeSync.Simulation.Bench;

/// <summary>Named scenarios (listed in the README) and scenario files.</summary>
public static class Scenarios
{
    public static readonly IReadOnlyList<string> Names = ["gptp-ecu", "gnss-holdover", "lidar-pps", "bad-cable", "clock-lab"];

    // A TCXO-class automotive crystal: ADEV ≈ 1e-9 at 1 s (WFM), 1e-10 flicker floor, slow random walk.
    private static readonly Dictionary<string, double> Tcxo = new() { ["h0"] = 2e-18, ["h-1"] = 7e-21, ["h-2"] = 1e-24 };
    // An OCXO: ADEV ≈ 2e-12 at 1 s, 1e-12 floor.
    private static readonly Dictionary<string, double> Ocxo = new() { ["h0"] = 8e-24, ["h-1"] = 7e-25, ["h-2"] = 1e-30 };

    /// <summary>The named scenario, or null.</summary>
    public static ScenarioSpec? Named(string name) => name switch
    {
        // An ECU disciplined over IEEE 802.1AS by a PI servo (ptp4l defaults kp 0.7, ki 0.3): it starts 3.2 ms off and
        // 11 ppm fast, steps on the second sync, locks within ~10 s and then stays within ±1 µs (8 ns PHY timestamp noise).
        "gptp-ecu" => new ScenarioSpec
        {
            Name = name, Bench = "sim-gptp-ecu",
            Duts = [new DutSpec
            {
                Name = "ecu1", Noise = Tcxo, InitialTimeErrorSeconds = 3.2e-3, FrequencyOffset = 1.1e-5, DriftPerSecond = 2e-12,
                CableDelaySeconds = 5e-9,
                Servo = new ServoSpec { Reference = "ideal", Kp = 0.7, Ki = 0.3, MeasurementNoiseSeconds = 8e-9, MeasurementBiasSeconds = 2.5e-8 },
            }],
        },
        // A GNSS-disciplined OCXO under test loses its own GNSS reference for 10 minutes (from t = 600 s): its servo
        // holds the last frequency while a 2e-11 temperature step 60 s into the outage walks the time away; then it re-locks.
        "gnss-holdover" => new ScenarioSpec
        {
            Name = name, Bench = "sim-gnss-holdover",
            Duts = [new DutSpec
            {
                Name = "gm-ocxo", Noise = Ocxo, InitialTimeErrorSeconds = 4e-8, FrequencyOffset = 3e-10, DriftPerSecond = 1e-15,
                FrequencySteps = [new StepSpec(660, 2e-11)], CableDelaySeconds = 1e-8,
                Servo = new ServoSpec { Reference = "ideal", Kp = 0.05, Ki = 0.002, MeasurementNoiseSeconds = 4e-9,
                    ReferenceLoss = [new WindowSpec(600, 600)] },
            }],
        },
        // A lidar slaved to the bench receiver's PPS (and its NMEA for the second's label): its PI loop sees the raw PPS,
        // sawtooth and jitter included (it cannot read qErr), with 20 ns timestamp noise.
        "lidar-pps" => new ScenarioSpec
        {
            Name = name, Bench = "sim-lidar-pps",
            Duts = [new DutSpec
            {
                Name = "lidar", Noise = new Dictionary<string, double> { ["h0"] = 1e-17, ["h-1"] = 2e-20, ["h-2"] = 5e-24 },
                InitialTimeErrorSeconds = -2.1e-4, FrequencyOffset = -2.4e-5, CableDelaySeconds = 1.5e-8,
                Servo = new ServoSpec { Reference = "gnss-pps", Kp = 0.3, Ki = 0.05, MeasurementNoiseSeconds = 2e-8 },
            }],
        },
        // A locked ECU on a bad cable: 20 ns more delay than the bench description declares (uncompensated), a ringing
        // edge that the TICC sees as a second chB edge 12 ns later on 1 % of pulses, and 0.2 % missing pulses.
        "bad-cable" => new ScenarioSpec
        {
            Name = name, Bench = "sim-bad-cable",
            Duts = [new DutSpec
            {
                Name = "ecu2", Noise = Tcxo, InitialTimeErrorSeconds = 1e-6, FrequencyOffset = -6e-6,
                CableDelaySeconds = 2.5e-8, DeclaredCableDelaySeconds = 5e-9,
                MissingPulseProbability = 0.002, GlitchProbability = 0.01, GlitchDelaySeconds = 1.2e-8,
                Servo = new ServoSpec { Reference = "ideal", MeasurementNoiseSeconds = 8e-9 },
            }],
        },
        // Three free-running crystal clocks with white FM at three levels (ADEV at 1 s: 1.4e-9, 2.8e-9, 5.7e-9), small
        // time and frequency offsets, measured pairwise A−B, B−C, C−A by three TICCs: the three-cornered hat's lab.
        "clock-lab" => ClockLab([("A", new PowerLawCoefficients(H0: 4e-18)), ("B", new PowerLawCoefficients(H0: 1.6e-17)), ("C", new PowerLawCoefficients(H0: 6.4e-17))]),
        _ => null,
    };

    /// <summary>
    /// A clock lab: free-running clocks with the given noise (small distinct time and frequency offsets, no drift),
    /// measured pairwise (<see cref="DefaultPairs"/>) on an otherwise default bench.
    /// </summary>
    public static ScenarioSpec ClockLab(IReadOnlyList<(string Name, PowerLawCoefficients Noise)> clocks) => new()
    {
        Name = "clock-lab", Bench = "sim-clock-lab",
        Duts = clocks.Select((c, i) => new DutSpec
        {
            Name = c.Name, Noise = ToDictionary(c.Noise),
            InitialTimeErrorSeconds = (i % 2 == 0 ? 1 : -1) * 1e-7 * (i + 1), FrequencyOffset = (i % 2 == 0 ? -1 : 1) * 2e-10 * (i + 1),
            CableDelaySeconds = 5e-9,
        }).ToArray(),
        Pairs = DefaultPairs(clocks.Select(c => c.Name).ToArray()),
    };

    /// <summary>
    /// Every pair of the clocks once, neighbours first: A-B, B-C, C-A for three (a ring, as a multi-channel counter is
    /// wired), then the chords (A-C, B-D, … for four or more), so the N-cornered hat has every pair.
    /// </summary>
    public static IReadOnlyList<string> DefaultPairs(IReadOnlyList<string> names)
    {
        int n = names.Count;
        var pairs = new List<string>();
        var seen = new HashSet<(int, int)>();
        for (int d = 1; d <= n / 2; d++)
            for (int i = 0; i < n; i++)
            {
                int j = (i + d) % n;
                if (n == 2 && i == 1) break;
                if (seen.Add((Math.Min(i, j), Math.Max(i, j)))) pairs.Add($"{names[i]}-{names[j]}");
            }
        return pairs;
    }

    /// <summary>One device with exactly this noise against an ideal reference (no sawtooth, no jitter, ideal counter).</summary>
    public static ScenarioSpec NoiseOnly(PowerLawCoefficients noise, double tau0Seconds) => new()
    {
        Name = "noise", Bench = "sim-noise", Tau0Seconds = tau0Seconds,
        Receiver = new ReceiverSpec { SawtoothPeriodSeconds = 0, JitterSeconds = 0 },
        Ticc = new TiccSpec { JitterSeconds = 0 },
        Duts = [new DutSpec { Name = "dut", Noise = ToDictionary(noise) }],
    };

    public static Dictionary<string, double> ToDictionary(PowerLawCoefficients h)
    {
        var d = new Dictionary<string, double>();
        foreach (int a in PowerLawCoefficients.Alphas) if (h[a] != 0) d[$"h{a}"] = h[a];
        return d;
    }

    private static readonly JsonSerializerOptions FileOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        NumberHandling = JsonNumberHandling.Strict,
    };

    /// <summary>
    /// Parses a scenario file's JSON (shape of <see cref="ScenarioSpec"/>, camelCase; unknown keys rejected) and checks
    /// its values; errors name <paramref name="origin"/>, the line, and the key's path.
    /// </summary>
    public static ScenarioSpec ParseJson(string json, string origin) => Parse(json, FileOptions, origin, line => line + 1, _ => null);

    /// <summary>The same shape in YAML; errors name the YAML line of the offending key.</summary>
    public static ScenarioSpec ParseYaml(string yaml, string origin)
    {
        var converted = ScenarioYaml.Convert(yaml, origin);
        return Parse(converted.Json, YamlOptions, origin, converted.YamlLine, converted.LineOf);
    }

    private static readonly JsonSerializerOptions YamlOptions = ScenarioYaml.Options(FileOptions);

    private static ScenarioSpec Parse(string json, JsonSerializerOptions options, string origin, Func<long, long> line, Func<string, long?> lineOfPath)
    {
        ScenarioSpec spec;
        try
        {
            spec = JsonSerializer.Deserialize<ScenarioSpec>(json, options) ?? throw new InputException(origin, "empty scenario");
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long l ? $"{origin}:{line(l)}" : origin;
            throw new InputException(where, $"{e.Path}: {FirstLine(e.Message)}");
        }
        try
        {
            BenchSimulator.ValidateSpec(spec);
        }
        catch (InputException e)
        {
            // e.Location is the key's path (duts[0].servo.reference)
            throw new InputException(lineOfPath(e.Location) is long l ? $"{origin}:{l}" : origin, e.Message);
        }
        return spec;
    }

    /// <summary>
    /// JSON Schema (draft 2020-12) of scenario files, generated from <see cref="ScenarioSpec"/> with the options files are
    /// read with (System.Text.Json's JsonSchemaExporter), so it cannot drift from the reader.
    /// </summary>
    public static string JsonSchema()
    {
        var schema = System.Text.Json.Schema.JsonSchemaExporter.GetJsonSchemaAsNode(
            new JsonSerializerOptions(FileOptions) { TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() }, typeof(ScenarioSpec));
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        schema["title"] = "timesync simulate scenario";
        return schema.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>A named scenario, or a scenario file: YAML for .yaml/.yml, else JSON.</summary>
    public static ScenarioSpec Resolve(string nameOrFile)
    {
        if (Named(nameOrFile) is { } named) return named;
        if (!File.Exists(nameOrFile))
            throw new InputException("--scenario", $"'{nameOrFile}' is neither a scenario ({string.Join(", ", Names)}) nor a file");
        string text;
        try { text = File.ReadAllText(nameOrFile); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new InputException(nameOrFile, e.Message); }
        bool yaml = nameOrFile.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || nameOrFile.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);
        return yaml ? ParseYaml(text, nameOrFile) : ParseJson(text, nameOrFile);
    }

    private static string FirstLine(string s) => s.Split('\n')[0].Trim();
}
