using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Serial;
using TimeSync.Acquisition.Sources;

namespace TimeSync.Acquisition.Pps;

/// <summary>
/// Runs one PPS source on its own thread: opens it through <c>open</c> (kernel PPS, GPIO, serial DCD: see
/// <see cref="PpsSourceFactory"/>), fetches edges until cancelled, and when opening or fetching fails — a device that is
/// not there, unplugged, or not a PPS device — the shared <see cref="ReconnectLoop{TConnection}"/> (the same as
/// <see cref="SerialSource"/>'s) logs one line, reports the loss once per outage, retries with exponential backoff (from
/// <see cref="InitialBackoff"/>, doubling, at most <see cref="MaxBackoff"/>) and reports the gap when the source is open
/// again. Log lines carry no source name: the caller adds it. Never throws out of <see cref="RunAsync"/> except for cancellation, so the other
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
    public bool Connected => Volatile.Read(ref _loop)?.Connected ?? false;

    private long _edges;
    private ReconnectLoop<IPpsSource>? _loop;

    public Task RunAsync(CancellationToken cancel) =>
        Task.Factory.StartNew(() => Run(cancel), cancel, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken cancel)
    {
        var edges = new List<PpsEdge>();
        var loop = new ReconnectLoop<IPpsSource>(open, (source, c) => Read(source, edges, c))
        {
            InitialBackoff = InitialBackoff,
            MaxBackoff = MaxBackoff,
            Describe = e => e is Core.InputException ? e.Message : $"{e.GetType().Name}: {e.Message}",
            Opened = source => log($"open ({source.Description})"),
            Resumed = (now, lost, reason) =>
            {
                log($"resumed after {(now - lost) / 1e9:F1} s");
                events.OnResumed(now, lost, reason);
            },
            Lost = events.OnLost,
            Retrying = (why, delay) => log($"{why}; retrying in {delay.TotalSeconds:0.##} s"),
        };
        Volatile.Write(ref _loop, loop);
        loop.Run(cancel);
    }

    private void Read(IPpsSource source, List<PpsEdge> edges, CancellationToken cancel)
    {
        while (!cancel.IsCancellationRequested)
        {
            edges.Clear();
            source.Fetch(FetchTimeout, edges);
            if (edges.Count == 0) continue;
            Interlocked.Add(ref _edges, edges.Count);
            events.OnEdges(edges);
        }
    }

    /// <summary>InitialBackoff · 2^failures, capped at MaxBackoff.</summary>
    public TimeSpan Backoff(int failures) => ReconnectPolicy.Backoff(InitialBackoff, MaxBackoff, failures);
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
