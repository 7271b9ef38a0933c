using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers;

/// <summary>What a reader may need beyond the text: where relative times start, and the file's own date.</summary>
public sealed record ImportOptions
{
    public static ImportOptions None { get; } = new();

    /// <summary>
    /// <c>--start</c>: a series with relative times only (e.g. ptp4l's CLOCK_MONOTONIC stamps) is placed from this
    /// instant; also the year of the first line of a syslog file (whose time stamps have none).
    /// </summary>
    public Instant? Start { get; init; }

    /// <summary>The file's last modification time (UTC): the year of syslog lines when <see cref="Start"/> is absent.</summary>
    public DateTime? FileTimeUtc { get; init; }
}
