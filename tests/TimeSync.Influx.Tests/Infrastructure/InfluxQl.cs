using System.Text.Json;

namespace TimeSync.Influx.Tests.Infrastructure;

/// <summary>Runs InfluxQL against a 1.x server's /query endpoint and returns the rows (epoch=ns).</summary>
internal sealed class InfluxQl : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(30) };
    private readonly string _url;

    public InfluxQl(string url) => _url = url.TrimEnd('/');

    public void Dispose() => _http.Dispose();

    public async Task ExecAsync(string statement)
    {
        using var content = new FormUrlEncodedContent([new("q", statement)]);
        using var r = await _http.PostAsync(_url + "/query", content);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode && !body.Contains("\"error\""), $"{statement}: {body}");
    }

    /// <summary>Every series of the first statement's result: name, tags, columns and rows.</summary>
    public async Task<List<Series>> QueryAsync(string db, string query)
    {
        var uri = $"{_url}/query?db={Uri.EscapeDataString(db)}&epoch=ns&q={Uri.EscapeDataString(query)}";
        using var r = await _http.GetAsync(uri);
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{query}: HTTP {(int)r.StatusCode} {body}");
        using var doc = JsonDocument.Parse(body);
        var result = doc.RootElement.GetProperty("results")[0];
        if (result.TryGetProperty("error", out var err)) Assert.Fail($"{query}: {err.GetString()}");
        var list = new List<Series>();
        if (!result.TryGetProperty("series", out var series)) return list;
        foreach (var s in series.EnumerateArray())
        {
            var tags = new Dictionary<string, string>();
            if (s.TryGetProperty("tags", out var t)) foreach (var p in t.EnumerateObject()) tags[p.Name] = p.Value.GetString() ?? "";
            var columns = s.GetProperty("columns").EnumerateArray().Select(c => c.GetString()!).ToList();
            var rows = s.GetProperty("values").EnumerateArray().Select(row => row.EnumerateArray().Select(v => v.Clone()).ToArray()).ToList();
            list.Add(new Series(s.TryGetProperty("name", out var n) ? n.GetString() ?? "" : "", tags, columns, rows));
        }
        return list;
    }

    public sealed record Series(string Name, Dictionary<string, string> Tags, List<string> Columns, List<JsonElement[]> Rows)
    {
        public int Column(string name)
        {
            int i = Columns.IndexOf(name);
            Assert.True(i >= 0, $"no column '{name}' in [{string.Join(", ", Columns)}]");
            return i;
        }
    }
}
