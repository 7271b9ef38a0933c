using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;

namespace TimeSync.Acquisition.Agent;

/// <summary>Hands every sample and event to several sinks; a sink that throws is reported once and dropped, the others go on.</summary>
public sealed class FanOutSink(IReadOnlyList<ISampleSink> sinks, Action<ISampleSink, Exception> onFailure) : ISampleSink
{
    private readonly List<ISampleSink> _sinks = [.. sinks];

    public void OnSample(string channel, ChannelSample sample) => Each(s => s.OnSample(channel, sample));
    public void OnEvent(LabelEvent labelEvent) => Each(s => s.OnEvent(labelEvent));
    public void Complete() => Each(s => s.Complete());

    private void Each(Action<ISampleSink> action)
    {
        for (int i = 0; i < _sinks.Count; i++)
        {
            try { action(_sinks[i]); }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                onFailure(_sinks[i], e);
                _sinks.RemoveAt(i--);
            }
        }
    }
}
