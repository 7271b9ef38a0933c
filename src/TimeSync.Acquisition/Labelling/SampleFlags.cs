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
    /// <summary>
    /// The GNSS label of this edge contradicted the running count (a receiver's time jump, an association slip): the
    /// second may be off by the step. Also set on the first sample after a step whose own sample was dropped as a
    /// duplicate second. A leap second the receiver announced and honoured is not flagged.
    /// </summary>
    LabelStep = 16,
}

/// <summary>One labelled time-error sample of a channel, with its quality flags.</summary>
public readonly record struct ChannelSample(TimeSync.Core.Time.TimeErrorSample Sample, SampleFlags Flags)
{
    /// <summary>True when the sample is fit for statistics (no invalid fix, its second not in doubt).</summary>
    /// <remarks>
    /// <see cref="SampleFlags.LabelStep"/> is excluded as <see cref="SampleFlags.HostClockLabel"/> is: its x is measured
    /// right but may sit one second off, which would misalign it with the other channels and the truth, while a gap is
    /// skipped by every statistic. The legitimate step, an announced leap second, is never flagged (the labeller
    /// checks its sign and date), so excluding the flag costs no good sample.
    /// </remarks>
    public bool IsUsable => (Flags & (SampleFlags.FixInvalid | SampleFlags.HostClockLabel | SampleFlags.LabelStep)) == 0;
}
