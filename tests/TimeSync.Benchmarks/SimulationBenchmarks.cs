using BenchmarkDotNet.Attributes;
using TimeSync.Capture.Pcapng;
using TimeSync.Simulation.Bench;
using TimeSync.Simulation.Noise;

namespace TimeSync.Benchmarks;

/// <summary>
/// Issue 7 target: a simulated day at 1 Hz with one device under test in under 5 s, written as a real pcapng capture
/// (to a discarding stream, so the disk is not measured). Also the noise generator alone (86 400 points).
/// Run: dotnet run -c Release --project tests/TimeSync.Benchmarks -- --filter '*Simulation*'
/// </summary>
[MemoryDiagnoser]
public class SimulationBenchmarks
{
    private static readonly PowerLawCoefficients AllFive = new(1e-20, 1e-21, 1e-22, 1e-24, 1e-28);

    [Params("gptp-ecu", "noise")]
    public string Scenario { get; set; } = "gptp-ecu";

    [Benchmark]
    public long SimulatedDayOneDut()
    {
        var spec = Scenario == "noise" ? Scenarios.NoiseOnly(AllFive, 1.0) : Scenarios.Named(Scenario)!;
        using var writer = new PcapngWriter(Stream.Null, new PcapngWriterOptions { BenchDescription = BenchSimulator.Describe(spec).ToJson(), Fsync = false });
        return BenchSimulator.Run(spec, 1, 86_400, writer).Packets;
    }

    [Benchmark]
    public double[] PowerLawNoiseDayAllFiveTypes() => PowerLawNoise.GeneratePhase(AllFive, 1.0, 86_400, 1);
}
