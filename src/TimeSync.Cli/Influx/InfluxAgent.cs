using Microsoft.Extensions.Logging;
using TimeSync.Acquisition.Agent;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Influx;

namespace TimeSync.Cli.Influx;

/// <summary>
/// The agent's InfluxDB sink, built from the <c>influx:</c> section of its configuration (<see cref="AgentInfluxSettings"/>):
/// the same target, spool and schema as <c>replay --influx-*</c>, secrets from the environment or the token file only.
/// Its log lines (server lost, back, spool full, final count) go to the agent's logger once the host exists; lines from
/// before that (a spool left by the previous run) are held and logged then.
/// </summary>
public sealed class InfluxAgent
{
    private static readonly Action<ILogger, string, Exception?> LogWarning =
        LoggerMessage.Define<string>(LogLevel.Warning, new EventId(40, "influx"), "{Line}");
    private static readonly Action<ILogger, string, Exception?> LogInformation =
        LoggerMessage.Define<string>(LogLevel.Information, new EventId(41, "influx"), "{Line}");

    /// <summary>Good news (everything written, the server back) is information; the rest (server lost, spool full, points left) a warning.</summary>
    private static void LogLine(ILogger logger, string line, Exception? e)
    {
        bool good = line.Contains("accepts writes again", StringComparison.Ordinal)
                    || (line.Contains(" points written to ", StringComparison.Ordinal) && !line.Contains(';', StringComparison.Ordinal));
        (good ? LogInformation : LogWarning)(logger, line, e);
    }

    private readonly object _lock = new();
    private readonly List<string> _early = [];
    private ILogger? _logger;

    private InfluxAgent() { }

    /// <summary>The pipeline's sink onto InfluxDB (hand it to <see cref="AgentOptions.ExtraSinks"/>).</summary>
    public InfluxSampleSink Sink { get; private set; } = null!;

    /// <summary>The sink the configuration asks for, or null when it has no <c>influx:</c> section.</summary>
    public static InfluxAgent? Create(AgentConfig config, Func<string, string?>? environment = null)
    {
        if (config.Influx is not { } s) return null;
        var target = InfluxCli.BuildTarget(s.Url, s.Org, s.Bucket, s.TokenFile, s.Database, s.RetentionPolicy, s.CaFile, environment);
        var delivery = InfluxCli.BuildDelivery(target, s.SpoolDirectory, s.SpoolMaxMegabytes);
        var agent = new InfluxAgent();
        var sink = InfluxSink.Create(target, delivery, s.BenchTag ?? config.Bench.Bench, agent.Write, s.RollingWindowSeconds);
        agent.Sink = new InfluxSampleSink(sink, agent.Write);
        agent.Sink.Describe(config.Bench);
        return agent;
    }

    /// <summary>From now on log through the agent's logger (console or journal), after the held lines.</summary>
    public void UseLogger(ILoggerFactory factory)
    {
        var logger = factory.CreateLogger("TimeSync.Influx");
        lock (_lock)
        {
            foreach (var line in _early) LogLine(logger, line, null);
            _early.Clear();
            _logger = logger;
        }
    }

    private void Write(string line)
    {
        lock (_lock)
        {
            if (_logger is null) _early.Add(line);
            else LogLine(_logger, line, null);
        }
    }
}
