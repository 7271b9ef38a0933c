using BenchmarkDotNet.Attributes;
using TimeSync.Core.Comparison;
using TimeSync.Core.Series;
using TimeSync.Core.Time;
using TimeSync.Simulation.Noise;

namespace TimeSync.Benchmarks;

/// <summary>
/// Issue 8 target: 3 clocks × 10^6 points, the full comparison (what `timesync compare` computes after reading: OADEV,
/// ADEV, MDEV, TDEV, MTIE of every clock at octave τ, ranking, and the hat over every pair) in under 5 s.
/// Two shapes: three clocks against a common reference (the hat adds the reference: 6 pairs) and three pairwise
/// measurements (--pairs: 3 pairs). Clocks: white FM at three levels plus flicker PM, from the simulator's generator.
/// Run: dotnet run -c Release --project tests/TimeSync.Benchmarks -- --filter '*ComparisonBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class ComparisonBenchmarks
{
    private const int Points = 1_000_000;
    private double[][] _clocks = [];
    private double[][] _pairs = [];

    [GlobalSetup]
    public void Setup()
    {
        _clocks = new[] { 1e-22, 4e-22, 1.6e-21 }
            .Select((h0, i) => PowerLawNoise.GeneratePhase(new PowerLawCoefficients(H1: 1e-24, H0: h0), 1e-3, Points, 100 + (ulong)i)).ToArray();
        _pairs = [Difference(_clocks[0], _clocks[1]), Difference(_clocks[1], _clocks[2]), Difference(_clocks[2], _clocks[0])];
    }

    private static double[] Difference(double[] a, double[] b) => a.Zip(b, (u, v) => u - v).ToArray();

    [Benchmark]
    public int ThreeClocksAgainstCommonReference() => Run(["A", "B", "C"], _clocks, pairs: false);

    [Benchmark]
    public int ThreePairwiseMeasurements() => Run(["A-B", "B-C", "C-A"], _pairs, pairs: true);

    private static int Run(string[] names, double[][] columns, bool pairs)
    {
        var doc = ClockComparer.Compare(names, names, columns, 1e-3, Instant.Parse("2026-11-28T00:00:00Z"), null, pairs, "reference",
            TauGrid.Parse("octave"), [1.0, 100.0]);
        return doc.Hat!.Sum(c => c.Rows.Count) + doc.Clocks.Sum(c => c.Analysis.Deviations.Sum(d => d.Rows.Count));
    }
}
