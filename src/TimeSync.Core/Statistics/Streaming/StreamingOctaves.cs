namespace TimeSync.Core.Statistics.Streaming;

/// <summary>Octave grids of averaging factors for the streaming accumulators.</summary>
public static class StreamingOctaves
{
    /// <summary>m = 1, 2, 4, … ≤ <paramref name="maxAveragingFactor"/> (the Allan-family octave grid).</summary>
    public static int[] PowersOfTwo(int maxAveragingFactor)
    {
        if (maxAveragingFactor < 1) throw new ArgumentOutOfRangeException(nameof(maxAveragingFactor), maxAveragingFactor, "must be ≥ 1");
        var list = new List<int>();
        for (long m = 1; m <= maxAveragingFactor; m *= 2) list.Add((int)m);
        return [.. list];
    }

    /// <summary>m = 1, 3, 7, … = 2^k − 1 ≤ <paramref name="maxAveragingFactor"/>: windows of 2^k samples, Stable32's MTIE grid.</summary>
    public static int[] WindowsOfPowersOfTwo(int maxAveragingFactor)
    {
        if (maxAveragingFactor < 1) throw new ArgumentOutOfRangeException(nameof(maxAveragingFactor), maxAveragingFactor, "must be ≥ 1");
        var list = new List<int>();
        for (long w = 2; w - 1 <= maxAveragingFactor; w *= 2) list.Add((int)(w - 1));
        return [.. list];
    }

    internal static int[] Validate(ReadOnlySpan<int> averagingFactors)
    {
        if (averagingFactors.IsEmpty) throw new ArgumentException("at least one averaging factor is needed", nameof(averagingFactors));
        foreach (int m in averagingFactors)
        {
            if (m < 1 || m > (1 << 28)) throw new ArgumentOutOfRangeException(nameof(averagingFactors), m, "averaging factors must be in 1..2^28");
        }
        return averagingFactors.ToArray();
    }
}
