using TimeSync.Acquisition.Serial;

namespace TimeSync.Acquisition.Sources;

/// <summary>
/// The open → read → fail → back off → reopen loop every live source runs (serial ports, PPS devices): opens the
/// connection, reads it until cancelled, and when opening or reading fails — a device that is not there, unplugged,
/// not what it should be — reports the loss once per outage (<see cref="Lost"/>, at its start), logs the retry (thinned:
/// <see cref="ShouldLogRetry"/>), waits <see cref="Backoff"/> (from <see cref="InitialBackoff"/>, doubling, at most
/// <see cref="MaxBackoff"/>) and tries again; when the connection is open again it reports the gap
/// (<see cref="Resumed"/>). Runs on the caller's thread until cancelled; never throws except for cancellation.
/// </summary>
/// <typeparam name="TConnection">What <c>open</c> returns (a serial port, a PPS handle); disposed after each failure.</typeparam>
public sealed class ReconnectLoop<TConnection>(Func<TConnection> open, Action<TConnection, CancellationToken> read)
    where TConnection : class, IDisposable
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The connection opened for the first time (not after an outage).</summary>
    public Action<TConnection>? Opened { get; init; }

    /// <summary>The connection is open again: (host time now, host time the outage started, what started it).</summary>
    public Action<long, long, string>? Resumed { get; init; }

    /// <summary>An outage starts: (host time, reason). Once per outage, so a device that never comes back is on record.</summary>
    public Action<long, string>? Lost { get; init; }

    /// <summary>A retry worth logging: (reason, delay before it).</summary>
    public Action<string, TimeSpan>? Retrying { get; init; }

    /// <summary>One line saying why a connection failed (default "Type: message").</summary>
    public Func<Exception, string> Describe { get; init; } = e => $"{e.GetType().Name}: {e.Message}";

    /// <summary>True while the connection is open.</summary>
    public bool Connected => Volatile.Read(ref _connected);

    private bool _connected;

    public void Run(CancellationToken cancel)
    {
        long? lostAt = null;
        string reason = "";
        int failures = 0;
        while (!cancel.IsCancellationRequested)
        {
            TConnection? connection = null;
            try
            {
                connection = open();
                Volatile.Write(ref _connected, true);
                if (lostAt is long lost)
                {
                    Resumed?.Invoke(HostClock.UnixNanoseconds(), lost, reason);
                    lostAt = null;
                }
                else Opened?.Invoke(connection);
                failures = 0;
                read(connection, cancel);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Volatile.Write(ref _connected, false);
                string why = Describe(e).ReplaceLineEndings(" ");
                if (lostAt is null)
                {
                    lostAt = HostClock.UnixNanoseconds();
                    reason = why; // the gap is named after what started it
                    Lost?.Invoke(lostAt.Value, reason);
                }
                var delay = Backoff(failures);
                if (ShouldLogRetry(failures)) Retrying?.Invoke(why, delay);
                failures++;
                cancel.WaitHandle.WaitOne(delay);
            }
            finally
            {
                Volatile.Write(ref _connected, false);
                try { connection?.Dispose(); }
                catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException) { /* already gone */ }
            }
        }
    }

    /// <summary>InitialBackoff · 2^failures, capped at MaxBackoff.</summary>
    public TimeSpan Backoff(int failures) => ReconnectPolicy.Backoff(InitialBackoff, MaxBackoff, failures);

    /// <inheritdoc cref="ReconnectPolicy.ShouldLogRetry"/>
    public static bool ShouldLogRetry(int failures) => ReconnectPolicy.ShouldLogRetry(failures);
}

/// <summary>The retry schedule and log thinning of <see cref="ReconnectLoop{TConnection}"/>.</summary>
public static class ReconnectPolicy
{
    /// <summary><paramref name="initial"/> · 2^failures, capped at <paramref name="max"/>.</summary>
    public static TimeSpan Backoff(TimeSpan initial, TimeSpan max, int failures)
    {
        double ms = initial.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, max.TotalMilliseconds));
    }

    /// <summary>
    /// Whether the retry after <paramref name="failures"/> earlier failures of this outage is logged: the first three,
    /// then the 4th, 8th, 16th, … so a device that stays away does not flood the log.
    /// </summary>
    public static bool ShouldLogRetry(int failures) => failures < 3 || (failures & (failures - 1)) == 0;
}
