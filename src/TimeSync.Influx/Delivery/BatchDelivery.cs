using System.Globalization;
using System.Text;
using System.Threading.Channels;
using TimeSync.Influx.Transport;

namespace TimeSync.Influx.Delivery;

/// <summary>
/// Gets points to the server without losing or duplicating one, whatever the server does, and without holding up the
/// producer: points are batched in memory; sealed batches go through a bounded in-memory queue to one sender task, which
/// writes them in sequence order with retry, exponential backoff and jitter. When the server is down or slow (the
/// memory queue is full, or a write fails) batches spill to the on-disk <see cref="Spool"/>, and from then on every
/// batch goes through the spool, oldest first, until it is empty again: the backfill is in order.
/// <para>
/// Spool full: the policy is <b>keep the oldest, refuse the newest</b>. Spooled batches are never discarded; a batch
/// that does not fit is dropped whole, its points counted, and when batches fit again (or at shutdown) one
/// <c>event,kind=spool_overflow</c> point records how many points were dropped and the first and last timestamp of the
/// gap, with a log line, so the interval can be refilled by replaying the raw capture over it. Rationale: the record
/// stays one contiguous run from the outage onward with a single stated gap at its end, a batch once on disk is final
/// (no race with the sender reading the oldest file), and the raw pcapng capture, not InfluxDB, is the primary record.
/// </para>
/// A retry resends the same batch (same series and timestamps), which InfluxDB overwrites (VictoriaMetrics with
/// <c>-dedup.minScrapeInterval</c>): at-least-once delivery with idempotent writes gives exactly-once storage.
/// Shutdown (<see cref="CompleteAsync"/>) sends what it can within <see cref="DeliveryOptions.DrainTimeout"/> and
/// leaves the rest in the spool, which the next run backfills first.
/// </summary>
public sealed class BatchDelivery : IAsyncDisposable
{
    private readonly IInfluxTransport _transport;
    private readonly DeliveryOptions _options;
    private readonly Action<string> _log;
    private readonly Func<OverflowReport, string> _formatOverflowEvent;
    private readonly Spool _spool;
    private readonly Channel<Batch> _memory;
    private readonly object _buildLock = new();
    private readonly object _routeLock = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly Timer _flushTimer;
    private readonly Task _sender;
    private readonly Backoff _backoff;

    private StringBuilder _building = new();
    private int _buildingPoints;
    private long _buildingFirstNs = long.MaxValue, _buildingLastNs = long.MinValue;
    private long _buildingStartedTicks;
    private long _nextSequence;
    private bool _completed;

    private long _accepted, _written, _dropped, _rejected, _failedAttempts;
    private OverflowReport? _overflow; // the gap being dropped now, reported when batches fit again
    private bool _serverFailing;
    // Bytes of batches in the memory queue or in flight from it: they count against the spool's bound, so that a
    // batch moving from memory to disk (always older than what the producer spools meanwhile) always fits, and the
    // bound covers every point not yet acknowledged.
    private long _memoryBytes;

    /// <param name="formatOverflowEvent">Writes the <c>spool_overflow</c> event point (one line, with '\n').</param>
    /// <param name="log">Receives one line per state change (never a secret: transports redact).</param>
    public BatchDelivery(IInfluxTransport transport, DeliveryOptions options, Func<OverflowReport, string> formatOverflowEvent, Action<string> log)
    {
        _transport = transport;
        _options = options;
        _log = log;
        _formatOverflowEvent = formatOverflowEvent;
        _spool = new Spool(options.SpoolDirectory, options.SpoolMaxBytes);
        _nextSequence = _spool.LastSequence + 1;
        _backoff = new Backoff(options.RetryInitial, options.RetryMax);
        _memory = Channel.CreateBounded<Batch>(new BoundedChannelOptions(Math.Max(1, options.MemoryBatches))
        { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        if (_spool.Count > 0)
            _log($"influx: {_spool.Count} batches ({_spool.Bytes} bytes) left in spool {_spool.Directory} by an earlier run; sending them first to {_transport.Target}");
        var period = options.FlushInterval > TimeSpan.Zero ? options.FlushInterval / 4 : Timeout.InfiniteTimeSpan;
        _flushTimer = new Timer(_ => FlushIfDue(), null, period, period);
        _sender = Task.Run(SendLoopAsync);
    }

    public string SpoolDirectory => _spool.Directory;

    public DeliveryStats Stats
    {
        get
        {
            lock (_routeLock)
                return new DeliveryStats(Interlocked.Read(ref _accepted), Interlocked.Read(ref _written), Interlocked.Read(ref _dropped),
                    Interlocked.Read(ref _rejected), _spool.Count, _spool.Bytes, Interlocked.Read(ref _failedAttempts));
        }
    }

    /// <summary>
    /// Adds points: <paramref name="format"/> appends line-protocol lines to the builder and returns how many.
    /// Takes microseconds; at most a disk write of one batch when the server is away. Never waits for the server.
    /// </summary>
    public void Add<TState>(TState state, long timestampNs, Func<StringBuilder, TState, int> format)
    {
        Batch? sealedBatch = null;
        lock (_buildLock)
        {
            if (_completed) throw new InvalidOperationException("the sink is completed");
            int n = format(_building, state);
            if (n == 0) return;
            if (_buildingPoints == 0) _buildingStartedTicks = Environment.TickCount64;
            _buildingPoints += n;
            Interlocked.Add(ref _accepted, n);
            if (timestampNs < _buildingFirstNs) _buildingFirstNs = timestampNs;
            if (timestampNs > _buildingLastNs) _buildingLastNs = timestampNs;
            if (_buildingPoints >= _options.BatchPoints) sealedBatch = SealLocked();
        }
        if (sealedBatch is not null) Route(sealedBatch);
    }

    /// <summary>Seals the points gathered so far into a batch now (e.g. at the end of a replay).</summary>
    public void Flush()
    {
        Batch? b;
        lock (_buildLock) b = SealLocked();
        if (b is not null) Route(b);
    }

    private void FlushIfDue()
    {
        Batch? b = null;
        lock (_buildLock)
        {
            if (_buildingPoints > 0 && Environment.TickCount64 - _buildingStartedTicks >= _options.FlushInterval.TotalMilliseconds)
                b = SealLocked();
        }
        if (b is not null) Route(b);
    }

    // Sequence numbers are taken in the build lock, and Route is entered in the same order for a given thread; batches
    // sealed concurrently by the timer and the producer may enter Route in either order, which the spool's ordering by
    // sequence and the sender's rule (spool first, then memory) keep harmless.
    private Batch? SealLocked()
    {
        if (_buildingPoints == 0) return null;
        var b = new Batch(Interlocked.Increment(ref _nextSequence) - 1, _building.ToString(), _buildingPoints, _buildingFirstNs, _buildingLastNs);
        _building = new StringBuilder(Math.Max(256, b.Lines.Length + b.Lines.Length / 8));
        _buildingPoints = 0;
        _buildingFirstNs = long.MaxValue;
        _buildingLastNs = long.MinValue;
        return b;
    }

    private void Route(Batch batch)
    {
        lock (_routeLock)
        {
            // Memory only while the spool is empty: everything in memory is then newer than everything on disk.
            if (_spool.Count == 0 && _overflow is null && _spool.Bytes + _memoryBytes + batch.ByteCount <= _spool.MaxBytes
                && _memory.Writer.TryWrite(batch))
            {
                _memoryBytes += batch.ByteCount;
                return;
            }
            SpoolOrDropLocked(batch);
        }
    }

    /// <summary>Moves a batch that was counted in memory to the spool (it always fits: its bytes were reserved).</summary>
    private void SpoolFromMemoryLocked(Batch batch)
    {
        _memoryBytes -= batch.ByteCount;
        if (!_spool.TryAppend(batch, _memoryBytes, force: true, out var refusal))
        {
            // Only a disk error gets here: the batch is lost to this sink, which says so.
            if (_overflow is null) _overflow = new OverflowReport(batch.PointCount, 1, batch.FirstNs, batch.LastNs);
            else _overflow = _overflow.Value.Add(batch);
            Interlocked.Add(ref _dropped, batch.PointCount);
            _log($"influx: {refusal}: dropped batch {batch.Sequence} ({batch.PointCount} points)");
        }
    }

    private void SpoolOrDropLocked(Batch batch)
    {
        if (_spool.TryAppend(batch, _memoryBytes, force: false, out var refusal))
        {
            if (_overflow is { } gap) ReportOverflowLocked(gap, "space in the spool again");
            return;
        }
        if (_overflow is null)
        {
            _overflow = new OverflowReport(batch.PointCount, 1, batch.FirstNs, batch.LastNs);
            _log($"influx: {refusal} in {_spool.Directory}: dropping new points until it drains (policy: keep the oldest, drop the newest; the gap is logged and stored as event kind=spool_overflow)");
        }
        else _overflow = _overflow.Value.Add(batch);
        Interlocked.Add(ref _dropped, batch.PointCount);
    }

    private void ReportOverflowLocked(OverflowReport gap, string why)
    {
        _overflow = null;
        _log($"influx: {why}: dropped {gap.Points} points in {gap.Batches} batches from {FormatNs(gap.FirstNs)} to {FormatNs(gap.LastNs)}; replay the capture over that interval to refill it");
        var line = _formatOverflowEvent(gap);
        var ev = new Batch(Interlocked.Increment(ref _nextSequence) - 1, line, 1, gap.FirstNs, gap.FirstNs);
        Interlocked.Increment(ref _accepted);
        // One line, allowed past the bound: the report of a gap is worth more than a few hundred bytes of margin.
        if (!_spool.TryAppend(ev, _memoryBytes, force: true, out var refusal))
            _log($"influx: could not store the spool_overflow event itself: {refusal}");
    }

    private static string FormatNs(long ns) =>
        ns is 0 or long.MaxValue or long.MinValue ? "?" : TimeSync.Core.Time.Instant.FromUnixNanoseconds(ns).ToIsoString(9);

    private async Task SendLoopAsync()
    {
        var stop = _stop.Token;
        while (!stop.IsCancellationRequested)
        {
            Batch? batch = null;
            bool fromSpool = false;
            lock (_routeLock)
            {
                if (_spool.Count > 0)
                {
                    // Keep one order: whatever waits in memory is newer than the spool; it joins the spool's tail.
                    while (_memory.Reader.TryRead(out var m)) SpoolFromMemoryLocked(m);
                    batch = ReadOldestLocked();
                    fromSpool = batch is not null;
                }
            }
            if (batch is null)
            {
                try
                {
                    if (!await _memory.Reader.WaitToReadAsync(stop).ConfigureAwait(false)) return; // completed and empty
                }
                catch (OperationCanceledException) { return; }
                if (!_memory.Reader.TryRead(out batch)) continue;
            }

            WriteOutcome outcome;
            try { outcome = await _transport.WriteAsync(batch.Lines, stop).ConfigureAwait(false); }
            catch (OperationCanceledException)
            {
                if (!fromSpool) lock (_routeLock) SpoolFromMemoryLocked(batch);
                return;
            }

            switch (outcome.Status)
            {
                case WriteStatus.Written:
                    Interlocked.Add(ref _written, batch.PointCount);
                    lock (_routeLock)
                    {
                        if (fromSpool) _spool.Remove(batch.Sequence);
                        else _memoryBytes -= batch.ByteCount;
                    }
                    if (_serverFailing)
                    {
                        _serverFailing = false;
                        _log($"influx: {_transport.Target} accepts writes again after {_backoff.Failures} failed attempts; backfilling {Stats.SpooledBatches} spooled batches in order");
                    }
                    _backoff.Reset();
                    break;
                case WriteStatus.Rejected:
                    Interlocked.Add(ref _rejected, batch.PointCount);
                    string kept;
                    lock (_routeLock)
                    {
                        if (!fromSpool) _memoryBytes -= batch.ByteCount;
                        kept = _spool.KeepRejected(batch);
                    }
                    _log($"influx: {_transport.Target} refused batch {batch.Sequence} ({batch.PointCount} points): {outcome.Detail}; kept in {kept}");
                    break;
                default:
                    Interlocked.Increment(ref _failedAttempts);
                    if (!fromSpool) lock (_routeLock) SpoolFromMemoryLocked(batch);
                    var delay = _backoff.Next();
                    if (!_serverFailing)
                    {
                        _serverFailing = true;
                        _log($"influx: write to {_transport.Target} failed: {outcome.Detail}; spooling to {_spool.Directory} and retrying with backoff (up to {_options.RetryMax.TotalSeconds:0.#} s)");
                    }
                    try { await Task.Delay(delay, stop).ConfigureAwait(false); }
                    catch (OperationCanceledException) { return; }
                    break;
            }
        }
    }

    private Batch? ReadOldestLocked()
    {
        try { return _spool.ReadOldest(); }
        catch (IOException e)
        {
            _log($"influx: cannot read the spool {_spool.Directory}: {e.Message}");
            return null;
        }
    }

    /// <summary>
    /// Seals the last points, sends what it can within the drain timeout, and leaves the rest in the spool.
    /// Returns the final counters.
    /// </summary>
    public async Task<DeliveryStats> CompleteAsync()
    {
        lock (_buildLock)
        {
            if (_completed) return Stats;
        }
        Flush();
        lock (_buildLock) _completed = true;
        await _flushTimer.DisposeAsync().ConfigureAwait(false);
        _memory.Writer.TryComplete();

        // The sender ends by itself once the memory queue is completed and empty and the spool is empty.
        await Task.WhenAny(_sender, Task.Delay(_options.DrainTimeout)).ConfigureAwait(false);
        _stop.Cancel();
        try { await _sender.ConfigureAwait(false); } catch (OperationCanceledException) { }

        lock (_routeLock)
        {
            while (_memory.Reader.TryRead(out var m)) SpoolFromMemoryLocked(m);
            if (_overflow is { } gap) ReportOverflowLocked(gap, "shutting down");
        }
        var stats = Stats;
        if (stats.SpooledBatches > 0)
            _log($"influx: shutting down with {stats.SpooledBatches} batches ({stats.SpooledBytes} bytes) not yet written to {_transport.Target}; they stay in {_spool.Directory} and are sent first at the next start");
        return stats;
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync().ConfigureAwait(false);
        _spool.Dispose();
        _transport.Dispose();
        _stop.Dispose();
    }
}

/// <summary>A run of dropped batches: how many points, and the first and last timestamps (ns) of the gap.</summary>
public readonly record struct OverflowReport(long Points, int Batches, long FirstNs, long LastNs)
{
    public OverflowReport Add(Batch b) => new(Points + b.PointCount, Batches + 1,
        Math.Min(FirstNs, b.FirstNs), Math.Max(LastNs, b.LastNs));

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Points} points in {Batches} batches");
}
