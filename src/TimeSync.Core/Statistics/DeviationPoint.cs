namespace TimeSync.Core.Statistics;

/// <summary>One statistic at one averaging factor: its value and the number of terms it averaged (as Stable32 counts them).</summary>
/// <param name="Value">The deviation (dimensionless for the ADEV family, seconds for TDEV/MTIE/TIE rms); NaN when no term was usable.</param>
/// <param name="Terms">Number of terms summed (0 when the value is NaN).</param>
public readonly record struct DeviationPoint(double Value, long Terms)
{
    public static DeviationPoint None => new(double.NaN, 0);
}

/// <summary>
/// A statistic of phase data: <paramref name="phaseSeconds"/> are time errors x (s), NaN marks a gap,
/// <paramref name="tau0Seconds"/> the sample interval and <paramref name="m"/> the averaging factor (τ = m·τ0).
/// Implementations allocate nothing per sample and skip terms that touch a NaN.
/// </summary>
public delegate DeviationPoint DeviationFunction(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, int m);

/// <summary>Equivalent degrees of freedom of a statistic for noise type α at averaging factor m over N phase points.</summary>
public delegate double EdfFunction(int alpha, int m, int phaseCount);

/// <summary>A statistic at several averaging factors at once (result i belongs to <paramref name="ms"/>[i]).</summary>
public delegate DeviationPoint[] DeviationBatchFunction(ReadOnlySpan<double> phaseSeconds, double tau0Seconds, IReadOnlyList<int> ms);
