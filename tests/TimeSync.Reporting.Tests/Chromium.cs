using System.Diagnostics;
using Xunit.Abstractions;

namespace TimeSync.Reporting.Tests;

/// <summary>Real headless Chromium (Debian `chromium`): screenshots and serialized DOM of local files, no network.</summary>
internal static class Chromium
{
    public static string? Find()
    {
        foreach (var name in new[] { "chromium", "chromium-browser" })
            foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':'))
            {
                string p = Path.Combine(dir, name);
                if (File.Exists(p)) return p;
            }
        return null;
    }

    public static bool Required => Environment.GetEnvironmentVariable("TIMESYNC_REQUIRE_SERVERS") == "1";

    /// <summary>
    /// The installed chromium; null when there is none (the test then returns, having written "SKIPPED" to its output),
    /// a failure instead when CI requires it (TIMESYNC_REQUIRE_SERVERS=1).
    /// </summary>
    public static string? FindOrSkip(ITestOutputHelper output)
    {
        string? exe = Find();
        if (exe is null)
        {
            Assert.False(Required, "chromium is not installed but TIMESYNC_REQUIRE_SERVERS=1 (run .ci/install-deps)");
            output.WriteLine("SKIPPED: chromium not installed");
        }
        return exe;
    }

    private static string[] Common(string profile) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile}",
    ];

    public static void Screenshot(string exe, string htmlPath, string pngPath, int width, int height)
    {
        string profile = Directory.CreateTempSubdirectory("timesync-chromium-").FullName;
        try { Run(exe, [.. Common(profile), $"--screenshot={pngPath}", $"--window-size={width},{height}", new Uri(htmlPath).AbsoluteUri]); }
        finally { Directory.Delete(profile, true); }
        if (!File.Exists(pngPath)) throw new InvalidOperationException("chromium wrote no screenshot");
    }

    public static string DumpDom(string exe, string htmlPath)
    {
        string profile = Directory.CreateTempSubdirectory("timesync-chromium-").FullName;
        try { return Run(exe, [.. Common(profile), "--dump-dom", new Uri(htmlPath).AbsoluteUri]); }
        finally { Directory.Delete(profile, true); }
    }

    private static string Run(string exe, string[] args)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException("chromium did not finish within 120 s");
        }
        if (p.ExitCode != 0) throw new InvalidOperationException($"chromium exited {p.ExitCode}: {stderr.Result}");
        return stdout.Result;
    }
}
