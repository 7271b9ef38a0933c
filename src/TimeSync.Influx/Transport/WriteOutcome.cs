namespace TimeSync.Influx.Transport;

/// <summary>What became of one write request.</summary>
public enum WriteStatus
{
    /// <summary>The server stored the batch (HTTP 204).</summary>
    Written,
    /// <summary>Try again later: no connection, timeout, 5xx, 429, or a configuration the operator may fix (401/403/404).</summary>
    Retry,
    /// <summary>The server refused the content itself (400 bad line, 413 too large): resending the same bytes cannot help.</summary>
    Rejected,
}

/// <param name="Detail">One line for the log, with secrets already removed.</param>
public readonly record struct WriteOutcome(WriteStatus Status, string Detail)
{
    public static readonly WriteOutcome Ok = new(WriteStatus.Written, "");

    /// <summary>Classifies an HTTP status code the way both write APIs use them.</summary>
    public static WriteStatus Classify(int httpStatus) => httpStatus switch
    {
        >= 200 and < 300 => WriteStatus.Written,
        400 or 413 or 422 => WriteStatus.Rejected,
        _ => WriteStatus.Retry,
    };
}
