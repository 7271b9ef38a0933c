namespace TimeSync.Core.Statistics.Streaming;

/// <summary>
/// Maximum of the values pushed in the last <c>capacity</c> steps, by a monotonic deque over a preallocated ring
/// (Lemire 2006, "Streaming maximum-minimum filter using no more than three comparisons per element"): amortised O(1)
/// per push, no allocation after construction. For the minimum, push negated values.
/// </summary>
internal sealed class MonotonicWindow
{
    private readonly long[] _index;
    private readonly double[] _value;
    private readonly int _cap;
    private int _head;
    private int _count;

    public MonotonicWindow(int capacity)
    {
        _cap = capacity + 1;
        _index = new long[_cap];
        _value = new double[_cap];
    }

    public bool IsEmpty => _count == 0;

    /// <summary>The maximum of the values pushed at positions &gt; <c>position − window</c>.</summary>
    public double Max => _value[_head];

    public void Clear() => _count = 0;

    /// <summary>Drops entries at positions &lt; <paramref name="first"/> and returns the maximum of the rest (NaN if none).</summary>
    public double MaxSince(long first)
    {
        while (_count > 0 && _index[_head] < first)
        {
            _head = _head + 1 == _cap ? 0 : _head + 1;
            _count--;
        }
        return _count > 0 ? _value[_head] : double.NaN;
    }

    /// <summary>Pushes <paramref name="value"/> at <paramref name="position"/> and drops positions ≤ position − window.</summary>
    public void Push(long position, double value, int window)
    {
        while (_count > 0 && _index[_head] <= position - window)
        {
            _head = _head + 1 == _cap ? 0 : _head + 1;
            _count--;
        }
        while (_count > 0)
        {
            int tail = _head + _count - 1;
            if (tail >= _cap) tail -= _cap;
            if (_value[tail] > value) break;
            _count--;
        }
        int slot = _head + _count;
        if (slot >= _cap) slot -= _cap;
        _index[slot] = position;
        _value[slot] = value;
        _count++;
    }
}
