namespace TimeSync.Simulation.Numerics;

/// <summary>
/// Logarithm, sine and cosine from IEEE-754 basic operations only (+ − × ÷ and bit manipulation), so that results
/// are bit-identical on every CPU and runtime (Math.Log/Sin/Cos call the platform's libm, which may differ by an ulp).
/// Accuracy is a few ulp, ample for noise synthesis.
/// </summary>
public static class DeterministicMath
{
    private const double Ln2Hi = 6.93147180369123816490e-01; // fdlibm split of ln 2
    private const double Ln2Lo = 1.90821492927058770002e-10;
    private const double Sqrt2 = 1.4142135623730951;

    /// <summary>Natural logarithm of a positive finite number.</summary>
    public static double Log(double x)
    {
        if (!(x > 0) || double.IsInfinity(x)) throw new ArgumentOutOfRangeException(nameof(x), "log needs a positive finite number");
        long bits = BitConverter.DoubleToInt64Bits(x);
        int exponent = (int)((bits >> 52) & 0x7FF);
        if (exponent == 0)
        {
            // subnormal: scale into the normal range
            bits = BitConverter.DoubleToInt64Bits(x * 18014398509481984.0); // 2^54
            exponent = (int)((bits >> 52) & 0x7FF) - 54;
        }
        int e = exponent - 1023;
        double m = BitConverter.Int64BitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L); // [1, 2)
        if (m > Sqrt2) { m *= 0.5; e += 1; }
        // ln m = 2 atanh(s), s = (m − 1)/(m + 1), |s| ≤ 0.1716 (series to s^25 leaves < 1e-19)
        double s = (m - 1.0) / (m + 1.0);
        double s2 = s * s;
        double sum = 0.0;
        for (int k = 25; k >= 3; k -= 2) sum = (sum + 1.0 / k) * s2;
        double lnm = 2.0 * s * (1.0 + sum);
        return e * Ln2Hi + (lnm + e * Ln2Lo);
    }

    /// <summary>sin and cos of an angle in [−π/4, π/4] by Taylor series (terms to θ^19 leave < 1e-18).</summary>
    public static (double Sin, double Cos) SinCosSmall(double theta)
    {
        if (!(Math.Abs(theta) <= 0.7853981633974484)) throw new ArgumentOutOfRangeException(nameof(theta));
        double t2 = theta * theta;
        // Horner: sin = θ(1 − θ²/(2·3)(1 − θ²/(4·5)(…))), cos = 1 − θ²/(1·2)(1 − θ²/(3·4)(…))
        double sinAcc = 1.0;
        for (int k = 18; k >= 2; k -= 2) sinAcc = 1.0 - t2 / (k * (k + 1.0)) * sinAcc;
        double cosAcc = 1.0;
        for (int k = 19; k >= 1; k -= 2) cosAcc = 1.0 - t2 / (k * (k + 1.0)) * cosAcc;
        double sin = theta * sinAcc, cos = cosAcc;
        return (sin, cos);
    }
}
