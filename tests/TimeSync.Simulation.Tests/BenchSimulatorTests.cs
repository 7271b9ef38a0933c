using System.Globalization;
using System.Text;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;
using TimeSync.Core.Time;
using TimeSync.Simulation.Bench;
using TimeSync.Simulation.Noise;

namespace TimeSync.Simulation.Tests;

public sealed class BenchSimulatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-sim-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Capture(ScenarioSpec spec, ulong seed, double seconds)
    {
        using var stream = new MemoryStream();
        using (var writer = new PcapngWriter(stream, new PcapngWriterOptions { BenchDescription = BenchSimulator.Describe(spec).ToJson(), Fsync = false }))
            BenchSimulator.Run(spec, seed, seconds, writer);
        return stream.ToArray();
    }

    [Fact]
    public void Same_arguments_and_seed_give_a_byte_identical_capture_and_another_seed_does_not()
    {
        var spec = Scenarios.Named("bad-cable")!;
        byte[] a = Capture(spec, 42, 120), b = Capture(spec, 42, 120), c = Capture(spec, 43, 120);
        Assert.True(a.Length > 10_000);
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Capture_looks_recorded_sources_bench_description_and_host_times_after_the_edges()
    {
        var spec = Scenarios.Named("gptp-ecu")!;
        var mem = new MemoryCaptureWriter();
        var result = BenchSimulator.Run(spec, 3, 30, mem);
        Assert.Equal(["gnss", "ticc"], mem.Sources.Select(s => s.Name));
        Assert.All(mem.Sources, s => Assert.Equal(CaptureLinkType.SerialBytes, s.LinkType));
        Assert.Equal("serial /dev/ttyACM0 115200 8N1", mem.Sources[0].Description);
        Assert.Equal(30, result.Pulses);
        // events in host-time order, per port strictly increasing
        for (int i = 1; i < mem.Events.Count; i++) Assert.True(mem.Events[i].HostNs >= mem.Events[i - 1].HostNs);
        // every TICC line reaches the host after its edge (+ the host clock offset can only shift it by 0.37 ms)
        long start = Instant.Parse(spec.StartUtc).ToUnixNanoseconds();
        var gnssFirst = mem.Events.Where(e => e.Source == 0 && e.HostNs >= start).GroupBy(e => (e.HostNs - start) / 1_000_000_000L).Select(g => (g.Key, First: g.Min(e => e.HostNs) - start - g.Key * 1_000_000_000L)).ToList();
        Assert.Equal(30, gnssFirst.Count);
        Assert.All(gnssFirst, g => Assert.InRange(g.First, 85_000_000L, 400_000_000L)); // messages 85 ms + spread after the pulse
        string ticcText = Encoding.ASCII.GetString(mem.Events.Where(e => e.Source == 1).SelectMany(e => e.Bytes).ToArray());
        Assert.StartsWith("# TAPR TICC", ticcText);
        Assert.Equal(30, ticcText.Split('\n').Count(l => l.EndsWith("chA\r")));
        Assert.Equal(30, ticcText.Split('\n').Count(l => l.EndsWith("chB\r")));
        // the bench description round-trips through the Acquisition model
        var bench = BenchDescription.ParseJson(BenchSimulator.Describe(spec).ToJson());
        Assert.Equal("ecu1", Assert.Single(bench.Channels).Name);
        Assert.Equal("ticc:chA", bench.Reference.Pps);
    }

    public static TheoryData<string> ScenarioNames => new() { "gptp-ecu", "gnss-holdover", "lidar-pps", "bad-cable" };

    [Theory]
    [MemberData(nameof(ScenarioNames))]
    public void Replay_of_a_named_scenario_reproduces_the_ground_truth(string name)
    {
        var spec = Scenarios.Named(name)!;
        double seconds = name == "gnss-holdover" ? 1500 : 400;
        var (samples, truth) = SimulateAndReplay(spec, 11, seconds);
        var byTime = samples[spec.Duts[0].Name].ToDictionary(s => s.Sample.Time, s => s.Sample.TimeErrorSeconds);
        int compared = 0;
        foreach (var row in truth.Where(r => r.Expected is not null))
        {
            if (!byTime.TryGetValue(row.Utc, out double replayed)) continue;
            // TICC jitter 60 ps per channel (σ of the difference 85 ps) plus the 1 ps print resolution
            Assert.True(Math.Abs(replayed - row.Expected!.Value) < 6 * 85e-12 + 2e-12,
                $"{name} {row.Utc}: replayed {replayed:E6}, expected {row.Expected:E6}");
            compared++;
        }
        Assert.True(compared >= 0.95 * seconds - 5, $"{name}: only {compared} samples compared of {seconds}");
        if (name == "gptp-ecu") Assert.All(truth.Skip(10), r => Assert.True(Math.Abs(r.True) < 1e-6));
        if (name == "bad-cable")
        {
            // the undeclared 20 ns of cable shows up as a −20 ns bias between measured and true time error
            double bias = truth.Where(r => r.Expected is not null).Average(r => r.Expected!.Value - r.True);
            Assert.InRange(bias, -20.5e-9, -19.5e-9);
        }
    }

    [Fact]
    public void Noise_only_run_replays_to_exactly_the_generated_noise()
    {
        var h = new PowerLawCoefficients(H0: 1e-20, HMinus2: 1e-26);
        var spec = Scenarios.NoiseOnly(h, 1.0);
        var (samples, truth) = SimulateAndReplay(spec, 5, 300);
        var expected = PowerLawNoise.GeneratePhase(h, 1.0, 300, NoiseSeed(5, 0));
        var replayed = samples["dut"];
        Assert.True(replayed.Count >= 295);
        var start = Instant.Parse(spec.StartUtc);
        foreach (var s in replayed)
        {
            int k = (int)(s.Sample.Time - start).Seconds;
            Assert.Equal(expected[k], s.Sample.TimeErrorSeconds, 1.5e-12); // ideal reference and counter: 1 ps print resolution
            Assert.Equal(expected[k], truth[k].True, 1e-18);
        }
    }

    [Fact]
    public void Scenario_file_json_is_read_and_bad_keys_are_named()
    {
        var spec = Scenarios.ParseJson("""
            { "name": "two-ecus", "duts": [ { "name": "a", "noise": { "h0": 1e-20 } },
                                            { "name": "b", "noise": { "h-1": 1e-22 }, "servo": { "kp": 0.5 } } ] }
            """, "lab.json");
        Assert.Equal(2, spec.Duts.Count);
        Assert.Equal(0.5, spec.Duts[1].Servo!.Kp);
        Assert.Equal(["gnss", "ticc", "ticc2"], BenchSimulator.Describe(spec).Sources.Select(s => s.Name));
        var e = Assert.Throws<InputException>(() => Scenarios.ParseJson("""{ "duts": [ { "nmae": "a" } ] }""", "lab.json"));
        Assert.Contains("lab.json", e.Message);
        Assert.Contains("nmae", e.Message);
        var e2 = Assert.Throws<InputException>(() => BenchSimulator.Run(spec with { Tau0Seconds = 0.3 }, 1, 10, new MemoryCaptureWriter()));
        Assert.Contains("tau0Seconds", e2.Message);
    }

    internal static ulong NoiseSeed(ulong seed, int dut)
    {
        ulong mix = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(dut + 1));
        return Numerics.Xoshiro256StarStar.SplitMix64(ref mix);
    }

    private (IReadOnlyDictionary<string, List<ChannelSample>> Samples, List<TruthRow> Truth) SimulateAndReplay(ScenarioSpec spec, ulong seed, double seconds)
    {
        var (sink, truth) = SimulatedBench.SimulateAndReplay(_dir, spec, seed, seconds);
        return (sink.Samples, truth);
    }
}
