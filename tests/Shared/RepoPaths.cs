namespace TimeSync.Testing;

/// <summary>Locates the repository root (the folder holding TimeSync.sln) and ../shared beside it.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(() =>
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TimeSync.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("TimeSync.sln not found above " + AppContext.BaseDirectory);
    });

    public static string Root => RootLazy.Value;

    /// <summary>The read-only ../shared folder (reference data, GNSS captures, research).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    public static string SharedFile(params string[] parts) => Path.Combine([Shared, .. parts]);

    public static string RepoFile(params string[] parts) => Path.Combine([Root, .. parts]);
}
