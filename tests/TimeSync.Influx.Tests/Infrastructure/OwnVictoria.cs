using System.Net;

namespace TimeSync.Influx.Tests.Infrastructure;

/// <summary>
/// A victoria-metrics of the test's own (see <see cref="OwnServer"/>), with the flags of .ci/victoria-metrics.flags as
/// the CI server has (dedup of a retried batch, long retention). Stop it with <see cref="OwnServer.Stop"/> (SIGTERM):
/// a SIGKILL loses the last second or so of writes it already acknowledged (it keeps them in memory, no write-ahead
/// log), which no client can tell; InfluxDB's WAL keeps them (see <see cref="OwnInfluxd"/>).
/// </summary>
internal sealed class OwnVictoria : OwnServer
{
    private readonly string[] _flags;

    public OwnVictoria() : base("victoria-metrics")
    {
        Url = $"http://127.0.0.1:{Port}";
        _flags = CiFile("victoria-metrics.flags").Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToArray();
    }

    public override string Url { get; }

    protected override IReadOnlyList<string> Arguments =>
        [$"-httpListenAddr=127.0.0.1:{Port}", $"-storageDataPath={DataDir}/data", .. _flags];

    protected override string ReadinessPath => "/health";

    protected override HttpStatusCode ReadyStatus => HttpStatusCode.OK;
}
