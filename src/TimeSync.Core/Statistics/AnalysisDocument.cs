using TimeSync.Core.Series;

namespace TimeSync.Core.Statistics;

/// <summary>One row of a deviation table. Alpha/EDF/bounds are null for statistics without them (MTIE, TIE rms) or when undetermined.</summary>
public sealed record DeviationRow(int Af, double TauSeconds, long Terms, double Value, int? Alpha, double? Edf, double? CiLow, double? CiHigh);

/// <summary>All rows of one statistic.</summary>
public sealed record StatisticResult(StatisticDefinition Definition, IReadOnlyList<DeviationRow> Rows)
{
    public string Name => Definition.Name;
}

/// <summary>
/// The analysis of one series: what <c>timesync analyze --json</c> prints and other commands (replay, compare, report)
/// emit. Serialize with <see cref="AnalysisJson"/>.
/// </summary>
public sealed record AnalysisDocument(
    long Count, double Tau0Seconds, SeriesKind Kind, SeriesSummary Summary, IReadOnlyList<StatisticResult> Deviations, double Confidence)
{
    /// <summary>Outliers flagged by MAD (reported, never removed).</summary>
    public IReadOnlyList<Outlier> Outliers { get; init; } = [];

    /// <summary>The noise type α the user fixed for every τ (Stable32's manual noise type); null: identified per τ.</summary>
    public int? FixedAlpha { get; init; }
}
