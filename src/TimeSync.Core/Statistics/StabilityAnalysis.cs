using TimeSync.Core.Series;

namespace TimeSync.Core.Statistics;

/// <summary>Runs statistics over a τ grid with noise type, EDF and confidence bounds per τ, as Stable32's "Run".</summary>
public static class StabilityAnalysis
{
    /// <summary>
    /// Analyzes <paramref name="series"/> (phase or frequency; statistics run on its phase form, noise identification on the
    /// data as given, as Stable32). Named grids stop at a statistic's stop ratio; a factor of an explicit
    /// list that leaves no term is an <see cref="InputException"/> (τ beyond the data). <paramref name="noiseId"/>
    /// <see cref="NoiseIdMode.Stable32"/> (default) prints Stable32's α (its B1 form per statistic, its hold beyond half the
    /// τ range, α = 0 for totdev of frequency input); <see cref="NoiseIdMode.Refined"/> prints the physically best α per
    /// factor (<see cref="NoiseIdentification.Identify"/>), the same for every statistic with the same differencing limit.
    /// <paramref name="fixedAlpha"/>, when given, is Stable32's manual noise type (its Run dialog's noise setting instead
    /// of "Auto"): no identification, every row of every statistic with a noise column prints that α and is bias-corrected,
    /// given EDF and bounds with it (it overrides <paramref name="noiseId"/>). It must lie in each such statistic's range,
    /// 2 − 2·<see cref="StatisticDefinition.NoiseIdMaxDifferences"/> … 2 (−2…2 for the Allan and total family, −4…2 for the
    /// Hadamard family), else an <see cref="InputException"/> at "--alpha".
    /// </summary>
    public static AnalysisDocument Analyze(ClockSeries series, IReadOnlyList<StatisticDefinition> statistics, TauGrid grid,
        double confidence = ConfidenceInterval.DefaultConfidence, double outlierSigmas = OutlierDetector.DefaultThresholdSigmas,
        NoiseIdMode noiseId = NoiseIdMode.Stable32, int? fixedAlpha = null)
    {
        if (!(confidence > 0 && confidence < 1)) throw new InputException("--confidence", $"{confidence} is not in (0, 1)");
        if (fixedAlpha is int fixedValue) CheckFixedAlpha(fixedValue, statistics);
        var phase = series.ToPhase();
        var x = WithoutLargeOffset(phase.Values);
        // noise identification reads the same offset-free phase (its B1 ratio and PM split work on phase)
        var noiseSeries = series.Kind == SeriesKind.Phase && !ReferenceEquals(x, phase.Values) ? new ClockSeries(SeriesKind.Phase, series.Tau0Seconds, x) : series;
        // frequency input: the phase of y − ȳ for the statistics blind to a frequency offset (precision: see ToPhase)
        var centered = series.Kind == SeriesKind.Frequency ? series.ToPhase(removeMeanFrequency: true).Values : x;
        if (x.Length < 3) throw new InputException("series", $"{series.Count} values are too few for any statistic");
        var results = new List<StatisticResult>();
        // frequency input with gaps: the phase between its stretches is unknown, so the statistics that allow it are
        // evaluated per stretch and combined (a term spanning a gap is left out, as in the frequency-domain definitions)
        bool gappedFrequency = series.Kind == SeriesKind.Frequency && series.GapCount > 0;
        List<(int Start, double[] Phase)>? rawStretches = null, centeredStretches = null;
        // α by the lag-1 ACF depends only on m and the differencing limit (key Terms = −1); by the B1 ratio also on the
        // statistic's number of terms at m
        var noiseCache = new Dictionary<(int M, int D, long Terms), NoiseEstimate>();
        foreach (var def in statistics)
        {
            // named grids stop at Stable32's stop ratio; an explicit list may go up to the last τ that still has a term
            bool explicitList = grid.Kind == TauGridKind.List;
            var ms = grid.AveragingFactors(explicitList ? int.MaxValue : def.MaxAveragingFactor(x.Length), def.WindowOctaves, "--taus", def.EvenFactorsOnly);
            if (def.EvenFactorsOnly)
            {
                if (explicitList && ms.FirstOrDefault(m => m % 2 != 0) is int odd and > 0)
                    throw new InputException("--taus", $"{def.Name} is defined for even averaging factors only, not {odd}");
                ms = ms.Where(m => m % 2 == 0).ToList();
            }
            // a bias-corrected statistic (totdev, htotdev) is evaluated uncorrected and corrected below with the α printed
            // beside it, as Stable32 corrects with the α it prints
            var evaluated = def.IsBiasCorrected ? def with { Compute = def.Uncorrected!, ComputeMany = null } : def;
            var points = gappedFrequency && def.FrequencyGapCombination != GapCombination.None
                ? EvaluateByStretch(evaluated, def.DependsOnFrequencyOffset
                    ? rawStretches ??= FrequencyStretches(series, removeMeanFrequency: false)
                    : centeredStretches ??= FrequencyStretches(series, removeMeanFrequency: true), phase.Tau0Seconds, ms)
                : evaluated.Evaluate(def.DependsOnFrequencyOffset ? x : centered, phase.Tau0Seconds, ms);
            // Stable32 holds α beyond half the τ range; refined identifies at each factor (its own hold where few points remain)
            var noiseFactor = noiseId == NoiseIdMode.Stable32 ? NoiseFactors(def, ms, points, x.Length) : [.. Enumerable.Range(0, ms.Count)];
            var rows = new List<DeviationRow>(ms.Count);
            for (int k = 0; k < ms.Count; k++)
            {
                var p = points[k];
                int m = ms[k];
                if (p.Terms == 0 || double.IsNaN(p.Value))
                {
                    if (explicitList) throw new InputException("--taus", $"averaging factor {m} is beyond the data for {def.Name} ({x.Length} phase points)");
                    continue;
                }
                int? alpha = null;
                double? edf = null, lo = null, hi = null;
                double value = p.Value;
                if (def.Edf is not null || def.IsBiasCorrected)
                {
                    var noise = fixedAlpha is int a
                        ? new NoiseEstimate(a, a, NoiseIdMethod.Fixed)
                        : Noise(noiseSeries, def, ms[noiseFactor[k]], points[noiseFactor[k]].Terms, noiseCache, noiseId);
                    // unidentified (α not printed): corrected as the catalog's function does, with α = 0
                    if (def.IsBiasCorrected) value *= Math.Sqrt(def.BiasCorrection!(noise.Alpha, m, x.Length));
                    if (noise.Method != NoiseIdMethod.None && def.Edf is not null)
                    {
                        alpha = noise.Alpha;
                        double e = def.Edf(noise.Alpha, m, x.Length);
                        if (e > 0 && !double.IsInfinity(e))
                        {
                            edf = e;
                            var (l, h) = ConfidenceInterval.Bounds(value, e, confidence);
                            lo = l;
                            hi = h;
                        }
                    }
                }
                rows.Add(new DeviationRow(m, def.TauSeconds(m, phase.Tau0Seconds), p.Terms, value, alpha, edf, lo, hi));
            }
            results.Add(new StatisticResult(def, rows));
        }
        return new AnalysisDocument(series.Count, series.Tau0Seconds, series.Kind, SeriesSummary.Of(series), results, confidence)
        {
            Outliers = OutlierDetector.Flag(series, outlierSigmas),
            FixedAlpha = fixedAlpha,
        };
    }

    /// <summary>
    /// The phase less its first finite value when that offset dwarfs the point-to-point changes (a time-interval counter
    /// reading 0.5 s ± ps): every statistic is blind to a constant phase, and the differences 3·x[i+m] − … then round at
    /// the changes' scale, not the offset's (HDEV at 10^4 τ0 of 0.5 s + 1e-12 s white PM moved by 1e-5 before). The
    /// subtraction is exact for values within a factor 2 of the offset (Sterbenz). Otherwise the input itself.
    /// </summary>
    internal static double[] WithoutLargeOffset(double[] x)
    {
        int first = Array.FindIndex(x, double.IsFinite);
        if (first < 0 || x[first] == 0) return x;
        double changes = 0;
        long n = 0;
        for (int i = first + 1; i < x.Length; i++)
        {
            double d = Math.Abs(x[i] - x[i - 1]);
            if (double.IsFinite(d)) { changes += d; n++; }
        }
        if (n == 0 || Math.Abs(x[first]) <= 64 * (changes / n)) return x;
        double offset = x[first];
        var shifted = new double[x.Length];
        for (int i = 0; i < x.Length; i++) shifted[i] = x[i] - offset;
        return shifted;
    }

    /// <summary>The phase of each run of finite frequency values (N values give N + 1 points from 0), in order; of y − ȳ when <paramref name="removeMeanFrequency"/>.</summary>
    internal static List<(int Start, double[] Phase)> FrequencyStretches(ClockSeries frequency, bool removeMeanFrequency)
    {
        var y = frequency.Values;
        double shift = removeMeanFrequency ? ClockSeries.MeanOfFinite(y) : 0; // as ToPhase(removeMeanFrequency)
        var stretches = new List<(int Start, double[] Phase)>();
        for (int i = 0; i < y.Length;)
        {
            if (double.IsNaN(y[i])) { i++; continue; }
            int start = i;
            while (i < y.Length && !double.IsNaN(y[i])) i++;
            var x = new double[i - start + 1];
            double acc = 0;
            for (int k = start; k < i; k++) x[k - start + 1] = acc += (y[k] - shift) * frequency.Tau0Seconds; // NIST SP 1065 §5.1
            stretches.Add((start, x));
        }
        return stretches;
    }

    /// <summary>
    /// A statistic over separate stretches: each factor evaluated on every stretch long enough for one term, combined by
    /// <see cref="StatisticDefinition.FrequencyGapCombination"/>; the terms add up.
    /// </summary>
    internal static DeviationPoint[] EvaluateByStretch(StatisticDefinition def, List<(int Start, double[] Phase)> stretches, double tau0Seconds, IReadOnlyList<int> ms)
    {
        var squares = new double[ms.Count];
        var largest = new double[ms.Count];
        var terms = new long[ms.Count];
        Array.Fill(largest, double.NaN);
        void Add(int k, DeviationPoint p)
        {
            if (p.Terms <= 0 || double.IsNaN(p.Value)) return;
            squares[k] += p.Value * p.Value * p.Terms;
            largest[k] = double.IsNaN(largest[k]) ? p.Value : Math.Max(largest[k], p.Value);
            terms[k] += p.Terms;
        }
        foreach (var (start, x) in stretches)
        {
            if (def.NonOverlapping)
            {
                // from the stretch's first point on the record's stride of m
                for (int k = 0; k < ms.Count; k++)
                {
                    int m = ms[k], skip = (m - start % m) % m;
                    if (x.Length - skip >= def.MinimumPoints!(m)) Add(k, def.Compute(x.AsSpan(skip), tau0Seconds, m));
                }
                continue;
            }
            var fitting = new List<int>();
            var index = new List<int>();
            for (int k = 0; k < ms.Count; k++)
                if (x.Length >= def.MinimumPoints!(ms[k])) { fitting.Add(ms[k]); index.Add(k); }
            if (fitting.Count == 0) continue;
            var points = def.Evaluate(x, tau0Seconds, fitting);
            for (int j = 0; j < fitting.Count; j++) Add(index[j], points[j]);
        }
        var result = new DeviationPoint[ms.Count];
        for (int k = 0; k < ms.Count; k++)
        {
            double value = terms[k] == 0 ? double.NaN
                : def.FrequencyGapCombination == GapCombination.Maximum ? largest[k] : Math.Sqrt(squares[k] / terms[k]);
            result[k] = new DeviationPoint(value, terms[k]);
        }
        return result;
    }

    /// <summary>Smallest and largest α a fixed noise type may take: flicker walk… white PM (NIST SP 1065 §5.6 power-law types).</summary>
    public const int MinimumFixedAlpha = -4, MaximumFixedAlpha = 2;

    /// <summary>
    /// A fixed α must be a power-law type (−4…2) for which every requested statistic with a noise column converges:
    /// α &gt; 1 − 2d for a statistic of d differences (the Allan family d = 2 down to random-walk FM, α = −2; the Hadamard
    /// family d = 3 down to random-run FM, α = −4), the range its own identification is clamped to. Otherwise an <see cref="InputException"/> at "--alpha".
    /// </summary>
    public static void CheckFixedAlpha(int alpha, IReadOnlyList<StatisticDefinition> statistics)
    {
        if (alpha is < MinimumFixedAlpha or > MaximumFixedAlpha)
            throw new InputException("--alpha", $"{alpha} is not a power-law noise type ({MinimumFixedAlpha}…{MaximumFixedAlpha})");
        foreach (var def in statistics)
        {
            int lowest = 2 - 2 * def.NoiseIdMaxDifferences;
            if ((def.HasConfidence || def.IsBiasCorrected) && alpha < lowest)
                throw new InputException("--alpha", $"{def.Name} is defined for α from {lowest} to 2, not {alpha}");
        }
    }

    private static NoiseEstimate Noise(ClockSeries series, StatisticDefinition def, int m, long terms, Dictionary<(int M, int D, long Terms), NoiseEstimate> cache, NoiseIdMode mode)
    {
        if (mode == NoiseIdMode.Stable32 && series.Kind == SeriesKind.Frequency && !def.IdentifiesNoiseOfFrequencyInput) return new(0, double.NaN, NoiseIdMethod.Assumed);
        int d = def.NoiseIdMaxDifferences;
        // refined: α depends on m and the differencing limit only (the B1 ratio in its physical form, without the terms)
        if (mode == NoiseIdMode.Refined) terms = -1;
        if (cache.TryGetValue((m, d, -1), out var noise) || cache.TryGetValue((m, d, terms), out noise)) return noise;
        noise = NoiseIdentification.Identify(series.Values, series.Kind, series.Tau0Seconds, m, d, terms < 0 ? null : terms, mode);
        cache[(m, d, noise.Method == NoiseIdMethod.Lag1Autocorrelation ? -1 : terms)] = noise;
        return noise;
    }

    /// <summary>
    /// For each factor, the index of the factor whose noise type Stable32 prints beside it: itself up to half the
    /// statistic's τ range (2m ≤ <see cref="StatisticDefinition.MaxAveragingFactor"/>), beyond it the largest listed
    /// factor within that half. This hold reproduces Stable32's B1-region α at large τ on PHASE.DAT and the OCXO file
    /// (e.g. PHASE.DAT oadev from AF 125 on, adev from 101, totdev from 251, mtotdev 0 from 167; the octave runs' AF 128),
    /// where identifying at each factor instead differs from Stable32 in 329 more of the 1640 B1-region rows of the
    /// reference runs. A factor with no listed one within the half (an explicit list of large factors only) is
    /// identified at itself.
    /// </summary>
    internal static int[] NoiseFactors(StatisticDefinition def, IReadOnlyList<int> ms, DeviationPoint[] points, int phaseCount)
    {
        var r = new int[ms.Count];
        int limit = def.MaxAveragingFactor(phaseCount) / 2;
        int held = -1;
        for (int k = 0; k < ms.Count; k++)
        {
            r[k] = k;
            if (ms[k] <= limit && points[k].Terms > 0 && (held < 0 || ms[k] > ms[held])) held = k;
        }
        if (!def.HoldsNoiseBeyondHalfRange || held < 0) return r;
        for (int k = 0; k < ms.Count; k++)
            if (ms[k] > limit) r[k] = held;
        return r;
    }
}
