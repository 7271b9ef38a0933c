using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Reporting.Engine;

namespace TimeSync.Reporting.Html;

/// <summary>
/// An analysis a command already ran on a channel's time-error series (the same values and τ0 the channel holds), with
/// the settings its document does not record: the τ grid and the noise identification.
/// </summary>
public sealed record ChannelAnalysis(AnalysisDocument Document, TauGrid Grid, NoiseIdMode NoiseId)
{
    /// <summary>
    /// Whether this analysis holds <paramref name="statistic"/> exactly as <see cref="StabilityCurve.Compute"/> would
    /// compute it for <paramref name="channel"/>: phase input of the channel's length and τ0, octave grid, default
    /// confidence, the same noise identification and fixed α.
    /// </summary>
    public bool Serves(string statistic, ChannelSeries channel, NoiseIdMode noiseId, int? fixedAlpha) =>
        Document.Kind == SeriesKind.Phase
        && Document.Count == channel.TimeErrorSeconds.Length
        && Document.Tau0Seconds.Equals(channel.Tau0Seconds)
        && Document.Confidence.Equals(ConfidenceInterval.DefaultConfidence)
        && Document.FixedAlpha == fixedAlpha
        && NoiseId == noiseId
        && Grid == TauGrid.Octave
        && Document.Deviations.Any(d => d.Name == statistic);
}
