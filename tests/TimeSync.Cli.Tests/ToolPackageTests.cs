using System.Diagnostics;
using System.IO.Compression;
using System.Text.RegularExpressions;

namespace TimeSync.Cli.Tests;

/// <summary>
/// `dotnet pack` of src/TimeSync.Cli (the build the tests run on, --no-build) gives the TimeSync.Tool package with
/// SkiaSharp's native libraries for the supported platforms only; installed with `dotnet tool install` from that package
/// alone, `timesync` replays a capture against limits and draws the HTML report on this linux-x64 machine.
/// </summary>
public class ToolPackageTests
{
    private static readonly string[] Supported = ["linux-x64", "linux-arm64", "linux-musl-x64", "win-x64", "osx"];

    [Fact]
    public void PackedToolIsTrimmedAndRunsReplayWithReport()
    {
        string configuration = AppContext.BaseDirectory.Replace('\\', '/').Contains("/bin/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        string dir = Directory.CreateTempSubdirectory("timesync-pack-").FullName;
        string feed = Path.Combine(dir, "nupkg");
        var pack = Run(TimeSpan.FromMinutes(8), "dotnet", "pack", Testing.RepoPaths.RepoFile("src", "TimeSync.Cli"), "-c", configuration, "--no-build", "-o", feed, "-nologo");
        Assert.True(pack.ExitCode == 0, pack.Output);
        string nupkg = Assert.Single(Directory.GetFiles(feed, "TimeSync.Tool.*.nupkg"));

        long bytes = new FileInfo(nupkg).Length;
        Assert.True(bytes < 40_000_000, $"package is {bytes / 1e6:F1} MB");
        using (var zip = ZipFile.OpenRead(nupkg))
        {
            var skia = zip.Entries.Select(e => Regex.Match(e.FullName, "^tools/net10.0/any/runtimes/([^/]+)/native/libSkiaSharp\\.")).Where(m => m.Success).Select(m => m.Groups[1].Value).Order().ToList();
            Assert.Equal(Supported.Order(), skia);
            // other runtime-specific assets stay: serial ports on unix and Windows
            Assert.Contains(zip.Entries, e => e.FullName == "tools/net10.0/any/runtimes/unix/lib/net10.0/System.IO.Ports.dll");
            Assert.Contains(zip.Entries, e => e.FullName == "tools/net10.0/any/runtimes/linux-x64/native/libSystem.IO.Ports.Native.so");
            Assert.Contains(zip.Entries, e => e.FullName == "tools/net10.0/any/runtimes/win/lib/net10.0/System.IO.Ports.dll");
        }

        // install from this package only (no other feed can shadow the id), as the README's CI jobs do
        string config = Path.Combine(dir, "nuget.config");
        File.WriteAllText(config, $"<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<configuration>\n  <packageSources>\n    <clear />\n    <add key=\"local\" value=\"{feed}\" />\n  </packageSources>\n</configuration>\n");
        string tools = Path.Combine(dir, "tools");
        // a package cache of its own: the user's ~/.nuget/packages must neither serve a stale TimeSync.Tool of the same version nor keep this one
        var install = Run(TimeSpan.FromMinutes(3), "dotnet", ["tool", "install", "--tool-path", tools, "--configfile", config, "TimeSync.Tool"],
            new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(dir, "packages") });
        Assert.True(install.ExitCode == 0, install.Output);
        string timesync = Path.Combine(tools, "timesync");

        string capture = Path.Combine(dir, "ecu.pcapng"), limits = Path.Combine(dir, "limits.yaml"), report = Path.Combine(dir, "report.html"), junit = Path.Combine(dir, "junit.xml");
        var sim = Run(TimeSpan.FromMinutes(2), timesync, "simulate", "--scenario", "gptp-ecu", "--duration", "600", "--seed", "5", "--out", capture);
        Assert.True(sim.ExitCode == 0, sim.Output);
        File.WriteAllText(limits, "version: 1\nchecks:\n  - name: te\n    type: max-abs-te\n    start: 60 s\n    limit: 1 us\n  - name: te-strict\n    type: max-abs-te\n    start: 60 s\n    limit: 1 ns\n");
        var replay = Run(TimeSpan.FromMinutes(2), timesync, "replay", capture, "--limits", limits, "--junit", junit, "--report", report);
        Assert.True(replay.ExitCode == 1, replay.Output); // the 1 ns bound fails, the 1 µs one passes
        Assert.Contains("FAIL te-strict [ecu1]", replay.Output);
        Assert.Single(System.Xml.Linq.XDocument.Load(junit).Descendants("failure"));
        string html = File.ReadAllText(report);
        var svgs = Regex.Matches(html, "<svg[\\s\\S]*?</svg>").Select(m => m.Value).ToList();
        Assert.True(svgs.Count >= 4, $"{svgs.Count} figures");
        Assert.All(svgs, svg => Assert.True(Regex.Matches(svg, " d=\"([^\"]*)\"").Max(m => m.Groups[1].Value.Length) > 200, "a figure without drawn paths"));
        Directory.Delete(dir, recursive: true); // ~100 MB of package, tool and capture; kept when an assertion failed
    }

    private static (int ExitCode, string Output) Run(TimeSpan timeout, string exe, params string[] args) => Run(timeout, exe, args, null);

    private static (int ExitCode, string Output) Run(TimeSpan timeout, string exe, string[] args, Dictionary<string, string>? environment)
    {
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? []) psi.Environment[k] = v;
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        psi.Environment["DOTNET_NOLOGO"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{exe} {string.Join(' ', args)}");
        }
        p.WaitForExit();
        return (p.ExitCode, stdout.Result + stderr.Result);
    }
}
