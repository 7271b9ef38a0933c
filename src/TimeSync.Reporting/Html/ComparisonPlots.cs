using ScottPlot;
using TimeSync.Reporting.Engine;
using TimeSync.Reporting.Limits;

namespace TimeSync.Reporting.Html;

/// <summary>Comparison figures: several clocks on one time axis and on shared log–log axes, one colour per clock.</summary>
public static partial class Plots
{
    /// <summary>Clock colours (Tableau 10, as matplotlib's default cycle), reused cyclically after ten clocks.</summary>
    public static readonly string[] ClockColors =
        ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];

    public static string ClockColor(int index) => ClockColors[index % ClockColors.Length];

    /// <summary>Every clock's time error against time since the common first sample, gaps left open.</summary>
    public static string TimeErrors(IReadOnlyList<ChannelSeries> clocks)
    {
        double maxAbs = clocks.Select(c => SeriesMath.MaxAbs(c.TimeErrorSeconds)).Where(v => !double.IsNaN(v)).DefaultIfEmpty(0).Max();
        var (unit, scale) = Units.TimeUnitFor(maxAbs);
        string start = clocks.Count > 0 && clocks[0].Start is { } s ? $" (t = 0 at {s.ToIsoString(0)})" : "";
        var plot = NewPlot("Time error of every clock (common time axis)", $"time since first common sample (s){start}", $"time error ({unit})");
        int perClock = Math.Max(500, 4000 / Math.Max(1, clocks.Count));
        for (int k = 0; k < clocks.Count; k++)
        {
            var color = Color.FromHex(ClockColor(k));
            bool labelled = false;
            foreach (var (xs, ys) in Segments(clocks[k].TimeErrorSeconds, clocks[k].Tau0Seconds, scale, maxPoints: perClock))
            {
                var line = xs.Length == 1 ? plot.Add.Scatter(xs, ys, color) : plot.Add.ScatterLine(xs, ys, color);
                line.LineWidth = 1.5f;
                line.MarkerSize = xs.Length == 1 ? 4 : 0;
                if (!labelled) { line.LegendText = clocks[k].Channel; labelled = true; }
            }
        }
        plot.ShowLegend(Alignment.UpperRight);
        return ToSvg(plot);
    }

    /// <summary>
    /// One statistic of every clock on shared log–log axes (τ in seconds), with confidence bars where the statistic has
    /// them. The curves' <see cref="StabilityCurve.Statistic"/> is the clock's name (the legend); colours follow the list.
    /// </summary>
    public static string SharedStability(string title, string yLabel, IReadOnlyList<StabilityCurve> clocks, bool inSeconds)
    {
        var colored = clocks.Select((c, k) => (c with { Noise = new string[c.TauSeconds.Length].Select(_ => "").ToArray() }, ClockColor(k))).ToList();
        return Stability(title, yLabel, colored, inSeconds ? AxisKind.Seconds : AxisKind.Ratio);
    }
}
