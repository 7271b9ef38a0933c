namespace TimeSync.Acquisition.Serial;

/// <summary>What a <see cref="SerialSource"/> delivers: raw chunks, and gaps where the device was away.</summary>
public abstract record SerialEvent(long HostTimeUnixNanoseconds);

/// <summary>Bytes exactly as one read returned them, stamped with the host clock right after the read (<see cref="HostClock"/>).</summary>
public sealed record SerialData(long HostTimeUnixNanoseconds, byte[] Bytes) : SerialEvent(HostTimeUnixNanoseconds);

/// <summary>
/// The device was lost at <paramref name="LostAtUnixNanoseconds"/> (host time of the failure) and read again from
/// <paramref name="HostTimeUnixNanoseconds"/> on; anything the device sent in between is missing.
/// </summary>
public sealed record SerialGap(long HostTimeUnixNanoseconds, long LostAtUnixNanoseconds, string Reason) : SerialEvent(HostTimeUnixNanoseconds);

/// <summary>
/// The device stopped delivering (or could not be opened) at <paramref name="HostTimeUnixNanoseconds"/>: sent once per
/// outage, when it starts, so a device that never comes back is still on record. A <see cref="SerialGap"/> follows if
/// it resumes.
/// </summary>
public sealed record SerialFault(long HostTimeUnixNanoseconds, string Reason) : SerialEvent(HostTimeUnixNanoseconds);
