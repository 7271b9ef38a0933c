namespace TimeSync.Simulation.Bench;

/// <summary>What a run produced: counts for the summary line.</summary>
public sealed record SimulationResult(string Scenario, int Pulses, long Packets, long PayloadBytes, IReadOnlyList<string> Channels);
