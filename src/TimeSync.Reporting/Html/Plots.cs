using System.Globalization;
using System.Text.RegularExpressions;
using ScottPlot;
using TimeSync.Reporting.Engine;
using TimeSync.Reporting.Limits;

namespace TimeSync.Reporting.Html;

/// <summary>The report's figures, drawn with ScottPlot 5 and returned as inline SVG (no external references).</summary>
public static partial class Plots
{
    /// <summary>Series colours; each figure has its own so a screenshot shows which figure drew.</summary>
    public static class Palette
    {
        public const string TimeError = "#1f77b4";
        public const string Histogram = "#ff7f0e";
        public const string Adev = "#2ca02c";
        public const string Mdev = "#17becf";
        public const string Tdev = "#9467bd";
        public const string MaskStatistic = "#8c564b";
        public const string Mask = "#d62728";
    }

    public const int Width = 660;
    public const int Height = 380;

    private static Plot NewPlot(string title, string xLabel, string yLabel)
    {
        ReportFont.Register();
        var plot = new Plot();
        plot.Font.Set(ReportFont.Family);
        plot.Title(title, size: 15);
        plot.XLabel(xLabel, size: 13);
        plot.YLabel(yLabel, size: 13);
        return plot;
    }

    /// <summary>Time error against time since the first sample, gaps left open; long series reduced to a min/max envelope.</summary>
    public static string TimeError(ChannelSeries ch)
    {
        var (unit, scale) = Units.TimeUnitFor(SeriesMath.MaxAbs(ch.TimeErrorSeconds));
        string start = ch.Start is { } s ? $" (t = 0 at {s.ToIsoString(0)})" : "";
        var plot = NewPlot($"{ch.Channel}: time error x = T_dut − T_ref", $"time since first sample (s){start}", $"time error ({unit})");
        var color = Color.FromHex(Palette.TimeError);
        foreach (var (xs, ys) in Segments(ch.TimeErrorSeconds, ch.Tau0Seconds, scale, maxPoints: 4000))
        {
            var line = xs.Length == 1 ? plot.Add.Scatter(xs, ys, color) : plot.Add.ScatterLine(xs, ys, color);
            line.LineWidth = 1.5f;
            line.MarkerSize = xs.Length == 1 ? 4 : 0;
        }
        return ToSvg(plot);
    }

    /// <summary>Histogram of the time error.</summary>
    public static string Histogram(ChannelSeries ch)
    {
        var valid = ch.TimeErrorSeconds.Where(v => !double.IsNaN(v)).ToArray();
        var (unit, scale) = Units.TimeUnitFor(SeriesMath.MaxAbs(valid));
        var plot = NewPlot($"{ch.Channel}: histogram of the time error", $"time error ({unit})", "samples");
        if (valid.Length > 0)
        {
            double lo = valid.Min() / scale, hi = valid.Max() / scale;
            if (hi <= lo) { lo -= 0.5; hi += 0.5; }
            int bins = Math.Clamp((int)Math.Sqrt(valid.Length), 5, 80);
            double width = (hi - lo) / bins;
            var counts = new double[bins];
            foreach (double v in valid) counts[Math.Min(bins - 1, (int)((v / scale - lo) / width))]++;
            var bars = new List<Bar>();
            for (int b = 0; b < bins; b++)
                bars.Add(new Bar { Position = lo + (b + 0.5) * width, Value = counts[b], Size = width * 0.95, FillColor = Color.FromHex(Palette.Histogram), LineWidth = 0 });
            plot.Add.Bars(bars);
            plot.Axes.Margins(bottom: 0);
        }
        return ToSvg(plot);
    }

    /// <summary>Stability curves on log–log axes with their confidence bars and the noise type at each τ.</summary>
    public static string Stability(string title, string yLabel, IReadOnlyList<(StabilityCurve Curve, string Color)> curves) =>
        Stability(title, yLabel, curves, curves.Count > 0 && curves[0].Curve.InSeconds ? AxisKind.Seconds : AxisKind.Ratio);

    private static string Stability(string title, string yLabel, IReadOnlyList<(StabilityCurve Curve, string Color)> curves, AxisKind yKind)
    {
        var plot = NewPlot(title, "τ (s)", yLabel);
        var allX = new List<double>();
        var allY = new List<double>();
        foreach (var (c, hex) in curves)
        {
            var color = Color.FromHex(hex);
            if (c.TauSeconds.Length == 0) continue;
            double[] lx = c.TauSeconds.Select(Math.Log10).ToArray();
            double[] ly = c.Value.Select(Math.Log10).ToArray();
            allX.AddRange(lx);
            allY.AddRange(ly);
            allY.AddRange(c.Low.Where(v => v > 0).Select(Math.Log10));
            allY.AddRange(c.High.Where(v => v > 0).Select(Math.Log10));
            var sc = plot.Add.Scatter(lx, ly, color);
            sc.LineWidth = 2;
            sc.MarkerSize = 7;
            sc.LegendText = c.Statistic;
            var neg = new double[lx.Length];
            var pos = new double[lx.Length];
            for (int i = 0; i < lx.Length; i++)
            {
                neg[i] = double.IsNaN(c.Low[i]) ? 0 : ly[i] - Math.Log10(c.Low[i]);
                pos[i] = double.IsNaN(c.High[i]) ? 0 : Math.Log10(c.High[i]) - ly[i];
            }
            var eb = plot.Add.ErrorBar(lx, ly, pos);
            eb.YErrorNegative = neg;
            eb.YErrorPositive = pos;
            eb.Color = color;
            eb.LineWidth = 1.5f;
            eb.CapSize = 5;
            for (int i = 0; i < lx.Length; i++)
            {
                if (c.Noise[i].Length == 0) continue;
                var t = plot.Add.Text(c.Noise[i], lx[i], ly[i] + pos[i]);
                t.LabelFontSize = 10;
                t.LabelFontColor = color.Darken(0.3);
                t.LabelAlignment = Alignment.LowerCenter;
                t.LabelOffsetY = -3;
            }
        }
        LogAxes(plot, allX, allY, yKind);
        plot.ShowLegend(Alignment.UpperRight);
        return ToSvg(plot);
    }

    /// <summary>MTIE or TDEV against its mask, log–log, with the verdict in the title.</summary>
    public static string MaskCheck(Verdict v)
    {
        var c = v.Curve!;
        string word = v.Passed ? "PASS" : "FAIL";
        var plot = NewPlot($"{word}: {v.Name} on {v.Channel}", "τ (s)", c.Statistic);
        var allX = new List<double>();
        var allY = new List<double>();
        var valid = Enumerable.Range(0, c.TauSeconds.Length).Where(i => c.ValueSeconds[i] > 0).ToArray();
        if (valid.Length > 0)
        {
            var sc = plot.Add.Scatter(valid.Select(i => Math.Log10(c.TauSeconds[i])).ToArray(), valid.Select(i => Math.Log10(c.ValueSeconds[i])).ToArray(), Color.FromHex(Palette.MaskStatistic));
            sc.LineWidth = 2;
            sc.MarkerSize = 5;
            sc.LegendText = $"{c.Statistic} measured";
            allX.AddRange(sc.Data.GetScatterPoints().Select(p => p.X));
            allY.AddRange(sc.Data.GetScatterPoints().Select(p => p.Y));
        }
        // the mask, sampled densely in log τ between the first and last evaluated τ, broken where it is undefined
        bool labelled = false;
        foreach (var (xs, ys) in MaskSegments(c))
        {
            var line = plot.Add.ScatterLine(xs, ys, Color.FromHex(Palette.Mask));
            line.LineWidth = 2.5f;
            line.LinePattern = LinePattern.Dashed;
            if (!labelled) { line.LegendText = c.MaskTitle; labelled = true; }
            allX.AddRange(xs);
            allY.AddRange(ys);
        }
        if (v.WorstTauSeconds is double wt && v.Measured > 0)
        {
            var (_, scale) = UnitScale(v.Unit);
            var m = plot.Add.Marker(Math.Log10(wt), Math.Log10(v.Measured * scale));
            m.Color = Color.FromHex(v.Passed ? "#2ca02c" : Palette.Mask);
            m.Size = 14;
            m.Shape = MarkerShape.OpenCircle;
            m.LineWidth = 2;
        }
        LogAxes(plot, allX, allY, AxisKind.Seconds);
        plot.ShowLegend(Alignment.LowerRight);
        return ToSvg(plot);
    }

    private static (string, double) UnitScale(string unit) => unit switch
    {
        "s" => (unit, 1), "ms" => (unit, 1e-3), "us" => (unit, 1e-6), "ns" => (unit, 1e-9), "ps" => (unit, 1e-12), _ => (unit, 1),
    };

    private static IEnumerable<(double[] X, double[] Y)> MaskSegments(MaskCurve c)
    {
        if (c.TauSeconds.Length == 0) yield break;
        double lo = Math.Log10(c.TauSeconds[0]), hi = Math.Log10(c.TauSeconds[^1]);
        if (hi <= lo) hi = lo + 1;
        var xs = new List<double>();
        var ys = new List<double>();
        const int n = 400;
        for (int i = 0; i <= n; i++)
        {
            double lt = lo + (hi - lo) * i / n;
            double tau = Math.Pow(10, lt);
            double limit = Interpolated(c, tau);
            if (double.IsNaN(limit) || limit <= 0)
            {
                if (xs.Count > 1) yield return ([.. xs], [.. ys]);
                xs.Clear();
                ys.Clear();
                continue;
            }
            xs.Add(lt);
            ys.Add(Math.Log10(limit));
        }
        if (xs.Count > 1) yield return ([.. xs], [.. ys]);
    }

    // The curve carries the mask at the evaluated τ; between them take the nearest evaluated τ below (masks are piecewise smooth).
    private static double Interpolated(MaskCurve c, double tau)
    {
        int idx = Array.BinarySearch(c.TauSeconds, tau);
        if (idx >= 0) return c.LimitSeconds[idx];
        int below = ~idx - 1, above = ~idx;
        if (below < 0 || above >= c.TauSeconds.Length) return double.NaN;
        double a = c.LimitSeconds[below], b = c.LimitSeconds[above];
        if (double.IsNaN(a) || double.IsNaN(b)) return double.NaN;
        double f = (Math.Log10(tau) - Math.Log10(c.TauSeconds[below])) / (Math.Log10(c.TauSeconds[above]) - Math.Log10(c.TauSeconds[below]));
        return Math.Pow(10, Math.Log10(a) + f * (Math.Log10(b) - Math.Log10(a)));
    }

    /// <summary>What the values on a log axis are, for tick labels.</summary>
    private enum AxisKind { Tau, Seconds, Ratio }

    /// <summary>Log–log axes: data are plotted as log10; ticks at decades (or 1-2-5 within a short range) labelled in real units.</summary>
    private static void LogAxes(Plot plot, IEnumerable<double> logX, IEnumerable<double> logY, AxisKind yKind)
    {
        SetLogTicks(plot.Axes.Bottom, logX, AxisKind.Tau);
        SetLogTicks(plot.Axes.Left, logY, yKind);
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.15);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        plot.Grid.MinorLineWidth = 1;
    }

    private static void SetLogTicks(IAxis axis, IEnumerable<double> logValues, AxisKind kind)
    {
        var finite = logValues.Where(double.IsFinite).ToArray();
        double lo = finite.Length > 0 ? finite.Min() : 0, hi = finite.Length > 0 ? finite.Max() : 1;
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        bool decadesOnly = hi - lo >= 2.5;
        for (int d = (int)Math.Floor(lo) - 1; d <= (int)Math.Ceiling(hi) + 1; d++)
        {
            for (int k = 1; k <= 9; k++)
            {
                double pos = d + Math.Log10(k);
                bool major = k == 1 || (!decadesOnly && k is 2 or 5);
                if (major) ticks.AddMajor(pos, Label(Math.Pow(10, pos), kind, k == 1));
                else ticks.AddMinor(pos);
            }
        }
        axis.TickGenerator = ticks;
        double pad = Math.Max(0.05, (hi - lo) * 0.06);
        axis.Range.Set(lo - pad, hi + pad);
    }

    private static string Label(double v, AxisKind kind, bool decade) => kind switch
    {
        AxisKind.Seconds => Engineering(v),
        AxisKind.Tau => v is >= 0.01 and < 1e5 ? v.ToString("0.###", CultureInfo.InvariantCulture) : PowerOfTen(v, decade),
        _ => PowerOfTen(v, decade),
    };

    /// <summary>A time in seconds as "50 ns", "2 µs".</summary>
    private static string Engineering(double seconds)
    {
        var (unit, scale) = Units.TimeUnitFor(seconds * 1.0000001);
        string u = unit == "us" ? "µs" : unit;
        return (seconds / scale).ToString("G3", CultureInfo.InvariantCulture) + " " + u;
    }

    private static string PowerOfTen(double v, bool decade)
    {
        int e = (int)Math.Floor(Math.Log10(v) + 1e-9);
        double mant = v / Math.Pow(10, e);
        const string sup = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        string digits = new(Math.Abs(e).ToString(CultureInfo.InvariantCulture).Select(d => sup[d - '0']).ToArray());
        string pow = "10" + (e < 0 ? "⁻" : "") + digits;
        return decade ? pow : Math.Round(mant).ToString(CultureInfo.InvariantCulture) + "×" + pow;
    }

    /// <summary>Runs of valid samples as (t, x/scale) arrays; a run longer than its share of maxPoints becomes a min/max envelope.</summary>
    private static IEnumerable<(double[] X, double[] Y)> Segments(double[] x, double tau0, double scale, int maxPoints)
    {
        int bucket = Math.Max(1, (int)Math.Ceiling(x.Length / (maxPoints / 2.0)));
        int i = 0;
        while (i < x.Length)
        {
            while (i < x.Length && double.IsNaN(x[i])) i++;
            int start = i;
            while (i < x.Length && !double.IsNaN(x[i])) i++;
            if (i == start) continue;
            var xs = new List<double>();
            var ys = new List<double>();
            for (int b = start; b < i; b += bucket)
            {
                int end = Math.Min(i, b + bucket);
                if (bucket == 1) { xs.Add(b * tau0); ys.Add(x[b] / scale); continue; }
                int lo = b, hi = b;
                for (int k = b; k < end; k++)
                {
                    if (x[k] < x[lo]) lo = k;
                    if (x[k] > x[hi]) hi = k;
                }
                foreach (int k in lo <= hi ? new[] { lo, hi } : new[] { hi, lo }) { xs.Add(k * tau0); ys.Add(x[k] / scale); }
            }
            yield return ([.. xs], [.. ys]);
        }
    }

    /// <summary>
    /// ScottPlot's SVG made fit to inline in HTML: no XML declaration, no unused xlink namespace, scalable, and its
    /// clip-path ids numbered from 0 in each plot in order of appearance (ScottPlot draws them from a counter shared by
    /// every plot of the process, so the same report rendered twice in one process would differ; the figure's prefix,
    /// <see cref="WithIdPrefix"/>, keeps them unique in a document).
    /// </summary>
    internal static string ToSvg(Plot plot)
    {
        string svg = plot.GetSvgXml(Width, Height);
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        svg = ClipId().Replace(svg, m => "cl_" + (ids.TryGetValue(m.Value, out int k) ? k : ids[m.Value] = ids.Count).ToString(System.Globalization.CultureInfo.InvariantCulture));
        svg = XmlDeclaration().Replace(svg, "");
        if (!svg.Contains("xlink:", StringComparison.Ordinal)) // no xlink:href etc.: the declaration is unused
            svg = svg.Replace(" xmlns:xlink=\"http://www.w3.org/1999/xlink\"", "");
        svg = svg.Replace($"width=\"{Width}\" height=\"{Height}\"", $"width=\"{Width}\" height=\"{Height}\" viewBox=\"0 0 {Width} {Height}\" role=\"img\"");
        return svg.Trim();
    }

    /// <summary>
    /// Prefixes every id in an SVG (and the url(#…)/href="#…" references to it) so that several inline SVGs in one
    /// HTML document don't share ids: ScottPlot numbers its clip paths from 1 in every plot.
    /// </summary>
    public static string WithIdPrefix(string svg, string prefix)
    {
        svg = IdAttribute().Replace(svg, m => $" id=\"{prefix}{m.Groups[1].Value}\"");
        svg = UrlReference().Replace(svg, m => $"url(#{prefix}{m.Groups[1].Value})");
        return svg.Replace("href=\"#", $"href=\"#{prefix}");
    }

    [GeneratedRegex(@" id=""([^""]+)""")]
    private static partial Regex IdAttribute();

    [GeneratedRegex(@"url\(#([^)]+)\)")]
    private static partial Regex UrlReference();

    [GeneratedRegex(@"\bcl_[0-9a-f]+\b")]
    private static partial Regex ClipId();

    [GeneratedRegex(@"^\s*<\?xml[^>]*\?>\s*")]
    private static partial Regex XmlDeclaration();
}
