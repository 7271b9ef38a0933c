namespace TimeSync.Core.Statistics.Streaming;

/// <summary>
/// MTIE of a phase stream (ITU-T G.810 §4.5.13: the largest peak-to-peak time error over every window of m+1
/// consecutive samples, τ = m·τ0) at chosen averaging factors, two ways at once: over the whole run, and over the
/// last <c>W</c> samples only (a sliding observation window, for live limits). Windows holding a NaN are skipped, as
/// in the batch <see cref="TimeIntervalError.Mtie"/>; both results equal it over the same samples.
/// </summary>
/// <remarks>
/// Memory, fixed at construction: per averaging factor m, two monotonic deques of m+2 entries (window max and min),
/// plus, when a sliding window of W samples is asked for, one monotonic deque of W−m+1 peak-to-peak values; in all
/// Σ_m (2(m+2) + W−m+1) (index, value) pairs. Per sample: amortised O(1) per τ (each entry enters and leaves each
/// deque once). No allocation per sample.
/// </remarks>
public sealed class StreamingMtie
{
    private readonly Level[] _levels;
    private readonly int _window;
    private long _n;
    private long _lastNaN = -1;

    /// <param name="averagingFactors">The averaging factors m (windows of m+1 samples), e.g. <see cref="StreamingOctaves.WindowsOfPowersOfTwo"/>.</param>
    /// <param name="slidingWindowSamples">W, the number of most recent samples the sliding MTIE looks at (≥ m+1 for every m),
    /// or 0 for the whole-run MTIE only.</param>
    public StreamingMtie(ReadOnlySpan<int> averagingFactors, int slidingWindowSamples = 0)
    {
        AveragingFactors = StreamingOctaves.Validate(averagingFactors);
        if (slidingWindowSamples < 0) throw new ArgumentOutOfRangeException(nameof(slidingWindowSamples), slidingWindowSamples, "must be ≥ 0");
        foreach (int m in AveragingFactors)
        {
            if (slidingWindowSamples > 0 && m + 1 > slidingWindowSamples)
                throw new ArgumentOutOfRangeException(nameof(slidingWindowSamples), slidingWindowSamples, $"a sliding window of {slidingWindowSamples} samples cannot hold m+1 = {m + 1}");
        }
        _window = slidingWindowSamples;
        _levels = new Level[AveragingFactors.Count];
        for (int k = 0; k < _levels.Length; k++) _levels[k] = new Level(AveragingFactors[k], slidingWindowSamples);
    }

    /// <summary>The averaging factors, in the order of the result indices.</summary>
    public IReadOnlyList<int> AveragingFactors { get; }

    /// <summary>W, the sliding window in samples (0: none).</summary>
    public int SlidingWindowSamples => _window;

    /// <summary>Number of samples pushed (NaN included).</summary>
    public long Count => _n;

    /// <summary>Adds one phase sample x (seconds; NaN marks a gap).</summary>
    public void Push(double phaseSeconds)
    {
        long n = _n;
        if (double.IsNaN(phaseSeconds))
        {
            _lastNaN = n;
            foreach (var level in _levels) level.Gap(n);
        }
        else
        {
            foreach (var level in _levels) level.Push(phaseSeconds, n, _lastNaN, _window);
        }
        _n = n + 1;
    }

    /// <summary>Adds every sample of <paramref name="phaseSeconds"/>.</summary>
    public void PushMany(ReadOnlySpan<double> phaseSeconds)
    {
        foreach (double v in phaseSeconds) Push(v);
    }

    /// <summary>Whole-run MTIE (seconds) at averaging factor index <paramref name="index"/>, with the number of windows.</summary>
    public DeviationPoint WholeRun(int index)
    {
        var level = _levels[index];
        return level.Terms == 0 ? DeviationPoint.None : new DeviationPoint(level.Best, level.Terms);
    }

    /// <summary>
    /// MTIE (seconds) over the last W samples at averaging factor index <paramref name="index"/>, with the number of
    /// (m+1)-windows inside them that hold no gap; None when there is no such window or no sliding window was configured.
    /// </summary>
    public DeviationPoint Sliding(int index)
    {
        if (_window == 0) return DeviationPoint.None;
        var level = _levels[index];
        long first = _n - _window + level.M; // the earliest window end inside the last W samples
        long terms = level.ValidEndsSince(first);
        return terms == 0 ? DeviationPoint.None : new DeviationPoint(level.SlidingMax(first), terms);
    }

    private sealed class Level
    {
        public readonly int M;
        private readonly MonotonicWindow _max;
        private readonly MonotonicWindow _negMin;
        private readonly MonotonicWindow? _peaks;  // peak-to-peak of the windows ending in the last W−m positions
        private readonly long[]? _validEnds;       // ring of W−m+1: count of gap-free windows ending at or before t
        private long _validTotal;
        private long _position = -1;
        public double Best = double.NaN;
        public long Terms;

        public Level(int m, int slidingWindow)
        {
            M = m;
            _max = new MonotonicWindow(m + 1);
            _negMin = new MonotonicWindow(m + 1);
            if (slidingWindow > 0)
            {
                _peaks = new MonotonicWindow(slidingWindow - m);
                _validEnds = new long[slidingWindow - m + 1];
            }
        }

        public void Gap(long n)
        {
            _max.Clear();
            _negMin.Clear();
            Record(n);
        }

        public void Push(double v, long n, long lastNaN, int slidingWindow)
        {
            _max.Push(n, v, M + 1);
            _negMin.Push(n, -v, M + 1);
            if (n >= M && lastNaN < n - M)
            {
                double pp = _max.Max + _negMin.Max; // max − min over x[n−m..n]
                if (!(pp <= Best)) Best = pp;
                Terms++;
                _validTotal++;
                _peaks?.Push(n, pp, slidingWindow - M);
            }
            Record(n);
        }

        private void Record(long n)
        {
            _position = n;
            if (_validEnds is not null) _validEnds[(int)(n % _validEnds.Length)] = _validTotal;
        }

        /// <summary>Number of gap-free windows ending at positions ≥ <paramref name="first"/>, first ≥ position − (W−m) + 1.</summary>
        public long ValidEndsSince(long first)
        {
            if (_validEnds is null || _position < 0 || first > _position) return 0;
            if (first <= 0) return _validTotal;
            return _validTotal - _validEnds[(int)((first - 1) % _validEnds.Length)];
        }

        /// <summary>Largest peak-to-peak of the windows ending at positions ≥ <paramref name="first"/>.</summary>
        public double SlidingMax(long first) => _peaks!.MaxSince(first);
    }
}
