using TimeSync.Reporting.Engine;

namespace TimeSync.Reporting.Html;

/// <summary>Everything one HTML report shows: the channels' series, the verdicts, and optional extra summary rows per channel.</summary>
public sealed record ReportInput(string Title, IReadOnlyList<ChannelSeries> Channels, IReadOnlyList<Verdict> Verdicts)
{
    /// <summary>Extra (name, value) summary rows per channel, e.g. from the analysis document; shown after the built-in ones.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<(string Name, string Value)>>? ExtraSummary { get; init; }

    /// <summary>Where the data came from (capture or file name), shown under the title.</summary>
    public string? SourceDescription { get; init; }

    /// <summary>The noise identification the stability curves print (default Stable32's procedure).</summary>
    public Core.Statistics.NoiseIdMode NoiseId { get; init; }

    /// <summary>The noise type α fixed for every τ of the stability curves (Stable32's manual noise type); null: identified per τ.</summary>
    public int? FixedAlpha { get; init; }

    /// <summary>Analyses already run on the channels (same index as <see cref="Channels"/>), reused where they match (<see cref="ChannelAnalysis.Serves"/>).</summary>
    public IReadOnlyList<ChannelAnalysis?>? Analyses { get; init; }
}
