namespace TimeSync.Influx.Delivery;

/// <summary>
/// Exponential backoff with jitter: delay n = min(max, initial·2^n)·U(0.5, 1) ("equal jitter", AWS Architecture Blog,
/// "Exponential Backoff and Jitter", 2015), so many agents that lost the same server do not retry in step.
/// </summary>
public sealed class Backoff
{
    private readonly TimeSpan _initial;
    private readonly TimeSpan _max;
    private readonly Random _random;
    private int _failures;

    public Backoff(TimeSpan initial, TimeSpan max, Random? random = null)
    {
        if (initial <= TimeSpan.Zero || max < initial) throw new ArgumentOutOfRangeException(nameof(max), "need 0 < initial <= max");
        _initial = initial;
        _max = max;
        _random = random ?? Random.Shared;
    }

    public int Failures => _failures;

    /// <summary>The delay before the next try, after one more failure.</summary>
    public TimeSpan Next()
    {
        double ceiling = Math.Min(_max.TotalMilliseconds, _initial.TotalMilliseconds * Math.Pow(2, Math.Min(_failures, 30)));
        _failures++;
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + 0.5 * _random.NextDouble()));
    }

    public void Reset() => _failures = 0;
}
