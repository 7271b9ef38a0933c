using TimeSync.Capture.Pcapng;

namespace TimeSync.Simulation.Live;

/// <summary>
/// An <see cref="ICaptureWriter"/> that plays a simulated bench live: each raw event is written to its source's
/// pseudo-terminal when the wall clock reaches its host receive time, so a reader sees the device's bytes at the pace
/// and in the chunks the simulated USB bridge delivers them. Optionally also writes every event to a capture (tee).
/// <see cref="Write"/> throws <see cref="OperationCanceledException"/> once <paramref name="cancellation"/> fires.
/// </summary>
public sealed class PacedPtyWriter(IReadOnlyDictionary<string, PseudoTerminal> terminals, CancellationToken cancellation,
    ICaptureWriter? tee = null, Func<long>? clockUnixNanoseconds = null) : ICaptureWriter
{
    private readonly List<PseudoTerminal?> _bySource = [];
    private readonly List<int> _teeIds = [];
    private readonly Func<long> _clock = clockUnixNanoseconds ?? WallClockUnixNanoseconds;

    /// <summary>Events that were due before they could be written (the machine fell behind real time).</summary>
    public long LateEvents { get; private set; }

    public int AddSource(CaptureSource source)
    {
        _bySource.Add(terminals.TryGetValue(source.Name, out var t) ? t : null);
        _teeIds.Add(tee?.AddSource(source) ?? -1);
        return _bySource.Count - 1;
    }

    public void Write(int sourceId, long hostTimeUnixNanoseconds, ReadOnlySpan<byte> payload)
    {
        long wait;
        bool late = true;
        while ((wait = hostTimeUnixNanoseconds - _clock()) > 0)
        {
            late = false;
            // sleep in steps of at most 50 ms so that a cancellation is seen promptly
            if (cancellation.WaitHandle.WaitOne(TimeSpan.FromTicks(Math.Min(wait / 100, 500_000)))) break;
        }
        cancellation.ThrowIfCancellationRequested();
        if (late && _clock() - hostTimeUnixNanoseconds > 10_000_000) LateEvents++;
        _bySource[sourceId]?.Write(payload);
        if (tee is not null) tee.Write(_teeIds[sourceId], hostTimeUnixNanoseconds, payload);
    }

    public void Flush() => tee?.Flush();

    public void Dispose() { } // the terminals and the tee belong to the caller

    private static long WallClockUnixNanoseconds() => (DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks) * 100;
}
