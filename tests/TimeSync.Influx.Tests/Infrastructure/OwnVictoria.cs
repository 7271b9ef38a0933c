using System.Diagnostics;
using System.Net;

namespace TimeSync.Influx.Tests.Infrastructure;

/// <summary>
/// A victoria-metrics of the test's own, from the installed binary, on a free 127.0.0.1 port with its data in a temporary
/// folder (same flags as .ci/servers.sh: dedup of a retried batch, long retention), so a test can kill it mid-stream and
/// start it again on the same data and port.
/// </summary>
internal sealed class OwnVictoria : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-own-victoria-").FullName;
    private Process? _process;

    public OwnVictoria()
    {
        Port = OwnInfluxd.FreePort();
        Url = $"http://127.0.0.1:{Port}";
    }

    public int Port { get; }
    public string Url { get; }

    public async Task StartAsync()
    {
        var binary = Servers.Binary("victoria-metrics") ?? throw new InvalidOperationException("victoria-metrics not installed");
        var psi = new ProcessStartInfo(binary, [$"-httpListenAddr=127.0.0.1:{Port}", $"-storageDataPath={_dir}/data", "-retentionPeriod=100y",
            "-dedup.minScrapeInterval=1ms", "-loggerLevel=ERROR"])
        { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        _process = Process.Start(psi)!;
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(1) };
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var r = await http.GetAsync(Url + "/health");
                if (r.StatusCode == HttpStatusCode.OK) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (_process.HasExited) throw new InvalidOperationException($"victoria-metrics exited with {_process.ExitCode}");
            await Task.Delay(100);
        }
        throw new TimeoutException("own victoria-metrics did not answer /health within 30 s");
    }

    /// <summary>
    /// Stops the server as a restart or an upgrade does (SIGTERM: it flushes what it acknowledged). A SIGKILL loses the
    /// last second or so of writes it already acknowledged (it keeps them in memory, no write-ahead log), which no
    /// client can tell; InfluxDB's WAL keeps them (see <see cref="OwnInfluxd.Kill"/>).
    /// </summary>
    public void Stop()
    {
        if (_process is not { HasExited: false }) return;
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])) kill.WaitForExit();
        if (!_process.WaitForExit(20_000)) Kill();
        _process?.Dispose();
        _process = null;
    }

    /// <summary>Kills the server abruptly (SIGKILL).</summary>
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
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}

/// <summary>A fact that starts its own victoria-metrics from the installed binary (to stop and restart it).</summary>
public sealed class OwnVictoriaFactAttribute : FactAttribute
{
    public OwnVictoriaFactAttribute()
    {
        if (Servers.Binary("victoria-metrics") is null && !Servers.Required) Skip = "victoria-metrics not installed (apt-get install victoria-metrics)";
    }
}
