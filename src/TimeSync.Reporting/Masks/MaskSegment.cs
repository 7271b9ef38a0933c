namespace TimeSync.Reporting.Masks;

/// <summary>One term c·τ^p of a mask piece: <see cref="CoefficientSeconds"/> in seconds, τ in seconds.</summary>
public readonly record struct MaskTerm(double CoefficientSeconds, double Exponent)
{
    public double At(double tau) => Exponent == 0 ? CoefficientSeconds : CoefficientSeconds * Math.Pow(tau, Exponent);
}

/// <summary>
/// One piece of a piecewise mask: limit(τ) = Σ c·τ^p over its τ interval (ends open or closed as the standard's
/// table writes them). <see cref="Source"/> names the standard and table, e.g. "ITU-T G.8272 Table 1".
/// </summary>
public sealed record MaskSegment(double FromTau, double ToTau, bool FromInclusive, bool ToInclusive, IReadOnlyList<MaskTerm> Terms, string Source)
{
    public bool Contains(double tau) =>
        (FromInclusive ? tau >= FromTau : tau > FromTau) && (ToInclusive ? tau <= ToTau : tau < ToTau);

    /// <summary>The limit in seconds at τ (the caller checks <see cref="Contains"/>).</summary>
    public double LimitSeconds(double tau)
    {
        double sum = 0;
        foreach (var t in Terms) sum += t.At(tau);
        return sum;
    }

    /// <summary>Open lower end, closed upper end: (from, to], the most common form in ITU-T tables.</summary>
    public static MaskSegment OpenClosed(double from, double to, string source, params MaskTerm[] terms) => new(from, to, false, true, terms, source);

    public static MaskSegment Closed(double from, double to, string source, params MaskTerm[] terms) => new(from, to, true, true, terms, source);

    public static MaskSegment Open(double from, double to, string source, params MaskTerm[] terms) => new(from, to, false, false, terms, source);

    /// <summary>A term in nanoseconds: c ns · τ^p.</summary>
    public static MaskTerm Ns(double coefficientNs, double exponent = 0) => new(coefficientNs * 1e-9, exponent);

    /// <summary>A term in microseconds: c µs · τ^p.</summary>
    public static MaskTerm Us(double coefficientUs, double exponent = 0) => new(coefficientUs * 1e-6, exponent);
}
