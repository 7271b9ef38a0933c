namespace TimeSync.Capture.Pcapng;

/// <summary>
/// Settings of <see cref="PcapngWriter"/>. Defaults suit a week-long bench run: one-second flush+fsync, no rotation.
/// </summary>
public sealed record PcapngWriterOptions
{
    /// <summary>shb_userappl, e.g. "timesync 0.1.0".</summary>
    public string UserApplication { get; init; } = "timesync " + (typeof(PcapngWriter).Assembly.GetName().Version?.ToString(3) ?? "?");

    /// <summary>The bench description JSON (schema owned by Acquisition), stored as SHB opt_comment "timesync-bench:&lt;json&gt;".</summary>
    public string? BenchDescription { get; init; }

    /// <summary>shb_hardware, when known.</summary>
    public string? Hardware { get; init; }

    /// <summary>shb_os, when known.</summary>
    public string? OperatingSystem { get; init; }

    /// <summary>
    /// Flush policy: buffered blocks are written to the operating system and fsync'ed at most this long after they were
    /// appended (checked on every write and by a timer, so an idle writer also flushes), and on <see cref="PcapngWriter.Dispose"/>.
    /// A power loss therefore loses at most this much data. Must be in (0, 1 s].
    /// </summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>fsync (FileStream.Flush(true)) on each periodic flush; false only for tests and benchmarks.</summary>
    public bool Fsync { get; init; } = true;

    /// <summary>In-memory buffer in bytes (bounded; a full buffer is written out at once). Default 256 KiB.</summary>
    public int BufferBytes { get; init; } = 256 * 1024;

    /// <summary>Start a new numbered file once the current one would exceed this many bytes (null: never).</summary>
    public long? RotateAfterBytes { get; init; }

    /// <summary>Start a new numbered file once an event's host time is this far past the file's first event (null: never).</summary>
    public TimeSpan? RotateAfterTime { get; init; }

    /// <summary>Replace an existing file instead of refusing to (captures are precious: default false).</summary>
    public bool Overwrite { get; init; }

    internal bool Rotates => RotateAfterBytes is not null || RotateAfterTime is not null;
}
