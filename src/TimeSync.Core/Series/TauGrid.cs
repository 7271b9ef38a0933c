using System.Globalization;

namespace TimeSync.Core.Series;

/// <summary>Which averaging factors m (τ = m·τ0) to evaluate.</summary>
public enum TauGridKind
{
    /// <summary>1, 2, 4, 8, … (MTIE: 1, 3, 7, 15, …, windows of 2^k samples, as Stable32).</summary>
    Octave,

    /// <summary>1, 2, 4, 10, 20, 40, 100, … (Stable32 and allantools "decade").</summary>
    Decade,

    /// <summary>
    /// Stable32's "all τ": every m up to D, then steps of ⌊m/D⌋ + 1 (relative spacing ≈ 1/D), D = ⌊214 / decades⌋ with
    /// decades = ⌈log10(largest m)⌉ (see <see cref="TauGrid.AllTauDivisor"/>).
    /// </summary>
    All,

    /// <summary>About 20 log-spaced m per decade, rounded to integers and deduplicated.</summary>
    Many,

    /// <summary>An explicit list of averaging factors.</summary>
    List,
}

/// <summary>A τ grid: a kind, or an explicit list of averaging factors. Parse with <see cref="Parse"/>.</summary>
public sealed record TauGrid(TauGridKind Kind, IReadOnlyList<int>? ExplicitFactors = null)
{
    public static TauGrid Octave { get; } = new(TauGridKind.Octave);

    /// <summary>"octave", "decade", "all", "many" or a comma-separated list of averaging factors ("1,2,5,10").</summary>
    public static TauGrid Parse(string text, string location = "--taus")
    {
        var t = text.Trim().ToLowerInvariant();
        switch (t)
        {
            case "octave": return Octave;
            case "decade": return new(TauGridKind.Decade);
            case "all": return new(TauGridKind.All);
            case "many": return new(TauGridKind.Many);
        }
        var list = new List<int>();
        foreach (var part in t.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m < 1)
                throw new InputException(location, $"'{part}' is not a positive averaging factor (use octave, decade, all, many or a list like 1,2,5,10)");
            list.Add(m);
        }
        if (list.Count == 0) throw new InputException(location, "empty τ list");
        return new(TauGridKind.List, list.Distinct().Order().ToArray());
    }

    /// <summary>
    /// The averaging factors up to <paramref name="maxFactor"/>. For an explicit list a factor above it is an
    /// <see cref="InputException"/> (τ beyond the data). <paramref name="windowOctaves"/> gives 2^k − 1 for octaves.
    /// </summary>
    /// <remarks><paramref name="evenOnly"/>: the "all" grid is built on m/2 (Thêo1, defined for even m only), as Stable32.</remarks>
    public IReadOnlyList<int> AveragingFactors(int maxFactor, bool windowOctaves = false, string location = "--taus", bool evenOnly = false)
    {
        var ms = new List<int>();
        switch (Kind)
        {
            case TauGridKind.Octave:
                for (long p = 1; (windowOctaves ? 2 * p - 1 : p) <= maxFactor; p *= 2)
                    ms.Add((int)(windowOctaves ? 2 * p - 1 : p));
                break;
            case TauGridKind.Decade:
                for (long d = 1; d <= maxFactor; d *= 10)
                    foreach (var k in new[] { 1, 2, 4 })
                        if (d * k <= maxFactor) ms.Add((int)(d * k));
                break;
            case TauGridKind.All:
            {
                int unit = evenOnly ? 2 : 1, max = maxFactor / unit, d = AllTauDivisor(maxFactor);
                for (long m = 1; m <= max; m += m / d + 1) ms.Add((int)(unit * m));
                break;
            }
            case TauGridKind.Many:
                const int perDecade = 20;
                int last = 0;
                for (int k = 0; ; k++)
                {
                    int m = (int)Math.Round(Math.Pow(10, (double)k / perDecade));
                    if (m > maxFactor) break;
                    if (m != last) ms.Add(m);
                    last = m;
                }
                break;
            case TauGridKind.List:
                foreach (var m in ExplicitFactors!)
                {
                    if (m > maxFactor)
                        throw new InputException(location, $"averaging factor {m} is beyond the data (largest usable: {maxFactor})");
                    ms.Add(m);
                }
                break;
        }
        return ms;
    }

    /// <summary>
    /// D of Stable32's "all τ" thinning for a largest averaging factor <paramref name="maxFactor"/>: ⌊214 / ⌈log10 max⌉⌋
    /// (about 93 points per decade of the τ axis). An empirical rule, not a documented one: it reproduces the AF lists of
    /// every Stable32 all-τ printout in ../shared/reference (PHASE.DAT, 1001 points: D = 71 for adev/oadev/totdev/
    /// mtotdev/tierms/theo1; OCXO, 19982 frequency points: D = 53 for adev/oadev/hdev/totdev); any constant in
    /// [213, 215] does.
    /// </summary>
    public static int AllTauDivisor(int maxFactor) => 214 / Math.Max(1, (int)Math.Ceiling(Math.Log10(Math.Max(2, maxFactor))));
}
