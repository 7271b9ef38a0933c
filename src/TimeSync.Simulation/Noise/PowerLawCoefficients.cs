using System.Globalization;
using TimeSync.Core;

namespace TimeSync.Simulation.Noise;

/// <summary>
/// IEEE Std 1139 power-law model of fractional-frequency noise, S_y(f) = Σ h_α f^α (one-sided, 1/Hz),
/// for α = +2 (white PM), +1 (flicker PM), 0 (white FM), −1 (flicker FM), −2 (random-walk FM).
/// </summary>
public sealed record PowerLawCoefficients(double H2 = 0, double H1 = 0, double H0 = 0, double HMinus1 = 0, double HMinus2 = 0)
{
    public static PowerLawCoefficients None { get; } = new();

    /// <summary>h_α for α in {2, 1, 0, −1, −2}.</summary>
    public double this[int alpha] => alpha switch
    {
        2 => H2, 1 => H1, 0 => H0, -1 => HMinus1, -2 => HMinus2,
        _ => throw new ArgumentOutOfRangeException(nameof(alpha), "α must be 2, 1, 0, −1 or −2"),
    };

    public static readonly int[] Alphas = [2, 1, 0, -1, -2];

    /// <summary>One power law alone: h_α = <paramref name="h"/> for α in {2, 1, 0, −1, −2}, every other coefficient 0.</summary>
    public static PowerLawCoefficients Single(int alpha, double h) => alpha switch
    {
        2 => new(H2: h), 1 => new(H1: h), 0 => new(H0: h), -1 => new(HMinus1: h), -2 => new(HMinus2: h),
        _ => throw new ArgumentOutOfRangeException(nameof(alpha), "α must be 2, 1, 0, −1 or −2"),
    };

    public bool IsZero => H2 == 0 && H1 == 0 && H0 == 0 && HMinus1 == 0 && HMinus2 == 0;

    /// <summary>Parses "h2=1e-20,h0=4e-22,h-2=1e-30" (any subset, any order; h-1 and hm1 both accepted).</summary>
    public static PowerLawCoefficients Parse(string text, string location)
    {
        double h2 = 0, h1 = 0, h0 = 0, hm1 = 0, hm2 = 0;
        var seen = new HashSet<string>();
        foreach (string rawPart in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            int eq = rawPart.IndexOf('=');
            if (eq <= 0) throw new InputException(location, $"'{rawPart}' is not h<α>=<value> (e.g. h0=1e-22)");
            string key = rawPart[..eq].Trim().ToLowerInvariant().Replace("hm", "h-");
            string valueText = rawPart[(eq + 1)..].Trim();
            if (!double.TryParse(valueText, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) || !double.IsFinite(v) || v < 0)
                throw new InputException(location, $"{key}: '{valueText}' is not a non-negative number");
            if (!seen.Add(key)) throw new InputException(location, $"{key} given twice");
            switch (key)
            {
                case "h2": h2 = v; break;
                case "h1": h1 = v; break;
                case "h0": h0 = v; break;
                case "h-1": hm1 = v; break;
                case "h-2": hm2 = v; break;
                default: throw new InputException(location, $"unknown coefficient '{key}' (expected h2, h1, h0, h-1, h-2)");
            }
        }
        if (seen.Count == 0) throw new InputException(location, "no coefficient given (e.g. h0=1e-22)");
        return new PowerLawCoefficients(h2, h1, h0, hm1, hm2);
    }

    public override string ToString() => string.Join(",",
        Alphas.Where(a => this[a] != 0).Select(a => $"h{a}={this[a].ToString("R", CultureInfo.InvariantCulture)}"));
}
