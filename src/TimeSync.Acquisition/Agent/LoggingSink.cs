using Microsoft.Extensions.Logging;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;

namespace TimeSync.Acquisition.Agent;

/// <summary>Structured logs of the pipeline's output: events at Information/Warning, samples at Debug.</summary>
public sealed partial class LoggingSink(ILogger logger) : ISampleSink
{
    public void OnSample(string channel, ChannelSample sample) =>
        LogSample(logger, channel, sample.Sample.Time.ToString(), sample.Sample.TimeErrorSeconds, sample.Flags);

    public void OnEvent(LabelEvent e)
    {
        var level = e.Kind is LabelEventKind.AssociationDecided or LabelEventKind.FixRegained or LabelEventKind.LeapSecondAnnounced
            ? LogLevel.Information : LogLevel.Warning;
        LogLabelEvent(logger, level, e.Channel, e.Kind, e.Utc?.ToString() ?? "", e.Count, e.Message);
    }

    public void Complete() => LogComplete(logger);

    [LoggerMessage(EventId = 1, Level = LogLevel.Debug, Message = "{Channel} {Utc} x={TimeErrorSeconds} flags={Flags}")]
    private static partial void LogSample(ILogger logger, string channel, string utc, double timeErrorSeconds, SampleFlags flags);

    [LoggerMessage(EventId = 2, Message = "{Channel}: {Kind} {Utc} ×{Count}: {Detail}")]
    private static partial void LogLabelEvent(ILogger logger, LogLevel level, string channel, LabelEventKind kind, string utc, int count, string detail);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "pipeline complete")]
    private static partial void LogComplete(ILogger logger);
}
