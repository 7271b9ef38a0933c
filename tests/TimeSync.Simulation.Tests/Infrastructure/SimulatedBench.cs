using System.Globalization;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;
using TimeSync.Simulation.Bench;

namespace TimeSync.Simulation.Tests;

/// <summary>A row of the simulator's truth file: x = T_dut − T_true, and what a labeller should report (none where no pulse was measured).</summary>
internal sealed record TruthRow(Instant Utc, string Channel, double True, double? Expected);

/// <summary>Simulate → capture → replay, the way the end-to-end simulator tests check a scenario against its ground truth.</summary>
internal static class SimulatedBench
{
    /// <summary>
    /// Simulates <paramref name="spec"/> into DIRECTORY/NAME.pcapng with its truth, replays the capture (which must give no
    /// warning) and returns what replay collected and the truth rows.
    /// </summary>
    public static (CollectingSink Sink, List<TruthRow> Truth) SimulateAndReplay(string directory, ScenarioSpec spec, ulong seed, double seconds)
    {
        string path = Path.Combine(directory, spec.Name + ".pcapng");
        var truthText = new StringWriter(CultureInfo.InvariantCulture);
        using (var writer = new PcapngWriter(path, new PcapngWriterOptions { BenchDescription = BenchSimulator.Describe(spec).ToJson(), Fsync = false }))
            BenchSimulator.Run(spec, seed, seconds, writer, truthText);
        var sink = new CollectingSink();
        var result = CaptureReplay.Run(path, sink);
        Assert.Empty(result.Warnings);
        return (sink, ParseTruth(truthText.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    /// <summary>The rows of a truth file's lines (comment lines and the header skipped).</summary>
    public static List<TruthRow> ParseTruth(IEnumerable<string> lines) =>
        lines.Where(l => !l.StartsWith('#')).Skip(1).Select(l => l.Split(','))
            .Select(f => new TruthRow(Instant.Parse(f[0]), f[1], double.Parse(f[2], CultureInfo.InvariantCulture),
                f[3].Length == 0 ? null : double.Parse(f[3], CultureInfo.InvariantCulture)))
            .ToList();
}
