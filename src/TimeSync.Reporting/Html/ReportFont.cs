using ScottPlot;
using SkiaSharp;

namespace TimeSync.Reporting.Html;

/// <summary>
/// Plot text uses DejaVu Sans shipped inside this assembly, so a machine without system fonts (a fresh CI runner,
/// SkiaSharp's NoDependencies natives without fontconfig) still measures and draws labels.
/// </summary>
internal sealed class ReportFont : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private static readonly Lazy<SKTypeface> Typeface = new(() =>
    {
        using var s = typeof(ReportFont).Assembly.GetManifestResourceStream("TimeSync.Reporting.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("embedded font missing");
        var ms = new MemoryStream();
        s.CopyTo(ms);
        ms.Position = 0;
        return SKTypeface.FromStream(ms) ?? throw new InvalidOperationException("embedded font unreadable");
    });

    private static readonly Lock Gate = new();
    private static bool registered;

    /// <summary>Registers the resolver with ScottPlot once and makes the family the default.</summary>
    public static void Register()
    {
        lock (Gate)
        {
            if (registered) return;
            Fonts.FontResolvers.Insert(0, new ReportFont());
            Fonts.Default = Family;
            Fonts.Sans = Family;
            registered = true;
        }
    }

    public SKTypeface? CreateTypeface(string fontName, bool bold, bool italic) =>
        string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? Typeface.Value : null;

    public SKTypeface? CreateTypeface(string fontName, FontWeight weight, FontSlant slant, FontSpacing spacing) =>
        string.Equals(fontName, Family, StringComparison.OrdinalIgnoreCase) ? Typeface.Value : null;
}
