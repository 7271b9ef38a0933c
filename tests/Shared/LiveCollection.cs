namespace TimeSync.Testing;

/// <summary>
/// Tests that keep real time (devices talking at their pace on pseudo-terminals, an agent stamping what it reads): they
/// run one at a time after the parallel ones, not beside CPU-heavy tests in the same process, whose threads and
/// collections stalled the agent's readers for up to 1 s at load 30 on 2 cores (a message stamped before its pulse).
/// </summary>
[Xunit.CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LiveCollection
{
    public const string Name = "live";
}
