using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using TimeSync.Core;

namespace TimeSync.Influx.Transport;

/// <summary>HTTPS trust: the system's roots, plus an optional CA file (PEM, one or more certificates) for a private CA.</summary>
public static class TlsTrust
{
    /// <summary>Loads the CA certificates of a PEM file. Throws <see cref="InputException"/> naming the file.</summary>
    public static X509Certificate2Collection LoadCaFile(string path)
    {
        if (!File.Exists(path)) throw new InputException(path, "CA file not found");
        var collection = new X509Certificate2Collection();
        try { collection.ImportFromPemFile(path); }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or ArgumentException)
        {
            throw new InputException(path, "not a PEM certificate file: " + e.Message);
        }
        if (collection.Count == 0) throw new InputException(path, "no certificate in the CA file");
        return collection;
    }

    /// <summary>
    /// A validation callback that accepts what the system trusts, and else a chain that ends at one of
    /// <paramref name="roots"/> for a certificate whose name matches the host.
    /// </summary>
    public static RemoteCertificateValidationCallback Callback(X509Certificate2Collection roots) =>
        (_, certificate, _, errors) => Validate(certificate, errors, roots);

    public static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (errors == SslPolicyErrors.None) return true;
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
            return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    /// <summary>An HTTP handler with the given trust (null: the system's only) and pooled connections.</summary>
    public static HttpMessageHandler CreateHandler(X509Certificate2Collection? roots)
    {
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(5),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };
        if (roots is not null) handler.SslOptions.RemoteCertificateValidationCallback = Callback(roots);
        return handler;
    }
}
