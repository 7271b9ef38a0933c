using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace TimeSync.Acquisition.Bench;

/// <summary>Deterministic JSON for a <see cref="BenchDescription"/>: fixed key order, optional members omitted when unset.</summary>
internal static class BenchDescriptionWriter
{
    public static string Write(BenchDescription d, bool indented)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("schema", d.Schema);
            Opt(w, "bench", d.Bench);
            Opt(w, "tool", d.Tool);
            Opt(w, "host", d.Host);
            w.WriteStartArray("sources");
            foreach (var s in d.Sources)
            {
                w.WriteStartObject();
                w.WriteString("name", s.Name);
                w.WriteString("kind", s.Kind);
                Opt(w, "device", s.Device);
                if (s.Baud is int baud) w.WriteNumber("baud", baud);
                Opt(w, "receiver", s.Receiver);
                Opt(w, "mode", s.Mode);
                Opt(w, "model", s.Model);
                if (s.GpioLine is int line) w.WriteNumber("gpioLine", line);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteStartObject("reference");
            w.WriteString("labels", d.Reference.Labels);
            Opt(w, "pps", d.Reference.Pps);
            if (d.Reference.AntennaCableDelaySeconds != 0) w.WriteNumber("antennaCableDelaySeconds", d.Reference.AntennaCableDelaySeconds);
            if (!d.Reference.QErrCorrection) w.WriteBoolean("qErrCorrection", false);
            if (d.Reference.MessageOrder != ReferenceMessageOrders.Auto) w.WriteString("messageOrder", d.Reference.MessageOrder);
            w.WriteEndObject();
            w.WriteStartArray("channels");
            foreach (var c in d.Channels)
            {
                w.WriteStartObject();
                w.WriteString("name", c.Name);
                w.WriteString("method", c.Method);
                Opt(w, "counter", c.Counter);
                Opt(w, "referenceInput", c.ReferenceInput);
                Opt(w, "dutInput", c.DutInput);
                Opt(w, "receiver", c.Receiver);
                if (c.Extint is int e) w.WriteNumber("extint", e);
                Opt(w, "reference", c.Reference);
                Opt(w, "dut", c.Dut);
                if (c.DutCableDelaySeconds != 0) w.WriteNumber("dutCableDelaySeconds", c.DutCableDelaySeconds);
                if (c.ReferenceCableDelaySeconds != 0) w.WriteNumber("referenceCableDelaySeconds", c.ReferenceCableDelaySeconds);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Opt(Utf8JsonWriter w, string key, string? value)
    {
        if (value is not null) w.WriteString(key, value);
    }
}
