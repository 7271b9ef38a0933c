namespace TimeSync.Acquisition.Agent;

/// <summary>
/// The <c>influx:</c> section of the agent's bench.yaml: where the agent streams its samples, rolling statistics and
/// events. Either the v2 write API (<see cref="Org"/>, <see cref="Bucket"/>; token from the environment variable
/// INFLUX_TOKEN or <see cref="TokenFile"/>) or the v1 <c>/write</c> endpoint (<see cref="Database"/>,
/// <see cref="RetentionPolicy"/>; user and password from INFLUX_USERNAME/INFLUX_PASSWORD). No secret is ever read
/// from the configuration itself. Relative paths are resolved against the configuration file's folder.
/// </summary>
public sealed record AgentInfluxSettings
{
    public required Uri Url { get; init; }
    public string? Org { get; init; }
    public string? Bucket { get; init; }
    public string? TokenFile { get; init; }
    public string? Database { get; init; }
    public string? RetentionPolicy { get; init; }
    /// <summary>PEM file of the CA that signs the server's certificate (https with a private CA).</summary>
    public string? CaFile { get; init; }
    /// <summary>Value of the <c>bench</c> tag; default the bench's name.</summary>
    public string? BenchTag { get; init; }
    /// <summary>Folder of the on-disk queue; default one per target under ~/.local/state/timesync/influx-spool.</summary>
    public string? SpoolDirectory { get; init; }
    /// <summary>Bound of the on-disk queue in MiB; default 512.</summary>
    public long? SpoolMaxMegabytes { get; init; }
    /// <summary>Window of the <c>time_error_stats</c> points in seconds (0: none); default 60.</summary>
    public double RollingWindowSeconds { get; init; } = 60;
}
