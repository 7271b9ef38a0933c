namespace TimeSync.Influx.Tests.Infrastructure;

/// <summary>
/// The real servers started by .ci/servers.sh: TIMESYNC_INFLUXDB_URL (InfluxDB 1.x) and TIMESYNC_VICTORIA_URL
/// (VictoriaMetrics). When a URL is missing the test is skipped, unless TIMESYNC_REQUIRE_SERVERS=1 (CI): then it fails.
/// </summary>
internal static class Servers
{
    public static string? InfluxUrl => Environment.GetEnvironmentVariable("TIMESYNC_INFLUXDB_URL") is { Length: > 0 } u ? u.TrimEnd('/') : null;
    public static string? VictoriaUrl => Environment.GetEnvironmentVariable("TIMESYNC_VICTORIA_URL") is { Length: > 0 } u ? u.TrimEnd('/') : null;
    public static bool Required => Environment.GetEnvironmentVariable("TIMESYNC_REQUIRE_SERVERS") == "1";

    public static string Influx => InfluxUrl ?? throw new InvalidOperationException("TIMESYNC_INFLUXDB_URL is not set but TIMESYNC_REQUIRE_SERVERS=1 (start the servers with .ci/servers.sh)");
    public static string Victoria => VictoriaUrl ?? throw new InvalidOperationException("TIMESYNC_VICTORIA_URL is not set but TIMESYNC_REQUIRE_SERVERS=1 (start the servers with .ci/servers.sh)");

    /// <summary>Path of an installed server binary (influxd, victoria-metrics), or null.</summary>
    public static string? Binary(string name)
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, name);
            if (File.Exists(p)) return p;
        }
        return null;
    }
}

/// <summary>A fact that needs the InfluxDB server: skipped without it, unless servers are required.</summary>
public sealed class InfluxFactAttribute : FactAttribute
{
    public InfluxFactAttribute()
    {
        if (Servers.InfluxUrl is null && !Servers.Required) Skip = "TIMESYNC_INFLUXDB_URL not set (run .ci/servers.sh); set TIMESYNC_REQUIRE_SERVERS=1 to fail instead";
    }
}

/// <summary>A fact that needs the VictoriaMetrics server.</summary>
public sealed class VictoriaFactAttribute : FactAttribute
{
    public VictoriaFactAttribute()
    {
        if (Servers.VictoriaUrl is null && !Servers.Required) Skip = "TIMESYNC_VICTORIA_URL not set (run .ci/servers.sh); set TIMESYNC_REQUIRE_SERVERS=1 to fail instead";
    }
}

/// <summary>A theory that needs the VictoriaMetrics server.</summary>
public sealed class VictoriaTheoryAttribute : TheoryAttribute
{
    public VictoriaTheoryAttribute()
    {
        if (Servers.VictoriaUrl is null && !Servers.Required) Skip = "TIMESYNC_VICTORIA_URL not set (run .ci/servers.sh); set TIMESYNC_REQUIRE_SERVERS=1 to fail instead";
    }
}
