using TimeSync.Core.Time;

namespace TimeSync.Influx.Schema;

/// <summary>
/// Tumbling-window statistics of one channel's time error: windows aligned to multiples of the window length since
/// the Unix epoch; mean and standard deviation by Welford's update (Welford 1962, Technometrics 4(3)); a window is
/// reported, stamped at its end, when the first sample of a later window arrives or at <see cref="Flush"/>.
/// NaN samples (gaps) are not counted.
/// </summary>
public sealed class RollingWindow
{
    private readonly string _channel;
    private readonly long _windowNs;
    private long _windowIndex = long.MinValue;
    private long _count;
    private double _mean, _m2, _min, _max;

    public RollingWindow(string channel, double windowSeconds)
    {
        if (!(windowSeconds >= 1e-6)) throw new ArgumentOutOfRangeException(nameof(windowSeconds), "window must be at least 1 µs");
        _channel = channel;
        WindowSeconds = windowSeconds;
        _windowNs = (long)Math.Round(windowSeconds * 1e9);
    }

    public double WindowSeconds { get; }

    /// <summary>Adds a sample; returns the statistics of the window it closed, if any.</summary>
    public RollingStatistics? Add(TimeErrorSample sample)
    {
        long index = Math.DivRem(sample.Time.ToUnixNanoseconds(), _windowNs, out long rem);
        if (rem < 0) index--;
        RollingStatistics? closed = null;
        if (index != _windowIndex)
        {
            closed = Flush();
            _windowIndex = index;
        }
        double x = sample.TimeErrorSeconds;
        if (!double.IsFinite(x)) return closed;
        if (_count == 0) { _min = x; _max = x; }
        _count++;
        double delta = x - _mean;
        _mean += delta / _count;
        _m2 += delta * (x - _mean);
        if (x < _min) _min = x;
        if (x > _max) _max = x;
        return closed;
    }

    /// <summary>Reports the open window (if it has samples) and starts afresh.</summary>
    public RollingStatistics? Flush()
    {
        RollingStatistics? result = null;
        if (_count > 0)
        {
            var end = Instant.FromUnixNanoseconds(checked((_windowIndex + 1) * _windowNs));
            double std = _count > 1 ? Math.Sqrt(_m2 / (_count - 1)) : 0.0;
            result = new RollingStatistics(end, _channel, WindowSeconds, _count, _mean, std, _min, _max);
        }
        _count = 0; _mean = 0; _m2 = 0;
        return result;
    }
}
