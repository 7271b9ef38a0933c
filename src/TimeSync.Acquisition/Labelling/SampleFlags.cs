namespace TimeSync.Acquisition.Labelling;

/// <summary>What the labeller knows about a sample's quality. A sample with any flag is still a measurement.</summary>
[Flags]
public enum SampleFlags
{
    None = 0,
    /// <summary>The reference receiver reported no valid fix (RMC status V, GGA quality 0, TIM-TP/NAV flags) for this second.</summary>
    FixInvalid = 1,
    /// <summary>The reference pulse came more than the tolerance away from its 1 s grid.</summary>
    ReferenceLate = 2,
    /// <summary>qErr correction was wanted (TIM-TP seen on this bench) but no TIM-TP announced this pulse.</summary>
    QErrMissing = 4,
    /// <summary>No GNSS message was available: the UTC second comes from the host clock.</summary>
    HostClockLabel = 8,
}

/// <summary>One labelled time-error sample of a channel, with its quality flags.</summary>
public readonly record struct ChannelSample(TimeSync.Core.Time.TimeErrorSample Sample, SampleFlags Flags)
{
    /// <summary>True when the sample is fit for statistics (no invalid fix, not a host-clock label).</summary>
    public bool IsUsable => (Flags & (SampleFlags.FixInvalid | SampleFlags.HostClockLabel)) == 0;
}
