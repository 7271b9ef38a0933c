using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>Kinds of label-level events.</summary>
public enum LabelEventKind
{
    /// <summary>The order of GNSS time messages and PPS edges was decided (message after or before its edge).</summary>
    AssociationDecided,
    /// <summary>A reference or DUT pulse is missing (Count says how many seconds).</summary>
    MissingPulse,
    /// <summary>A pulse arrived off the 1 s grid (glitch or duplicate); it was not used.</summary>
    ExtraPulse,
    /// <summary>The reference pulse arrived off its grid by more than the tolerance but was used (sample flagged).</summary>
    LatePulse,
    /// <summary>The receiver's fix became invalid.</summary>
    FixLost,
    /// <summary>The receiver's fix became valid again (relock).</summary>
    FixRegained,
    /// <summary>The receiver announced a leap second.</summary>
    LeapSecondAnnounced,
    /// <summary>
    /// A GNSS label disagreed with the running second count (time step, leap second, association slip); the edge's sample
    /// is flagged <see cref="SampleFlags.LabelStep"/> unless the step is a leap second the receiver announced.
    /// </summary>
    LabelStep,
    /// <summary>Two labels in a second disagree (e.g. TIM-TP and NMEA); the TIM-TP label was used.</summary>
    LabelConflict,
    /// <summary>No GNSS time message: seconds are labelled from the host clock (samples flagged).</summary>
    NoGnssLabels,
    /// <summary>A DUT pulse had no reference pulse within ±0.5 s.</summary>
    UnpairedDutPulse,
    /// <summary>A sample would not advance the channel's time (duplicate second); dropped.</summary>
    DuplicateSecond,
    /// <summary>A decoder reported damage in a source's stream.</summary>
    DecodeProblem,
    /// <summary>A source failed or stopped (agent: device unplugged, vanished, never there; a decoder or channel failed).</summary>
    SourceFailed,
    /// <summary>A source that had failed delivers again (agent); the message says how long it was away.</summary>
    SourceResumed,
    /// <summary>The evidence on the message order stayed inconclusive: an order was taken and labels may be 1 s off.</summary>
    AssociationUncertain,
    /// <summary>Later evidence contradicted the decided message order: it was changed; labels since the message says may have been 1 s off.</summary>
    AssociationRevised,
}

/// <summary>
/// A label-level event a sink can record: which channel (or source, for source-wide events), when (host receive
/// time of the event that revealed it), which UTC second if known, and a one-line message.
/// </summary>
public sealed record LabelEvent(string Channel, long HostTimeUnixNanoseconds, Instant? Utc, LabelEventKind Kind, string Message, int Count = 1);
