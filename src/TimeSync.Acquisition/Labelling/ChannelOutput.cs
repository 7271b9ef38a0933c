using System.Runtime.CompilerServices;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>Where a channel labeller's samples and events go; keeps each channel's samples strictly increasing in time.</summary>
internal sealed class ChannelOutput(string channel, ISampleSink sink)
{
    private long _lastSecond = long.MinValue;

    public string Channel => channel;

    /// <summary>Events collected during one step, flushed to the sink in order.</summary>
    public List<LabelEvent> Events { get; } = [];

    public void Sample(long second, double timeErrorSeconds, SampleFlags flags, long hostNs)
    {
        FlushEvents();
        if (second <= _lastSecond)
        {
            Duplicate(second, hostNs);
            return;
        }
        _lastSecond = second;
        sink.OnSample(channel, new ChannelSample(new TimeErrorSample(Instant.FromUnixSeconds(second), timeErrorSeconds), flags));
    }

    [MethodImpl(MethodImplOptions.NoInlining)] // rare: its message stays out of the callers' frames
    private void Duplicate(long second, long hostNs) =>
        sink.OnEvent(new LabelEvent(channel, hostNs, Instant.FromUnixSeconds(second), LabelEventKind.DuplicateSecond,
            $"a sample for {Instant.FromUnixSeconds(second)} came after {Instant.FromUnixSeconds(_lastSecond)}; dropped"));

    public void Event(long hostNs, Instant? utc, LabelEventKind kind, string message, int count = 1)
    {
        FlushEvents();
        sink.OnEvent(new LabelEvent(channel, hostNs, utc, kind, message, count));
    }

    public void FlushEvents()
    {
        if (Events.Count == 0) return;
        foreach (var e in Events) sink.OnEvent(e);
        Events.Clear();
    }
}
