using System.Globalization;
using TimeSync.Testing;

namespace TimeSync.Core.Tests.Reference;

/// <summary>One row of a Stable32 statistics printout: AF, τ, #, and (for deviations) α, min sigma, sigma, max sigma.</summary>
public sealed record Stable32Row(int Af, double Tau, long N, int? Alpha, double? MinSigma, double Value, double? MaxSigma);

/// <summary>Reads Stable32 result files from ../shared/reference exactly as printed (lines starting with '#' are comments).</summary>
public static class Stable32Table
{
    public static IReadOnlyList<Stable32Row> Load(params string[] parts)
    {
        var rows = new List<Stable32Row>();
        foreach (var line in File.ReadLines(RepoPaths.SharedFile(["reference", .. parts])))
        {
            var t = line.Trim();
            if (t.Length == 0 || t.StartsWith('#')) continue;
            var c = t.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            double D(int i) => double.Parse(c[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            if (c.Length == 4) rows.Add(new(int.Parse(c[0], CultureInfo.InvariantCulture), D(1), long.Parse(c[2], CultureInfo.InvariantCulture), null, null, D(3), null));
            else if (c.Length == 7)
                rows.Add(new(int.Parse(c[0], CultureInfo.InvariantCulture), D(1), long.Parse(c[2], CultureInfo.InvariantCulture),
                    int.Parse(c[3], CultureInfo.InvariantCulture), D(4), D(5), D(6)));
            else throw new InvalidDataException($"unexpected row '{line}'");
        }
        return rows;
    }

    /// <summary>PHASE.DAT (phase, τ0 = 1 s).</summary>
    public static double[] PhaseDat() => File.ReadLines(RepoPaths.SharedFile("reference", "stable32-phase-dat", "PHASE.DAT"))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => double.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();

    /// <summary>
    /// The OCXO file (frequency in Hz of a 10 MHz oscillator, 1 s gate) as fractional frequency y = (f − 10 MHz)/10 MHz,
    /// subtracted in decimal so no digit is lost.
    /// </summary>
    public static double[] OcxoFractionalFrequency() => File.ReadLines(RepoPaths.SharedFile("reference", "stable32-ocxo-frequency", "ocxo_frequency.txt"))
        .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
        .Select(l => (double)((decimal.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture) - 10_000_000m) / 10_000_000m)).ToArray();

    /// <summary>Relative difference |a − b| / |b|.</summary>
    public static double Relative(double actual, double expected) => Math.Abs(actual - expected) / Math.Abs(expected);
}
