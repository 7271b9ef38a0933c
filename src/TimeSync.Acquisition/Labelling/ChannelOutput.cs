using System.Runtime.CompilerServices;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>Where a channel labeller's samples and events go; keeps each channel's samples strictly increasing in time.</summary>
internal sealed class ChannelOutput(string channel, ISampleSink sink)
{
    private long _lastSecond = long.MinValue;
    private SampleFlags _lastFlags, _carried;

    public string Channel => channel;

    /// <summary>Events collected during one step, flushed to the sink in order.</summary>
    public List<LabelEvent> Events { get; } = [];

    public void Sample(long second, double timeErrorSeconds, SampleFlags flags, long hostNs)
    {
        FlushEvents();
        if (second <= _lastSecond)
        {
            Duplicate(second, hostNs, flags);
            return;
        }
        _lastSecond = second;
        flags |= _carried;
        _carried = SampleFlags.None;
        _lastFlags = flags;
        sink.OnSample(channel, new ChannelSample(new TimeErrorSample(Instant.FromUnixSeconds(second), timeErrorSeconds), flags));
    }

    /// <summary>
    /// A sample that would not advance the channel's time is dropped. When it carried <see cref="SampleFlags.LabelStep"/>
    /// (a label that stepped back) and the kept sample of that second did not, the flag passes to the next sample kept:
    /// the first after the step, labelled across it (the kept one went out before the step was seen). When the kept one
    /// is flagged, the dropped one is the step back of a one-second jump, which restores the count: nothing to pass on.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // rare: its message stays out of the callers' frames
    private void Duplicate(long second, long hostNs, SampleFlags flags)
    {
        if ((flags & SampleFlags.LabelStep) != 0 && (_lastFlags & SampleFlags.LabelStep) == 0) _carried = SampleFlags.LabelStep;
        sink.OnEvent(new LabelEvent(channel, hostNs, Instant.FromUnixSeconds(second), LabelEventKind.DuplicateSecond,
            $"a sample for {Instant.FromUnixSeconds(second)} came after {Instant.FromUnixSeconds(_lastSecond)}; dropped"));
    }

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
