using BenchmarkDotNet.Attributes;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Benchmarks;

/// <summary>
/// 10^7 phase points (random-walk FM plus white PM, with an offset), every octave τ of each statistic up to its
/// Stable32 stop ratio, through the catalog as the analysis runs it (totdev includes its per-τ noise identification
/// for the bias correction). Threads = 1: one core; Threads = 2: the τ values spread over both cores
/// (<see cref="StatisticDefinition.Evaluate(double[], double, IReadOnlyList{int}, int)"/>; MTIE's shared multi-τ kernel
/// always runs on one). Targets (issue 2): each deviation &lt; 0.5 s, MTIE at all octave τ &lt; 2 s, no per-sample allocation.
/// Run: dotnet run -c Release --project tests/TimeSync.Benchmarks -- --filter '*StatisticsBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class StatisticsBenchmarks
{
    private double[] _x = [];

    [Params(10_000_000)]
    public int N { get; set; }

    [Params(1, 2)]
    public int Threads { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var rnd = new Random(42);
        _x = new double[N];
        double phase = 1e-3;
        for (int i = 0; i < N; i++)
        {
            phase += (rnd.NextDouble() - 0.5) * 1e-9;
            _x[i] = phase + (rnd.NextDouble() - 0.5) * 1e-9;
        }
    }

    private DeviationPoint[] Octaves(string name)
    {
        var def = StatisticsCatalog.Get(name);
        var ms = TauGrid.Octave.AveragingFactors(def.MaxAveragingFactor(_x.Length), def.WindowOctaves);
        return def.Evaluate(_x, 1e-3, ms, Threads);
    }

    [Benchmark] public DeviationPoint[] Adev() => Octaves("adev");
    [Benchmark] public DeviationPoint[] Oadev() => Octaves("oadev");
    [Benchmark] public DeviationPoint[] Mdev() => Octaves("mdev");
    [Benchmark] public DeviationPoint[] Tdev() => Octaves("tdev");
    [Benchmark] public DeviationPoint[] Hdev() => Octaves("hdev");
    [Benchmark] public DeviationPoint[] Ohdev() => Octaves("ohdev");
    [Benchmark] public DeviationPoint[] Totdev() => Octaves("totdev");
    [Benchmark] public DeviationPoint[] Mtie() => Octaves("mtie");
    [Benchmark] public DeviationPoint[] Tierms() => Octaves("tierms");
}
