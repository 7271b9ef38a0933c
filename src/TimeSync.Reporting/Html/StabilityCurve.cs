using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Reporting.Engine;

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
    /// <remarks><paramref name="fixedAlpha"/>: the noise type fixed for every τ (Stable32's manual setting), else identified per τ by <paramref name="noiseId"/>.</remarks>
    public static StabilityCurve Compute(string name, double[] phaseSeconds, double tau0Seconds, NoiseIdMode noiseId = NoiseIdMode.Stable32, int? fixedAlpha = null)
    {
        var def = StatisticsCatalog.Get(name);
        if (phaseSeconds.Count(v => !double.IsNaN(v)) < 3) return new StabilityCurve(name.ToUpperInvariant(), def.InSeconds, [], [], [], [], []);
        var analysis = StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Phase, tau0Seconds, phaseSeconds), [def], TauGrid.Octave, ConfidenceInterval.DefaultConfidence,
            noiseId: noiseId, fixedAlpha: fixedAlpha);
        return From(analysis, name);
    }

    /// <summary>
    /// The statistic <paramref name="name"/> of <paramref name="channel"/> as <see cref="Compute"/> gives it, taken from
    /// <paramref name="analysis"/> when that analysis was run with the same settings (<see cref="ChannelAnalysis.Serves"/>:
    /// the same rows, as α, bias, EDF and bounds at a τ depend on the series, the statistic, the grid and the noise
    /// settings alone), else computed.
    /// </summary>
    public static StabilityCurve Of(string name, ChannelSeries channel, ChannelAnalysis? analysis, NoiseIdMode noiseId, int? fixedAlpha) =>
        analysis is not null && analysis.Serves(name, channel, noiseId, fixedAlpha)
            ? From(analysis.Document, name)
            : Compute(name, channel.TimeErrorSeconds, channel.Tau0Seconds, noiseId, fixedAlpha);

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
