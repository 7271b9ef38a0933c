using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// The labeller is on the replay hot path: in steady state (one RMC and two TICC lines a second, with the count carried
/// on the counter's timescale through an outage, and the odd line read late) labelling allocates nothing per event.
/// </summary>
public class LabellerAllocationTests
{
    private sealed class CountingSink : ISampleSink
    {
        public long Samples, Flagged, Events;
        public void OnSample(string channel, ChannelSample sample)
        {
            Samples++;
            if (sample.Flags != SampleFlags.None) Flagged++;
        }
        public void OnEvent(LabelEvent labelEvent) => Events++;
        public void Complete() { }
    }

    [Fact]
    public void SteadyLabellingAllocatesNothingPerEvent()
    {
        const long Start = LabelCapture.DefaultStart;
        const int Seconds = 6000;
        var bench = BenchDescription.ParseJson(LabelCapture.BenchJson);
        var counterZero = Duration.FromSecondsDouble(-0.25);
        var events = new List<DecodedEvent>(3 * Seconds);
        for (long k = 0; k < Seconds; k++)
        {
            long edgeNs = (Start + k) * 1_000_000_000L + 3_217_000;
            bool outage = k % 1000 is >= 600 and < 700; // 100 s without messages every 1000 s
            long lateNs = k % 37 == 0 ? 700_000_000 : 2_000_000;
            if (!outage) events.Add(new GnssTimeMessage("gnss", edgeNs + 80_000_000, "RMC", Instant.FromUnixSeconds(Start + k), true));
            events.Add(new CounterReading("ticc", edgeNs + lateNs, "chB", Duration.FromSeconds(k) - Duration.FromSecondsDouble(LabelCapture.X(k)) - counterZero));
            events.Add(new CounterReading("ticc", edgeNs + lateNs, "chA", Duration.FromSeconds(k) - counterZero));
        }
        events = LabellingBench.Sorted(events);
        var sink = new CountingSink();
        var labeller = new Labeller(bench, sink);
        int warm = events.Count / 6; // past the order decision and the first outage's start
        for (int i = 0; i < warm; i++) labeller.OnEvent(events[i]);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = warm; i < events.Count; i++) labeller.OnEvent(events[i]);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        labeller.Complete();
        Assert.Equal(Seconds, sink.Samples);
        Assert.Equal(0, sink.Flagged);
        Assert.True(allocated < 1024, $"{allocated} bytes allocated labelling {events.Count - warm} events");
    }
}
