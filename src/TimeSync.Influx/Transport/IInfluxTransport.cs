namespace TimeSync.Influx.Transport;

/// <summary>Sends one batch of line protocol (points separated by '\n', nanosecond timestamps) to a server.</summary>
public interface IInfluxTransport : IDisposable
{
    /// <summary>Where it writes, for log lines: URL and database or bucket, never a secret.</summary>
    string Target { get; }

    /// <summary>Writes the batch; never throws for a server or network problem (it is in the outcome).</summary>
    Task<WriteOutcome> WriteAsync(string lineProtocol, CancellationToken cancellationToken);
}
