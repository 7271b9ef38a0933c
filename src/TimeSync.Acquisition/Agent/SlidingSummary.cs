namespace TimeSync.Acquisition.Agent;

/// <summary>
/// Mean and sample standard deviation of the last <see cref="WindowSamples"/> samples of a stream (a true sliding
/// window: every push moves it by one sample); NaN samples are gaps that occupy their place in the window but are not
/// used. The window's samples are kept in a ring; the statistics are computed from them when read, by the two-pass
/// formula (mean first, then Σ(x − x̄)²; NIST/SEMATECH e-Handbook §1.3.5.6, Chan, Golub and LeVeque 1983 on why
/// two passes): equal to batch statistics over the same samples, with no drift from adding and removing samples.
/// </summary>
/// <remarks>Memory: one double per window sample, fixed at construction. Push O(1); a read O(W) (the live view reads
/// once a second).</remarks>
public sealed class SlidingSummary
{
    private readonly double[] _ring;
    private int _next;
    private int _filled;
    private int _valid;

    public SlidingSummary(int windowSamples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowSamples, 1);
        _ring = new double[windowSamples];
    }

    /// <summary>W, the number of most recent samples (gaps included) the statistics look at.</summary>
    public int WindowSamples => _ring.Length;

    /// <summary>Non-NaN samples in the window.</summary>
    public int Count => _valid;

    /// <summary>Adds one sample (NaN: a gap); the oldest leaves once the window is full.</summary>
    public void Push(double value)
    {
        if (_filled == _ring.Length) { if (!double.IsNaN(_ring[_next])) _valid--; }
        else _filled++;
        _ring[_next] = value;
        if (!double.IsNaN(value)) _valid++;
        if (++_next == _ring.Length) _next = 0;
    }

    /// <summary>Mean of the window's samples; NaN when it holds none.</summary>
    public double Mean
    {
        get
        {
            if (_valid == 0) return double.NaN;
            double sum = 0;
            for (int i = 0; i < _filled; i++) if (!double.IsNaN(_ring[i])) sum += _ring[i];
            return sum / _valid;
        }
    }

    /// <summary>Sample standard deviation √(Σ(x−x̄)²/(n−1)) of the window's samples; NaN below two.</summary>
    public double StandardDeviation
    {
        get
        {
            if (_valid < 2) return double.NaN;
            double mean = Mean, ss = 0;
            for (int i = 0; i < _filled; i++)
            {
                double v = _ring[i];
                if (double.IsNaN(v)) continue;
                ss += (v - mean) * (v - mean);
            }
            return Math.Sqrt(ss / (_valid - 1));
        }
    }

    /// <summary>The window's samples, oldest first (gaps as NaN), for tests and checks.</summary>
    public double[] Samples()
    {
        var a = new double[_filled];
        int start = _filled == _ring.Length ? _next : 0;
        for (int i = 0; i < _filled; i++) a[i] = _ring[(start + i) % _ring.Length];
        return a;
    }
}
