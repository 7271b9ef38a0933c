namespace TimeSync.Simulation.Numerics;

/// <summary>
/// In-place iterative radix-2 complex FFT (Cooley–Tukey, decimation in time) on split real/imaginary arrays.
/// Twiddle factors come from <see cref="DeterministicMath.SinCosSmall"/> and octant symmetry, so transforms are
/// bit-identical on every machine.
/// </summary>
public sealed class Fft
{
    private readonly double[] _cos;
    private readonly double[] _sin;

    public int Length { get; }

    public Fft(int length)
    {
        if (length < 2 || (length & (length - 1)) != 0) throw new ArgumentOutOfRangeException(nameof(length), "FFT length must be a power of two ≥ 2");
        Length = length;
        int half = length / 2;
        _cos = new double[half];
        _sin = new double[half];
        // w_k = exp(−2πik/N) for k < N/2; compute the first octant, fill the rest by symmetry.
        int eighth = length / 8;
        double step = 2.0 * Math.PI / length;
        for (int k = 0; k < half; k++)
        {
            double c, s; // cos and sin of 2πk/N
            if (length < 8) { (s, c) = k == 0 ? (0.0, 1.0) : (1.0, 0.0); }
            else if (k <= eighth) (s, c) = DeterministicMath.SinCosSmall(k * step);
            else if (k <= 2 * eighth) { var (s2, c2) = DeterministicMath.SinCosSmall((2 * eighth - k) * step); s = c2; c = s2; }
            else if (k <= 3 * eighth) { var (s2, c2) = DeterministicMath.SinCosSmall((k - 2 * eighth) * step); s = c2; c = -s2; }
            else { var (s2, c2) = DeterministicMath.SinCosSmall((4 * eighth - k) * step); s = s2; c = -c2; }
            _cos[k] = c;
            _sin[k] = -s;
        }
    }

    /// <summary>Forward transform X_k = Σ x_n e^{−2πikn/N}.</summary>
    public void Forward(double[] re, double[] im) => Transform(re, im, inverse: false);

    /// <summary>Inverse transform x_n = (1/N) Σ X_k e^{+2πikn/N}.</summary>
    public void Inverse(double[] re, double[] im)
    {
        Transform(re, im, inverse: true);
        double scale = 1.0 / Length;
        for (int i = 0; i < Length; i++) { re[i] *= scale; im[i] *= scale; }
    }

    private void Transform(double[] re, double[] im, bool inverse)
    {
        int n = Length;
        if (re.Length < n || im.Length < n) throw new ArgumentException("arrays shorter than the FFT length");
        // bit reversal
        for (int i = 1, j = 0; i < n; i++)
        {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) j ^= bit;
            j ^= bit;
            if (i < j)
            {
                (re[i], re[j]) = (re[j], re[i]);
                (im[i], im[j]) = (im[j], im[i]);
            }
        }
        double sign = inverse ? -1.0 : 1.0;
        for (int len = 2; len <= n; len <<= 1)
        {
            int halfLen = len >> 1;
            int stride = n / len;
            for (int start = 0; start < n; start += len)
            {
                for (int k = 0; k < halfLen; k++)
                {
                    double wr = _cos[k * stride];
                    double wi = sign * _sin[k * stride];
                    int a = start + k, b = a + halfLen;
                    double tr = re[b] * wr - im[b] * wi;
                    double ti = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - tr;
                    im[b] = im[a] - ti;
                    re[a] += tr;
                    im[a] += ti;
                }
            }
        }
    }
}
