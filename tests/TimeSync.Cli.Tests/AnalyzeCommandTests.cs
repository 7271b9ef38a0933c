using System.Text.Json;
using TimeSync.Testing;

namespace TimeSync.Cli.Tests;

/// <summary>Runs the real `timesync` program (built beside the tests) as a process and checks output and exit codes.</summary>
public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ts-analyze-").FullName;
    private static readonly string PhaseDat = RepoPaths.SharedFile("reference", "stable32-phase-dat", "PHASE.DAT");

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void JsonToStdoutHasTheDocumentShapeAndStable32Values()
    {
        var (code, stdout, stderr) = CliProcess.Run("analyze", PhaseDat, "--json", "-", "--stats", "oadev,mtie");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var root = doc.RootElement;
        Assert.Equal(1001, root.GetProperty("count").GetInt32());
        Assert.Equal(1.0, root.GetProperty("tau0").GetDouble());
        Assert.Equal("phase", root.GetProperty("kind").GetString());
        var summary = root.GetProperty("summary");
        foreach (var key in new[] { "mean", "stdev", "rms", "min", "max", "peak_to_peak", "p50", "p90", "p95", "p99", "p999", "frequency_offset", "drift" })
            Assert.True(summary.TryGetProperty(key, out _), $"summary.{key} missing");
        // Stable32 header of PHASE.DAT: Maximum = 4.356529e+00, Minimum = -4.707879e+00, Average = -5.403683e-01
        Assert.Equal(4.356529, summary.GetProperty("max").GetDouble(), 6);
        Assert.Equal(-4.707879, summary.GetProperty("min").GetDouble(), 6);
        Assert.Equal(-0.5403683, summary.GetProperty("mean").GetDouble(), 7);
        var oadev = root.GetProperty("deviations").GetProperty("oadev")[0];
        Assert.Equal(1, oadev.GetProperty("af").GetInt32());
        Assert.Equal(999, oadev.GetProperty("n").GetInt64());
        Assert.True(Math.Abs(oadev.GetProperty("value").GetDouble() / 0.29223 - 1) < 1e-4);
        Assert.Equal(0, oadev.GetProperty("alpha").GetInt32());
        Assert.True(Math.Abs(oadev.GetProperty("ci_low").GetDouble() / 0.28515 - 1) < 0.01);
        Assert.True(Math.Abs(oadev.GetProperty("ci_high").GetDouble() / 0.29987 - 1) < 0.01);
        Assert.True(oadev.GetProperty("edf").GetDouble() > 0);
        var mtie = root.GetProperty("deviations").GetProperty("mtie");
        Assert.Equal(1000, mtie[0].GetProperty("n").GetInt64());
        Assert.True(Math.Abs(mtie[0].GetProperty("value").GetDouble() / 0.50597 - 1) < 1e-4);
        Assert.False(mtie[0].TryGetProperty("alpha", out _));
        Assert.False(mtie[0].TryGetProperty("edf", out _));
        // Stable32 octave MTIE windows: AF 1, 3, 7, …, 511
        Assert.Equal([1, 3, 7, 15, 31, 63, 127, 255, 511], mtie.EnumerateArray().Select(e => e.GetProperty("af").GetInt32()).ToArray());
    }

    [Fact]
    public void OutputIsDeterministicAndFilesMatchStdout()
    {
        var json = Path.Combine(_dir, "a.json");
        var csv = Path.Combine(_dir, "a.csv");
        var first = CliProcess.Run("analyze", PhaseDat, "--json", json, "--csv", csv, "--taus", "decade");
        Assert.Equal(0, first.ExitCode);
        Assert.Contains("## oadev", first.StdOut); // table still printed when outputs go to files
        var second = CliProcess.Run("analyze", PhaseDat, "--json", "-", "--taus", "decade");
        Assert.Equal(File.ReadAllText(json), second.StdOut);
        var lines = File.ReadAllLines(csv);
        Assert.Equal("statistic,af,tau,n,value,alpha,edf,ci_low,ci_high", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("adev,1,1,999,0.2922", StringComparison.Ordinal));
        Assert.Empty(Directory.GetFiles(_dir, "*.tmp"));
    }

    [Fact]
    public void TableIsAlignedLikeStable32()
    {
        var (code, stdout, _) = CliProcess.Run("analyze", PhaseDat, "--stats", "tdev");
        Assert.Equal(0, code);
        var rows = stdout.Split('\n').Where(l => l.StartsWith("       1 ", StringComparison.Ordinal) || l.StartsWith("     128 ", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, rows.Length);
        Assert.Contains("1.6872e-01", rows[0]); // Stable32 TDEV AF 1
        Assert.Equal(rows[0].Length, rows[1].Length);
    }

    [Fact]
    public void FrequencyInputWithTau0()
    {
        var f = Path.Combine(_dir, "y.txt");
        File.WriteAllLines(f, ["892", "809", "823", "798", "671", "644", "883", "903", "677"]); // NBS14 10-point set
        var (code, stdout, stderr) = CliProcess.Run("analyze", f, "--kind", "frequency", "--tau0", "1", "--stats", "adev,oadev,mdev", "--taus", "1,2", "--json", "-");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        var dev = doc.RootElement.GetProperty("deviations");
        Assert.Equal(91.22945, dev.GetProperty("adev")[0].GetProperty("value").GetDouble(), 4);
        Assert.Equal(115.8082, dev.GetProperty("adev")[1].GetProperty("value").GetDouble(), 3);
        Assert.Equal(85.95287, dev.GetProperty("oadev")[1].GetProperty("value").GetDouble(), 4);
        Assert.Equal(74.78849, dev.GetProperty("mdev")[1].GetProperty("value").GetDouble(), 4);
        Assert.Equal("frequency", doc.RootElement.GetProperty("kind").GetString());
    }

    [Fact]
    public void NonNumericLineIsOneLineNamingFileAndLineExit2NoOutputFile()
    {
        var f = Path.Combine(_dir, "bad.txt");
        File.WriteAllLines(f, ["1e-9", "2e-9", "abc", "3e-9"]);
        var json = Path.Combine(_dir, "out.json");
        var (code, stdout, stderr) = CliProcess.Run("analyze", f, "--json", json);
        Assert.Equal(2, code);
        Assert.Contains($"{f}:3", stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.False(File.Exists(json));
        Assert.Equal("", stdout);
    }

    [Fact]
    public void EmptyFileExit2()
    {
        var f = Path.Combine(_dir, "empty.txt");
        File.WriteAllText(f, "");
        var (code, _, stderr) = CliProcess.Run("analyze", f);
        Assert.Equal(2, code);
        Assert.Contains(f, stderr);
        Assert.Single(stderr.Trim().Split('\n'));
    }

    [Fact]
    public void TauBeyondTheDataExit2NamingTheFile()
    {
        var json = Path.Combine(_dir, "out.json");
        var (code, _, stderr) = CliProcess.Run("analyze", PhaseDat, "--taus", "1,2,600", "--stats", "oadev", "--json", json);
        Assert.Equal(2, code);
        Assert.Contains("PHASE.DAT", stderr);
        Assert.Contains("600", stderr);
        Assert.False(File.Exists(json));
    }

    [Theory]
    [InlineData("--stats", "oadev,allan")]
    [InlineData("--taus", "fortnight")]
    [InlineData("--kind", "voltage")]
    [InlineData("--confidence", "1.5")]
    [InlineData("--alpha", "3")]
    [InlineData("--alpha", "pink")]
    [InlineData("--time-tags", "fill")]
    [InlineData("--zeros", "drop")]
    [InlineData("--alpha=-3", "--stats=oadev,hdev")] // oadev is defined down to α = −2 only (hdev to −4)
    public void BadOptionsExit2WithOneLine(string option, string value)
    {
        var (code, stdout, stderr) = CliProcess.Run("analyze", PhaseDat, option, value, "--json", "-");
        Assert.Equal(2, code);
        Assert.Contains(option.Split('=')[0], stderr);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Equal("", stdout);
    }

    /// <summary>
    /// --alpha fixes the noise type as Stable32's Run dialog does: Stable32's 1.60 totdev octave run of PHASE.DAT (white FM
    /// fixed) prints α = 0 and bounds [2.6406e-02, 4.0383e-02] at AF 128, where the default (auto) identifies flicker PM.
    /// </summary>
    [Theory]
    [InlineData("0")]
    [InlineData("wfm")]
    public void FixedAlphaReproducesStable32sFixedNoiseTypeRun(string alpha)
    {
        var (code, stdout, stderr) = CliProcess.Run("analyze", PhaseDat, "--stats", "totdev", "--alpha", alpha, "--json", "-");
        Assert.True(code == 0, stderr);
        using var doc = JsonDocument.Parse(stdout);
        Assert.Equal(0, doc.RootElement.GetProperty("alpha_fixed").GetInt32());
        var rows = doc.RootElement.GetProperty("deviations").GetProperty("totdev").EnumerateArray().ToArray();
        Assert.All(rows, r => Assert.Equal(0, r.GetProperty("alpha").GetInt32()));
        var af128 = rows.Single(r => r.GetProperty("af").GetInt32() == 128);
        Assert.True(Math.Abs(af128.GetProperty("value").GetDouble() / 3.1259e-02 - 1) < 1e-4);
        Assert.True(Math.Abs(af128.GetProperty("ci_low").GetDouble() / 2.6406e-02 - 1) < 0.01);
        Assert.True(Math.Abs(af128.GetProperty("ci_high").GetDouble() / 4.0383e-02 - 1) < 0.01);

        var table = CliProcess.Run("analyze", PhaseDat, "--stats", "totdev", "--alpha", alpha);
        Assert.Contains("noise type fixed: alpha = 0", table.StdOut);

        var (autoCode, autoOut, _) = CliProcess.Run("analyze", PhaseDat, "--stats", "totdev", "--json", "-");
        Assert.Equal(0, autoCode);
        using var auto = JsonDocument.Parse(autoOut);
        Assert.False(auto.RootElement.TryGetProperty("alpha_fixed", out _));
        Assert.Equal(1, auto.RootElement.GetProperty("deviations").GetProperty("totdev").EnumerateArray().Single(r => r.GetProperty("af").GetInt32() == 128).GetProperty("alpha").GetInt32());
    }

    [Fact]
    public void Samples_missing_from_time_tagged_files_are_gaps_not_joined()
    {
        // the same 1 s phase series three ways: time-tagged with 100 samples left out, one value a line with NaN in
        // their place, and one value a line with them simply left out (which joins the two halves)
        var rng = new Random(11);
        double x = 0;
        var phase = Enumerable.Range(0, 1000).Select(_ => x += 1e-9 * (rng.NextDouble() - 0.5)).ToArray();
        bool Missing(int i) => i is >= 400 and < 500;
        var tagged = Path.Combine(_dir, "tagged.txt");
        var withNan = Path.Combine(_dir, "nan.txt");
        var joined = Path.Combine(_dir, "joined.txt");
        File.WriteAllLines(tagged, Enumerable.Range(0, 1000).Where(i => !Missing(i))
            .Select(i => $"2026-03-01T12:{i / 60:00}:{i % 60:00}Z {phase[i]:R}"));
        File.WriteAllLines(withNan, Enumerable.Range(0, 1000).Select(i => Missing(i) ? "nan" : phase[i].ToString("R")));
        File.WriteAllLines(joined, Enumerable.Range(0, 1000).Where(i => !Missing(i)).Select(i => phase[i].ToString("R")));

        var a = CliProcess.Run("analyze", tagged, "--stats", "oadev,tdev", "--json", "-");
        var b = CliProcess.Run("analyze", withNan, "--stats", "oadev,tdev", "--json", "-");
        var c = CliProcess.Run("analyze", joined, "--stats", "oadev,tdev", "--json", "-");
        Assert.True(a.ExitCode == 0, a.StdErr);
        Assert.Contains("100 missing sample(s) in 1 gap(s) on a 1 s grid (largest 100 after 2026-03-01T12:06:39Z); kept as gaps", a.StdErr);
        string Deviations(string json) => JsonDocument.Parse(json).RootElement.GetProperty("deviations").GetRawText();
        Assert.Equal(Deviations(b.StdOut), Deviations(a.StdOut));
        Assert.NotEqual(Deviations(c.StdOut), Deviations(a.StdOut));
        // --time-tags ignore: consecutive values, as Stable32 without Regularize
        var d = CliProcess.Run("analyze", tagged, "--stats", "oadev,tdev", "--json", "-", "--time-tags", "ignore");
        Assert.True(d.ExitCode == 0, d.StdErr);
        Assert.DoesNotContain("missing sample", d.StdErr);
        Assert.Equal(Deviations(c.StdOut), Deviations(d.StdOut));
    }

    [Fact]
    public void Zeros_in_untimed_files_are_gaps_as_Stable32_reads_them()
    {
        // a phase record starting at 0 (kept, as Stable32 keeps PHASE.DAT's first point) with zeros inside (gaps)
        var rng = new Random(13);
        double x = 0;
        var phase = Enumerable.Range(0, 600).Select(i => i == 0 ? 0.0 : (x += rng.NextDouble() - 0.5)).ToArray();
        foreach (int i in new[] { 100, 101, 350 }) phase[i] = 0.0;
        var zeros = Path.Combine(_dir, "zeros.dat");
        var withNan = Path.Combine(_dir, "nan.dat");
        File.WriteAllLines(zeros, phase.Select(v => v.ToString("R")));
        File.WriteAllLines(withNan, phase.Select((v, i) => i > 0 && v == 0.0 ? "nan" : v.ToString("R")));

        var a = CliProcess.Run("analyze", zeros, "--stats", "oadev,mdev", "--json", "-");
        var b = CliProcess.Run("analyze", withNan, "--stats", "oadev,mdev", "--json", "-");
        var c = CliProcess.Run("analyze", zeros, "--stats", "oadev,mdev", "--json", "-", "--zeros", "value");
        Assert.True(a.ExitCode == 0, a.StdErr);
        Assert.Contains("3 zero value(s) taken as gaps, as Stable32 reads them (the first is value 101", a.StdErr);
        string Deviations(string json) => JsonDocument.Parse(json).RootElement.GetProperty("deviations").GetRawText();
        Assert.Equal(Deviations(b.StdOut), Deviations(a.StdOut));
        Assert.NotEqual(Deviations(a.StdOut), Deviations(c.StdOut));
        Assert.DoesNotContain("zero value", c.StdErr);
    }
}
