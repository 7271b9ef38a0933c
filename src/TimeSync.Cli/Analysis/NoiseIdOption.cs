using System.CommandLine;
using TimeSync.Core;
using TimeSync.Core.Statistics;

namespace TimeSync.Cli.Analysis;

/// <summary>
/// <c>--noise-id stable32|refined</c>, shared by analyze, replay and compare: which noise identification the α, EDF and
/// confidence bounds rest on. Default stable32 (Stable32's procedure, what Stable32 prints); refined is the physically
/// best identification (<see cref="NoiseIdMode.Refined"/>).
/// </summary>
internal static class NoiseIdOption
{
    public const string DefaultText = "stable32";

    public static Option<string> Create() => new("--noise-id")
    {
        Description = "noise identification: stable32 (default: Stable32's procedure, α as Stable32 prints it) or refined (physically best: flicker PM/FM split, α held from the last τ with ≥ 60 points where fewer remain unless the data reject it)",
        DefaultValueFactory = _ => DefaultText,
    };

    /// <summary>The mode named by <paramref name="text"/>; anything else is an <see cref="InputException"/> (one line, exit 2).</summary>
    public static NoiseIdMode Parse(string text) => text.ToLowerInvariant() switch
    {
        "refined" => NoiseIdMode.Refined,
        "stable32" => NoiseIdMode.Stable32,
        _ => throw new InputException("--noise-id", $"'{text}' is neither stable32 nor refined"),
    };
}
