using TimeSync.Core.Series;

namespace TimeSync.Core.Statistics;

/// <summary>Runs statistics over a τ grid with noise type, EDF and confidence bounds per τ, as Stable32's "Run".</summary>
public static class StabilityAnalysis
{
    /// <summary>
    /// Analyzes <paramref name="series"/> (phase or frequency; statistics run on its phase form, noise identification on the
    /// data as given, as Stable32). Named grids stop at a statistic's stop ratio; a factor of an explicit
    /// list that leaves no term is an <see cref="InputException"/> (τ beyond the data).
    /// </summary>
    public static AnalysisDocument Analyze(ClockSeries series, IReadOnlyList<StatisticDefinition> statistics, TauGrid grid,
        double confidence = ConfidenceInterval.DefaultConfidence, double outlierSigmas = OutlierDetector.DefaultThresholdSigmas)
    {
        if (!(confidence > 0 && confidence < 1)) throw new InputException("--confidence", $"{confidence} is not in (0, 1)");
        var phase = series.ToPhase();
        var x = phase.Values;
        if (x.Length < 3) throw new InputException("series", $"{series.Count} values are too few for any statistic");
        var results = new List<StatisticResult>();
        var noiseCache = new Dictionary<(int M, int D), NoiseEstimate>(); // α depends only on m and the differencing limit
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
            var points = def.Evaluate(x, phase.Tau0Seconds, ms);
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
                if (def.Edf is not null)
                {
                    if (!noiseCache.TryGetValue((m, def.NoiseIdMaxDifferences), out var noise))
                        noiseCache[(m, def.NoiseIdMaxDifferences)] = noise =
                            NoiseIdentification.Identify(series.Values, series.Kind, series.Tau0Seconds, m, def.NoiseIdMaxDifferences);
                    if (noise.Method != NoiseIdMethod.None)
                    {
                        alpha = noise.Alpha;
                        double e = def.Edf(noise.Alpha, m, x.Length);
                        if (e > 0 && !double.IsInfinity(e))
                        {
                            edf = e;
                            var (l, h) = ConfidenceInterval.Bounds(p.Value, e, confidence);
                            lo = l;
                            hi = h;
                        }
                    }
                }
                rows.Add(new DeviationRow(m, def.TauSeconds(m, phase.Tau0Seconds), p.Terms, p.Value, alpha, edf, lo, hi));
            }
            results.Add(new StatisticResult(def, rows));
        }
        return new AnalysisDocument(series.Count, series.Tau0Seconds, series.Kind, SeriesSummary.Of(series), results, confidence)
        {
            Outliers = OutlierDetector.Flag(series, outlierSigmas),
        };
    }
}
