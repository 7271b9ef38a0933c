using System.Text.Json;

namespace TimeSync.Influx.Tests.Infrastructure;

/// <summary>Reads raw samples back from VictoriaMetrics' export API (/api/v1/export, JSON lines).</summary>
internal static class Victoria
{
    public sealed record ExportedSeries(Dictionary<string, string> Labels, double[] Values, long[] TimestampsMs);

    public static async Task<List<ExportedSeries>> ExportAsync(string url, string match)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        // Make just-written samples searchable now instead of within a second or so.
        using (await http.GetAsync(url + "/internal/force_flush")) { }
        // The export ends at "now" by default: a point stamped ahead of it (a rolling window closing at its end) would be missed.
        var end = DateTimeOffset.UtcNow.AddDays(1).ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var content = new FormUrlEncodedContent([new("match[]", match), new("start", "0"), new("end", end)]);
        using var r = await http.PostAsync(url + "/api/v1/export", content);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"export {match}: HTTP {(int)r.StatusCode} {body}");
        var list = new List<ExportedSeries>();
        foreach (var line in body.Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            using var doc = JsonDocument.Parse(line);
            var labels = doc.RootElement.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? "");
            var values = doc.RootElement.GetProperty("values").EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? double.Parse(v.GetString()!, System.Globalization.CultureInfo.InvariantCulture) : v.GetDouble()).ToArray();
            var ts = doc.RootElement.GetProperty("timestamps").EnumerateArray().Select(v => v.GetInt64()).ToArray();
            list.Add(new ExportedSeries(labels, values, ts));
        }
        return list;
    }
}
