using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Labelling;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// Real receiver logs (gpsd's, ../shared/captures/gnss) replayed against synthetic PPS edges: each epoch's bytes go out
/// at the serial line's pace a fixed delay after the pulse of the second it states, the serial stream starts 5 s after
/// the PPS, the host clock is hours off (no host-clock cue). Every second must get its own label, whatever mix of
/// sentences (time-less ones, GGA without date, status V) the receiver sends.
/// </summary>
public sealed class LabellingRealLogTests
{
    private const double HostOffsetSeconds = -3 * 3600 - 0.731;

    [Theory]
    [InlineData("sirfstarv-nmea.log", 9600, 0.25)]
    [InlineData("quectel-L70.log", 38400, 0.3)]
    [InlineData("quectel-L70.log", 9600, 0.1)]
    [InlineData("skytraq.log", 38400, 0.1)]
    [InlineData("sirfstarv-nmea.log", 38400, 0.1)]
    [InlineData("hemi.log", 115200, 0.05)]
    public void Every_second_of_a_real_log_gets_its_own_label(string log, int baud, double delaySeconds)
    {
        var epochs = ReceiverLog.Epochs(ReceiverLog.Body(log));
        // the second each epoch states (decoded from the log itself)
        var seconds = new List<long?>();
        var probe = new GnssStreamDecoder("probe");
        foreach (var e in epochs)
        {
            var ev = new List<DecodedEvent>();
            probe.Push(e, 0, ev);
            seconds.Add(ev.OfType<GnssTimeMessage>().Where(m => m.Utc is { Picoseconds: 0 }).Select(m => (long?)m.Utc!.Value.UnixSeconds).FirstOrDefault());
        }
        long first = seconds.First(s => s is not null)!.Value, last = seconds.Last(s => s is not null)!.Value;
        Assert.True(last - first >= 15, $"{log}: {last - first} s");

        var events = new List<DecodedEvent>();
        var decoder = new GnssStreamDecoder("gnss");
        for (int i = 0; i < epochs.Count; i++)
        {
            if (seconds[i] is not long s || s < first + 5) continue; // the serial stream starts late
            var bytes = epochs[i];
            for (int j = 0; j < bytes.Length; j += 64)
            {
                long host = HostNs(s, delaySeconds + (j + Math.Min(64, bytes.Length - j)) * 10.0 / baud); // 8N1: 10 bits a byte
                decoder.Push(bytes.AsSpan(j, Math.Min(64, bytes.Length - j)).ToArray(), host, events);
            }
        }
        events.RemoveAll(e => e is DecodeProblem);
        var counterZero = Instant.FromUnixSeconds(first) - Duration.FromSecondsDouble(0.37);
        for (long s = first; s <= last; s++)
        {
            var edge = Instant.FromUnixSeconds(s);
            var dut = edge - Duration.FromSecondsDouble(X(s - first));
            events.Add(new CounterReading("ticc", HostNs(s, 0.004), "chA", edge - counterZero));
            events.Add(new CounterReading("ticc", HostNs(s, 0.004 - X(s - first)), "chB", dut - counterZero));
        }
        var sink = LabellingBench.Run(new LabellingBench().Description(ChannelMethods.Ticc), LabellingBench.Sorted(events));

        var samples = sink.For("dut");
        string decided = string.Join(" | ", sink.Events.Where(e => e.Kind is LabelEventKind.AssociationDecided or LabelEventKind.AssociationUncertain).Select(e => e.Message));
        Assert.True(samples.Count == last - first + 1, $"{log}: {samples.Count} samples for {last - first + 1} seconds; {decided}");
        foreach (var x in samples)
        {
            long k = x.Sample.Time.UnixSeconds - first;
            Assert.True(Math.Abs(x.Sample.TimeErrorSeconds - X(k)) < 1e-15, $"{log}: sample {x.Sample.Time} holds the x of another second; {decided}");
        }
        Assert.Single(sink.Events, e => e.Kind == LabelEventKind.AssociationDecided);
        Assert.DoesNotContain(sink.Events, e => e.Kind is LabelEventKind.LabelStep or LabelEventKind.AssociationRevised);
    }

    private static double X(long k) => 1e-9 * (10 + k);

    /// <summary>Host receive time of something at UTC second + <paramref name="plusSeconds"/> (host clock = UTC + offset).</summary>
    private static long HostNs(long utcSecond, double plusSeconds) =>
        (Instant.FromUnixSeconds(utcSecond) + Duration.FromSecondsDouble(HostOffsetSeconds + plusSeconds)).ToUnixNanoseconds();
}
