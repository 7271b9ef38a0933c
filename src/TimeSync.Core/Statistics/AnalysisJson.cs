using System.Text;
using System.Text.Json;
using TimeSync.Core.Series;

namespace TimeSync.Core.Statistics;

/// <summary>
/// The JSON form of an <see cref="AnalysisDocument"/> (the contract CI and other tools read):
/// {"count","tau0","kind",["alpha_fixed",]"summary":{…},"deviations":{"oadev":[{af,tau,n,value,alpha,edf,ci_low,ci_high}],"mtie":[{af,tau,n,value}]}}.
/// Doubles are shortest round-trip, invariant; NaN is written as null. Deterministic for equal input.
/// </summary>
public static class AnalysisJson
{
    public static string Serialize(AnalysisDocument doc, bool indented = true)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            w.WriteStartObject();
            w.WriteNumber("count", doc.Count);
            Number(w, "tau0", doc.Tau0Seconds);
            w.WriteString("kind", doc.Kind == SeriesKind.Phase ? "phase" : "frequency");
            // only when the user fixed the noise type: the default document is unchanged
            if (doc.FixedAlpha is int fixedAlpha) w.WriteNumber("alpha_fixed", fixedAlpha);
            var s = doc.Summary;
            w.WriteStartObject("summary");
            Number(w, "mean", s.Mean);
            Number(w, "stdev", s.Stdev);
            Number(w, "rms", s.Rms);
            Number(w, "min", s.Min);
            Number(w, "max", s.Max);
            Number(w, "peak_to_peak", s.PeakToPeak);
            Number(w, "p50", s.Percentiles.P50);
            Number(w, "p90", s.Percentiles.P90);
            Number(w, "p95", s.Percentiles.P95);
            Number(w, "p99", s.Percentiles.P99);
            Number(w, "p999", s.Percentiles.P999);
            Number(w, "frequency_offset", s.FrequencyOffset);
            Number(w, "drift", s.DriftPerSecond);
            Number(w, "abs_p50", s.AbsPercentiles.P50);
            Number(w, "abs_p90", s.AbsPercentiles.P90);
            Number(w, "abs_p95", s.AbsPercentiles.P95);
            Number(w, "abs_p99", s.AbsPercentiles.P99);
            Number(w, "abs_p999", s.AbsPercentiles.P999);
            Number(w, "period_jitter", s.PeriodJitter);
            w.WriteNumber("gaps", s.Gaps);
            w.WriteNumber("outliers", doc.Outliers.Count);
            w.WriteEndObject();
            w.WriteStartObject("deviations");
            foreach (var r in doc.Deviations)
            {
                w.WriteStartArray(r.Name);
                foreach (var row in r.Rows)
                {
                    w.WriteStartObject();
                    w.WriteNumber("af", row.Af);
                    Number(w, "tau", row.TauSeconds);
                    w.WriteNumber("n", row.Terms);
                    Number(w, "value", row.Value);
                    if (r.Definition.HasConfidence)
                    {
                        if (row.Alpha is int a) w.WriteNumber("alpha", a); else w.WriteNull("alpha");
                        Number(w, "edf", row.Edf);
                        Number(w, "ci_low", row.CiLow);
                        Number(w, "ci_high", row.CiHigh);
                    }
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Number(Utf8JsonWriter w, string name, double? value)
    {
        if (value is double v && double.IsFinite(v)) w.WriteNumber(name, v);
        else w.WriteNull(name);
    }
}
