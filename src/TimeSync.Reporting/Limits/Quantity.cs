using System.Globalization;

namespace TimeSync.Reporting.Limits;

/// <summary>
/// A value read from a limits file with its unit: <see cref="SiValue"/> in SI (seconds, dimensionless, 1/s, count)
/// and the unit the user wrote (<see cref="Unit"/>, with <see cref="UnitScale"/> = SI value of one such unit)
/// so that reports speak the file's language ("812 ns", "3.1 ppb").
/// </summary>
public readonly record struct Quantity(double SiValue, QuantityKind Kind, string Unit, double UnitScale)
{
    /// <summary>The value expressed in <see cref="Unit"/>.</summary>
    public double InUnit => SiValue / UnitScale;

    /// <summary>An SI value expressed in this quantity's unit.</summary>
    public double ToUnit(double siValue) => siValue / UnitScale;

    public override string ToString() => Units.Format(SiValue, Unit, UnitScale);
}

/// <summary>Parsing and formatting of "number unit" strings: "1 us", "100 ns", "1e-6 s", "50 ppb", "1 ppb/h".</summary>
public static class Units
{
    private static readonly (string Name, double Scale)[] TimeUnits =
    [
        ("s", 1), ("ms", 1e-3), ("us", 1e-6), ("µs", 1e-6), ("μs", 1e-6), ("ns", 1e-9), ("ps", 1e-12),
        ("min", 60), ("h", 3600), ("d", 86400),
    ];

    private static readonly (string Name, double Scale)[] RatioUnits =
    [
        ("ppm", 1e-6), ("ppb", 1e-9), ("ppt", 1e-12), ("s/s", 1),
    ];

    private static readonly (string Name, double Scale)[] PerTime =
    [
        ("s", 1), ("min", 60), ("h", 3600), ("d", 86400), ("day", 86400),
    ];

    /// <summary>The unit names accepted for <paramref name="kind"/>, for error messages.</summary>
    public static string Accepted(QuantityKind kind) => kind switch
    {
        QuantityKind.Time => "s, ms, us (µs), ns, ps, min, h, d",
        QuantityKind.FractionalFrequency => "ppm, ppb, ppt, s/s",
        QuantityKind.Drift => "ppm, ppb or ppt per s, min, h or d (e.g. 1 ppb/h)",
        _ => "no unit",
    };

    /// <summary>Parses "number unit"; returns false with a one-line reason on failure.</summary>
    public static bool TryParse(string text, QuantityKind kind, out Quantity quantity, out string error)
    {
        quantity = default;
        error = "";
        string s = text.Trim();
        int split = 0;
        while (split < s.Length && (char.IsAsciiDigit(s[split]) || s[split] is '.' or '-' or '+' or 'e' or 'E')) split++;
        // "1e-6s": the 'e' belongs to the number only if followed by a digit or sign
        string numberPart = s[..split].TrimEnd();
        string unitPart = s[split..].Trim();
        if (numberPart.Length == 0 || !double.TryParse(numberPart, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) || !double.IsFinite(number))
        {
            error = $"'{text}' is not a number followed by a unit";
            return false;
        }
        if (kind == QuantityKind.Count)
        {
            if (unitPart.Length != 0) { error = $"'{text}' must be a plain count without a unit"; return false; }
            if (number != Math.Floor(number)) { error = $"'{text}' must be a whole number"; return false; }
            quantity = new Quantity(number, kind, "", 1);
            return true;
        }
        if (unitPart.Length == 0)
        {
            error = $"'{text}' has no unit (units: {Accepted(kind)})";
            return false;
        }
        double? scale = kind switch
        {
            QuantityKind.Time => Lookup(TimeUnits, unitPart),
            QuantityKind.FractionalFrequency => Lookup(RatioUnits, unitPart),
            QuantityKind.Drift => DriftScale(unitPart),
            _ => null,
        };
        if (scale is null)
        {
            error = $"'{unitPart}' is not a unit of {Describe(kind)} (units: {Accepted(kind)})";
            return false;
        }
        string unit = unitPart is "µs" or "μs" ? "us" : unitPart;
        quantity = new Quantity(number * scale.Value, kind, unit, scale.Value);
        return true;
    }

    public static string Describe(QuantityKind kind) => kind switch
    {
        QuantityKind.Time => "time",
        QuantityKind.FractionalFrequency => "fractional frequency",
        QuantityKind.Drift => "frequency drift",
        _ => "count",
    };

    private static double? Lookup((string Name, double Scale)[] table, string unit)
    {
        foreach (var (name, scale) in table)
            if (string.Equals(name, unit, StringComparison.Ordinal)) return scale;
        return null;
    }

    private static double? DriftScale(string unit)
    {
        int slash = unit.IndexOf('/');
        if (slash < 0) return null;
        double? ratio = Lookup(RatioUnits[..3], unit[..slash].Trim());
        double? per = Lookup(PerTime, unit[(slash + 1)..].Trim());
        return ratio is null || per is null ? null : ratio / per;
    }

    /// <summary>A value in SI shown in a unit: "812.3 ns". Four significant digits; NaN shows as "n/a".</summary>
    public static string Format(double siValue, string unit, double unitScale)
    {
        if (double.IsNaN(siValue)) return "n/a";
        string number = (siValue / unitScale).ToString("G4", CultureInfo.InvariantCulture);
        return unit.Length == 0 ? number : number + " " + unit;
    }

    /// <summary>Picks a readable time unit for a value in seconds (ps..s).</summary>
    public static (string Unit, double Scale) TimeUnitFor(double seconds)
    {
        double a = Math.Abs(seconds);
        if (a == 0 || double.IsNaN(a)) return ("ns", 1e-9);
        if (a < 1e-9) return ("ps", 1e-12);
        if (a < 1e-6) return ("ns", 1e-9);
        if (a < 1e-3) return ("us", 1e-6);
        if (a < 1) return ("ms", 1e-3);
        return ("s", 1);
    }
}
