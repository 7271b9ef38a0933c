using System.Globalization;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;
using TimeSync.Core.Time;
using TimeSync.Simulation.Bench;

namespace TimeSync.Simulation.Tests;

/// <summary>
/// The bench receiver losing its fix mid-run (<see cref="ReceiverSpec.FixLoss"/>), end to end through simulate →
/// capture → replay: the labeller's FixLost/FixRegained events at the right seconds, exactly those seconds flagged,
/// the labels still right through the outage, and a DUT in holdover at the same time.
/// </summary>
public sealed class ReceiverFixLossTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-fixloss-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(true, true)]
    [InlineData(true, false)]  // NMEA only: RMC status V, GGA quality 0
    [InlineData(false, true)]  // UBX only: TIM-TP and NAV-TIMEUTC validity
    public void Fix_lost_and_regained_are_labelled_at_their_seconds_and_only_those_seconds_are_flagged(bool nmea, bool ubx)
    {
        var gnssHoldover = Scenarios.Named("gnss-holdover")!;
        // the bench receiver loses its fix for 30 s while the device under test loses its own reference (holdover)
        var spec = gnssHoldover with
        {
            Name = $"fixloss-{nmea}-{ubx}",
            Receiver = gnssHoldover.Receiver with { Nmea = nmea, Ubx = ubx, FixLoss = [new WindowSpec(100, 30)] },
            Duts = [gnssHoldover.Duts[0] with { Servo = gnssHoldover.Duts[0].Servo! with { ReferenceLoss = [new WindowSpec(100, 30)] } }],
        };
        var (sink, truth) = SimulatedBench.SimulateAndReplay(_dir, spec, 4, 200);
        var expected = truth.Where(r => r.Expected is not null).ToDictionary(r => r.Utc, r => r.Expected!.Value);
        long start = Instant.Parse(spec.StartUtc).UnixSeconds;
        string channel = spec.Duts[0].Name;

        var lost = Assert.Single(sink.Events, e => e.Channel == channel && e.Kind == LabelEventKind.FixLost);
        var regained = Assert.Single(sink.Events, e => e.Channel == channel && e.Kind == LabelEventKind.FixRegained);
        Assert.Equal(start + 100, lost.Utc!.Value.UnixSeconds);
        Assert.Equal(start + 130, regained.Utc!.Value.UnixSeconds);
        Assert.DoesNotContain(sink.Events, e => e.Kind is LabelEventKind.LabelStep or LabelEventKind.AssociationUncertain or LabelEventKind.AssociationRevised);

        var samples = sink.For(channel);
        Assert.Equal(200, samples.Count); // every second labelled, through the outage too
        var flagged = samples.Where(s => s.Flags.HasFlag(SampleFlags.FixInvalid)).Select(s => s.Sample.Time.UnixSeconds - start).ToList();
        Assert.Equal(Enumerable.Range(100, 30).Select(k => (long)k), flagged);
        Assert.All(samples, s => Assert.Equal(s.Flags.HasFlag(SampleFlags.FixInvalid), !s.IsUsable));
        // the labels are right: each sample is the truth of its own second (TICC jitter 85 ps, ±6σ; without UBX there is
        // no qErr to remove, so the receiver's sawtooth, |qErr| ≤ 4 ns for its 8 ns clock, stays in)
        double tolerance = (ubx ? 0 : 4e-9) + 6 * 85e-12 + 2e-12;
        foreach (var s in samples)
            Assert.True(Math.Abs(s.Sample.TimeErrorSeconds - expected[s.Sample.Time]) < tolerance,
                $"{s.Sample.Time}: {s.Sample.TimeErrorSeconds:E6}, truth {expected[s.Sample.Time]:E6}");
    }

    [Fact]
    public void Without_fix_loss_the_scenario_capture_is_unchanged_and_a_bad_window_is_named()
    {
        var spec = Scenarios.Named("gptp-ecu")!;
        static byte[] Capture(ScenarioSpec s)
        {
            using var stream = new MemoryStream();
            using (var writer = new PcapngWriter(stream, new PcapngWriterOptions { BenchDescription = BenchSimulator.Describe(s).ToJson(), Fsync = false }))
                BenchSimulator.Run(s, 9, 40, writer);
            return stream.ToArray();
        }
        byte[] plain = Capture(spec);
        Assert.Equal(plain, Capture(spec with { Receiver = spec.Receiver with { FixLoss = [new WindowSpec(100, 30)] } })); // after the run
        Assert.NotEqual(plain, Capture(spec with { Receiver = spec.Receiver with { FixLoss = [new WindowSpec(10, 5)] } }));

        var parsed = Scenarios.ParseJson("""{ "receiver": { "fixLoss": [ { "startSeconds": 60, "durationSeconds": 20 } ] } }""", "fix.json");
        Assert.Equal(new WindowSpec(60, 20), Assert.Single(parsed.Receiver.FixLoss));
        var e = Assert.Throws<InputException>(() => BenchSimulator.ValidateSpec(spec with { Receiver = spec.Receiver with { FixLoss = [new WindowSpec(5, 0)] } }));
        Assert.Contains("receiver.fixLoss[0]", e.Message);
    }
}
