using BenchmarkDotNet.Attributes;
using TimeSync.Core.Statistics;

namespace TimeSync.Benchmarks;

/// <summary>Synthetic phase records for the benchmarks: white PM on random-walk FM, fixed seed.</summary>
internal static class BenchmarkPhase
{
    public static double[] Create(int n, int seed = 1)
    {
        var rng = new Random(seed);
        var x = new double[n];
        double y = 0, phase = 0;
        for (int i = 0; i < n; i++)
        {
            double g1 = Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
            double g2 = Math.Sqrt(-2.0 * Math.Log(1.0 - rng.NextDouble())) * Math.Cos(2.0 * Math.PI * rng.NextDouble());
            y += 1e-12 * g1;
            phase += y;
            x[i] = phase + 1e-9 * g2;
        }
        return x;
    }

    public static int[] Octaves(int max)
    {
        var list = new List<int>();
        for (int m = 1; m <= max; m *= 2) list.Add(m);
        return [.. list];
    }
}

/// <summary>totdev, mtotdev, htotdev on 10^5 phase points at every octave τ Stable32 evaluates (stop ratios 2, 3, 3).</summary>
[MemoryDiagnoser]
public class TotalBenchmarks
{
    private double[] _x = [];
    private int[] _totOctaves = [], _modOctaves = [], _hadOctaves = [];

    [Params(100_000)]
    public int N { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _x = BenchmarkPhase.Create(N);
        _totOctaves = BenchmarkPhase.Octaves((N - 2) / 2);
        _modOctaves = BenchmarkPhase.Octaves(N / 3);
        _hadOctaves = BenchmarkPhase.Octaves((N - 1) / 3);
    }

    [Benchmark]
    public double Totdev()
    {
        double s = 0;
        foreach (int m in _totOctaves) s += TotalVariance.Totdev(_x, 1.0, m).Value;
        return s;
    }

    [Benchmark]
    public double Mtotdev() => TotalModifiedVariance.Mtotdev(_x, 1.0, _modOctaves).Sum(p => p.Value);

    [Benchmark]
    public double Htotdev() => TotalHadamardVariance.Htotdev(_x, 1.0, _hadOctaves).Sum(p => p.Value);
}

/// <summary>totdev on 10^7 phase points at every octave τ (issue 2 target: under 0.5 s).</summary>
[MemoryDiagnoser]
public class TotdevLargeBenchmarks
{
    private double[] _x = [];
    private int[] _octaves = [];

    [GlobalSetup]
    public void Setup()
    {
        _x = BenchmarkPhase.Create(10_000_000);
        _octaves = BenchmarkPhase.Octaves((_x.Length - 2) / 2);
    }

    [Benchmark]
    public double TotdevOctaves10M()
    {
        double s = 0;
        foreach (int m in _octaves) s += TotalVariance.Totdev(_x, 1.0, m).Value;
        return s;
    }
}
