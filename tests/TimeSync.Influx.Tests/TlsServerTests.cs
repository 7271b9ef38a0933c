using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using TimeSync.Core.Time;
using TimeSync.Influx.Tests.Infrastructure;
using TimeSync.Influx.Transport;

namespace TimeSync.Influx.Tests;

/// <summary>A real influxd serving https with a certificate from a private CA: trusted with --influx-ca-file only.</summary>
public class TlsServerTests
{
    [OwnInfluxdFact]
    public async Task HttpsServerOfAPrivateCa_WritesWithTheCaFile_AndIsRefusedWithout()
    {
        var dir = TestData.TempDir("tls");
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caReq = new CertificateRequest("CN=TimeSync Bench CA", caKey, HashAlgorithmName.SHA256);
        caReq.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caReq.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caReq.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var req = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        req.CertificateExtensions.Add(san.Build());
        req.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var leaf = req.Create(ca, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), [9, 8, 7, 6]);
        string certFile = Path.Combine(dir, "server.pem"), keyFile = Path.Combine(dir, "server.key"), caFile = Path.Combine(dir, "ca.pem");
        File.WriteAllText(certFile, leaf.ExportCertificatePem());
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem());
        File.WriteAllText(caFile, ca.ExportCertificatePem());

        using var server = new OwnInfluxd((certFile, keyFile));
        await server.StartAsync();
        Assert.StartsWith("https://", server.Url);
        using (var ql = new InfluxQlInsecure(server.Url)) await ql.CreateDatabaseAsync("tls");

        var t0 = TestData.RecentStart();
        var trusted = new InfluxTarget { Url = new Uri(server.Url), Database = "tls", CaFile = caFile };
        using (var transport = trusted.CreateTransport())
        {
            var ok = await transport.WriteAsync($"time_error,channel=dut x_s=1e-9 {t0.ToUnixNanoseconds()}\n", CancellationToken.None);
            Assert.Equal(WriteStatus.Written, ok.Status);
        }
        var untrusted = trusted with { CaFile = null };
        using (var transport = untrusted.CreateTransport())
        {
            var refused = await transport.WriteAsync($"time_error,channel=dut x_s=2e-9 {t0.ToUnixNanoseconds() + 1}\n", CancellationToken.None);
            Assert.Equal(WriteStatus.Retry, refused.Status); // kept for retry: the operator can add the CA and restart
            Assert.Contains("SSL", refused.Detail, StringComparison.OrdinalIgnoreCase);
        }

        // The v2 client transport gets the same trust: with the CA the TLS handshake succeeds and InfluxDB 1.6 answers
        // 404 (it has no /api/v2/write); without it the handshake fails.
        var v2 = new InfluxTarget { Url = new Uri(server.Url), Org = "o", Bucket = "tls/autogen", Token = "t0ken", CaFile = caFile };
        using (var transport = v2.CreateTransport())
            Assert.Contains("404", (await transport.WriteAsync("m f=1 1\n", CancellationToken.None)).Detail);
        using (var transport = (v2 with { CaFile = null }).CreateTransport())
            Assert.DoesNotContain("404", (await transport.WriteAsync("m f=1 1\n", CancellationToken.None)).Detail);
    }

    /// <summary>Creates a database over https without checking the certificate (test set-up only).</summary>
    private sealed class InfluxQlInsecure : IDisposable
    {
        private readonly HttpClient _http = new(new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator });
        private readonly string _url;
        public InfluxQlInsecure(string url) => _url = url;
        public async Task CreateDatabaseAsync(string db)
        {
            using var content = new FormUrlEncodedContent([new("q", "CREATE DATABASE " + db)]);
            using var r = await _http.PostAsync(_url + "/query", content);
            Assert.True(r.IsSuccessStatusCode);
        }
        public void Dispose() => _http.Dispose();
    }
}
