using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TimeSync.Core;
using TimeSync.Core.Time;
using TimeSync.Influx.Tests.Infrastructure;
using TimeSync.Influx.Transport;

namespace TimeSync.Influx.Tests;

/// <summary>Secrets reach the server and nothing else; TLS trusts a private CA only when given.</summary>
public class SecretTests
{
    private const string Token = "tok-9f8e7d6c5b4a-SECRET";
    private const string Password = "pw-1a2b3c-SECRET";

    /// <summary>A hostile server: answers 401 (or 500) and echoes the Authorization header in its error body.</summary>
    private sealed class EchoServer : IDisposable
    {
        private readonly HttpListener _listener = new();
        public readonly List<string> AuthorizationHeaders = [];
        public string Url { get; }

        public EchoServer(int status)
        {
            int port = OwnServer.FreePort();
            Url = $"http://127.0.0.1:{port}";
            _listener.Prefixes.Add(Url + "/");
            _listener.Start();
            _ = Task.Run(async () =>
            {
                while (_listener.IsListening)
                {
                    HttpListenerContext ctx;
                    try { ctx = await _listener.GetContextAsync(); } catch (Exception) { return; }
                    var auth = ctx.Request.Headers["Authorization"] ?? "";
                    lock (AuthorizationHeaders) AuthorizationHeaders.Add(auth);
                    ctx.Response.StatusCode = status;
                    var body = System.Text.Encoding.UTF8.GetBytes($"{{\"error\":\"unauthorized: you sent '{auth}' for {ctx.Request.Url}\"}}");
                    ctx.Response.ContentType = "application/json";
                    await ctx.Response.OutputStream.WriteAsync(body);
                    ctx.Response.Close();
                }
            });
        }

        public void Dispose() => _listener.Close();
    }

    [Theory]
    [InlineData(true, 401)]
    [InlineData(false, 401)]
    [InlineData(true, 500)]
    [InlineData(false, 400)]
    public async Task SecretsAreSentButNeverLogged_EvenWhenTheServerEchoesThem(bool v2, int status)
    {
        using var server = new EchoServer(status);
        InfluxTarget target = v2
            ? new() { Url = new Uri(server.Url), Org = "o", Bucket = "b", Token = Token }
            : new() { Url = new Uri(server.Url), Database = "d", Username = "ops", Password = Password };
        var log = new LogLines();
        var options = TestData.FastRetry(TestData.TempDir("secret")) with { DrainTimeout = TimeSpan.FromMilliseconds(500) };
        await using (var sink = InfluxSink.Create(target, options, "b", log.Add, 0))
        {
            sink.WriteSample("c", new TimeErrorSample(TestData.RecentStart(), 1e-9));
            sink.Flush();
            // Wait (bounded) until the server has answered once, so that the failure is logged before shutdown.
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (sink.Stats.FailedAttempts == 0 && sink.Stats.Rejected == 0 && DateTime.UtcNow < deadline) await Task.Delay(20);
            await sink.CompleteAsync();
        }
        string[] headers;
        lock (server.AuthorizationHeaders) headers = [.. server.AuthorizationHeaders];
        Assert.NotEmpty(headers);
        if (v2) Assert.Equal("Token " + Token, headers[0]);
        else Assert.Equal("Basic " + Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes("ops:" + Password)), headers[0]);

        var text = log.ToString();
        Assert.Contains(status.ToString(), text); // the failure is logged ...
        Assert.Contains("***", text);             // ... with the echoed secret blanked out
        foreach (var secret in new[] { Token, Password, headers[0].Split(' ')[1] })
            Assert.DoesNotContain(secret, text);
        Assert.DoesNotContain("SECRET", text);
    }

    [Fact]
    public async Task UnreachableServer_MessagesHoldNoSecret()
    {
        var target = new InfluxTarget { Url = new Uri($"http://127.0.0.1:{OwnServer.FreePort()}"), Org = "o", Bucket = "b", Token = Token };
        using var transport = target.CreateTransport();
        var outcome = await transport.WriteAsync("m f=1 1\n", CancellationToken.None);
        Assert.Equal(WriteStatus.Retry, outcome.Status);
        Assert.NotEmpty(outcome.Detail);
        Assert.DoesNotContain("SECRET", outcome.Detail + transport.Target + target);
    }

    [Fact]
    public void CredentialsInTheUrl_AreRefusedWithoutEchoingThem()
    {
        var target = new InfluxTarget { Url = new Uri("http://admin:" + Password + "@127.0.0.1:8086"), Database = "d" };
        var e = Assert.Throws<InputException>(target.Validate);
        Assert.Equal("--influx-url", e.Location);
        Assert.DoesNotContain("SECRET", e.Message);
    }

    [Fact]
    public void MissingToken_NamesWhereToPutIt()
    {
        var e = Assert.Throws<InputException>(new InfluxTarget { Url = new Uri("http://127.0.0.1:1"), Org = "o", Bucket = "b" }.Validate);
        Assert.Contains("INFLUX_TOKEN", e.Message);
        e = Assert.Throws<InputException>(new InfluxTarget { Url = new Uri("http://127.0.0.1:1"), Org = "o", Bucket = "b", Token = "t", Database = "d" }.Validate);
        Assert.Contains("not both", e.Message);
    }

    [Fact]
    public void PrivateCa_TrustedOnlyWhenGiven()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caReq = new CertificateRequest("CN=TimeSync Test CA", caKey, HashAlgorithmName.SHA256);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caReq.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafReq = new CertificateRequest("CN=influx.bench.local", leafKey, HashAlgorithmName.SHA256);
        using var leaf = leafReq.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [1, 2, 3, 4]);

        var dir = TestData.TempDir("ca");
        var caFile = Path.Combine(dir, "ca.pem");
        File.WriteAllText(caFile, ca.ExportCertificatePem());
        var roots = TlsTrust.LoadCaFile(caFile);
        Assert.True(TlsTrust.Validate(leaf, SslPolicyErrors.RemoteCertificateChainErrors, roots));

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = new CertificateRequest("CN=Other CA", otherKey, HashAlgorithmName.SHA256)
            .CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        var otherFile = Path.Combine(dir, "other.pem");
        File.WriteAllText(otherFile, other.ExportCertificatePem());
        Assert.False(TlsTrust.Validate(leaf, SslPolicyErrors.RemoteCertificateChainErrors, TlsTrust.LoadCaFile(otherFile)));
        Assert.False(TlsTrust.Validate(leaf, SslPolicyErrors.RemoteCertificateNameMismatch, roots)); // right CA, wrong host

        File.WriteAllText(Path.Combine(dir, "junk.pem"), "not a certificate");
        var e = Assert.Throws<InputException>(() => TlsTrust.LoadCaFile(Path.Combine(dir, "junk.pem")));
        Assert.EndsWith("junk.pem", e.Location);
    }
}
