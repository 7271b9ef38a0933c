using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace TimeSync.Influx.Transport;

/// <summary>
/// The InfluxDB 1.x write endpoint: <c>POST /write?db=D&amp;rp=R&amp;precision=ns</c>, credentials in a Basic
/// Authorization header (never in the query string, which servers log).
/// </summary>
public sealed class V1WriteTransport : IInfluxTransport
{
    private readonly HttpClient _http;
    private readonly Uri _writeUri;
    private readonly SecretRedactor _redactor;

    public V1WriteTransport(InfluxTarget target, X509Certificate2Collection? roots)
    {
        _redactor = target.Redactor();
        _http = new HttpClient(TlsTrust.CreateHandler(roots), disposeHandler: true) { Timeout = target.RequestTimeout };
        if (target.Username is not null)
        {
            var basic = Convert.ToBase64String(Encoding.UTF8.GetBytes(target.Username + ":" + target.Password));
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", basic);
        }
        var query = "db=" + Uri.EscapeDataString(target.Database!) + "&precision=ns"
            + (target.RetentionPolicy is null ? "" : "&rp=" + Uri.EscapeDataString(target.RetentionPolicy));
        _writeUri = new Uri(target.Url.GetLeftPart(UriPartial.Path).TrimEnd('/') + "/write?" + query);
        Target = target.ToString();
    }

    public string Target { get; }

    public async Task<WriteOutcome> WriteAsync(string lineProtocol, CancellationToken cancellationToken)
    {
        try
        {
            using var content = new StringContent(lineProtocol, Encoding.UTF8, "text/plain");
            using var response = await _http.PostAsync(_writeUri, content, cancellationToken).ConfigureAwait(false);
            var status = WriteOutcome.Classify((int)response.StatusCode);
            if (status == WriteStatus.Written) return WriteOutcome.Ok;
            var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
            return new WriteOutcome(status, _redactor.OneLine($"HTTP {(int)response.StatusCode} {response.ReasonPhrase}: {body}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WriteOutcome(WriteStatus.Retry, $"no answer within {_http.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new WriteOutcome(WriteStatus.Retry, _redactor.OneLine(e.Message + (e.InnerException is null ? "" : " (" + e.InnerException.Message + ")")));
        }
    }

    public void Dispose() => _http.Dispose();
}
