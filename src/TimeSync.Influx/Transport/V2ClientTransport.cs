using System.Security.Cryptography.X509Certificates;
using InfluxDB.Client;
using InfluxDB.Client.Api.Domain;
using InfluxDB.Client.Core.Exceptions;

namespace TimeSync.Influx.Transport;

/// <summary>
/// The v2 write API (<c>POST /api/v2/write?org=O&amp;bucket=B&amp;precision=ns</c>, "Authorization: Token …") through
/// the official InfluxDB.Client. InfluxDB 1.8+ (with DBRP "db/rp" as bucket), 2.x, 3.x and VictoriaMetrics accept it;
/// InfluxDB 1.6/1.7 do not (they answer 404): use <see cref="V1WriteTransport"/> for them.
/// </summary>
public sealed class V2ClientTransport : IInfluxTransport
{
    private readonly InfluxDBClient _client;
    private readonly HttpClient _http;
    private readonly WriteApiAsync _write;
    private readonly string _org;
    private readonly string _bucket;
    private readonly SecretRedactor _redactor;
    private readonly TimeSpan _timeout;

    public V2ClientTransport(InfluxTarget target, X509Certificate2Collection? roots)
    {
        _redactor = target.Redactor();
        _org = target.Org!;
        _bucket = target.Bucket!;
        _timeout = target.RequestTimeout;
        _http = new HttpClient(TlsTrust.CreateHandler(roots), disposeHandler: true) { Timeout = Timeout.InfiniteTimeSpan };
        var options = new InfluxDBClientOptions.Builder()
            .Url(target.Url.GetLeftPart(UriPartial.Path).TrimEnd('/'))
            .AuthenticateToken(target.Token!)
            .Org(_org)
            .Bucket(_bucket)
            .TimeOut(_timeout)
            .LogLevel(InfluxDB.Client.Core.LogLevel.None)
            .SetHttpClient(_http)
            .Build();
        _client = new InfluxDBClient(options);
        _write = _client.GetWriteApiAsync();
        Target = target.ToString();
    }

    public string Target { get; }

    public async Task<WriteOutcome> WriteAsync(string lineProtocol, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_timeout);
        try
        {
            await _write.WriteRecordAsync(lineProtocol, WritePrecision.Ns, _bucket, _org, timeout.Token).ConfigureAwait(false);
            return WriteOutcome.Ok;
        }
        catch (HttpException e)
        {
            var status = e.Status == 0 ? WriteStatus.Retry : WriteOutcome.Classify(e.Status);
            if (status == WriteStatus.Written) return WriteOutcome.Ok;
            return new WriteOutcome(status, _redactor.OneLine($"HTTP {e.Status}: {e.Message}"));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WriteOutcome(WriteStatus.Retry, $"no answer within {_timeout.TotalSeconds:0.#} s");
        }
        catch (Exception e) when (e is HttpRequestException or IOException or System.Net.Sockets.SocketException or InfluxException)
        {
            return new WriteOutcome(WriteStatus.Retry, _redactor.OneLine(e.GetType().Name + ": " + e.Message + (e.InnerException is null ? "" : " (" + e.InnerException.Message + ")")));
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _http.Dispose();
    }
}
