namespace TimeSync.Simulation.Numerics;

/// <summary>
/// xoshiro256** 1.0 (Blackman &amp; Vigna, 2018), seeded through SplitMix64. Integer-only, so the stream is the same
/// on every machine and .NET version (unlike System.Random, whose algorithm may change). Gaussian deviates use the
/// Marsaglia polar method with <see cref="DeterministicMath.Log"/>, so they are bit-identical everywhere too.
/// </summary>
public sealed class Xoshiro256StarStar
{
    private ulong _s0, _s1, _s2, _s3;
    private double _spareGaussian;
    private bool _hasSpare;

    /// <summary>A generator for (seed, stream): distinct streams of one seed are independent sequences.</summary>
    public Xoshiro256StarStar(ulong seed, ulong stream = 0)
    {
        // SplitMix64 seeding as recommended by the xoshiro authors; the stream id is mixed in first.
        ulong sm = seed ^ (stream * 0xD1B54A32D192ED03UL);
        _s0 = SplitMix64(ref sm);
        _s1 = SplitMix64(ref sm);
        _s2 = SplitMix64(ref sm);
        _s3 = SplitMix64(ref sm);
        if ((_s0 | _s1 | _s2 | _s3) == 0) _s0 = 1;
    }

    /// <summary>A generator with the given raw state (for checking against the reference implementation).</summary>
    public static Xoshiro256StarStar FromState(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        var g = new Xoshiro256StarStar(0);
        (g._s0, g._s1, g._s2, g._s3) = (s0, s1, s2, s3);
        return g;
    }

    public static ulong SplitMix64(ref ulong state)
    {
        ulong z = state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public ulong NextUInt64()
    {
        ulong result = RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / 9007199254740992.0);

    /// <summary>Uniform integer in [0, n) (Lemire's multiply-shift, unbiased by rejection).</summary>
    public int NextInt(int n)
    {
        if (n <= 0) throw new ArgumentOutOfRangeException(nameof(n));
        ulong bound = (ulong)n;
        while (true)
        {
            ulong x = NextUInt64() >> 32;
            ulong m = x * bound;
            if ((m & 0xFFFFFFFFUL) >= ((0x1_0000_0000UL - bound) % bound)) return (int)(m >> 32);
        }
    }

    /// <summary>True with probability <paramref name="p"/>.</summary>
    public bool Chance(double p) => p > 0 && NextDouble() < p;

    /// <summary>Standard normal deviate (Marsaglia &amp; Bray 1964 polar method).</summary>
    public double NextGaussian()
    {
        if (_hasSpare) { _hasSpare = false; return _spareGaussian; }
        double u, v, s;
        do
        {
            u = 2.0 * NextDouble() - 1.0;
            v = 2.0 * NextDouble() - 1.0;
            s = u * u + v * v;
        } while (s >= 1.0 || s == 0.0);
        double f = Math.Sqrt(-2.0 * DeterministicMath.Log(s) / s);
        _spareGaussian = v * f;
        _hasSpare = true;
        return u * f;
    }

    private static ulong RotateLeft(ulong x, int k) => (x << k) | (x >> (64 - k));
}
