using System.Runtime.InteropServices;

namespace TimeSync.Cli.Tests;

/// <summary>
/// On a platform the tool package carries no libSkiaSharp for, `--report` is a one-line error (exit 2), not a crash:
/// the built timesync is copied without SkiaSharp's native library for this runtime and asked for a report.
/// </summary>
public class MissingSkiaTests
{
    [Fact]
    public void ReportWithoutTheNativeLibraryIsAOneLineErrorAndOtherOutputsStillWork()
    {
        string rid = RuntimeInformation.RuntimeIdentifier;
        string dir = Directory.CreateTempSubdirectory("timesync-noskia-").FullName;
        string app = Path.Combine(dir, "app");
        // the app without the runtime folders of other platforms and without libSkiaSharp (RID fallback: linux-x64 → linux → unix)
        foreach (var file in Directory.EnumerateFiles(AppContext.BaseDirectory, "*", SearchOption.AllDirectories))
        {
            string rel = Path.GetRelativePath(AppContext.BaseDirectory, file).Replace('\\', '/');
            if (rel.StartsWith("runtimes/", StringComparison.Ordinal))
            {
                string r = rel.Split('/')[1];
                if (r != rid && r != "unix" && r != "linux" || Path.GetFileName(rel).Contains("SkiaSharp.", StringComparison.Ordinal)) continue;
            }
            string target = Path.Combine(app, rel);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
        Assert.False(Directory.EnumerateFiles(app, "libSkiaSharp*", SearchOption.AllDirectories).Any());
        string data = Path.Combine(dir, "x.txt"), report = Path.Combine(dir, "r.html"), json = Path.Combine(dir, "a.json");
        var rng = new Random(2);
        File.WriteAllLines(data, Enumerable.Range(0, 300).Select(_ => (rng.NextDouble() * 1e-9).ToString("R", System.Globalization.CultureInfo.InvariantCulture)));

        var (exit, _, stderr) = CliProcess.RunIn(app, "analyze", data, "--tau0", "1", "--report", report);
        Assert.Equal(2, exit);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal($"timesync: {report}: the HTML report needs SkiaSharp's native library, which is not installed for {rid} (see README, \"Package size and platforms\")", line);
        Assert.False(File.Exists(report));

        // without --report the same copy analyzes the file (nothing else needs the library)
        var (ok, _, okErr) = CliProcess.RunIn(app, "analyze", data, "--tau0", "1", "--json", json);
        Assert.True(ok == 0, okErr);
        Assert.True(File.Exists(json));
        Directory.Delete(dir, recursive: true);
    }
}
