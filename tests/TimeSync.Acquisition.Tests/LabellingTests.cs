using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

public class LabellingTests
{
    private const double Tol = 1e-15;

    private static void AssertRecovers(LabellingBench b, CollectingSink sink, Func<long, bool>? expected = null, double tol = Tol)
    {
        var samples = sink.For("dut");
        var want = Enumerable.Range(0, b.Seconds).Select(i => (long)i).Where(k => expected?.Invoke(k) ?? true).ToList();
        Assert.Equal(want.Select(k => Instant.FromUnixSeconds(LabellingBench.Start + k)), samples.Select(s => s.Sample.Time));
        foreach (var s in samples)
        {
            long k = s.Sample.Time.UnixSeconds - LabellingBench.Start;
            Assert.True(Math.Abs(s.Sample.TimeErrorSeconds - b.X(k)) <= tol, $"second {k}: x = {s.Sample.TimeErrorSeconds:R}, want {b.X(k):R}");
        }
    }

    private static List<LabelEvent> Of(CollectingSink sink, LabelEventKind kind) => sink.Events.Where(e => e.Kind == kind).ToList();

    [Theory]
    [InlineData(0.15, "after")]    // u-blox NMEA: RMC some 150 ms after its pulse
    [InlineData(0.62, "after")]    // a slow 4800-baud receiver, still answering its pulse
    [InlineData(-0.3, "before")]   // a receiver announcing the coming second
    [InlineData(-0.05, "before")]
    public void TiccLabelsEdgesWhicheverSideTheMessageComes(double delay, string order)
    {
        var b = new LabellingBench { MessageDelaySeconds = delay };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        AssertRecovers(b, sink);
        var decided = Assert.Single(Of(sink, LabelEventKind.AssociationDecided));
        Assert.Contains(order, decided.Message);
        Assert.Empty(Of(sink, LabelEventKind.LabelStep));
        Assert.Empty(Of(sink, LabelEventKind.MissingPulse));
        Assert.True(sink.Completed);
    }

    [Theory]
    [InlineData(0.15)]
    [InlineData(-0.3)]
    public void AHostClockHoursOffDoesNotChangeTheLabels(double delay)
    {
        var b = new LabellingBench { MessageDelaySeconds = delay, HostOffsetSeconds = -3 * 3600 - 0.731 };
        AssertRecovers(b, LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps()));
    }

    [Fact]
    public void TimTpDecidesTheOrderWhenNmeaTimingIsAmbiguous()
    {
        // RMC 0.55 s after the edge looks nearer to the next edge; TIM-TP proves it belongs to the previous one.
        var b = new LabellingBench { MessageDelaySeconds = 0.55, TimTp = true };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        AssertRecovers(b, sink);
        Assert.Contains("agrees with TIM-TP", Assert.Single(Of(sink, LabelEventKind.AssociationDecided)).Message);
        Assert.Empty(Of(sink, LabelEventKind.LabelConflict));
    }

    [Fact]
    public void QErrSawtoothIsRemoved()
    {
        // u-blox pulses are quantized: each leaves qErr early (ideal = actual + qErr, Wallin 2019); TIM-TP announces it.
        Func<long, long> saw = k => (k % 7 - 3) * 1_300; // ±3.9 ns sawtooth, in ps
        var b = new LabellingBench { TimTp = true, QErrPs = saw, X = _ => 25e-9 };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        AssertRecovers(b, sink);
        Assert.All(sink.For("dut"), s => Assert.Equal(SampleFlags.None, s.Flags));

        // Without the correction the sawtooth shows, with the sign of the model: x_raw = x − qErr.
        var raw = LabellingBench.Run(b.Description(ChannelMethods.Ticc, qErr: false), b.TiccTimestamps()).For("dut");
        Assert.Equal(b.Seconds, raw.Count);
        foreach (var s in raw)
        {
            long k = s.Sample.Time.UnixSeconds - LabellingBench.Start;
            Assert.Equal(25e-9 - saw(k) * 1e-12, s.Sample.TimeErrorSeconds, 1e-15);
        }
    }

    [Fact]
    public void QErrMissingForAPulseIsFlagged()
    {
        var b = new LabellingBench { TimTp = true, QErrPs = _ => 2000, MessagePresent = k => k != 9 };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        var s9 = sink.For("dut").Single(s => s.Sample.Time.UnixSeconds == LabellingBench.Start + 9);
        Assert.Equal(SampleFlags.QErrMissing, s9.Flags);
        Assert.Equal(1, sink.For("dut").Count(s => s.Flags != SampleFlags.None));
    }

    [Fact]
    public void CableAndAntennaDelaysAreCompensated()
    {
        var b = new LabellingBench { AntennaSeconds = 120e-9, RefCableSeconds = 7.5e-9, DutCableSeconds = 22e-9 };
        AssertRecovers(b, LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps()));
        // And the delays matter: ignoring them is off by dut − ref − antenna.
        var b0 = new LabellingBench { AntennaSeconds = 120e-9, RefCableSeconds = 7.5e-9, DutCableSeconds = 22e-9 };
        var wrong = LabellingBench.Run(new LabellingBench().Description(ChannelMethods.Ticc), b0.TiccTimestamps()).For("dut");
        Assert.Equal(b0.X(0) - (22e-9 - 7.5e-9 - 120e-9), wrong[0].Sample.TimeErrorSeconds, 1e-15);
    }

    [Fact]
    public void DutAheadByMostOfASecondStillPairs()
    {
        var b = new LabellingBench { X = k => 0.3 - 1e-6 * k };
        AssertRecovers(b, LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps()), tol: 1e-12);
        var behind = new LabellingBench { X = k => -0.45 };
        AssertRecovers(behind, LabellingBench.Run(behind.Description(ChannelMethods.Ticc), behind.TiccTimestamps()), tol: 1e-12);
    }

    [Fact]
    public void MissingReferenceAndDutPulsesAreReportedAndSkipped()
    {
        var b = new LabellingBench { RefPresent = k => k != 6, DutPresent = k => k is not (11 or 12) };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        AssertRecovers(b, sink, k => k is not (6 or 11 or 12));
        var missing = Of(sink, LabelEventKind.MissingPulse);
        Assert.Contains(missing, e => e.Message.Contains("reference") && e.Count == 1);
        Assert.Equal(2, missing.Count(e => e.Message.Contains("no DUT pulse")));
        Assert.Equal(
            new[] { LabellingBench.Start + 11, LabellingBench.Start + 12 },
            missing.Where(e => e.Message.Contains("no DUT pulse")).Select(e => e.Utc!.Value.UnixSeconds));
        // the DUT pulse of second 6 had no reference
        Assert.Single(Of(sink, LabelEventKind.UnpairedDutPulse));
    }

    [Fact]
    public void ExtraPulsesAreIgnoredAndReported()
    {
        var b = new LabellingBench();
        var ev = b.TiccTimestamps();
        var zero = -LabellingBench.D(b.CounterStartSeconds);
        var glitchRef = b.RefEdge(5) + LabellingBench.D(0.31);
        var glitchDut = b.DutEdge(8) + LabellingBench.D(0.0004) + LabellingBench.D(0.2);
        ev.Add(new CounterReading("ticc", b.Host(glitchRef, 0.004), "chA", glitchRef - zero));
        ev.Add(new CounterReading("ticc", b.Host(glitchDut, 0.004), "chB", glitchDut - zero));
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), LabellingBench.Sorted(ev));
        AssertRecovers(b, sink);
        Assert.Equal(2, Of(sink, LabelEventKind.ExtraPulse).Count);
    }

    [Fact]
    public void LateReferencePulseIsFlagged()
    {
        var b = new LabellingBench { RefExtraOffset = k => k == 7 ? 50e-6 : 0 };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        var late = Assert.Single(sink.For("dut"), s => s.Flags.HasFlag(SampleFlags.ReferenceLate));
        Assert.Equal(LabellingBench.Start + 7, late.Sample.Time.UnixSeconds);
        Assert.Equal(b.X(7) + 50e-6, late.Sample.TimeErrorSeconds, 1e-15); // measured against the late edge
        Assert.Single(Of(sink, LabelEventKind.LatePulse));
    }

    [Theory]
    [InlineData(0.15)]
    [InlineData(-0.3)]
    public void InvalidFixFlagsItsSecondsAndReportsLossAndRelock(double delay)
    {
        var b = new LabellingBench { MessageDelaySeconds = delay, FixValid = k => k is < 8 or > 10 };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        AssertRecovers(b, sink);
        var flagged = sink.For("dut").Where(s => s.Flags.HasFlag(SampleFlags.FixInvalid)).Select(s => s.Sample.Time.UnixSeconds - LabellingBench.Start);
        Assert.Equal(new long[] { 8, 9, 10 }, flagged);
        Assert.Equal(LabellingBench.Start + 8, Assert.Single(Of(sink, LabelEventKind.FixLost)).Utc!.Value.UnixSeconds);
        Assert.Equal(LabellingBench.Start + 11, Assert.Single(Of(sink, LabelEventKind.FixRegained)).Utc!.Value.UnixSeconds);
    }

    // TIM-TP is output after pulse S − 1 (here 0.1 s or 0.58 s after it) with the receiver's state at that epoch and
    // announces pulse S: a fix lost at epoch 8 first shows in the TIM-TP announcing pulse 9. FixLost/FixRegained from
    // TIM-TP must be dated by the epoch (8, 11), not by the pulse announced (which dated them 1 s late).
    [Theory]
    [InlineData(-0.42, false)]
    [InlineData(-0.9, false)]
    [InlineData(-0.9, true)]   // the simulator's burst: TIM-TP, then RMC of the same epoch
    [InlineData(-0.42, true)]
    public void FixEventsFromTimTpAreDatedByTheirEpoch(double timTpDelay, bool nmea)
    {
        var b = new LabellingBench { TimTp = true, TimTpDelaySeconds = timTpDelay, Nmea = nmea, FixValid = k => k is < 8 or > 10 };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        AssertRecovers(b, sink);
        Assert.Equal(LabellingBench.Start + 8, Assert.Single(Of(sink, LabelEventKind.FixLost)).Utc!.Value.UnixSeconds);
        Assert.Equal(LabellingBench.Start + 11, Assert.Single(Of(sink, LabelEventKind.FixRegained)).Utc!.Value.UnixSeconds);
        var flagged = sink.For("dut").Where(s => s.Flags.HasFlag(SampleFlags.FixInvalid)).Select(s => s.Sample.Time.UnixSeconds - LabellingBench.Start);
        Assert.Equal(new long[] { 8, 9, 10 }, flagged);
    }

    [Fact]
    public void MissingMessagesCoastOnTheHostClock()
    {
        var b = new LabellingBench { MessagePresent = k => k < 5 || k > 12 };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        AssertRecovers(b, sink);
        Assert.Empty(Of(sink, LabelEventKind.LabelStep));
    }

    [Fact]
    public void AGnssTimeStepIsReported()
    {
        var b = new LabellingBench();
        var ev = b.TiccTimestamps();
        // the receiver's label jumps one second ahead from second 12 on (e.g. a leap second applied wrongly)
        ev = ev.Select(e => e is GnssTimeMessage m && m.Utc!.Value.UnixSeconds >= LabellingBench.Start + 12
            ? m with { Utc = m.Utc.Value + Duration.FromSeconds(1) } : e).ToList();
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), ev);
        var step = Assert.Single(Of(sink, LabelEventKind.LabelStep));
        Assert.Contains("+1 s", step.Message);
        Assert.Equal(b.Seconds, sink.For("dut").Count);
    }

    [Fact]
    public void NoGnssAtAllLabelsFromTheHostClockAndFlags()
    {
        var b = new LabellingBench { Nmea = false, HostOffsetSeconds = 0.002 };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        AssertRecovers(b, sink);
        Assert.All(sink.For("dut"), s => Assert.True(s.Flags.HasFlag(SampleFlags.HostClockLabel)));
        Assert.Single(Of(sink, LabelEventKind.NoGnssLabels));
    }

    [Theory]
    [InlineData(30e-9, 1)]    // DUT ahead: the counter starts on ref k and stops on DUT k+1, reads ~1 s − 30 ns: labelled k+1
    [InlineData(-400e-9, 0)]  // DUT behind: stops on DUT k, reads ~400 ns
    public void IntervalModeReadingsBecomeTimeErrors(double x, int firstLabel)
    {
        var b = new LabellingBench { X = k => x + 1e-12 * k, AntennaSeconds = 50e-9, DutCableSeconds = 10e-9 };
        var samples = LabellingBench.Run(b.Description(ChannelMethods.Ticc, mode: "interval"), b.TiccIntervals()).For("dut");
        Assert.Equal(Enumerable.Range(firstLabel, b.Seconds).Select(k => LabellingBench.Start + k), samples.Select(s => s.Sample.Time.UnixSeconds));
        foreach (var s in samples)
            Assert.Equal(b.X(s.Sample.Time.UnixSeconds - LabellingBench.Start), s.Sample.TimeErrorSeconds, 1e-15);
    }

    [Theory]
    [InlineData(0.15)]
    [InlineData(-0.3)]
    public void PpsMethodPairsHostTimestampedEdges(double delay)
    {
        var b = new LabellingBench { MessageDelaySeconds = delay, X = k => 2e-6 * Math.Sin(k), RefPresent = k => k != 3, TimTp = true, QErrPs = k => k * 100 };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Pps), b.PpsEdges());
        AssertRecovers(b, sink, k => k != 3, tol: 2e-12); // host-clock edges carry ps (the kernel gives ns; here exact)
    }

    [Fact]
    public void TimTm2MarksBecomeTimeErrors()
    {
        var b = new LabellingBench { X = k => -3e-7 + 1e-9 * k, AntennaSeconds = 100e-9, DutCableSeconds = 15e-9, DutPresent = k => k != 10, FixValid = k => k != 4 };
        var sink = LabellingBench.Run(b.Description(ChannelMethods.TimTm2), b.TimeMarks());
        AssertRecovers(b, sink, k => k != 10, tol: 1e-15);
        Assert.Equal(LabellingBench.Start + 4, Assert.Single(sink.For("dut"), s => s.Flags.HasFlag(SampleFlags.FixInvalid)).Sample.Time.UnixSeconds);
        var missing = Assert.Single(Of(sink, LabelEventKind.MissingPulse));
        // second 10's edge reached the receiver (count advanced) but its mark was lost: one missing, and the count says so
        Assert.Equal(LabellingBench.Start + 11, missing.Utc!.Value.UnixSeconds);
        Assert.Empty(Of(sink, LabelEventKind.ExtraPulse));
    }

    [Fact]
    public void LeapSecondAnnouncementIsAnEventOnce()
    {
        var b = new LabellingBench();
        var at = Instant.Parse("2026-12-31T23:59:60Z");
        b.Extra.Add(new LeapSecondWarning("gnss", b.Host(Duration.FromSeconds(2), 0.3), +1, at));
        b.Extra.Add(new LeapSecondWarning("gnss", b.Host(Duration.FromSeconds(3), 0.3), +1, at));
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), b.TiccTimestamps());
        var leap = Assert.Single(Of(sink, LabelEventKind.LeapSecondAnnounced));
        Assert.Equal(at, leap.Utc);
        Assert.Contains("positive", leap.Message);
        AssertRecovers(b, sink);
    }

    [Fact]
    public void AFailingChannelDoesNotStopTheOthers()
    {
        var b = new LabellingBench();
        var json = b.Description(ChannelMethods.Ticc).ToJson();
        var twin = BenchDescription.ParseJson(json.Replace("\"channels\":[", "\"channels\":[{\"name\":\"lidar\",\"method\":\"tim-tm2\"},"));
        var sink = new ThrowingOnceSink("lidar");
        var labeller = new Labeller(twin, sink);
        var ev = b.TiccTimestamps();
        ev.Add(new TimeMark("gnss", ev[^1].HostTimeUnixNanoseconds, 0, Instant.FromUnixSeconds(LabellingBench.Start + 19), 1, true));
        foreach (var e in ev) labeller.OnEvent(e);
        labeller.Complete();
        Assert.Equal(b.Seconds, sink.Inner.For("dut").Count);
        Assert.Contains(sink.Inner.Events, e => e.Kind == LabelEventKind.SourceFailed && e.Channel == "lidar");
    }

    private sealed class ThrowingOnceSink(string channel) : ISampleSink
    {
        public CollectingSink Inner { get; } = new();
        public void OnSample(string c, ChannelSample sample)
        {
            if (c == channel) throw new InvalidOperationException("sink broke");
            Inner.OnSample(c, sample);
        }
        public void OnEvent(LabelEvent labelEvent) => Inner.OnEvent(labelEvent);
        public void Complete() => Inner.Complete();
    }
}
