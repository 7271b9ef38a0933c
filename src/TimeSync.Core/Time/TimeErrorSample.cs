namespace TimeSync.Core.Time;

/// <summary>
/// One time-error measurement of a device under test: x = T_dut − T_ref (ITU-T G.810), in seconds,
/// positive when the device's clock is ahead of the reference, taken at the reference instant <see cref="Time"/>.
/// </summary>
public readonly record struct TimeErrorSample(Instant Time, double TimeErrorSeconds);
