using System.CommandLine;
using TimeSync.Core;
using TimeSync.Core.Time;
using TimeSync.Influx;
using TimeSync.Influx.Delivery;
using TimeSync.Influx.Transport;

namespace TimeSync.Cli.Influx;

/// <summary>
/// The <c>--influx-*</c> options shared by <c>timesync replay</c> and the agent: where to write (v2 API: org, bucket,
/// token from INFLUX_TOKEN or --influx-token-file; v1 API: database, retention policy, user and password from
/// INFLUX_USERNAME/INFLUX_PASSWORD), TLS trust and the spool. Secrets never come from the command line, where any
/// user could read them in the process list.
/// </summary>
public static class InfluxCli
{
    public const string UrlOption = "--influx-url";
    public const string OrgOption = "--influx-org";
    public const string BucketOption = "--influx-bucket";
    public const string TokenFileOption = "--influx-token-file";
    public const string DatabaseOption = "--influx-database";
    public const string RetentionPolicyOption = "--influx-retention-policy";
    public const string CaFileOption = "--influx-ca-file";
    public const string BenchOption = "--influx-bench";
    public const string SpoolDirOption = "--influx-spool-dir";
    public const string SpoolMaxMegabytesOption = "--influx-spool-max-mb";
    public const string StartOption = "--start";

    /// <summary>Adds the --influx-* options to a command.</summary>
    public static void AddOptions(Command command)
    {
        command.Options.Add(new Option<string?>(UrlOption) { Description = "Stream to this InfluxDB (or VictoriaMetrics) server, e.g. http://127.0.0.1:8086" });
        command.Options.Add(new Option<string?>(OrgOption) { Description = "v2 write API: organization (with --influx-bucket; token from INFLUX_TOKEN or --influx-token-file)" });
        command.Options.Add(new Option<string?>(BucketOption) { Description = "v2 write API: bucket (InfluxDB 1.8+: \"database/retention-policy\")" });
        command.Options.Add(new Option<string?>(TokenFileOption) { Description = "v2 write API: file holding the token (instead of INFLUX_TOKEN)" });
        command.Options.Add(new Option<string?>(DatabaseOption) { Description = "v1 /write API: database (user and password from INFLUX_USERNAME/INFLUX_PASSWORD)" });
        command.Options.Add(new Option<string?>(RetentionPolicyOption) { Description = "v1 /write API: retention policy (default: the database's default)" });
        command.Options.Add(new Option<string?>(CaFileOption) { Description = "PEM file of the CA that signs the server's TLS certificate" });
        command.Options.Add(new Option<string?>(BenchOption) { Description = "Value of the 'bench' tag on every point (default: the bench name)" });
        command.Options.Add(new Option<string?>(SpoolDirOption) { Description = "Folder of the on-disk queue used while the server is away (default: ~/.local/state/timesync/influx-spool)" });
        command.Options.Add(new Option<long?>(SpoolMaxMegabytesOption) { Description = "Bound of the on-disk queue in MiB (default 512); when full the newest points are dropped and the gap is logged" });
    }

    /// <summary>Adds <c>--start</c>: where a series without absolute times is placed (ISO-8601, default now).</summary>
    public static void AddStartOption(Command command) =>
        command.Options.Add(new Option<string?>(StartOption) { Description = "ISO-8601 UTC start for files without absolute times (default: now)" });

    /// <summary>The instant given by --start, or now (to the second) when absent.</summary>
    public static Instant GetStart(ParseResult parseResult, Func<DateTime>? utcNow = null) =>
        ParseStart(parseResult) ?? Instant.FromUnixSeconds(new DateTimeOffset((utcNow ?? (() => DateTime.UtcNow))()).ToUnixTimeSeconds());

    /// <summary>The instant given by --start, or null when absent (one line naming --start when malformed).</summary>
    public static Instant? ParseStart(ParseResult? parseResult)
    {
        var text = parseResult?.GetValue<string?>(StartOption);
        if (text is null) return null;
        if (!Instant.TryParse(text, out var start, out var error))
            throw new InputException(StartOption, $"'{text}' is not an ISO-8601 UTC time ({error}), e.g. 2026-03-01T12:00:00Z");
        return start;
    }

    /// <summary>True when --influx-url was given.</summary>
    public static bool IsRequested(ParseResult parseResult) => parseResult.GetValue<string?>(UrlOption) is not null;

    /// <summary>
    /// The target described by the options and the environment (<paramref name="environment"/> reads a variable;
    /// default the process environment). Throws <see cref="InputException"/> naming the option at fault.
    /// </summary>
    public static InfluxTarget GetTarget(ParseResult parseResult, Func<string, string?>? environment = null)
    {
        var urlText = parseResult.GetValue<string?>(UrlOption) ?? throw new InputException(UrlOption, "missing");
        if (!Uri.TryCreate(urlText, UriKind.Absolute, out var url))
            throw new InputException(UrlOption, "not an absolute URL, e.g. http://127.0.0.1:8086");
        return BuildTarget(url, parseResult.GetValue<string?>(OrgOption), parseResult.GetValue<string?>(BucketOption),
            parseResult.GetValue<string?>(TokenFileOption), parseResult.GetValue<string?>(DatabaseOption),
            parseResult.GetValue<string?>(RetentionPolicyOption), parseResult.GetValue<string?>(CaFileOption), environment);
    }

    /// <summary>
    /// A validated target: the token from <paramref name="tokenFile"/> (wins) or INFLUX_TOKEN for the v2 API, user and
    /// password from INFLUX_USERNAME/INFLUX_PASSWORD for the v1 API (<paramref name="database"/> given).
    /// </summary>
    public static InfluxTarget BuildTarget(Uri url, string? org, string? bucket, string? tokenFile, string? database, string? retentionPolicy,
        string? caFile, Func<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariable;
        string? token = null;
        if (tokenFile is not null)
        {
            if (!File.Exists(tokenFile)) throw new InputException(tokenFile, "token file not found");
            token = File.ReadAllText(tokenFile).Trim();
            if (token.Length == 0) throw new InputException(tokenFile, "token file is empty");
        }
        else if (environment("INFLUX_TOKEN") is { Length: > 0 } t) token = t.Trim();
        bool v1 = database is not null;
        var target = new InfluxTarget
        {
            Url = url,
            Org = org,
            Bucket = bucket,
            Token = v1 ? null : token,
            Database = database,
            RetentionPolicy = retentionPolicy,
            Username = v1 ? NullIfEmpty(environment("INFLUX_USERNAME")) : null,
            Password = v1 ? NullIfEmpty(environment("INFLUX_PASSWORD")) : null,
            CaFile = caFile,
        };
        target.Validate();
        return target;
    }

    /// <summary>
    /// Delivery settings (spool folder and bound) from the options. The default folder is one per target
    /// (~/.local/state/timesync/influx-spool/&lt;hash of URL and database or bucket&gt;), so that points spooled for one
    /// server are never backfilled into another.
    /// </summary>
    public static DeliveryOptions GetDelivery(ParseResult parseResult, InfluxTarget target) =>
        BuildDelivery(target, parseResult.GetValue<string?>(SpoolDirOption), parseResult.GetValue<long?>(SpoolMaxMegabytesOption));

    /// <summary>Delivery settings: the spool folder (default one per target) and its bound in MiB (default 512).</summary>
    public static DeliveryOptions BuildDelivery(InfluxTarget target, string? spoolDirectory, long? spoolMaxMegabytes)
    {
        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(target.ToString())))[..16];
        var dir = spoolDirectory
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "state", "timesync", "influx-spool", hash);
        long mb = spoolMaxMegabytes ?? 512;
        if (mb <= 0) throw new InputException(SpoolMaxMegabytesOption, "must be a positive number of MiB");
        return new DeliveryOptions { SpoolDirectory = dir, SpoolMaxBytes = checked(mb * 1024 * 1024) };
    }

    /// <summary>
    /// The sink the options ask for, or null without --influx-url. <paramref name="log"/> receives one line per
    /// state change (server lost, back, spool full), without secrets.
    /// </summary>
    public static InfluxSink? CreateSink(ParseResult parseResult, Action<string>? log = null, string? defaultBench = null,
        Func<string, string?>? environment = null)
    {
        if (!IsRequested(parseResult)) return null;
        var target = GetTarget(parseResult, environment);
        var bench = parseResult.GetValue<string?>(BenchOption) ?? defaultBench;
        return InfluxSink.Create(target, GetDelivery(parseResult, target), bench, log ?? (line => Console.Error.WriteLine("timesync: " + line)));
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;
}
