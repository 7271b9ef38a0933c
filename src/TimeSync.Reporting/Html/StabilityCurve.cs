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
    /// The statistic <paramref name="name"/> from Core's catalogue at m = 1, 2, 4, … up to its Stable32 stop ratio, as
    /// <see cref="StabilityAnalysis"/> prints it (<see cref="From"/>): value, noise type and χ² bounds from Greenhall's EDF.
    /// </summary>
    public static StabilityCurve Compute(string name, double[] phaseSeconds, double tau0Seconds, NoiseIdMode noiseId = NoiseIdMode.Stable32)
    {
        var def = StatisticsCatalog.Get(name);
        if (phaseSeconds.Count(v => !double.IsNaN(v)) < 3) return new StabilityCurve(name.ToUpperInvariant(), def.InSeconds, [], [], [], [], []);
        var analysis = StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, tau0Seconds, phaseSeconds), [def], TauGrid.Octave, ConfidenceInterval.DefaultConfidence, noiseId: noiseId);
        return From(analysis, name);
    }

    /// <summary>
    /// One statistic of an analysis document as a curve: its rows' τ, value and bounds, and the noise type of the α the
    /// document prints (one source of truth; empty where the document prints none). Rows with a NaN value are left out.
    /// </summary>
    public static StabilityCurve From(AnalysisDocument analysis, string name)
    {
        var result = analysis.Deviations.FirstOrDefault(d => d.Name == name)
            ?? throw new ArgumentException($"the analysis has no {name}", nameof(name));
        var rows = result.Rows.Where(r => !double.IsNaN(r.Value)).ToArray();
        return new StabilityCurve(name.ToUpperInvariant(), result.Definition.InSeconds, rows.Select(r => r.TauSeconds).ToArray(), rows.Select(r => r.Value).ToArray(),
            rows.Select(r => r.CiLow ?? double.NaN).ToArray(), rows.Select(r => r.CiHigh ?? double.NaN).ToArray(),
            rows.Select(r => r.Alpha is int a ? NoiseName(a) : "").ToArray());
    }
}
