namespace TimeSync.Influx.Delivery;

/// <summary>Batching, retry and spool settings. The defaults suit a bench streaming up to ~10^5 points/s.</summary>
public sealed record DeliveryOptions
{
    /// <summary>Points per batch (InfluxDB recommends 5 000–10 000).</summary>
    public int BatchPoints { get; init; } = 5000;
    /// <summary>A batch is sealed at the latest this long after its first point, so a slow stream shows up live.</summary>
    public TimeSpan FlushInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>Sealed batches held in memory awaiting the sender; beyond that they go to the spool.</summary>
    public int MemoryBatches { get; init; } = 16;
    /// <summary>Folder of the on-disk queue; one sink at a time (it holds a lock file there).</summary>
    public required string SpoolDirectory { get; init; }
    /// <summary>Bound of the on-disk queue in bytes of line protocol.</summary>
    public long SpoolMaxBytes { get; init; } = 512L * 1024 * 1024;
    /// <summary>First retry delay; doubles each failure up to <see cref="RetryMax"/>, with jitter (×0.5–1).</summary>
    public TimeSpan RetryInitial { get; init; } = TimeSpan.FromMilliseconds(200);
    public TimeSpan RetryMax { get; init; } = TimeSpan.FromSeconds(10);
    /// <summary>On shutdown, how long to keep sending before persisting the rest to the spool.</summary>
    public TimeSpan DrainTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
