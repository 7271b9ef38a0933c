using System.CommandLine;
using System.Globalization;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;
using TimeSync.Simulation.Bench;
using TimeSync.Simulation.Noise;

namespace TimeSync.Cli.Commands;

/// <summary>`timesync simulate`: a synthetic bench written as a capture (see README, "Simulator").</summary>
internal static class SimulateCommand
{
    public static Command Create()
    {
        var duration = new Option<double>("--duration") { Description = "Simulated seconds", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (same seed and arguments: byte-identical capture)", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Capture file to write (pcapng)", Required = true };
        var scenario = new Option<string?>("--scenario") { Description = $"Named scenario ({string.Join(", ", Scenarios.Names)}) or a JSON scenario file" };
        var noise = new Option<string?>("--noise") { Description = "Power-law noise of the device, e.g. h2=1e-20,h0=1e-22,h-2=1e-30 (alone: one device against an ideal reference)" };
        var tau0 = new Option<double?>("--tau0") { Description = "Pulse period and noise sample interval in seconds (default 1)" };
        var truth = new Option<string?>("--truth") { Description = "Also write the true time error per channel and pulse to this CSV" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing output files" };
        var command = new Command("simulate", "Simulate a bench (GNSS receiver, TICC, devices under test) and write it as a capture");
        foreach (var o in new Option[] { duration, seed, output, scenario, noise, tau0, truth, overwrite }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            string? scenarioText = parse.GetValue(scenario);
            string? noiseText = parse.GetValue(noise);
            double? tau0Value = parse.GetValue(tau0);
            if (scenarioText is null && noiseText is null) throw new InputException("simulate", "give --scenario NAME|FILE or --noise h0=..");
            if (tau0Value is double t && !(t > 0)) throw new InputException("--tau0", "must be positive");
            ScenarioSpec spec;
            if (scenarioText is null)
                spec = Scenarios.NoiseOnly(PowerLawCoefficients.Parse(noiseText!, "--noise"), tau0Value ?? 1.0);
            else
            {
                spec = Scenarios.Resolve(scenarioText);
                if (noiseText is not null)
                {
                    var h = PowerLawCoefficients.Parse(noiseText, "--noise");
                    spec = spec with { Duts = [spec.Duts[0] with { Noise = Scenarios.ToDictionary(h) }, .. spec.Duts.Skip(1)] };
                }
                if (tau0Value is double tt) spec = spec with { Tau0Seconds = tt };
            }
            double seconds = parse.GetValue(duration);
            BenchSimulator.Validate(spec, seconds); // before any file is created
            string outPath = parse.GetValue(output)!;
            string? truthPath = parse.GetValue(truth);
            bool replace = parse.GetValue(overwrite);
            if (!replace && File.Exists(outPath)) throw new InputException(outPath, "exists (use --overwrite)");
            var options = new PcapngWriterOptions
            {
                BenchDescription = BenchSimulator.Describe(spec).ToJson(),
                Fsync = false,
                Overwrite = replace,
            };
            SimulationResult result;
            using (var writer = new PcapngWriter(outPath, options))
            using (var truthWriter = truthPath is null ? null : new StreamWriter(truthPath, append: false) { NewLine = "\n" })
            {
                result = BenchSimulator.Run(spec, parse.GetValue(seed), seconds, writer, truthWriter);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"simulate: {result.Scenario}, {result.Pulses} pulses, channels {string.Join(",", result.Channels)}, {result.Packets} packets ({result.PayloadBytes} bytes) -> {outPath}"));
            return 0;
        });
        return command;
    }
}
