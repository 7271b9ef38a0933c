namespace TimeSync.Influx.Delivery;

/// <summary>Counters of a delivery, in points (a snapshot).</summary>
/// <param name="Accepted">Points handed to the sink.</param>
/// <param name="Written">Points the server acknowledged.</param>
/// <param name="Dropped">Points refused because the spool was full (reported in <c>spool_overflow</c> events).</param>
/// <param name="Rejected">Points in batches the server refused as malformed (kept in the spool's <c>rejected/</c>).</param>
/// <param name="SpooledBatches">Batches now in the on-disk queue.</param>
/// <param name="SpooledBytes">Bytes now in the on-disk queue.</param>
/// <param name="FailedAttempts">Write attempts that failed and were retried.</param>
public readonly record struct DeliveryStats(
    long Accepted, long Written, long Dropped, long Rejected, int SpooledBatches, long SpooledBytes, long FailedAttempts);
