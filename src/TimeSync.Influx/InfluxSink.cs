using System.Text;
using TimeSync.Core.Time;
using TimeSync.Influx.Delivery;
using TimeSync.Influx.Schema;
using TimeSync.Influx.Transport;

namespace TimeSync.Influx;

/// <summary>
/// Streams time-error samples, rolling statistics, deviations per τ, verdicts and events to InfluxDB (or any server that
/// speaks its write API) in the schema of <see cref="InfluxSchema"/>, through a <see cref="BatchDelivery"/> that loses
/// nothing when the server goes away. Thread-safe; the write methods never wait for the server.
/// </summary>
public sealed class InfluxSink : IAsyncDisposable
{
    private readonly BatchDelivery _delivery;
    private readonly PointFormatter _formatter;
    private readonly double _rollingWindowSeconds;
    private readonly Dictionary<string, RollingWindow> _windows = new(StringComparer.Ordinal);
    private readonly object _windowLock = new();

    /// <param name="bench">Value of the <c>bench</c> tag on every point, or null.</param>
    /// <param name="rollingWindowSeconds">Window of the automatic <c>time_error_stats</c> points; 0 turns them off.</param>
    public InfluxSink(IInfluxTransport transport, DeliveryOptions delivery, string? bench, IEnumerable<ChannelInfo>? channels,
        Action<string> log, double rollingWindowSeconds = 60)
    {
        _formatter = new PointFormatter(bench, channels);
        _rollingWindowSeconds = rollingWindowSeconds;
        _delivery = new BatchDelivery(transport, delivery, FormatOverflowEvent, log);
        Target = transport.Target;
    }

    /// <summary>A sink for a target (validated; the transport is built from it).</summary>
    public static InfluxSink Create(InfluxTarget target, DeliveryOptions delivery, string? bench, Action<string> log, double rollingWindowSeconds = 60) =>
        new(target.CreateTransport(), delivery, bench, null, log, rollingWindowSeconds);

    public string Target { get; }
    public DeliveryStats Stats => _delivery.Stats;
    public string SpoolDirectory => _delivery.SpoolDirectory;

    public void Describe(ChannelInfo channel) => _formatter.Describe(channel);

    /// <summary>One time-error point (and, when a rolling window closes, its statistics point).</summary>
    /// <param name="usable">False for a sample unfit for statistics (invalid fix, host-clock label): it is stored with its
    /// flags but left out of the rolling statistics, as the analysis leaves it out.</param>
    public void WriteSample(string channel, TimeErrorSample sample, int flags = 0, bool usable = true)
    {
        _delivery.Add((this, channel, sample, flags), sample.Time.ToUnixNanoseconds(), static (sb, s) =>
        {
            s.Item1._formatter.TimeError(sb, s.channel, s.sample, s.flags);
            return 1;
        });
        if (_rollingWindowSeconds > 0)
        {
            RollingStatistics? closed;
            lock (_windowLock)
            {
                if (!_windows.TryGetValue(channel, out var w)) _windows[channel] = w = new RollingWindow(channel, _rollingWindowSeconds);
                closed = w.Add(usable ? sample : sample with { TimeErrorSeconds = double.NaN });
            }
            if (closed is not null) WriteRolling(closed);
        }
    }

    public void WriteRolling(RollingStatistics statistics) =>
        _delivery.Add((_formatter, statistics), statistics.Time.ToUnixNanoseconds(), static (sb, s) => { s._formatter.Rolling(sb, s.statistics); return 1; });

    public void WriteDeviation(DeviationPoint point) =>
        _delivery.Add((_formatter, point), point.Time.ToUnixNanoseconds(), static (sb, s) => { s._formatter.Deviation(sb, s.point); return 1; });

    public void WriteDeviations(IEnumerable<DeviationPoint> points)
    {
        foreach (var p in points) WriteDeviation(p);
    }

    public void WriteVerdict(VerdictPoint verdict) =>
        _delivery.Add((_formatter, verdict), verdict.Time.ToUnixNanoseconds(), static (sb, s) => { s._formatter.Verdict(sb, s.verdict); return 1; });

    public void WriteEvent(SinkEvent e) =>
        _delivery.Add((_formatter, e), e.Time.ToUnixNanoseconds(), static (sb, s) => { s._formatter.Event(sb, s.e); return 1; });

    /// <summary>Seals what is gathered so far into a batch (it is sent soon after).</summary>
    public void Flush() => _delivery.Flush();

    /// <summary>Reports the open rolling windows, then drains or persists everything (see <see cref="BatchDelivery.CompleteAsync"/>).</summary>
    public async Task<DeliveryStats> CompleteAsync()
    {
        List<RollingStatistics> last = [];
        lock (_windowLock)
        {
            foreach (var w in _windows.Values) if (w.Flush() is { } r) last.Add(r);
            _windows.Clear();
        }
        foreach (var r in last) WriteRolling(r);
        return await _delivery.CompleteAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await CompleteAsync().ConfigureAwait(false);
        await _delivery.DisposeAsync().ConfigureAwait(false);
    }

    private string FormatOverflowEvent(OverflowReport gap)
    {
        var sb = new StringBuilder();
        var time = gap.FirstNs is 0 or long.MaxValue ? Instant.FromDateTime(DateTime.UtcNow) : Instant.FromUnixNanoseconds(gap.FirstNs);
        _formatter.Event(sb, new SinkEvent(time, InfluxSchema.EventSpoolOverflow, null, "influx-sink",
            $"spool full: dropped {gap.Points} points in {gap.Batches} batches; replay the capture over this interval to refill it")
        {
            Values = [new(InfluxSchema.DroppedPoints, gap.Points), new(InfluxSchema.DroppedBatches, gap.Batches),
                      new(InfluxSchema.FirstDroppedNs, gap.FirstNs), new(InfluxSchema.LastDroppedNs, gap.LastNs)],
        });
        return sb.ToString();
    }
}
