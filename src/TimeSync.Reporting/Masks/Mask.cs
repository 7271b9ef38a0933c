namespace TimeSync.Reporting.Masks;

/// <summary>Which statistic (or which time axis) a mask bounds.</summary>
public enum MaskStatistic
{
    /// <summary>MTIE(τ), ITU-T G.810 II.5.</summary>
    Mtie,

    /// <summary>TDEV(τ), ITU-T G.810 II.3.</summary>
    Tdev,

    /// <summary>|x(t) − x(t_loss)| against time since the reference was lost (holdover).</summary>
    Holdover,
}

/// <summary>The measurement filter a standard prescribes before applying a limit.</summary>
public enum MeasurementFilter
{
    None,

    /// <summary>First-order 0.1 Hz low-pass (dTE_L, max|TE_L|): ITU-T G.8273.2 §7.1, G.8271.1 §7.3.</summary>
    LowPass0p1Hz,
}

/// <summary>
/// A piecewise mask: a limit (seconds) as a function of τ (or of time since loss for holdover),
/// with the filter its standard prescribes. <see cref="LimitAt"/> returns null outside every piece.
/// </summary>
public sealed class Mask
{
    public string Name { get; }
    public string Title { get; }
    public MaskStatistic Statistic { get; }
    public MeasurementFilter Filter { get; }
    public IReadOnlyList<MaskSegment> Segments { get; }

    /// <summary>Set when the research notes (shared/research/masks.md) could not confirm a value from a primary text.</summary>
    public string? Caveat { get; }

    public Mask(string name, string title, MaskStatistic statistic, MeasurementFilter filter, IReadOnlyList<MaskSegment> segments, string? caveat = null)
    {
        if (segments.Count == 0) throw new ArgumentException("a mask needs at least one piece", nameof(segments));
        Name = name;
        Title = title;
        Statistic = statistic;
        Filter = filter;
        Segments = segments;
        Caveat = caveat;
    }

    public double MinTau => Segments.Min(s => s.FromTau);
    public double MaxTau => Segments.Max(s => s.ToTau);

    /// <summary>The limit in seconds at τ, or null where no piece applies (outside the mask, or a gap the table leaves).</summary>
    public double? LimitAt(double tau)
    {
        foreach (var s in Segments)
            if (s.Contains(tau)) return s.LimitSeconds(tau);
        return null;
    }

    /// <summary>The interior breakpoints and finite ends, for evaluation grids and plots.</summary>
    public IEnumerable<double> Breakpoints() =>
        Segments.SelectMany(s => new[] { s.FromTau, s.ToTau }).Where(double.IsFinite).Distinct().Order();

    /// <summary>The sources cited by the pieces, joined.</summary>
    public string Sources => string.Join("; ", Segments.Select(s => s.Source).Distinct());
}
