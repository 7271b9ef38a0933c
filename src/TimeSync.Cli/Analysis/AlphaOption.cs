using System.Globalization;
using System.CommandLine;
using TimeSync.Core;
using TimeSync.Core.Statistics;

namespace TimeSync.Cli.Analysis;

/// <summary>
/// <c>--alpha auto|N|NAME</c>: Stable32's noise type setting. auto (default) identifies α per τ (<c>--noise-id</c>);
/// a power-law exponent −4…2, or its name (wpm 2, fpm 1, wfm 0, ffm −1, rwfm −2, fwfm −3, rrfm −4; NIST SP 1065
/// Table 5), fixes it for every τ: printed α, bias correction, EDF and confidence bounds, as a fixed noise type in
/// Stable32's Run dialog. Shared by analyze, replay and compare (and their HTML reports), beside <see cref="NoiseIdOption"/>.
/// </summary>
internal static class AlphaOption
{
    public const string DefaultText = "auto";

    public static Option<string> Create() => new("--alpha")
    {
        Description = "noise type: auto (default: identified per τ) or fixed for every τ as in Stable32's dialog, " +
                      "α from -4 to 2 or wpm, fpm, wfm, ffm, rwfm, fwfm, rrfm (α, bias correction, EDF and bounds use it)",
        DefaultValueFactory = _ => DefaultText,
    };

    /// <summary>The fixed α named by <paramref name="text"/>, null for auto; anything else is an <see cref="InputException"/> (one line, exit 2).</summary>
    public static int? Parse(string text) =>
        text.Trim().ToLowerInvariant() switch
        {
            "auto" => null,
            "wpm" => 2,
            "fpm" => 1,
            "wfm" => 0,
            "ffm" => -1,
            "rwfm" => -2,
            "fwfm" => -3,
            "rrfm" => -4,
            var t when int.TryParse(t.Replace('−', '-'), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int n)
                && n is >= StabilityAnalysis.MinimumFixedAlpha and <= StabilityAnalysis.MaximumFixedAlpha => n,
            _ => throw new InputException("--alpha", $"'{text}' is neither auto, an α from {StabilityAnalysis.MinimumFixedAlpha} to {StabilityAnalysis.MaximumFixedAlpha}, nor wpm, fpm, wfm, ffm, rwfm, fwfm, rrfm"),
        };

    /// <summary>As <see cref="Parse(string)"/>, and a fixed α must lie in the range of every statistic in <paramref name="statistics"/> (<see cref="StabilityAnalysis.CheckFixedAlpha"/>).</summary>
    public static int? Parse(string text, IReadOnlyList<StatisticDefinition> statistics)
    {
        var alpha = Parse(text);
        if (alpha is int a) StabilityAnalysis.CheckFixedAlpha(a, statistics);
        return alpha;
    }
}
