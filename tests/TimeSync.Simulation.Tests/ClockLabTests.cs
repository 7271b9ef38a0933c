using System.Globalization;
using System.Text.Json;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Comparison;
using TimeSync.Core.Time;
using TimeSync.Simulation.Bench;
using TimeSync.Testing;

namespace TimeSync.Simulation.Tests;

/// <summary>
/// Issue 8.4 and its acceptance: a simulated clock lab (clocks of known white FM measured pairwise by TICCs, written as a
/// capture) goes through replay and the comparison (<see cref="ClockComparer"/>, what `timesync compare --pairs` runs);
/// the three-cornered hat must recover each clock's ADEV (NIST SP 1065 Table 5: σ_y² = h0/(2τ)) within its confidence
/// interval at every octave τ up to a tenth of the run.
/// </summary>
public sealed class ClockLabTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-lab-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Simulate(ScenarioSpec spec, ulong seed, double seconds, TextWriter? truth = null)
    {
        string path = Path.Combine(_dir, $"lab-{seed}.pcapng");
        using var writer = new PcapngWriter(path, new PcapngWriterOptions { BenchDescription = BenchSimulator.Describe(spec).ToJson(), Fsync = false });
        BenchSimulator.Run(spec, seed, seconds, writer, truth);
        return path;
    }

    [Fact]
    public void Lab_capture_replays_to_the_pairwise_differences_of_the_clocks()
    {
        var spec = Scenarios.Named("clock-lab")!;
        Assert.Equal(["A-B", "B-C", "C-A"], spec.Pairs);
        var truthText = new StringWriter(CultureInfo.InvariantCulture);
        string path = Simulate(spec, 5, 300, truthText);
        var bench = BenchSimulator.Describe(spec);
        Assert.Equal(["gnss", "ticc", "ticc2", "ticc3"], bench.Sources.Select(s => s.Name));
        Assert.False(bench.Reference.QErrCorrection);

        var rows = truthText.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => !l.StartsWith('#')).Skip(1).Select(l => l.Split(',')).ToList();
        var clockX = rows.Where(f => f[1].Length == 1).ToDictionary(f => (Instant.Parse(f[0]), f[1]), f => double.Parse(f[2], CultureInfo.InvariantCulture));
        var series = CaptureSeries.LoadAll(path, new ReplayOptions(), out var replay).ToDictionary(s => s.Channel);
        Assert.Empty(replay.Warnings);
        Assert.Equal(["A-B", "B-C", "C-A"], series.Keys);
        int compared = 0;
        foreach (var (pair, s) in series)
        {
            string a = pair[..1], b = pair[2..];
            for (int k = 0; k < s.Values.Count; k++)
            {
                if (double.IsNaN(s.Values[k])) continue;
                var t = s.Times![k];
                double expected = clockX[(t, a)] - clockX[(t, b)]; // x = T_A − T_B from each clock's own truth
                Assert.True(Math.Abs(s.Values[k] - expected) < 6 * 85e-12 + 2e-12, $"{pair} {t}: {s.Values[k]:R} vs {expected:R}");
                compared++;
            }
        }
        Assert.True(compared >= 3 * 298, $"{compared} samples compared");
        // closure: (A−B) + (B−C) + (C−A) is only counter noise
        var closure = Enumerable.Range(0, series["A-B"].Values.Count).Select(k => series["A-B"].Values[k] + series["B-C"].Values[k] + series["C-A"].Values[k]).Where(double.IsFinite).ToArray();
        Assert.True(closure.Length > 290);
        Assert.InRange(Math.Sqrt(closure.Average(v => v * v)), 30e-12, 250e-12); // 6 TICC readings of 60 ps: ~147 ps
    }

    [Theory]
    [InlineData(4e-18, 1.6e-17, 6.4e-17, 1UL)]
    [InlineData(1e-17, 2e-17, 5e-17, 2UL)]
    [InlineData(3e-17, 1e-17, 2e-18, 3UL)]
    [InlineData(2e-17, 2e-17, 2e-17, 4UL)]
    public void Three_cornered_hat_of_a_simulated_lab_recovers_each_clock(double h0A, double h0B, double h0C, ulong seed)
    {
        const int seconds = 20_000;
        double[] h0 = [h0A, h0B, h0C];
        // an ideal counter isolates the hat: the TICC's own 60 ps would add 3·(2·60 ps)²/τ² to each pair
        var spec = Scenarios.ClockLab([("A", new(H0: h0A)), ("B", new(H0: h0B)), ("C", new(H0: h0C))]) with { Ticc = new TiccSpec { JitterSeconds = 0 } };
        var series = CaptureSeries.LoadAll(Simulate(spec, seed, seconds), new ReplayOptions(), out _);
        var (grid, perCheck) = WhiteFmHat.OctavesToATenth(seconds, clocks: 3);
        var doc = ClockComparer.Compare(series.Select(s => s.Channel).ToArray(), series.Select(s => s.Channel).ToArray(),
            series.Select(s => s.Values.ToArray()).ToArray(), 1.0, series[0].Times![0], null, pairsMode: true, "reference", grid, [1.0], perCheck);

        var hat = doc.Hat!;
        Assert.Equal(["A", "B", "C"], hat.Select(c => c.Name));
        WhiteFmHat.AssertEachClockWithinItsInterval(hat, h0, 1.0, grid);
    }

    [Fact]
    public void Simulate_clock_lab_then_compare_the_capture_recovers_the_clocks_and_reports_negative_variances_as_negative()
    {
        // --clock gives each clock's h coefficients; a YAML scenario gives the bench around them (an ideal counter)
        string yaml = Path.Combine(_dir, "bench.yaml"), capture = Path.Combine(_dir, "cli-lab.pcapng");
        File.WriteAllText(yaml, "name: my-lab\nticc:\n  jitterSeconds: 0\n");
        var sim = CliProcess.Run(TimeSpan.FromMinutes(5), "simulate", "--scenario", yaml, "--clock", "A:h0=1e-17", "--clock", "B:h0=4e-17", "--clock", "C:h0=1.6e-16", "--clock", "D:h0=1e-24",
            "--duration", "8000", "--seed", "9", "--out", capture);
        Assert.True(sim.ExitCode == 0, sim.StdErr);
        Assert.Contains("channels A-B,B-C,C-D,D-A,A-C,B-D", sim.StdOut);
        var cmp = CliProcess.Run(TimeSpan.FromMinutes(5), "compare", capture, "--pairs", "--confidence", "0.99", "--json", "-");
        Assert.True(cmp.ExitCode == 0, cmp.StdErr);
        using var json = JsonDocument.Parse(cmp.StdOut[cmp.StdOut.IndexOf("\n{", StringComparison.Ordinal)..]);
        Assert.Equal("pairs", json.RootElement.GetProperty("mode").GetString());
        var hat = json.RootElement.GetProperty("hat").EnumerateArray().ToDictionary(c => c.GetProperty("clock").GetString()!, c => c.GetProperty("rows").EnumerateArray().ToArray());
        Assert.Equal(["A", "B", "C", "D"], hat.Keys);
        var h0 = new Dictionary<string, double> { ["A"] = 1e-17, ["B"] = 4e-17, ["C"] = 1.6e-16 };
        foreach (var (clock, level) in h0)
        {
            var first = hat[clock][0];
            double theory = Math.Sqrt(level / 2);
            Assert.InRange(first.GetProperty("value").GetDouble(), 0.9 * theory, 1.1 * theory);
            Assert.True(first.GetProperty("ci_low").GetDouble() <= theory && theory <= first.GetProperty("ci_high").GetDouble());
        }
        // D is 10^7 times quieter than the others: its separated variance is noise around zero, and where it comes out
        // negative it is reported as such (variance < 0, value null), never clamped to zero
        var negative = hat["D"].Where(r => r.GetProperty("negative").GetBoolean()).ToList();
        Assert.NotEmpty(negative);
        Assert.All(negative, r =>
        {
            Assert.True(r.GetProperty("variance").GetDouble() < 0);
            Assert.Equal(JsonValueKind.Null, r.GetProperty("value").ValueKind);
            Assert.Equal(0.0, r.GetProperty("ci_low").GetDouble());
            Assert.True(r.GetProperty("ci_high").GetDouble() > 0);
        });
        Assert.Contains(" neg ", cmp.StdOut.Replace("neg\n", "neg \n"));
    }
}
