using TimeSync.Core.Statistics;
using TimeSync.Core.Time;

namespace TimeSync.Core.Comparison;

/// <summary>One clock of a comparison: its aligned time errors, its analysis, and its place in the ranking.</summary>
/// <param name="Name">Clock (or pair "A-B") name.</param>
/// <param name="Origin">The input it came from (file, or file and channel).</param>
/// <param name="Rank">1 = best: lowest OADEV at the first ranking τ; NaN ranks last, ties by name.</param>
/// <param name="MaxAbsSeconds">max |x| over the aligned series.</param>
/// <param name="OadevAtRankTaus">OADEV at the grid τ nearest each of <see cref="ComparisonDocument.RankTausSeconds"/>.</param>
/// <param name="PhaseSeconds">Aligned time errors x (s) on the common grid: x[k] at <see cref="ComparisonDocument.Start"/> + k·τ0, NaN where missing.</param>
public sealed record ComparedClock(string Name, string Origin, int Rank, double MaxAbsSeconds, IReadOnlyList<double> OadevAtRankTaus,
    AnalysisDocument Analysis, double[] PhaseSeconds);

/// <summary>
/// The result of comparing clocks (<c>timesync compare</c>): every clock analysed on the same τ grid and ranked, the
/// alignment of the inputs, and the N-cornered hat. A plain data object: the CLI prints it, <see cref="ComparisonJson"/>
/// serializes it, a report renders it.
/// </summary>
/// <param name="Mode">"common-reference" (each input is a clock against one reference) or "pairs" (each input is A−B).</param>
/// <param name="Start">Time of the first aligned sample; null for inputs aligned by index.</param>
/// <param name="Clocks">In input order.</param>
/// <param name="Hat">Each clock's separated deviation (<see cref="HatStatistic"/>); null when the inputs cannot form a hat.</param>
public sealed record ComparisonDocument(
    double Tau0Seconds,
    string Mode,
    Instant? Start,
    IReadOnlyList<double> RankTausSeconds,
    IReadOnlyList<ComparedClock> Clocks,
    AlignedSeries? Alignment,
    IReadOnlyList<HatClock>? Hat,
    string HatStatistic)
{
    /// <summary>The noise type α fixed for every τ of every clock's analysis and of the hat's EDF; null: identified per τ.</summary>
    public int? FixedAlpha { get; init; }

    /// <summary>Clocks best first.</summary>
    public IEnumerable<ComparedClock> Ranking => Clocks.OrderBy(c => c.Rank);
}
