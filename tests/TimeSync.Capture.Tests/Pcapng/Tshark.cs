using System.Diagnostics;

namespace TimeSync.Capture.Tests.Pcapng;

/// <summary>Runs the real Wireshark command-line tools (Debian package tshark).</summary>
internal static class Tshark
{
    public static string? Find(string tool = "tshark")
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "/usr/bin").Split(':'))
        {
            var p = Path.Combine(dir, tool);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    public static bool Required => Environment.GetEnvironmentVariable("TIMESYNC_REQUIRE_SERVERS") == "1";

    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, params string[] args)
    {
        var exe = Find(tool) ?? throw new InvalidOperationException($"{tool} is not installed (apt-get install tshark); CI requires it");
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["HOME"] = Path.GetTempPath(); // no user profile needed
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000)) { p.Kill(true); throw new TimeoutException($"{tool} did not finish in 120 s"); }
        // Wireshark warns about running as root (CI runs as root); that line is not a complaint about the file.
        var err = string.Join('\n', stderr.Result.Split('\n').Where(l => !l.Contains("could be dangerous", StringComparison.Ordinal)));
        return (p.ExitCode, stdout.Result, err);
    }
}

/// <summary>A fact that needs tshark: skipped when it is missing, unless CI requires it (TIMESYNC_REQUIRE_SERVERS=1), then it fails.</summary>
public sealed class TsharkFactAttribute : FactAttribute
{
    public TsharkFactAttribute()
    {
        if (Tshark.Find() is null && !Tshark.Required) Skip = "tshark is not installed (apt-get install tshark)";
    }
}
