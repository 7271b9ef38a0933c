using System.CommandLine;
using System.Reflection;
using TimeSync.Core;

namespace TimeSync.Cli.Commands;

/// <summary>
/// The main job on a simulated bench, no hardware and no server: simulate a capture, replay it through the same
/// pipeline as the live agent, check it against the vehicle-bench limits, print the summary and write the report.
/// It runs the real `simulate` and `replay` commands, so what it shows is what they do.
/// </summary>
internal static class DemoCommand
{
    private const string LimitsResource = "TimeSync.Cli.vehicle-bench.yaml";

    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder for the capture, truth, report, JUnit and JSON files", DefaultValueFactory = _ => "demo-out" };
        var scenario = new Option<string>("--scenario") { Description = "Simulated bench (gptp-ecu, gnss-holdover, lidar-pps, bad-cable)", DefaultValueFactory = _ => "gptp-ecu" };
        var duration = new Option<double>("--duration") { Description = "Simulated seconds", DefaultValueFactory = _ => 3600 };
        var seed = new Option<ulong>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 1 };
        var command = new Command("demo", "Simulate a bench, replay it, check it against vehicle-bench limits, print the summary and write the HTML report");
        foreach (var o in new Option[] { output, scenario, duration, seed }) command.Options.Add(o);
        command.SetAction(parse => Run(parse.GetValue(output)!, parse.GetValue(scenario)!, parse.GetValue(duration), parse.GetValue(seed)));
        return command;
    }

    private static int Run(string outDir, string scenario, double durationSeconds, ulong seed)
    {
        if (!(durationSeconds >= 60)) throw new InputException("--duration", "the demo needs at least 60 s of simulated bench");
        Directory.CreateDirectory(outDir);
        string capture = Path.Combine(outDir, "bench.pcapng");
        string truth = Path.Combine(outDir, "truth.csv");
        string limits = Path.Combine(outDir, "limits.yaml");
        string report = Path.Combine(outDir, "report.html");
        string junit = Path.Combine(outDir, "junit.xml");
        string markdown = Path.Combine(outDir, "summary.md");
        string json = Path.Combine(outDir, "analysis.json");
        WriteLimits(limits);

        var root = new RootCommand();
        foreach (var c in CommandCatalog.All().Where(c => c.Name is "simulate" or "replay")) root.Subcommands.Add(c);
        var invocation = new InvocationConfiguration { EnableDefaultExceptionHandler = false };

        Console.WriteLine($"demo: simulating {durationSeconds:0} s of the '{scenario}' bench (seed {seed}) into {capture}");
        int rc = root.Parse(["simulate", "--scenario", scenario, "--duration", durationSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--out", capture, "--truth", truth, "--overwrite"]).Invoke(invocation);
        if (rc != 0) return rc;

        Console.WriteLine($"demo: replaying {capture} against {limits}");
        rc = root.Parse(["replay", capture, "--limits", limits, "--report", report, "--junit", junit, "--markdown", markdown, "--json", json]).Invoke(invocation);
        Console.WriteLine();
        Console.WriteLine("demo: wrote");
        foreach (var f in new[] { capture, truth, limits, json, junit, markdown, report })
            if (File.Exists(f)) Console.WriteLine($"  {f}  ({new FileInfo(f).Length:N0} bytes)");
        Console.WriteLine(rc switch
        {
            CliRunner.ExitPass => "demo: every check passed (exit 0)",
            CliRunner.ExitFail => "demo: a check failed (exit 1): see the report",
            _ => $"demo: replay ended with exit code {rc}",
        });
        return rc;
    }

    private static void WriteLimits(string path)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(LimitsResource)
            ?? throw new InvalidOperationException($"resource {LimitsResource} missing from the build");
        using var file = File.Create(path);
        stream.CopyTo(file);
    }
}
