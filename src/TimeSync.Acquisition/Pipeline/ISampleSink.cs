using TimeSync.Acquisition.Labelling;

namespace TimeSync.Acquisition.Pipeline;

/// <summary>
/// A consumer of a pipeline's output (statistics, capture-derived series, InfluxDB, the live view).
/// Calls come from one thread, in the deterministic order the pipeline produces them; per channel, samples come in
/// increasing time order.
/// </summary>
public interface ISampleSink
{
    void OnSample(string channel, ChannelSample sample);
    void OnEvent(LabelEvent labelEvent);
    /// <summary>The input ended (end of capture, agent stopping): flush and close.</summary>
    void Complete();
}
