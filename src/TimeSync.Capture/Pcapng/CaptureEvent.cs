namespace TimeSync.Capture.Pcapng;

/// <summary>
/// One raw event read from a capture. <see cref="Payload"/> points into the reader's buffer and is valid only until
/// the reader moves to the next event: copy it (<c>Payload.ToArray()</c>) to keep it.
/// </summary>
/// <param name="SourceId">Index into <see cref="PcapngReader.Sources"/> (stable across sections and rotated files).</param>
/// <param name="HostTimeUnixNanoseconds">Host receive time, ns since the Unix epoch.</param>
/// <param name="Payload">The bytes exactly as received.</param>
/// <param name="FileOffset">Offset of the packet's block in the file (for messages).</param>
public readonly record struct CaptureEvent(int SourceId, long HostTimeUnixNanoseconds, ReadOnlyMemory<byte> Payload, long FileOffset);

/// <summary>A problem found while reading a capture, with the file offset of the block concerned.</summary>
public sealed record CaptureDiagnostic(long FileOffset, string Message)
{
    /// <summary>"file@0x1a2c: message", the project's location style.</summary>
    public string Format(string fileName) => $"{fileName}@0x{FileOffset:x}: {Message}";
}

/// <summary>Counts of damage found in a capture (for <c>capture info</c>).</summary>
public sealed class CaptureDamage
{
    public int CorruptBlocks { get; internal set; }
    public long SkippedBytes { get; internal set; }
    public bool TornFinalBlock { get; internal set; }
    public int OversizedBlocks { get; internal set; }
    public int UnknownBlocks { get; internal set; }
    public long SkippedPackets { get; internal set; }
    public int UnsupportedSections { get; internal set; }
    public long OutOfOrderEvents { get; internal set; }

    public bool Any => CorruptBlocks + OversizedBlocks + UnsupportedSections > 0 || TornFinalBlock || SkippedBytes > 0;
}
