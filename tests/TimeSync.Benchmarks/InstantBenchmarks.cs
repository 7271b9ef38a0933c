using BenchmarkDotNet.Attributes;
using TimeSync.Core.Time;

namespace TimeSync.Benchmarks;

[MemoryDiagnoser]
public class InstantBenchmarks
{
    private readonly string _text = "2026-11-28T16:34:59.123456789012Z";

    [Benchmark]
    public Instant ParseIso() => Instant.Parse(_text);
}
