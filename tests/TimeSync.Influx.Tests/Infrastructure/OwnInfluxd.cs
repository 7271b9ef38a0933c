using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace TimeSync.Influx.Tests.Infrastructure;

/// <summary>
/// An influxd of the test's own, from the installed binary, on free 127.0.0.1 ports with data in a temporary folder,
/// so a test can kill it mid-stream and start it again on the same data and port.
/// </summary>
internal sealed class OwnInfluxd : IDisposable
{
    private readonly string _dir;
    private readonly string _config;
    private Process? _process;

    public OwnInfluxd()
    {
        _dir = Directory.CreateTempSubdirectory("timesync-own-influxd-").FullName;
        HttpPort = FreePort();
        int rpcPort = FreePort();
        Url = $"http://127.0.0.1:{HttpPort}";
        _config = Path.Combine(_dir, "influxdb.conf");
        File.WriteAllText(_config, $"""
            reporting-enabled = false
            bind-address = "127.0.0.1:{rpcPort}"
            [meta]
              dir = "{_dir}/meta"
            [data]
              dir = "{_dir}/data"
              wal-dir = "{_dir}/wal"
              query-log-enabled = false
            [monitor]
              store-enabled = false
            [http]
              bind-address = "127.0.0.1:{HttpPort}"
              log-enabled = false
            """);
    }

    public int HttpPort { get; }
    public string Url { get; }

    public static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }

    public async Task StartAsync()
    {
        var binary = Servers.Binary("influxd") ?? throw new InvalidOperationException("influxd not installed");
        var psi = new ProcessStartInfo(binary, ["run", "-config", _config])
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
                using var r = await http.GetAsync(Url + "/ping");
                if (r.StatusCode == HttpStatusCode.NoContent) return;
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            if (_process.HasExited) throw new InvalidOperationException($"influxd exited with {_process.ExitCode}");
            await Task.Delay(100);
        }
        throw new TimeoutException("own influxd did not answer /ping within 30 s");
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
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
