using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Serial;

namespace TimeSync.Acquisition.Pps;

/// <summary>
/// Runs one PPS source on its own thread: opens it through <c>open</c> (kernel PPS, GPIO, serial DCD: see
/// <see cref="PpsSourceFactory"/>), fetches edges until cancelled, and when opening or fetching fails — a device that is
/// not there, unplugged, or not a PPS device — logs one line, reports the loss once per outage, retries with
/// exponential backoff (from <see cref="InitialBackoff"/>, doubling, at most <see cref="MaxBackoff"/>) and reports the
/// gap when the source is open again. Log lines (without the source name: the caller adds it) are thinned out like
/// <see cref="SerialSource"/>'s. Never throws out of <see cref="RunAsync"/> except for cancellation, so the other
/// sources go on.
/// </summary>
public sealed class PpsSourceRunner(string name, Func<IPpsSource> open, IPpsSourceEvents events, Action<string> log)
{
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);
    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one fetch waits for an edge before checking for cancellation.</summary>
    public TimeSpan FetchTimeout { get; init; } = TimeSpan.FromMilliseconds(500);

    public string Name => name;

    /// <summary>Edges delivered so far.</summary>
    public long Edges => Interlocked.Read(ref _edges);

    /// <summary>True while the source is open.</summary>
    public bool Connected => Volatile.Read(ref _connected);

    private long _edges;
    private bool _connected;

    public Task RunAsync(CancellationToken cancel) =>
        Task.Factory.StartNew(() => Run(cancel), cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancel)
    {
        long? lostAt = null;
        string reason = "";
        int failures = 0;
        var edges = new List<PpsEdge>();
        while (!cancel.IsCancellationRequested)
        {
            IPpsSource? source = null;
            try
            {
                source = open();
                Volatile.Write(ref _connected, true);
                if (lostAt is long lost)
                {
                    long now = HostClock.UnixNanoseconds();
                    log($"resumed after {(now - lost) / 1e9:F1} s");
                    events.OnResumed(now, lost, reason);
                    lostAt = null;
                }
                else log($"open ({source.Description})");
                failures = 0;
                while (!cancel.IsCancellationRequested)
                {
                    edges.Clear();
                    source.Fetch(FetchTimeout, edges);
                    if (edges.Count == 0) continue;
                    Interlocked.Add(ref _edges, edges.Count);
                    events.OnEdges(edges);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Volatile.Write(ref _connected, false);
                string why = e is Core.InputException ? e.Message : $"{e.GetType().Name}: {e.Message}";
                why = why.ReplaceLineEndings(" ");
                if (lostAt is null)
                {
                    lostAt = HostClock.UnixNanoseconds();
                    reason = why;
                    events.OnLost(lostAt.Value, reason);
                }
                var delay = Backoff(failures);
                if (SerialSource.ShouldLogRetry(failures)) log($"{why}; retrying in {delay.TotalSeconds:0.##} s");
                failures++;
                cancel.WaitHandle.WaitOne(delay);
            }
            finally
            {
                Volatile.Write(ref _connected, false);
                try { source?.Dispose(); }
                catch (Exception e) when (e is IOException or InvalidOperationException or UnauthorizedAccessException) { /* already gone */ }
            }
        }
    }

    /// <summary>InitialBackoff · 2^failures, capped at MaxBackoff.</summary>
    public TimeSpan Backoff(int failures)
    {
        double ms = InitialBackoff.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 30));
        return TimeSpan.FromMilliseconds(Math.Min(ms, MaxBackoff.TotalMilliseconds));
    }
}

/// <summary>Where a <see cref="PpsSourceRunner"/> delivers, on the runner's thread.</summary>
public interface IPpsSourceEvents
{
    /// <summary>New edges, oldest first (the list is reused: copy what you keep).</summary>
    void OnEdges(IReadOnlyList<PpsEdge> edges);

    /// <summary>The source failed (once per outage, when it starts).</summary>
    void OnLost(long hostTimeUnixNanoseconds, string reason);

    /// <summary>The source delivers again after being lost at <paramref name="lostAtUnixNanoseconds"/>.</summary>
    void OnResumed(long hostTimeUnixNanoseconds, long lostAtUnixNanoseconds, string reason);
}
