using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Pipeline;

namespace TimeSync.Acquisition.Agent;

/// <summary>How the bench agent runs: the bench (from bench.yaml), where the capture goes, and extra sinks.</summary>
public sealed record AgentOptions
{
    public required BenchDescription Bench { get; init; }

    /// <summary>Capture file (pcapng); rotated files get a number before the extension.</summary>
    public required string CapturePath { get; init; }

    public long? RotateAfterBytes { get; init; }
    public TimeSpan? RotateAfterTime { get; init; }

    /// <summary>Draw the live table of channels (only on an interactive terminal).</summary>
    public bool LiveView { get; init; }

    /// <summary>"simple" or "json" console logs (systemd's journal gets its own format automatically).</summary>
    public string LogFormat { get; init; } = "simple";

    /// <summary>More consumers of samples and events (InfluxDB, tests).</summary>
    public IReadOnlyList<ISampleSink> ExtraSinks { get; init; } = [];

    /// <summary>
    /// Where each source is written in the configuration (source name → "bench.yaml:12 $.sources[2]"), for error lines;
    /// from <see cref="BenchDescription.Load(string, out IReadOnlyDictionary{string, string})"/>.
    /// </summary>
    public IReadOnlyDictionary<string, string> SourceLocations { get; init; } = new Dictionary<string, string>();

    /// <summary>First retry delay of a failing source (doubling up to <see cref="MaxBackoff"/>).</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Raw events buffered between the sources and the pipeline; a full queue makes the readers wait (nothing is dropped).</summary>
    public int QueueCapacity { get; init; } = 65_536;
}
