namespace TimeSync.Capture.Pcapng;

/// <summary>pcapng link types used by TimeSync (see docs/architecture.md).</summary>
public enum CaptureLinkType : ushort
{
    /// <summary>LINKTYPE_ETHERNET: bench network frames (gPTP).</summary>
    Ethernet = 1,

    /// <summary>LINKTYPE_USER0: a raw serial byte stream (NMEA, UBX, counter text), bytes exactly as read.</summary>
    SerialBytes = 147,

    /// <summary>LINKTYPE_USER1: one PPS event record per packet (binary, see Acquisition's PpsEventRecord).</summary>
    PpsEvent = 148,

    /// <summary>LINKTYPE_USER2: a source event written by the agent/recorder (source lost, source resumed after a gap),
    /// one UTF-8 JSON line per packet (see Acquisition's SourceEventRecord), so replay sees the gaps the live run saw.</summary>
    SourceEvent = 149,
}

/// <summary>A source recorded in a capture: one pcapng interface.</summary>
/// <param name="Name">Short unique name, e.g. "gnss", "ticc", "pps0" (pcapng if_name).</param>
/// <param name="LinkType">What the payloads are.</param>
/// <param name="Description">Device and settings, e.g. "serial /dev/ttyUSB0 115200 8N1" (pcapng if_description).</param>
public sealed record CaptureSource(string Name, CaptureLinkType LinkType, string Description);

/// <summary>Append-only writer of raw events. Implemented by the pcapng writer.</summary>
public interface ICaptureWriter : IDisposable
{
    /// <summary>Declares a source; returns its interface id for <see cref="Write"/>.</summary>
    int AddSource(CaptureSource source);

    /// <summary>Appends one raw event: the bytes exactly as received and the host receive time in ns since the Unix epoch.</summary>
    void Write(int sourceId, long hostTimeUnixNanoseconds, ReadOnlySpan<byte> payload);

    /// <summary>Pushes buffered data to the operating system (and to disk per the writer's fsync policy).</summary>
    void Flush();
}
