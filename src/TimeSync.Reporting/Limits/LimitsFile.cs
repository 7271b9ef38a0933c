namespace TimeSync.Reporting.Limits;

/// <summary>A parsed limits file: its checks (presets already expanded) and the default lock criterion.</summary>
public sealed record LimitsFile(string Path, IReadOnlyList<CheckSpec> Checks, LockCriterion? DefaultLock);
