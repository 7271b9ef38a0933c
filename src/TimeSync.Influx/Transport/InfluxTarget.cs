using TimeSync.Core;

namespace TimeSync.Influx.Transport;

/// <summary>
/// Where and how to write: the server URL and either the v2 write API (org, bucket, token) or the v1 <c>/write</c>
/// endpoint (database, retention policy, user and password). Secrets are held here only; <see cref="ToString"/>
/// and every message leave them out.
/// </summary>
public sealed record InfluxTarget
{
    public required Uri Url { get; init; }
    /// <summary>v2: organization. Null selects the v1 API.</summary>
    public string? Org { get; init; }
    public string? Bucket { get; init; }
    public string? Token { get; init; }
    /// <summary>v1: database.</summary>
    public string? Database { get; init; }
    public string? RetentionPolicy { get; init; }
    public string? Username { get; init; }
    public string? Password { get; init; }
    /// <summary>PEM file with the CA certificate(s) that sign the server's certificate, for a private CA.</summary>
    public string? CaFile { get; init; }
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(10);

    public bool IsV2 => Bucket is not null;

    /// <summary>Checks the combination; throws <see cref="InputException"/> naming the option at fault.</summary>
    public void Validate()
    {
        if (Url.Scheme is not ("http" or "https")) throw new InputException("--influx-url", $"scheme '{Url.Scheme}' is not http or https");
        if (!string.IsNullOrEmpty(Url.UserInfo))
            throw new InputException("--influx-url", "credentials in the URL are not allowed (they would show in process lists and logs); use INFLUX_TOKEN, --influx-token-file or INFLUX_USERNAME/INFLUX_PASSWORD");
        if (!string.IsNullOrEmpty(Url.Query)) throw new InputException("--influx-url", "the URL must not have a query; use the --influx-* options");
        bool v2 = Bucket is not null || Org is not null;
        bool v1 = Database is not null;
        if (v2 && v1) throw new InputException("--influx-database", "give either --influx-org and --influx-bucket (v2 API) or --influx-database (v1 API), not both");
        if (!v2 && !v1) throw new InputException("--influx-url", "give --influx-org and --influx-bucket (v2 API) or --influx-database (v1 API)");
        if (v2 && string.IsNullOrEmpty(Bucket)) throw new InputException("--influx-bucket", "missing (the v2 API needs --influx-org and --influx-bucket)");
        if (v2 && string.IsNullOrEmpty(Org)) throw new InputException("--influx-org", "missing (the v2 API needs --influx-org and --influx-bucket)");
        if (v2 && string.IsNullOrEmpty(Token)) throw new InputException("INFLUX_TOKEN", "no token: set the environment variable INFLUX_TOKEN or give --influx-token-file");
        if (RetentionPolicy is not null && !v1) throw new InputException("--influx-retention-policy", "only applies with --influx-database (v1 API)");
        if ((Username is null) != (Password is null)) throw new InputException("INFLUX_USERNAME", "set both INFLUX_USERNAME and INFLUX_PASSWORD, or neither");
    }

    public SecretRedactor Redactor()
    {
        string? basic = Username is null ? null
            : Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(Username + ":" + Password));
        return new SecretRedactor([Token, Password, basic, Token is null ? null : Uri.EscapeDataString(Token), Password is null ? null : Uri.EscapeDataString(Password)]);
    }

    /// <summary>Target text for logs: URL plus bucket or database, no secret.</summary>
    public override string ToString() => IsV2
        ? $"{Url.GetLeftPart(UriPartial.Path).TrimEnd('/')} org={Org} bucket={Bucket} (v2 API)"
        : $"{Url.GetLeftPart(UriPartial.Path).TrimEnd('/')} db={Database}{(RetentionPolicy is null ? "" : " rp=" + RetentionPolicy)} (v1 API)";

    /// <summary>The transport for this target.</summary>
    public IInfluxTransport CreateTransport()
    {
        Validate();
        var roots = CaFile is null ? null : TlsTrust.LoadCaFile(CaFile);
        return IsV2 ? new V2ClientTransport(this, roots) : new V1WriteTransport(this, roots);
    }
}
