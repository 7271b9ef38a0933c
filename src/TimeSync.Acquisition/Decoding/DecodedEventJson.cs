using System.Text;
using System.Text.Json;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// One JSON object per decoded event, in the spirit of gpsd's gpsdecode:
/// <c>{"source":"gnss","kind":"RMC","utc":"2017-01-10T00:09:41.000Z","valid":true}</c>. Times are ISO-8601 UTC with at
/// least 3 decimals (gpsd's) and as many more as the message carries (up to 12); counter readings are exact decimal
/// seconds; <c>host_ns</c> is the raw event's host receive time when known (captures).
/// </summary>
public static class DecodedEventJson
{
    /// <summary>The JSON line for an event, or null for events that are not printed (<see cref="DecodeProblem"/>).</summary>
    public static string? ToJsonLine(DecodedEvent e)
    {
        if (e is DecodeProblem) return null;
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            w.WriteString("source", e.Source);
            switch (e)
            {
                case GnssTimeMessage m:
                    w.WriteString("kind", m.Kind);
                    if (m.Utc is Instant u) w.WriteString("utc", Utc(u)); else w.WriteNull("utc");
                    w.WriteBoolean("valid", m.Valid);
                    break;
                case TimePulseInfo t:
                    w.WriteString("kind", "TIM-TP");
                    w.WriteString("utc", Utc(t.NextPulseUtc));
                    w.WriteNumber("qerr_ps", t.QErrPicoseconds);
                    w.WriteBoolean("valid", t.Valid);
                    break;
                case TimeMark t:
                    w.WriteString("kind", "TIM-TM2");
                    w.WriteNumber("channel", t.Channel);
                    w.WriteString("utc", Utc(t.RisingEdgeUtc));
                    w.WriteNumber("count", t.Count);
                    w.WriteBoolean("valid", t.Valid);
                    break;
                case LeapSecondWarning l:
                    w.WriteString("kind", "LEAP");
                    w.WriteNumber("sign", l.Sign);
                    if (l.AtUtc is Instant at) w.WriteString("utc", Utc(at)); else w.WriteNull("utc");
                    break;
                case CounterReading c:
                    w.WriteString("kind", "COUNTER");
                    w.WriteString("channel", c.Channel);
                    w.WritePropertyName("seconds");
                    w.WriteRawValue(c.Value.ToString(), skipInputValidation: false);
                    break;
                case PpsEdge p:
                    w.WriteString("kind", "PPS");
                    w.WriteString("edge", p.Assert ? "assert" : "clear");
                    w.WriteString("utc", Utc(p.EdgeTime));
                    w.WriteNumber("sequence", p.Sequence);
                    break;
                default:
                    w.WriteString("kind", e.GetType().Name);
                    break;
            }
            if (e.HostTimeUnixNanoseconds != 0) w.WriteNumber("host_ns", e.HostTimeUnixNanoseconds);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>ISO-8601 with at least 3 fractional digits and no trailing zeros beyond them.</summary>
    public static string Utc(Instant t)
    {
        string s = t.ToIsoString(12);
        int end = s.Length - 1; // 'Z'
        int keep = end;
        int minimum = s.IndexOf('.') + 4;
        while (keep > minimum && s[keep - 1] == '0') keep--;
        return s[..keep] + "Z";
    }
}
