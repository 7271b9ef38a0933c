using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// GPS week / time-of-week arithmetic (IS-GPS-200 §20.3.3.3.1.1: weeks since the GPS epoch 1980-01-06T00:00:00Z,
/// seconds into the week from Sunday 00:00). GPS time runs ahead of UTC by the leap second count
/// (IS-GPS-200 §20.3.3.5.2.4: t_UTC = t_GPS − ΔtLS, neglecting the sub-ns A0/A1 terms).
/// </summary>
public static class GpsTime
{
    /// <summary>1980-01-06T00:00:00Z in Unix seconds.</summary>
    public const long GpsEpochUnixSeconds = 315_964_800L;

    public const long SecondsPerWeek = 604_800L;

    /// <summary>
    /// The GPS−UTC offset used when the stream has not told it yet (valid since 2017-01-01, IERS Bulletin C 52).
    /// Any time computed with it is reported with a <see cref="DecodeProblem"/> and Valid = false.
    /// </summary>
    public const int DefaultLeapSeconds = 18;

    /// <summary>
    /// The instant labelled (week, time of week) on a week/tow scale, as a POSIX instant without leap correction:
    /// for a GPS-timebase value subtract the leap seconds afterwards; for a UTC-timebase value (u-blox TIM-TP/TIM-TM2
    /// with timeBase = UTC) it is already UTC.
    /// </summary>
    public static Instant FromWeekAndTow(long week, Duration timeOfWeek) =>
        new Instant(GpsEpochUnixSeconds + week * SecondsPerWeek, 0) + timeOfWeek;

    /// <summary>GPS time (week, tow) to UTC with the given GPS−UTC leap second count.</summary>
    public static Instant GpsToUtc(long week, Duration timeOfWeek, int leapSeconds) =>
        FromWeekAndTow(week, timeOfWeek) - Duration.FromSeconds(leapSeconds);
}
