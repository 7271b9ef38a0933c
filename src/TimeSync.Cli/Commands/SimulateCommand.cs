using System.CommandLine;
using System.Globalization;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;
using TimeSync.Simulation.Bench;
using TimeSync.Simulation.Noise;

namespace TimeSync.Cli.Commands;

/// <summary>`timesync simulate`: a synthetic bench written as a capture, or played live on pseudo-terminals (see README, "Simulator").</summary>
internal static partial class SimulateCommand
{
    public static Command Create()
    {
        var duration = new Option<double?>("--duration") { Description = "Simulated seconds (required without --pty; with --pty default one day, or until Ctrl-C)" };
        var seed = new Option<ulong>("--seed") { Description = "Random seed (same seed and arguments: byte-identical capture)", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "Capture file to write (pcapng; required without --pty)" };
        var scenario = new Option<string?>("--scenario") { Description = $"Named scenario ({string.Join(", ", Scenarios.Names)}) or a scenario file (.json, .yaml)" };
        var noise = new Option<string?>("--noise") { Description = "Power-law noise of the device, e.g. h2=1e-20,h0=1e-22,h-2=1e-30 (alone: one device against an ideal reference)" };
        var clocks = new Option<string[]>("--clock") { Description = "A clock of a clock lab, NAME:h0=..,h-1=.. (repeatable, at least three: pairwise differences A-B, B-C, C-A as channels)" };
        var tau0 = new Option<double?>("--tau0") { Description = "Pulse period and noise sample interval in seconds (default 1)" };
        var truth = new Option<string?>("--truth") { Description = "Also write the true time error per channel and pulse to this CSV" };
        var overwrite = new Option<bool>("--overwrite") { Description = "Replace existing output files" };
        var pty = new Option<bool>("--pty") { Description = "Play the bench live on pseudo-terminals at real pace (prints 'pty NAME PATH BAUD' per serial source)" };
        var ptyLink = new Option<string?>("--pty-link") { Description = "With --pty: also make symbolic links DIR/NAME to the pseudo-terminals" };
        var ptyWait = new Option<bool>("--pty-wait") { Description = "With --pty: start (after the lead) only once every pseudo-terminal has a reader, so a reader that opens late loses nothing; 'start' is printed then" };
        var ptyLead = new Option<int>("--pty-lead") { Description = "With --pty: whole seconds from the ports' creation (with --pty-wait: from the last reader's arrival) to the second before the first pulse", DefaultValueFactory = _ => DefaultLeadSeconds };
        var benchOut = new Option<string?>("--bench-out") { Description = "With --pty: write the bench description (JSON, devices = the pseudo-terminals) for `timesync agent --config`" };
        var schema = new Option<bool>("--scenario-schema") { Description = "Print the JSON Schema of scenario files and exit" };
        var command = new Command("simulate", "Simulate a bench (GNSS receiver, TICC, devices under test) and write it as a capture or play it on pseudo-terminals");
        foreach (var o in new Option[] { duration, seed, output, scenario, noise, clocks, tau0, truth, overwrite, pty, ptyLink, ptyWait, ptyLead, benchOut, schema }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            if (parse.GetValue(schema))
            {
                Console.Out.Write(Scenarios.JsonSchema());
                return 0;
            }
            var spec = BuildSpec(parse.GetValue(scenario), parse.GetValue(noise), parse.GetValue(clocks) ?? [], parse.GetValue(tau0));
            bool live = parse.GetValue(pty);
            string? outPath = parse.GetValue(output);
            string? truthPath = parse.GetValue(truth);
            bool replace = parse.GetValue(overwrite);
            if (!live && parse.GetValue(ptyLink) is not null) throw new InputException("--pty-link", "needs --pty");
            if (!live && parse.GetValue(benchOut) is not null) throw new InputException("--bench-out", "needs --pty");
            if (!live && parse.GetValue(ptyWait)) throw new InputException("--pty-wait", "needs --pty");
            int leadSeconds = parse.GetValue(ptyLead);
            if (!live && leadSeconds != DefaultLeadSeconds) throw new InputException("--pty-lead", "needs --pty");
            if (leadSeconds is < 0 or > 3600) throw new InputException("--pty-lead", $"{leadSeconds} is not a number of seconds from 0 to 3600");
            double seconds = parse.GetValue(duration) ?? (live ? 86400 : throw new InputException("--duration", "required (seconds to simulate)"));
            if (!live && outPath is null) throw new InputException("--out", "required (the capture to write), or give --pty");
            BenchSimulator.Validate(spec, seconds); // before any file is created
            foreach (var path in new[] { outPath, truthPath, parse.GetValue(benchOut) })
                if (path is not null && !replace && File.Exists(path)) throw new InputException(path, "exists (use --overwrite)");
            if (live) return RunLive(spec, parse.GetValue(seed), seconds, outPath, truthPath, replace, parse.GetValue(ptyLink), parse.GetValue(benchOut),
                parse.GetValue(ptyWait), leadSeconds);

            SimulationResult result;
            using (var writer = new PcapngWriter(outPath!, WriterOptions(spec, replace)))
            using (var truthWriter = OpenTruth(truthPath))
            {
                result = BenchSimulator.Run(spec, parse.GetValue(seed), seconds, writer, truthWriter);
            }
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"simulate: {result.Scenario}, {result.Pulses} pulses, channels {string.Join(",", result.Channels)}, {result.Packets} packets ({result.PayloadBytes} bytes) -> {outPath}"));
            return 0;
        });
        return command;
    }

    private static ScenarioSpec BuildSpec(string? scenarioText, string? noiseText, string[] clockTexts, double? tau0Value)
    {
        if (tau0Value is double t && !(t > 0)) throw new InputException("--tau0", "must be positive");
        ScenarioSpec spec;
        if (clockTexts.Length > 0)
        {
            if (noiseText is not null) throw new InputException("--noise", "give each clock's noise with --clock NAME:h0=..; --noise is for one device");
            if (clockTexts.Length < 3) throw new InputException("--clock", $"a clock lab needs at least three clocks, got {clockTexts.Length}");
            var lab = Scenarios.ClockLab(clockTexts.Select(ParseClock).ToArray());
            if (scenarioText is not null)
            {
                // a scenario file (or name) gives the bench around the clocks: receiver, counters, host
                var around = Scenarios.Resolve(scenarioText);
                lab = around with { Duts = lab.Duts, Pairs = lab.Pairs, Name = around.Name };
            }
            spec = lab;
        }
        else if (scenarioText is null)
        {
            if (noiseText is null) throw new InputException("simulate", "give --scenario NAME|FILE, --noise h0=.. or --clock NAME:h0=..");
            return Scenarios.NoiseOnly(PowerLawCoefficients.Parse(noiseText, "--noise"), tau0Value ?? 1.0);
        }
        else
        {
            spec = Scenarios.Resolve(scenarioText);
            if (noiseText is not null)
            {
                if (spec.Pairs is not null) throw new InputException("--noise", "a clock lab takes each clock's noise with --clock NAME:h0=..");
                var h = PowerLawCoefficients.Parse(noiseText, "--noise");
                spec = spec with { Duts = [spec.Duts[0] with { Noise = Scenarios.ToDictionary(h) }, .. spec.Duts.Skip(1)] };
            }
        }
        return tau0Value is double tt ? spec with { Tau0Seconds = tt } : spec;
    }

    private static (string, PowerLawCoefficients) ParseClock(string text)
    {
        int colon = text.IndexOf(':');
        if (colon <= 0 || colon == text.Length - 1) throw new InputException("--clock", $"'{text}' is not NAME:h0=..,h-1=..");
        return (text[..colon], PowerLawCoefficients.Parse(text[(colon + 1)..], $"--clock {text[..colon]}"));
    }

    private static PcapngWriterOptions WriterOptions(ScenarioSpec spec, bool replace, string? benchJson = null) => new()
    {
        BenchDescription = benchJson ?? BenchSimulator.Describe(spec).ToJson(),
        Fsync = false,
        Overwrite = replace,
    };

    private static StreamWriter? OpenTruth(string? path) => path is null ? null : new StreamWriter(path, append: false) { NewLine = "\n" };
}
