using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Labelling;

namespace TimeSync.Acquisition.Pipeline;

/// <summary>
/// raw event (source, host ns, bytes) → the source's decoder → labeller → per-channel samples and events → sink.
/// The live agent and <c>timesync replay</c> both drive exactly this class, so a replayed capture gives the samples the
/// bench gave. Single-threaded and deterministic: feed raw events in host-time order (as a capture stores them, or as
/// the agent's queue delivers them). A source whose decoder fails is reported and switched off; the others go on.
/// </summary>
public sealed class AcquisitionPipeline
{
    private readonly BenchDescription _bench;
    private readonly ISampleSink _sink;
    private readonly IStreamDecoder?[] _decoders;
    private readonly Labeller _labeller;
    private readonly List<DecodedEvent> _decoded = new(16);
    private long _lastHostNs;

    public AcquisitionPipeline(BenchDescription bench, ISampleSink sink, LabellerOptions? options = null,
        Func<SourceDescription, IStreamDecoder>? decoderFactory = null)
    {
        _bench = bench;
        _sink = sink;
        decoderFactory ??= DecoderFactory.Create;
        _decoders = bench.Sources.Select(s => (IStreamDecoder?)decoderFactory(s)).ToArray();
        _labeller = new Labeller(bench, sink, options);
    }

    public BenchDescription Bench => _bench;

    /// <summary>Raw events pushed so far.</summary>
    public long RawEvents { get; private set; }

    /// <summary>Decoded events produced so far.</summary>
    public long DecodedEvents { get; private set; }

    /// <summary>Index of a source in the bench description (the <c>source</c> argument of <see cref="Push"/>), or −1.</summary>
    public int SourceIndex(string name)
    {
        for (int i = 0; i < _bench.Sources.Count; i++) if (_bench.Sources[i].Name == name) return i;
        return -1;
    }

    /// <summary>One raw event of source number <paramref name="source"/> (see <see cref="SourceIndex"/>).</summary>
    public void Push(int source, long hostTimeUnixNanoseconds, ReadOnlySpan<byte> payload)
    {
        RawEvents++;
        _lastHostNs = hostTimeUnixNanoseconds;
        var decoder = _decoders[source];
        if (decoder is null) return;
        _decoded.Clear();
        try
        {
            decoder.Push(payload, hostTimeUnixNanoseconds, _decoded);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _decoders[source] = null;
            _sink.OnEvent(new LabelEvent(_bench.Sources[source].Name, hostTimeUnixNanoseconds, null, LabelEventKind.SourceFailed,
                $"decoder stopped: {e.GetType().Name}: {e.Message}"));
        }
        Label();
    }

    /// <summary>A source was away (unplugged, vanished) between two host times: an event for the sinks.</summary>
    public void Gap(int source, long lostAtUnixNanoseconds, long resumedAtUnixNanoseconds, string reason) =>
        _sink.OnEvent(new LabelEvent(_bench.Sources[source].Name, resumedAtUnixNanoseconds, null, LabelEventKind.SourceFailed,
            $"source away for {(resumedAtUnixNanoseconds - lostAtUnixNanoseconds) / 1e9:0.###} s: {reason}"));

    /// <summary>End of input: decoders report what is pending, labels are flushed, sinks are completed.</summary>
    public void Complete()
    {
        foreach (var d in _decoders)
        {
            if (d is not GnssStreamDecoder g) continue;
            _decoded.Clear();
            g.Complete(_lastHostNs, _decoded);
            Label();
        }
        _labeller.Complete();
    }

    private void Label()
    {
        DecodedEvents += _decoded.Count;
        foreach (var e in _decoded) _labeller.OnEvent(e);
    }
}
