using System.Globalization;

namespace TimeSync.Cli.Tests;

/// <summary>
/// Simulated captures with a deterministic device under test (ideal reference: no sawtooth, no receiver or counter
/// jitter, no clock noise), so each check's measured value is known in closed form or from the simulator's truth file.
/// Built once per test class by `timesync simulate` (the real command), replayed by the tests with `timesync replay`.
/// </summary>
public sealed class BoundaryCaptures : IDisposable
{
    public const int DurationSeconds = 1000;

    /// <summary>x = 100 ns + 1 ppb·t.</summary>
    public const double RampX0Seconds = 1e-7, RampY = 1e-9;

    /// <summary>x = D·t²/2.</summary>
    public const double QuadraticDriftPerSecond = 1e-11;

    /// <summary>x = 5 µs, −5 µs at 100 s, +200 ns at 500 s.</summary>
    public const double StepsX0Seconds = 5e-6, StepsFirstAtSeconds = 100, StepsSecondSizeSeconds = 2e-7;

    /// <summary>Holdover: the device's servo loses its reference from 300 s for 300 s; a 2e-11 frequency step at 350 s.</summary>
    public const double HoldoverLossAtSeconds = 300, HoldoverDurationSeconds = 300;

    private const string IdealBench = """
        "tau0Seconds": 1,
        "receiver": { "sawtoothPeriodSeconds": 0, "jitterSeconds": 0 },
        "ticc": { "jitterSeconds": 0 },
        """;

    private static readonly Dictionary<string, string> Duts = new()
    {
        ["ramp"] = """{ "name": "dut", "initialTimeErrorSeconds": 1e-7, "frequencyOffset": 1e-9 }""",
        ["quadratic"] = """{ "name": "dut", "driftPerSecond": 1e-11 }""",
        ["steps"] = """{ "name": "dut", "initialTimeErrorSeconds": 5e-6, "phaseSteps": [ { "atSeconds": 100, "size": -5e-6 }, { "atSeconds": 500, "size": 2e-7 } ] }""",
        ["gappy"] = """{ "name": "dut", "initialTimeErrorSeconds": 1e-8, "missingPulseProbability": 0.04 }""",
        ["holdover"] = """
            { "name": "dut", "initialTimeErrorSeconds": 2e-7, "frequencyOffset": 5e-9, "driftPerSecond": 1e-13,
              "frequencySteps": [ { "atSeconds": 350, "size": 2e-11 } ],
              "servo": { "reference": "ideal", "kp": 0.7, "ki": 0.3, "measurementNoiseSeconds": 0,
                         "referenceLoss": [ { "startSeconds": 300, "durationSeconds": 300 } ] } }
            """,
    };

    private readonly Dictionary<string, (string Capture, double?[] Truth)> _captures = [];

    public string Directory { get; } = System.IO.Directory.CreateTempSubdirectory("timesync-boundary-").FullName;

    public BoundaryCaptures()
    {
        foreach (var (name, dut) in Duts)
        {
            string scenario = Path.Combine(Directory, name + ".json");
            File.WriteAllText(scenario, $$"""{ "name": "{{name}}", "bench": "sim-{{name}}", {{IdealBench}} "duts": [ {{dut}} ] }""");
            string capture = Path.Combine(Directory, name + ".pcapng"), truth = Path.Combine(Directory, name + "-truth.csv");
            var r = CliProcess.Run(TimeSpan.FromSeconds(120), "simulate", "--scenario", scenario, "--duration", DurationSeconds.ToString(CultureInfo.InvariantCulture),
                "--seed", "11", "--out", capture, "--truth", truth);
            if (r.ExitCode != 0) throw new InvalidOperationException($"simulate {name}: {r.StdErr}");
            _captures[name] = (capture, ReadTruth(truth));
        }
    }

    public string Capture(string name) => _captures[name].Capture;

    /// <summary>What a correct labeller reports per second from the start (null: the pulse is missing).</summary>
    public double?[] Truth(string name) => _captures[name].Truth;

    private static double?[] ReadTruth(string path)
    {
        var values = new List<double?>();
        foreach (var line in File.ReadLines(path))
        {
            if (line.StartsWith('#') || line.StartsWith("utc,", StringComparison.Ordinal)) continue;
            var f = line.Split(',');
            values.Add(f[3].Length == 0 ? null : double.Parse(f[3], CultureInfo.InvariantCulture));
        }
        return [.. values];
    }

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); }
        catch (IOException) { }
    }
}
