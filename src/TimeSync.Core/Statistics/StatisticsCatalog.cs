namespace TimeSync.Core.Statistics;

/// <summary>
/// Every statistic selectable by name. Registering one is one line in the list below.
/// Order is the order of reports.
/// </summary>
public static class StatisticsCatalog
{
    private static readonly StatisticDefinition[] Definitions =
    [
        new("adev", "Allan deviation", AllanDeviation.Adev, 5) { Edf = EquivalentDegreesOfFreedom.Adev, NonOverlapping = true, FrequencyGapCombination = GapCombination.MeanOfSquares, MinimumPoints = m => 2 * m + 1 },
        new("oadev", "overlapping Allan deviation", AllanDeviation.Oadev, 4) { Edf = EquivalentDegreesOfFreedom.Oadev, FrequencyGapCombination = GapCombination.MeanOfSquares, MinimumPoints = m => 2 * m + 1 },
        new("mdev", "modified Allan deviation", ModifiedAllanDeviation.Mdev, 4) { Edf = EquivalentDegreesOfFreedom.Mdev, FrequencyGapCombination = GapCombination.MeanOfSquares, MinimumPoints = m => 3 * m },
        new("tdev", "time deviation", ModifiedAllanDeviation.Tdev, 4) { Edf = EquivalentDegreesOfFreedom.Mdev, InSeconds = true, FrequencyGapCombination = GapCombination.MeanOfSquares, MinimumPoints = m => 3 * m },
        new("hdev", "Hadamard deviation", HadamardDeviation.Hdev, 5) { Edf = EquivalentDegreesOfFreedom.Hdev, NoiseIdMaxDifferences = 3, NonOverlapping = true, FrequencyGapCombination = GapCombination.MeanOfSquares, MinimumPoints = m => 3 * m + 1 },
        new("ohdev", "overlapping Hadamard deviation", HadamardDeviation.Ohdev, 4) { Edf = EquivalentDegreesOfFreedom.Ohdev, NoiseIdMaxDifferences = 3, FrequencyGapCombination = GapCombination.MeanOfSquares, MinimumPoints = m => 3 * m + 1 },
        new("totdev", "total deviation", TotalStatistics.Totdev, 2) { Edf = TotalEdf.Totdev, Uncorrected = TotalStatistics.TotdevUncorrected, BiasCorrection = TotalStatistics.TotvarCorrection, IdentifiesNoiseOfFrequencyInput = false },
        new("mtotdev", "modified total deviation", TotalStatistics.Mtotdev, 3) { Edf = TotalEdf.Mtotdev },
        new("ttotdev", "time total deviation", TotalStatistics.Ttotdev, 3) { Edf = TotalEdf.Mtotdev, InSeconds = true },
        new("htotdev", "Hadamard total deviation", TotalStatistics.Htotdev, 3) { Edf = TotalEdf.Htotdev, NoiseIdMaxDifferences = 3, Uncorrected = TotalStatistics.HtotdevUncorrected, BiasCorrection = TotalStatistics.HtotvarCorrection },
        new("theo1", "Thêo1 deviation (τ = 0.75·m·τ0, even m)", Theo1.Theo1Deviation, 1) { Edf = TheoEdf.Theo1, TauFactor = 0.75, EvenFactorsOnly = true, HoldsNoiseBeyondHalfRange = false },
        new("mtie", "maximum time interval error", TimeIntervalError.Mtie, 1) { ComputeMany = TimeIntervalError.MtieMany, WindowOctaves = true, InSeconds = true, DependsOnFrequencyOffset = true, FrequencyGapCombination = GapCombination.Maximum, MinimumPoints = m => m + 1 },
        new("tierms", "rms time interval error", TimeIntervalError.TieRms, 4) { InSeconds = true, DependsOnFrequencyOffset = true, FrequencyGapCombination = GapCombination.MeanOfSquares, MinimumPoints = m => m + 1 },
    ];

    /// <summary>All statistics, in report order.</summary>
    public static IReadOnlyList<StatisticDefinition> All => Definitions;

    /// <summary>Names, comma separated, for help texts and errors.</summary>
    public static string Names => string.Join(",", Definitions.Select(d => d.Name));

    public static bool TryGet(string name, out StatisticDefinition definition)
    {
        foreach (var d in Definitions)
        {
            if (string.Equals(d.Name, name, StringComparison.OrdinalIgnoreCase)) { definition = d; return true; }
        }
        definition = null!;
        return false;
    }

    /// <summary>The definition called <paramref name="name"/>, or an <see cref="InputException"/> naming <paramref name="location"/>.</summary>
    public static StatisticDefinition Get(string name, string location = "--stats") =>
        TryGet(name.Trim(), out var d) ? d : throw new InputException(location, $"unknown statistic '{name}' (known: {Names})");
}
