namespace TimeSync.Influx.Delivery;

/// <summary>
/// A sealed group of points in line protocol, numbered in the order it was sealed. Batches are sent, spooled and
/// backfilled in <see cref="Sequence"/> order; a batch is never split or merged after sealing, so a retry resends the
/// same points with the same timestamps (which the server overwrites, never duplicates).
/// </summary>
/// <param name="FirstNs">Smallest point timestamp (ns), 0 when unknown (a batch reloaded from the spool).</param>
/// <param name="LastNs">Largest point timestamp (ns), 0 when unknown.</param>
public sealed record Batch(long Sequence, string Lines, int PointCount, long FirstNs, long LastNs)
{
    public long ByteCount { get; } = System.Text.Encoding.UTF8.GetByteCount(Lines);
}
