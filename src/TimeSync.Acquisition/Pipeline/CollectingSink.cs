using TimeSync.Acquisition.Labelling;

namespace TimeSync.Acquisition.Pipeline;

/// <summary>Keeps every sample (per channel, in order) and every event in memory: for replay, analysis and tests.</summary>
public sealed class CollectingSink : ISampleSink
{
    private readonly Dictionary<string, List<ChannelSample>> _samples = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, List<ChannelSample>> Samples => _samples;
    public List<LabelEvent> Events { get; } = [];
    public bool Completed { get; private set; }

    /// <summary>The samples of one channel (empty when it produced none).</summary>
    public IReadOnlyList<ChannelSample> For(string channel) => _samples.TryGetValue(channel, out var l) ? l : [];

    public void OnSample(string channel, ChannelSample sample)
    {
        if (!_samples.TryGetValue(channel, out var list)) _samples[channel] = list = [];
        list.Add(sample);
    }

    public void OnEvent(LabelEvent labelEvent) => Events.Add(labelEvent);

    public void Complete() => Completed = true;
}
