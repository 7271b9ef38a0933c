using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// What a decoder found in a source's raw bytes. Every event carries the source name and the host receive time
/// (ns since the Unix epoch) of the raw event that completed it. Decoders emit; the labeller consumes.
/// </summary>
public abstract record DecodedEvent(string Source, long HostTimeUnixNanoseconds);

/// <summary>
/// A GNSS message that states a UTC time (NMEA RMC/ZDA/GGA, UBX NAV-TIMEUTC/NAV-PVT).
/// <paramref name="Utc"/> is null when the message carries no usable time; <paramref name="Valid"/> is the message's
/// own validity (RMC status A, GGA quality > 0, UBX validity flags).
/// </summary>
public sealed record GnssTimeMessage(string Source, long HostTimeUnixNanoseconds, string Kind, Instant? Utc, bool Valid)
    : DecodedEvent(Source, HostTimeUnixNanoseconds);

/// <summary>UBX TIM-TP: the UTC time of the next time pulse and its quantization error (u-blox qErr, picoseconds).</summary>
public sealed record TimePulseInfo(string Source, long HostTimeUnixNanoseconds, Instant NextPulseUtc, long QErrPicoseconds, bool Valid)
    : DecodedEvent(Source, HostTimeUnixNanoseconds);

/// <summary>UBX TIM-TM2: the receiver's time of an external edge on EXTINT (e.g. the DUT's PPS).</summary>
public sealed record TimeMark(string Source, long HostTimeUnixNanoseconds, int Channel, Instant RisingEdgeUtc, uint Count, bool Valid)
    : DecodedEvent(Source, HostTimeUnixNanoseconds);

/// <summary>A leap second announced by the receiver (sign +1 or −1) at the end of the given UTC day, when known.</summary>
public sealed record LeapSecondWarning(string Source, long HostTimeUnixNanoseconds, int Sign, Instant? AtUtc)
    : DecodedEvent(Source, HostTimeUnixNanoseconds);

/// <summary>
/// A time-interval counter reading. For a timestamping counter (TICC timestamp mode) <paramref name="Value"/> is the
/// edge's time since the counter's start on <paramref name="Channel"/> ("chA", "chB"); for an interval counter
/// (TICC interval mode, 53230A, SR620) it is the interval start→stop, Channel "TI". Exact to the picosecond.
/// </summary>
public sealed record CounterReading(string Source, long HostTimeUnixNanoseconds, string Channel, Duration Value)
    : DecodedEvent(Source, HostTimeUnixNanoseconds);

/// <summary>A PPS edge timestamped by the host (kernel PPS API, GPIO, serial DCD), with the kernel's sequence number.</summary>
public sealed record PpsEdge(string Source, long HostTimeUnixNanoseconds, Instant EdgeTime, uint Sequence, bool Assert)
    : DecodedEvent(Source, HostTimeUnixNanoseconds);

/// <summary>Damage found in the stream (bad checksum, garbage skipped, truncated frame), with its byte offset.</summary>
public sealed record DecodeProblem(string Source, long HostTimeUnixNanoseconds, long StreamOffset, string Message)
    : DecodedEvent(Source, HostTimeUnixNanoseconds);

/// <summary>Turns one source's raw bytes into decoded events. Stateful: frames may span raw events.</summary>
public interface IStreamDecoder
{
    /// <summary>Feeds the bytes of one raw event; appends what completed to <paramref name="output"/>.</summary>
    void Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, List<DecodedEvent> output);
}
