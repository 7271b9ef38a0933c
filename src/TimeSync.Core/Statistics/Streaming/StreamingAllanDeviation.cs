namespace TimeSync.Core.Statistics.Streaming;

/// <summary>
/// Overlapping Allan deviation (NIST SP 1065 eq. 11) and time deviation (eq. 15, from the modified Allan variance of
/// eq. 14) of a phase stream at chosen averaging factors, updated sample by sample and equal to the batch statistics
/// over the same samples (terms touching a NaN are skipped, as in the batch path).
/// </summary>
/// <remarks>
/// Memory: per averaging factor m, one ring of the last 2m+1 phase points and one ring of the last m second
/// differences, i.e. 3m+1 doubles; over the octave grid m = 1…2^K that is below 6·2^K + K + 1 doubles, fixed at
/// construction. Per sample: O(1) per τ; the sum of the last m second differences slides and is recomputed exactly
/// from its ring every m samples (amortised O(1)), so rounding cannot drift over long runs. No allocation per sample. Values are stored
/// relative to the first finite sample, which leaves every difference unchanged and keeps precision with large offsets.
/// </remarks>
public sealed class StreamingAllanDeviation
{
    private readonly double _tau0;
    private readonly Lag[] _lags;
    private double _reference = double.NaN;
    private long _n;          // samples pushed
    private long _lastNaN = -1;

    /// <param name="tau0Seconds">Sampling interval τ0 in seconds.</param>
    /// <param name="averagingFactors">The averaging factors m (τ = m·τ0), e.g. <see cref="StreamingOctaves.PowersOfTwo"/>.</param>
    public StreamingAllanDeviation(double tau0Seconds, ReadOnlySpan<int> averagingFactors)
    {
        if (!(tau0Seconds > 0) || double.IsInfinity(tau0Seconds)) throw new ArgumentOutOfRangeException(nameof(tau0Seconds), tau0Seconds, "τ0 must be positive and finite");
        _tau0 = tau0Seconds;
        AveragingFactors = StreamingOctaves.Validate(averagingFactors);
        _lags = new Lag[AveragingFactors.Count];
        for (int k = 0; k < _lags.Length; k++) _lags[k] = new Lag(AveragingFactors[k]);
    }

    /// <summary>The averaging factors, in the order of the result indices.</summary>
    public IReadOnlyList<int> AveragingFactors { get; }

    /// <summary>Number of samples pushed (NaN included).</summary>
    public long Count => _n;

    /// <summary>Adds one phase sample x (seconds; NaN marks a gap).</summary>
    public void Push(double phaseSeconds)
    {
        long n = _n;
        double v = phaseSeconds;
        if (double.IsNaN(v)) _lastNaN = n;
        else if (double.IsNaN(_reference)) _reference = v;
        v -= _reference; // NaN stays NaN; before the first finite sample _reference is NaN and so is v
        foreach (var lag in _lags) lag.Push(v, n, _lastNaN);
        _n = n + 1;
    }

    /// <summary>Adds every sample of <paramref name="phaseSeconds"/>.</summary>
    public void PushMany(ReadOnlySpan<double> phaseSeconds)
    {
        foreach (double v in phaseSeconds) Push(v);
    }

    /// <summary>Overlapping ADEV at averaging factor index <paramref name="index"/>: √(Σd²/(2τ²·terms)).</summary>
    public DeviationPoint Oadev(int index)
    {
        var lag = _lags[index];
        if (lag.AllanTerms == 0) return DeviationPoint.None;
        double tau = lag.M * _tau0;
        return new DeviationPoint(Math.Sqrt(lag.AllanSum / (2.0 * tau * tau * lag.AllanTerms)), lag.AllanTerms);
    }

    /// <summary>TDEV (seconds) at averaging factor index <paramref name="index"/>: τ/√3 · MDEV.</summary>
    public DeviationPoint Tdev(int index)
    {
        var lag = _lags[index];
        if (lag.ModifiedTerms == 0) return DeviationPoint.None;
        double m = lag.M, tau = m * _tau0;
        double mvar = lag.ModifiedSum / (2.0 * m * m * tau * tau * lag.ModifiedTerms);
        return new DeviationPoint(tau / Math.Sqrt(3.0) * Math.Sqrt(mvar), lag.ModifiedTerms);
    }

    /// <summary>State for one averaging factor.</summary>
    private sealed class Lag
    {
        public readonly int M;
        private readonly double[] _x;   // x[t] at t % (2m+1)
        private readonly double[] _d;   // d[t] = x[t] − 2x[t−m] + x[t−2m] at t % m
        private readonly int _cap;
        private double _w = double.NaN; // Σ of the last m second differences d
        private long _anchor = -(1L << 40); // sample at which _w was last recomputed exactly

        public double AllanSum;
        public long AllanTerms;
        public double ModifiedSum;
        public long ModifiedTerms;

        public Lag(int m)
        {
            M = m;
            _cap = 2 * m + 1;
            _x = new double[_cap];
            _d = new double[m];
        }

        public void Push(double v, long n, long lastNaN)
        {
            int m = M;
            _x[(int)(n % _cap)] = v;
            if (n < 2L * m) return;

            // second difference ending at n (NIST SP 1065 eq. 11); NaN when it touches a gap
            double d = v - 2.0 * _x[(int)((n - m) % _cap)] + _x[(int)((n - 2 * m) % _cap)];
            int dSlot = (int)(n % m);
            double leaving = _d[dSlot]; // d[n−m], the one leaving the modified window
            _d[dSlot] = d;
            if (!double.IsNaN(d))
            {
                AllanSum += d * d;
                AllanTerms++;
            }

            // W = Σ_{t=n−m+1}^{n} d[t] covers x[n−3m+1..n] (NIST SP 1065 eq. 14); slide it, recompute it exactly every
            // m samples or when a gap has just left the window
            if (n < 3L * m - 1) return;
            if (lastNaN >= n - 3L * m + 1)
            {
                _w = double.NaN;
                return;
            }
            if (double.IsNaN(_w) || n - _anchor >= m)
            {
                double w = 0.0;
                for (int i = 0; i < m; i++) w += _d[i];
                _w = w;
                _anchor = n;
            }
            else
            {
                _w += d - leaving;
            }
            ModifiedSum += _w * _w;
            ModifiedTerms++;
        }
    }
}
