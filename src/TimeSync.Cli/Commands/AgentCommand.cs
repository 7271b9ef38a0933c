using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TimeSync.Acquisition.Agent;
using TimeSync.Acquisition.Bench;
using TimeSync.Core;

namespace TimeSync.Cli.Commands;

/// <summary>
/// <c>timesync agent --config bench.yaml</c>: the long-running bench agent (sources → capture → pipeline → sinks),
/// systemd-aware (see docs/timesync-agent.service); SIGTERM or Ctrl-C stops it after flushing everything.
/// </summary>
internal static class AgentCommand
{
    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "bench description (bench.yaml, or JSON)", Required = true };
        var capture = new Option<string?>("--capture") { Description = "capture file (default: <bench>-<UTC start>.pcapng in the current directory)" };
        var rotateMb = new Option<long?>("--rotate-mb") { Description = "start a new capture file after this many MB" };
        var rotateHours = new Option<double?>("--rotate-hours") { Description = "start a new capture file after this many hours" };
        var logFormat = new Option<string>("--log-format") { Description = "simple or json", DefaultValueFactory = _ => "simple" };
        var noView = new Option<bool>("--no-view") { Description = "no live table even on a terminal" };
        var command = new Command("agent", "Run the bench agent: read sources, record a capture, label time errors live");
        foreach (var o in new Option[] { config, capture, rotateMb, rotateHours, logFormat, noView }) command.Options.Add(o);
        command.SetAction(parse => Run(parse.GetValue(config)!, parse.GetValue(capture), parse.GetValue(rotateMb),
            parse.GetValue(rotateHours), parse.GetValue(logFormat)!, parse.GetValue(noView)));
        return command;
    }

    internal static int Run(string configPath, string? capturePath, long? rotateMb, double? rotateHours, string logFormat, bool noView)
    {
        if (logFormat is not ("simple" or "json")) throw new InputException("--log-format", $"'{logFormat}' is neither simple nor json");
        if (rotateMb is <= 0) throw new InputException("--rotate-mb", "must be positive");
        if (rotateHours is double h && !(h > 0 && double.IsFinite(h))) throw new InputException("--rotate-hours", "must be positive");
        var config = AgentConfig.Load(configPath); // the bench description plus the agent's influx: section
        var bench = config.Bench;
        var sourceLocations = config.SourceLocations;
        capturePath ??= $"{bench.Bench ?? "bench"}-{DateTime.UtcNow:yyyyMMdd'T'HHmmss'Z'}.pcapng";
        if (File.Exists(capturePath)) throw new InputException(capturePath, "exists; captures are never overwritten");
        var influx = Influx.InfluxAgent.Create(config);
        bool view = LiveView.ShouldShow(Console.IsOutputRedirected, Environment.GetEnvironmentVariable("TERM"),
            Environment.GetEnvironmentVariable("INVOCATION_ID"), Environment.GetEnvironmentVariable("CI"), noView);
        var options = new AgentOptions
        {
            Bench = bench,
            CapturePath = capturePath,
            SourceLocations = sourceLocations,
            RotateAfterBytes = rotateMb * 1_000_000,
            RotateAfterTime = rotateHours is double hours ? TimeSpan.FromHours(hours) : null,
            LiveView = view,
            LogFormat = logFormat,
            ExtraSinks = influx is null ? [] : [influx.Sink],
        };
        using var host = AgentHost.Build(options);
        influx?.UseLogger(host.Services.GetRequiredService<ILoggerFactory>());
        host.Run();
        return CliRunner.ExitPass;
    }
}
