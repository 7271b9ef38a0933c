using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using TimeSync.Testing;

namespace TimeSync.Influx.Tests.Infrastructure;

/// <summary>
/// A server of the test's own (influxd, victoria-metrics), from the installed binary, on a free 127.0.0.1 port with its
/// data in a temporary folder, so a test can stop or kill it mid-stream and start it again on the same data and port.
/// Its settings are the ones .ci/servers.sh starts the CI servers with (read from .ci/, see <see cref="CiFile"/>).
/// </summary>
internal abstract class OwnServer : IDisposable
{
    private readonly string _binary;
    private Process? _process;

    /// <param name="binary">The installed program (found on PATH).</param>
    protected OwnServer(string binary)
    {
        _binary = binary;
        DataDir = Directory.CreateTempSubdirectory($"timesync-own-{binary}-").FullName;
        Port = FreePort();
    }

    /// <summary>The HTTP (or https) port the server listens on.</summary>
    public int Port { get; }

    public abstract string Url { get; }

    /// <summary>The temporary folder of the server's data (deleted by <see cref="Dispose"/>).</summary>
    protected string DataDir { get; }

    /// <summary>The command line after the program name.</summary>
    protected abstract IReadOnlyList<string> Arguments { get; }

    /// <summary>The path answered with <see cref="ReadyStatus"/> once the server accepts requests.</summary>
    protected abstract string ReadinessPath { get; }

    protected abstract HttpStatusCode ReadyStatus { get; }

    /// <summary>A free TCP port on 127.0.0.1 (free when asked: also a port where nobody listens).</summary>
    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    /// <summary>The text of a file in the repository's .ci folder, the one source of the servers' settings.</summary>
    protected static string CiFile(string name) => File.ReadAllText(RepoPaths.RepoFile(".ci", name));

    /// <summary>Starts the server and waits (at most 30 s) until it answers its readiness path.</summary>
    public async Task StartAsync()
    {
        var binary = Servers.Binary(_binary) ?? throw new InvalidOperationException($"{_binary} not installed");
        var psi = new ProcessStartInfo(binary, Arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // Readiness only: a test's own certificate is checked by the code under test, not here.
        using var handler = new HttpClientHandler { ServerCertificateCustomValidationCallback = HttpClientHandler.DangerousAcceptAnyServerCertificateValidator };
        using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var r = await http.GetAsync(Url + ReadinessPath);
                if (r.StatusCode == ReadyStatus) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (_process.HasExited) throw new InvalidOperationException($"{_binary} exited with {_process.ExitCode}");
            await Task.Delay(100);
        }
        throw new TimeoutException($"own {_binary} did not answer {ReadinessPath} within 30 s");
    }

    /// <summary>
    /// Stops the server as a restart or an upgrade does (SIGTERM: it flushes what it acknowledged), killing it after 20 s.
    /// </summary>
    public void Stop()
    {
        if (_process is not { HasExited: false }) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!_process.WaitForExit(20_000)) Kill();
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Kills the server abruptly (SIGKILL), as a crash or a pulled cable would.</summary>
    public void Kill()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
        _process?.Dispose();
        _process = null;
    }

    public void Dispose()
    {
        Kill();
        try { Directory.Delete(DataDir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A fact that starts its own server from the installed binary (to stop and restart it).</summary>
public abstract class OwnServerFactAttribute : FactAttribute
{
    protected OwnServerFactAttribute(string binary, string debianPackage)
    {
        if (Servers.Binary(binary) is null && !Servers.Required) Skip = $"{binary} not installed (apt-get install {debianPackage})";
    }
}

/// <summary>A fact that starts its own influxd from the installed binary (to stop and restart it).</summary>
public sealed class OwnInfluxdFactAttribute() : OwnServerFactAttribute("influxd", "influxdb");

/// <summary>A fact that starts its own victoria-metrics from the installed binary (to stop and restart it).</summary>
public sealed class OwnVictoriaFactAttribute() : OwnServerFactAttribute("victoria-metrics", "victoria-metrics");
