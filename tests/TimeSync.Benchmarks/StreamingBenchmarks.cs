using BenchmarkDotNet.Attributes;
using TimeSync.Core.Statistics.Streaming;

namespace TimeSync.Benchmarks;

/// <summary>Push rate of the streaming accumulators over 10^7 phase samples (one operation = all 10^7 pushes).</summary>
[MemoryDiagnoser]
public class StreamingBenchmarks
{
    private const int Samples = 10_000_000;
    private double[] _x = [];

    [GlobalSetup]
    public void Setup() => _x = BenchmarkPhase.Create(Samples);

    [Benchmark]
    public double Summary()
    {
        var s = new StreamingSummary();
        foreach (double v in _x) s.Push(v);
        return s.Rms;
    }

    /// <summary>oadev and tdev at m = 1, 2, 4, …, 2^16 (17 τ).</summary>
    [Benchmark]
    public double OadevTdevOctaves()
    {
        var a = new StreamingAllanDeviation(1.0, StreamingOctaves.PowersOfTwo(1 << 16));
        foreach (double v in _x) a.Push(v);
        return a.Oadev(0).Value + a.Tdev(16).Value;
    }

    /// <summary>Whole-run MTIE and MTIE over the last 65536 samples at windows of 2, 4, …, 2^16 samples (16 τ).</summary>
    [Benchmark]
    public double MtieOctavesSlidingWindow()
    {
        var mtie = new StreamingMtie(StreamingOctaves.WindowsOfPowersOfTwo((1 << 16) - 1), 1 << 16);
        foreach (double v in _x) mtie.Push(v);
        return mtie.WholeRun(0).Value + mtie.Sliding(15).Value;
    }
}
