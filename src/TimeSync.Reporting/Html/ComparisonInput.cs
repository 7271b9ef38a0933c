using TimeSync.Core.Comparison;
using TimeSync.Core.Statistics;
using TimeSync.Reporting.Engine;

namespace TimeSync.Reporting.Html;

/// <summary>
/// One clock of a comparison: its aligned time error (on the common time axis), its analysis on the shared τ grid,
/// its rank and the ranking values (<see cref="ComparisonInput.RankStatistic"/> at each <see cref="ComparisonInput.RankTauSeconds"/>).
/// </summary>
public sealed record ReportedClock(string Name, ChannelSeries Series, AnalysisDocument Analysis, int Rank, double MaxAbsSeconds, IReadOnlyList<double> RankValues);

/// <summary>What `timesync compare --report` shows: every clock on shared axes, the ranking, the hat and the per-clock checks.</summary>
public sealed record ComparisonInput(string Title, IReadOnlyList<ReportedClock> Clocks, IReadOnlyList<double> RankTauSeconds, IReadOnlyList<Verdict> Verdicts)
{
    /// <summary>The statistic the ranking uses (its name in the analysis document).</summary>
    public string RankStatistic { get; init; } = "oadev";

    /// <summary>The N-cornered hat's separated deviations (OADEV of each clock alone), when computed.</summary>
    public IReadOnlyList<HatClock>? Hat { get; init; }

    /// <summary>The inputs, shown under the title.</summary>
    public string? SourceDescription { get; init; }

    /// <summary>Lines about the alignment (common samples, gaps), shown under the ranking.</summary>
    public IReadOnlyList<string> AlignmentNotes { get; init; } = [];
}
