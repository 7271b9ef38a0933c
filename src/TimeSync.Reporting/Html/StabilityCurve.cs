using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Reporting.Html;

/// <summary>One stability statistic on an octave τ grid with its 1σ confidence bounds and the noise type per τ.</summary>
public sealed record StabilityCurve(string Statistic, bool InSeconds, double[] TauSeconds, double[] Value, double[] Low, double[] High, string[] Noise)
{
    /// <summary>Power-law noise names by α (S_y(f) ∝ f^α), NIST SP 1065 §5.2.</summary>
    public static string NoiseName(int alpha) => alpha switch
    {
        2 => "W PM",
        1 => "F PM",
        0 => "W FM",
        -1 => "F FM",
        -2 => "RW FM",
        -3 => "FW FM",
        -4 => "RR FM",
        _ => "?",
    };

    /// <summary>
    /// The statistic <paramref name="name"/> from Core's catalogue at m = 1, 2, 4, … up to its Stable32 stop ratio,
    /// with the noise type (Core's lag-1 ACF / B1 identification) and χ² bounds from Greenhall's EDF.
    /// </summary>
    public static StabilityCurve Compute(string name, double[] phaseSeconds, double tau0Seconds)
    {
        var def = StatisticsCatalog.Get(name);
        int n = phaseSeconds.Length;
        int maxM = def.MaxAveragingFactor(n);
        var taus = new List<double>();
        var values = new List<double>();
        var lows = new List<double>();
        var highs = new List<double>();
        var noise = new List<string>();
        for (int m = 1; m <= maxM; m *= 2)
        {
            var p = def.Compute(phaseSeconds, tau0Seconds, m);
            if (double.IsNaN(p.Value)) continue;
            double lo = double.NaN, hi = double.NaN;
            string noiseName = "";
            if (def.Edf is { } edf)
            {
                var est = NoiseIdentification.Identify(phaseSeconds, SeriesKind.Phase, tau0Seconds, m, def.NoiseIdMaxDifferences);
                if (est.Method != NoiseIdMethod.None)
                {
                    noiseName = NoiseName(est.Alpha);
                    (lo, hi) = ConfidenceInterval.Bounds(p.Value, edf(est.Alpha, m, n));
                }
            }
            taus.Add(m * tau0Seconds);
            values.Add(p.Value);
            lows.Add(lo);
            highs.Add(hi);
            noise.Add(noiseName);
        }
        return new StabilityCurve(name.ToUpperInvariant(), def.InSeconds, [.. taus], [.. values], [.. lows], [.. highs], [.. noise]);
    }
}
