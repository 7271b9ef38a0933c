namespace TimeSync.Core.Statistics;

/// <summary>
/// A statistic that can be selected by name (<c>--stats oadev,mtie</c>), with what the analysis needs around it:
/// the largest averaging factor Stable32 evaluates, how to identify the noise type and how to get EDF.
/// </summary>
/// <param name="Name">Lower-case name used on the command line and as JSON key ("oadev").</param>
/// <param name="Description">Human name ("overlapping Allan deviation").</param>
/// <param name="Compute">The statistic at one averaging factor.</param>
/// <param name="StopRatio">Stable32 "stop ratio": the largest averaging factor is m with m·StopRatio ≤ N − 2
/// (W. J. Riley, "Evolution of frequency stability analysis software", Table III: adev 5, oadev 4, totdev 2, ...).</param>
public sealed record StatisticDefinition(string Name, string Description, DeviationFunction Compute, int StopRatio)
{
    /// <summary>EDF for the confidence interval; null when the statistic has no noise type/confidence column (mtie, tierms).</summary>
    public EdfFunction? Edf { get; init; }

    /// <summary>Largest number of differences in the lag-1 autocorrelation noise identification (Riley &amp; Greenhall 2004):
    /// 2 for the Allan family, 3 for the Hadamard family (which converges for α down to −4).</summary>
    public int NoiseIdMaxDifferences { get; init; } = 2;

    /// <summary>
    /// Beyond half its τ range (2m &gt; <see cref="MaxAveragingFactor"/>) the statistic is printed with the noise type of
    /// the largest factor within it, as Stable32 does (see <see cref="StabilityAnalysis"/>); false for Thêo1, whose
    /// Stable32 runs take α as a setting.
    /// </summary>
    public bool HoldsNoiseBeyondHalfRange { get; init; } = true;

    /// <summary>
    /// False for totdev: Stable32 does not identify its noise type on frequency input and prints α = 0 there (no bias
    /// correction), on every row of the OCXO all-τ reference run (310 rows, also where oadev of the same file prints
    /// 1, −1 or −2); on phase input it identifies as for every statistic.
    /// </summary>
    public bool IdentifiesNoiseOfFrequencyInput { get; init; } = true;

    /// <summary>
    /// For a statistic printed with a noise-type bias correction (totdev, htotdev): the statistic without it. With
    /// <see cref="BiasCorrection"/>, <see cref="StabilityAnalysis"/> evaluates this and corrects each value with the α it
    /// prints beside it, as Stable32 does; <see cref="Compute"/> stays the corrected statistic on its own.
    /// </summary>
    public DeviationFunction? Uncorrected { get; init; }

    /// <summary>The variance factor (alpha, m, phaseCount) that corrects <see cref="Uncorrected"/> for noise type α.</summary>
    public Func<int, int, int, double>? BiasCorrection { get; init; }

    /// <summary>True when the printed value depends on the noise type (<see cref="Uncorrected"/> and <see cref="BiasCorrection"/> set).</summary>
    public bool IsBiasCorrected => Uncorrected is not null && BiasCorrection is not null;

    /// <summary>Optional faster evaluation of many averaging factors at once (shared work across τ); null: <see cref="Compute"/> per τ.</summary>
    public DeviationBatchFunction? ComputeMany { get; init; }

    /// <summary>The statistic at every factor of <paramref name="ms"/>.</summary>
    public DeviationPoint[] Evaluate(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, IReadOnlyList<int> ms)
    {
        if (ComputeMany is not null) return ComputeMany(phaseSeconds, tau0Seconds, ms);
        var r = new DeviationPoint[ms.Count];
        for (int k = 0; k < ms.Count; k++) r[k] = Compute(phaseSeconds, tau0Seconds, ms[k]);
        return r;
    }

    /// <summary>Records at least this long have their averaging factors evaluated on several cores.</summary>
    public const int ParallelThreshold = 1 << 20;

    /// <summary>
    /// The statistic at every factor of <paramref name="ms"/>. Each τ is an independent O(N) pass, so for records of
    /// <see cref="ParallelThreshold"/> points or more the factors are spread over up to <paramref name="maxThreads"/>
    /// threads (default: one per core); every value is computed exactly as on one thread. Statistics with a shared
    /// multi-τ kernel (<see cref="ComputeMany"/>, e.g. MTIE) run it on one thread.
    /// </summary>
    public DeviationPoint[] Evaluate(double[] phaseSeconds, double tau0Seconds, IReadOnlyList<int> ms, int maxThreads = 0)
    {
        int threads = maxThreads > 0 ? maxThreads : Environment.ProcessorCount;
        if (ComputeMany is not null || threads < 2 || ms.Count < 2 || phaseSeconds.Length < ParallelThreshold)
            return Evaluate(phaseSeconds.AsSpan(), tau0Seconds, ms);
        var r = new DeviationPoint[ms.Count];
        var compute = Compute;
        Parallel.For(0, ms.Count, new ParallelOptions { MaxDegreeOfParallelism = threads },
            k => r[k] = compute(phaseSeconds, tau0Seconds, ms[k]));
        return r;
    }

    /// <summary>True for statistics reported with α, EDF and confidence bounds.</summary>
    public bool HasConfidence => Edf is not null;

    /// <summary>True when the octave grid is m = 2^k − 1 (a window of 2^k samples), as Stable32 does for MTIE.</summary>
    public bool WindowOctaves { get; init; }

    /// <summary>τ = TauFactor·m·τ0: 1 for most statistics, 0.75 for Thêo1 (Howe; NIST SP 1065 §5.2.15).</summary>
    public double TauFactor { get; init; } = 1.0;

    /// <summary>Only even averaging factors are defined (Thêo1).</summary>
    public bool EvenFactorsOnly { get; init; }

    /// <summary>τ in seconds of averaging factor <paramref name="m"/>.</summary>
    public double TauSeconds(int m, double tau0Seconds) => TauFactor * m * tau0Seconds;

    /// <summary>Statistic in seconds (TDEV, MTIE, TIE rms) rather than dimensionless.</summary>
    public bool InSeconds { get; init; }

    /// <summary>
    /// How values from separate stretches of a record combine (used for frequency input with gaps, whose stretches have
    /// unknown phase between them): <see cref="GapCombination.MeanOfSquares"/> for a variance that is a mean of squared
    /// terms, <see cref="GapCombination.Maximum"/> for MTIE, <see cref="GapCombination.None"/> where the statistic is
    /// defined on the whole record only (the total family and Thêo1 reflect the record's ends).
    /// </summary>
    public GapCombination FrequencyGapCombination { get; init; }

    /// <summary>
    /// True for MTIE and TIE rms, whose time error includes a constant frequency offset; every other statistic is blind
    /// to it and runs, for frequency input, on the phase of y − ȳ (<see cref="Series.ClockSeries.ToPhase"/>).
    /// </summary>
    public bool DependsOnFrequencyOffset { get; init; }

    /// <summary>
    /// Non-overlapping (adev, hdev): terms start at multiples of m from the record's start, so a stretch of gapped
    /// frequency input is evaluated from its first point on that global stride.
    /// </summary>
    public bool NonOverlapping { get; init; }

    /// <summary>Fewest phase points that give one term at averaging factor m (with <see cref="FrequencyGapCombination"/>).</summary>
    public Func<int, int>? MinimumPoints { get; init; }

    /// <summary>The largest averaging factor evaluated for <paramref name="phaseCount"/> phase points.</summary>
    public int MaxAveragingFactor(int phaseCount) => Math.Max(0, (phaseCount - 2) / StopRatio);
}

/// <summary>How a statistic's values from separate stretches of one record combine; see <see cref="StatisticDefinition.FrequencyGapCombination"/>.</summary>
public enum GapCombination
{
    /// <summary>Not combined: the statistic is evaluated on the whole record.</summary>
    None,
    /// <summary>σ² = Σ σ_s²·n_s / Σ n_s over stretches s with n_s terms (exact for a mean of squared terms).</summary>
    MeanOfSquares,
    /// <summary>The largest of the stretches' values.</summary>
    Maximum,
}
