using TimeSync.Capture.Readers;
using TimeSync.Core.Time;
using TimeSync.Reporting.Engine;

namespace TimeSync.Cli.Analysis;

/// <summary>The verdict engine's input for one imported channel, with the labeller's events placed on its time axis.</summary>
internal static class ReportingInputs
{
    public static ChannelSeries Channel(ImportedSeries series, double tau0Seconds, double[] phaseSeconds)
    {
        Instant? start = series.Times is { Count: > 0 } ts ? ts[0] : null;
        IReadOnlyList<ChannelEvent>? events = null;
        if (series.Events is not null && start is Instant t0)
            // events without a UTC second (e.g. a decoder problem before the first label) cannot be placed on the series
            events = series.Events.Where(e => e.Utc is not null).Select(e => ChannelEvent.At(e.Utc!.Value, t0, e.Kind, e.Count)).ToList();
        return new ChannelSeries(series.Channel, tau0Seconds, phaseSeconds, start, events);
    }
}
