using System.Net;

namespace TimeSync.Influx.Tests.Infrastructure;

/// <summary>
/// An influxd of the test's own (see <see cref="OwnServer"/>), configured from .ci/influxdb.conf.template as the CI
/// server is. <see cref="OwnServer.Kill"/> loses nothing it acknowledged: its WAL keeps every write.
/// </summary>
internal sealed class OwnInfluxd : OwnServer
{
    private readonly string _config;

    /// <param name="tls">PEM files of the server certificate and key: serve https instead of http.</param>
    public OwnInfluxd((string CertificatePem, string KeyPem)? tls = null) : base("influxd")
    {
        Url = $"{(tls is null ? "http" : "https")}://127.0.0.1:{Port}";
        string config = CiFile("influxdb.conf.template")
            .Replace("@DATA_DIR@", DataDir, StringComparison.Ordinal)
            .Replace("@RPC_PORT@", FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
            .Replace("@HTTP_PORT@", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        if (tls is { } t) // [http] is the template's last section
            config += $"\n  https-enabled = true\n  https-certificate = \"{t.CertificatePem}\"\n  https-private-key = \"{t.KeyPem}\"\n";
        _config = Path.Combine(DataDir, "influxdb.conf");
        File.WriteAllText(_config, config);
    }

    public override string Url { get; }

    protected override IReadOnlyList<string> Arguments => ["run", "-config", _config];

    protected override string ReadinessPath => "/ping";

    protected override HttpStatusCode ReadyStatus => HttpStatusCode.NoContent;
}
