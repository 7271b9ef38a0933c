using System.Buffers.Binary;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// A sample whose second is in doubt must say so: when the receiver's label of an edge contradicts the running count
/// (a time jump) the sample labelled across the step carries <see cref="SampleFlags.LabelStep"/>, and is left out of
/// the statistics; every other sample stays unflagged. A leap second the receiver announced and honoured is no doubt.
/// </summary>
public sealed class LabelStepFlagTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-labelstep-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Per sample kept: (second − Start, the epoch whose x it holds, flags).</summary>
    private static List<(long Second, long Epoch, SampleFlags Flags)> Samples(LabelCapture c, CollectingSink sink) =>
        sink.For(LabelCapture.Channel).Select(s => (s.Sample.Time.UnixSeconds - c.Start, (long)Math.Round(s.Sample.TimeErrorSeconds * 1e9 - 10), s.Flags)).ToList();

    private CollectingSink Replay(LabelCapture c, string name, out string path)
    {
        path = Path.Combine(_dir, name + ".pcapng");
        c.Write(path);
        var sink = new CollectingSink();
        CaptureReplay.Run(path, sink);
        return sink;
    }

    private static void AssertFlagged(List<(long Second, long Epoch, SampleFlags Flags)> samples, params long[] flaggedSeconds)
    {
        Assert.Equal(flaggedSeconds, samples.Where(s => s.Flags != SampleFlags.None).Select(s => s.Second));
        Assert.All(samples.Where(s => s.Flags != SampleFlags.None), s => Assert.Equal(SampleFlags.LabelStep, s.Flags));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)] // TIM-TP states the same wrong second: it labels the edge, NMEA agrees
    public void AOneSecondJumpFlagsTheSampleLabelledAcrossIt(bool timTp)
    {
        // epoch 30's messages say second 31: its sample goes out as 31 (1 s off), and epoch 31's, labelled 31 too, is dropped
        var c = new LabelCapture { TimTp = timTp };
        c.Label = k => c.Start + (k == 30 ? 31 : k);
        var sink = Replay(c, "blip", out string path);
        var samples = Samples(c, sink);
        Assert.Contains((31L, 30L, SampleFlags.LabelStep), samples);
        AssertFlagged(samples, 31);
        Assert.All(samples.Where(s => s.Second != 31), s => Assert.Equal(s.Second, s.Epoch));
        Assert.Equal(2, sink.Events.Count(e => e.Kind == LabelEventKind.LabelStep));
        Assert.Single(sink.Events, e => e.Kind == LabelEventKind.DuplicateSecond);

        // the flagged sample is a gap in the series (its x sits at a second in doubt), as the dropped one is
        var series = CaptureSeries.Load(path, LabelCapture.Channel);
        Assert.Equal(c.Seconds, series.Values.Count);
        Assert.True(double.IsNaN(series.Values[30]));
        Assert.True(double.IsNaN(series.Values[31]));
        Assert.Equal(2, series.Values.Count(double.IsNaN));
        Assert.Equal(LabelCapture.X(32), series.Values[32], 1e-15);
    }

    [Fact]
    public void APermanentJumpForwardFlagsTheFirstSampleAfterIt()
    {
        var c = new LabelCapture();
        c.Label = k => c.Start + (k >= 30 ? k + 1 : k);
        var sink = Replay(c, "forward", out _);
        var samples = Samples(c, sink);
        AssertFlagged(samples, 31);
        Assert.All(samples, s => Assert.Equal(s.Second, s.Epoch >= 30 ? s.Epoch + 1 : s.Epoch));
        Assert.Equal(c.Seconds, samples.Count);
        Assert.Contains("+1 s", Assert.Single(sink.Events, e => e.Kind == LabelEventKind.LabelStep).Message);
    }

    [Fact]
    public void APermanentJumpBackFlagsTheFirstSampleKeptAfterIt()
    {
        // epoch 30 is labelled 29 again: its sample (flagged) is dropped as a duplicate, so the flag goes to the next
        // sample kept, epoch 31 labelled 30 — the first sample labelled across the step
        var c = new LabelCapture();
        c.Label = k => c.Start + (k >= 30 ? k - 1 : k);
        var sink = Replay(c, "back", out _);
        var samples = Samples(c, sink);
        AssertFlagged(samples, 30);
        Assert.Contains((30L, 31L, SampleFlags.LabelStep), samples);
        Assert.All(samples, s => Assert.Equal(s.Second, s.Epoch >= 30 ? s.Epoch - 1 : s.Epoch));
        Assert.Contains("-1 s", Assert.Single(sink.Events, e => e.Kind == LabelEventKind.LabelStep).Message);
        Assert.Single(sink.Events, e => e.Kind == LabelEventKind.DuplicateSecond);
    }

    // While messages flow, a TICC line the host reads after the next RMC (0.6–0.95 s late, RMC 80 ms after its pulse)
    // finds no message of its own between it and the next edge, so it is labelled by the count. Carried by host time
    // that gave the next second (and the next pulse's sample was dropped as a duplicate); on the counter's timescale
    // every sample keeps its second, with no step and no flag.
    [Theory]
    [InlineData(0.6)]
    [InlineData(0.7)]
    [InlineData(0.95)]
    public void ATiccLineReadPastTheNextMessageKeepsItsSecond(double late)
    {
        var c = new LabelCapture { TiccLateSeconds = k => k is 20 or 33 ? late : 0 };
        var sink = Replay(c, "late", out _);
        var samples = Samples(c, sink);
        Assert.Equal(c.Seconds, samples.Count);
        Assert.All(samples, s => Assert.Equal((s.Second, SampleFlags.None), (s.Epoch, s.Flags)));
        Assert.DoesNotContain(sink.Events, e => e.Kind is LabelEventKind.LabelStep or LabelEventKind.DuplicateSecond);
    }

    [Fact]
    public void NoStepNoFlag()
    {
        var c = new LabelCapture { TimTp = true };
        var samples = Samples(c, Replay(c, "steady", out _));
        Assert.Equal(c.Seconds, samples.Count);
        Assert.All(samples, s => Assert.Equal((s.Second, SampleFlags.None), (s.Epoch, s.Flags)));
    }

    /// <summary>
    /// A positive leap second at the end of 2026-12-31: the receiver's RMC reads 23:59:58, 23:59:59, 23:59:60,
    /// 00:00:00; POSIX seconds map 23:59:60 and 00:00:00 onto one second, so the count steps back by one at 00:00:00.
    /// </summary>
    private static LabelCapture LeapBench(bool announce)
    {
        long midnight = Instant.Parse("2027-01-01T00:00:00Z").UnixSeconds;
        var c = new LabelCapture { Start = midnight - 30 }; // epoch 30 is 23:59:60, epoch 31 00:00:00
        c.Label = k => k <= 30 ? c.Start + k : c.Start + k - 1;
        c.Rmc = (k, s) => k == 30 ? LabelCapture.RmcAt("235960", midnight - 1) : TimeSync.Testing.NmeaSentences.Rmc(s, talker: "GN", navStatus: true);
        if (announce)
            for (long k = 2; k < 30; k += 5) c.GnssExtra.Add((k, 0.2, NavTimeLs(sign: +1, secondsToEvent: (int)(30 - k))));
        return c;
    }

    [Fact]
    public void AnAnnouncedLeapSecondHonouredIsNoDoubt()
    {
        var c = LeapBench(announce: true);
        var sink = Replay(c, "leap", out _);
        var samples = Samples(c, sink);
        Assert.All(samples, s => Assert.Equal(SampleFlags.None, s.Flags));
        Assert.All(samples, s => Assert.Equal(s.Second, s.Epoch <= 30 ? s.Epoch : s.Epoch - 1));
        Assert.Single(sink.Events, e => e.Kind == LabelEventKind.LeapSecondAnnounced);
        Assert.Contains("the leap second announced: sample not flagged", Assert.Single(sink.Events, e => e.Kind == LabelEventKind.LabelStep).Message);

        // the same step unannounced is a receiver's time jump: the first sample after it is flagged
        var un = LeapBench(announce: false);
        var flagged = Samples(un, Replay(un, "unannounced", out _));
        AssertFlagged(flagged, 31);
    }

    // The leap check at the decoded-event level, where the announced instant is known (NAV-TIMELS with the GPS week).
    [Theory]
    [InlineData(+1, 11, false)]   // announced for the repeated second: honoured
    [InlineData(+1, 13, false)]   // within 2 s of it
    [InlineData(+1, 14, true)]    // not
    [InlineData(+1, 400, true)]   // announced for another day
    [InlineData(-1, 11, true)]    // a negative leap second makes the count skip, not repeat
    public void OnlyTheAnnouncedLeapSecondIsExempt(int sign, long atK, bool flagged)
    {
        // from epoch 12 on the labels are one second back: epoch 12 repeats second 11
        var b = new LabellingBench();
        var ev = b.TiccTimestamps().Select(e => e is GnssTimeMessage m && m.Utc!.Value.UnixSeconds >= LabellingBench.Start + 12
            ? m with { Utc = m.Utc.Value - Duration.FromSeconds(1) } : e).ToList();
        ev.Insert(0, new LeapSecondWarning("gnss", ev[0].HostTimeUnixNanoseconds - 1, sign, Instant.FromUnixSeconds(LabellingBench.Start + atK)));
        var sink = LabellingBench.Run(b.Description(ChannelMethods.Ticc), ev);
        var step = Assert.Single(sink.Events, e => e.Kind == LabelEventKind.LabelStep);
        Assert.Contains(flagged ? "a leap second was announced, but not this step: sample flagged LabelStep" : "the leap second announced", step.Message);
        var samples = sink.For("dut");
        Assert.Equal(flagged ? 1 : 0, samples.Count(s => s.Flags == SampleFlags.LabelStep));
        Assert.All(samples.Where(s => s.Flags != SampleFlags.None), s => Assert.Equal(LabellingBench.Start + 12, s.Sample.Time.UnixSeconds));
    }

    [Fact]
    public void LabelStepIsNotUsable()
    {
        var sample = new TimeErrorSample(Instant.FromUnixSeconds(LabelCapture.DefaultStart), 1e-9);
        Assert.False(new ChannelSample(sample, SampleFlags.LabelStep).IsUsable);
        Assert.True(new ChannelSample(sample, SampleFlags.QErrMissing | SampleFlags.ReferenceLate).IsUsable);
        Assert.Equal(16, (int)SampleFlags.LabelStep); // the InfluxDB `flags` bit (README)
    }

    /// <summary>UBX NAV-TIMELS announcing a leap second of <paramref name="sign"/> in <paramref name="secondsToEvent"/> s (no GPS week known: no date).</summary>
    private static byte[] NavTimeLs(int sign, int secondsToEvent)
    {
        var p = new byte[24];
        p[9] = 18;                 // currLs
        p[11] = (byte)(sbyte)sign; // lsChange
        BinaryPrimitives.WriteInt32LittleEndian(p.AsSpan(12), secondsToEvent);
        p[23] = 0x03;              // validCurrLs, validTimeToLsEvent
        return PipelineWire.Ubx(0x01, 0x26, p);
    }
}
