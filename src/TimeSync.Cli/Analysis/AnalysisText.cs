using System.Globalization;
using System.Text;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Cli.Analysis;

/// <summary>Aligned terminal table and CSV forms of an <see cref="AnalysisDocument"/> (invariant culture).</summary>
internal static class AnalysisText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Table(AnalysisDocument doc, string source)
    {
        var sb = new StringBuilder();
        var s = doc.Summary;
        string unit = doc.Kind == SeriesKind.Phase ? " s" : "";
        sb.AppendLine(Inv, $"# {source}: {doc.Count} {(doc.Kind == SeriesKind.Phase ? "phase" : "frequency")} points, tau0 = {G(doc.Tau0Seconds)} s, gaps {s.Gaps}, outliers flagged {doc.Outliers.Count} (not removed)");
        sb.AppendLine(Inv, $"# mean {G(s.Mean)}{unit}  stdev {G(s.Stdev)}{unit}  rms {G(s.Rms)}{unit}  min {G(s.Min)}{unit}  max {G(s.Max)}{unit}  p-p {G(s.PeakToPeak)}{unit}");
        sb.AppendLine(Inv, $"# p50 {G(s.Percentiles.P50)}  p90 {G(s.Percentiles.P90)}  p95 {G(s.Percentiles.P95)}  p99 {G(s.Percentiles.P99)}  p99.9 {G(s.Percentiles.P999)}");
        sb.AppendLine(Inv, $"# |x| p50 {G(s.AbsPercentiles.P50)}  p90 {G(s.AbsPercentiles.P90)}  p95 {G(s.AbsPercentiles.P95)}  p99 {G(s.AbsPercentiles.P99)}  p99.9 {G(s.AbsPercentiles.P999)}");
        sb.AppendLine(Inv, $"# period jitter {G(s.PeriodJitter)}{unit}  frequency offset {G(s.FrequencyOffset)}  drift {G(s.DriftPerSecond)} /s  confidence {G(doc.Confidence)}");
        if (doc.FixedAlpha is int alpha) sb.AppendLine(Inv, $"# noise type fixed: alpha = {alpha} at every tau (not identified)");
        foreach (var r in doc.Deviations)
        {
            sb.AppendLine();
            sb.AppendLine(Inv, $"## {r.Name} ({r.Definition.Description})");
            if (r.Definition.HasConfidence)
            {
                sb.AppendLine(Inv, $"{"AF",8} {"Tau",12} {"#",10} {"Alpha",5} {"Min Sigma",12} {"Sigma",12} {"Max Sigma",12} {"EDF",10}");
                foreach (var row in r.Rows)
                    sb.AppendLine(Inv, $"{row.Af,8} {E(row.TauSeconds),12} {row.Terms,10} {(row.Alpha?.ToString(Inv) ?? "-"),5} {E(row.CiLow),12} {E(row.Value),12} {E(row.CiHigh),12} {F(row.Edf),10}");
            }
            else
            {
                sb.AppendLine(Inv, $"{"AF",8} {"Tau",12} {"#",10} {r.Name.ToUpperInvariant(),12}");
                foreach (var row in r.Rows)
                    sb.AppendLine(Inv, $"{row.Af,8} {E(row.TauSeconds),12} {row.Terms,10} {E(row.Value),12}");
            }
        }
        return sb.ToString();
    }

    public static string Csv(AnalysisDocument doc)
    {
        var sb = new StringBuilder("statistic,af,tau,n,value,alpha,edf,ci_low,ci_high\n");
        foreach (var r in doc.Deviations)
            foreach (var row in r.Rows)
                sb.Append(Inv, $"{r.Name},{row.Af},{R(row.TauSeconds)},{row.Terms},{R(row.Value)},{row.Alpha?.ToString(Inv)},{R(row.Edf)},{R(row.CiLow)},{R(row.CiHigh)}\n");
        return sb.ToString();
    }

    private static string G(double v) => v.ToString("G6", Inv);
    private static string E(double? v) => v is double d && double.IsFinite(d) ? d.ToString("0.0000e+00", Inv) : "-";
    private static string F(double? v) => v is double d && double.IsFinite(d) ? d.ToString("0.###", Inv) : "-";
    private static string R(double? v) => v is double d && double.IsFinite(d) ? d.ToString("R", Inv) : "";
}
