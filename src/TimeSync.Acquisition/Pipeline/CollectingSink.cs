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

    // Channels' lists by string instance: a channel labeller passes the same name with every sample, so the hot path
    // compares references before the dictionary (strings are immutable: same instance, same channel).
    private readonly string?[] _seenChannels = new string?[16];
    private readonly List<ChannelSample>?[] _seenLists = new List<ChannelSample>?[16];
    private int _seenCount;

    public void OnSample(string channel, ChannelSample sample)
    {
        for (int i = 0; i < _seenCount; i++)
        {
            if (ReferenceEquals(_seenChannels[i], channel))
            {
                _seenLists[i]!.Add(sample);
                return;
            }
        }
        if (!_samples.TryGetValue(channel, out var list)) _samples[channel] = list = [];
        if (_seenCount < _seenChannels.Length)
        {
            _seenChannels[_seenCount] = channel;
            _seenLists[_seenCount++] = list;
        }
        list.Add(sample);
    }

    public void OnEvent(LabelEvent labelEvent) => Events.Add(labelEvent);

    public void Complete() => Completed = true;
}
