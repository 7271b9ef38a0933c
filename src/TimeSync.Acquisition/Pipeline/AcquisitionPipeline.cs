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
    // The same decoders' value path where they have one (the bench's own decoders): no record allocated per event.
    private readonly IValueStreamDecoder?[] _valueDecoders;
    private readonly Labeller _labeller;
    private readonly List<DecodedEvent> _decoded = new(16);
    private readonly DecodedEventBuffer _values = new();
    private long _lastHostNs;

    public AcquisitionPipeline(BenchDescription bench, ISampleSink sink, LabellerOptions? options = null,
        Func<SourceDescription, IStreamDecoder>? decoderFactory = null)
    {
        _bench = bench;
        _sink = sink;
        decoderFactory ??= DecoderFactory.Create;
        _decoders = bench.Sources.Select(s => (IStreamDecoder?)decoderFactory(s)).ToArray();
        _valueDecoders = _decoders.Select(d => d as IValueStreamDecoder).ToArray();
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
        _values.Clear();
        Decode(source, hostTimeUnixNanoseconds, payload, _values);
        Label(_values);
    }

    /// <summary>
    /// Stage 1 of <see cref="Push"/>: the raw event's decoded values (tagged with <paramref name="source"/>) appended to
    /// <paramref name="output"/>; a decoder that fails is switched off and its <see cref="LabelEventKind.SourceFailed"/>
    /// event is queued before what it produced until then. Touches only the decoders and the raw-event counters, so a
    /// replay may run it on another thread than <see cref="Label(DecodedEventBuffer)"/> (one thread per stage, in order).
    /// </summary>
    internal void Decode(int source, long hostTimeUnixNanoseconds, ReadOnlySpan<byte> payload, DecodedEventBuffer output)
    {
        RawEvents++;
        _lastHostNs = hostTimeUnixNanoseconds;
        var decoder = _decoders[source];
        if (decoder is null) return;
        int start = output.Count;
        try
        {
            // The bench's own decoders by their sealed classes (a type check each, no interface dispatch through a
            // call site that sees three classes); any other value decoder through its interface.
            var fast = _valueDecoders[source];
            if (fast is PpsRecordDecoder pps) pps.PushValues(payload, hostTimeUnixNanoseconds, output);
            else if (fast is TiccDecoder ticc) ticc.PushValues(payload, hostTimeUnixNanoseconds, output);
            else if (fast is GnssStreamDecoder gnss) gnss.PushValues(payload, hostTimeUnixNanoseconds, output);
            else if (fast is not null) fast.Push(payload, hostTimeUnixNanoseconds, output);
            else
            {
                _decoded.Clear();
                try { decoder.Push(payload, hostTimeUnixNanoseconds, _decoded); }
                finally { foreach (var d in _decoded) output.Add(d); } // also what a failing push produced before it threw
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            _decoders[source] = null;
            _valueDecoders[source] = null;
            output.InsertNotice(start, new SinkNotice(new LabelEvent(_bench.Sources[source].Name, hostTimeUnixNanoseconds, null, LabelEventKind.SourceFailed,
                $"decoder stopped: {e.GetType().Name}: {e.Message}")));
            start++;
        }
        output.Tag(start, source);
    }

    /// <summary>
    /// A source stopped delivering (unplugged, vanished, never there) at a host time: a <see cref="LabelEventKind.SourceFailed"/>
    /// event for every channel that needs it (for the source itself when no channel does).
    /// </summary>
    public void SourceLost(int source, long hostTimeUnixNanoseconds, string reason)
    {
        string name = _bench.Sources[source].Name;
        foreach (var channel in Affected(name))
            _sink.OnEvent(new LabelEvent(channel, hostTimeUnixNanoseconds, null, LabelEventKind.SourceFailed, $"source {name} lost: {reason}"));
    }

    /// <summary>
    /// A source was away between two host times and delivers again: a <see cref="LabelEventKind.SourceResumed"/> event
    /// for every channel that needs it (for the source itself when no channel does).
    /// </summary>
    public void Gap(int source, long lostAtUnixNanoseconds, long resumedAtUnixNanoseconds, string reason)
    {
        string name = _bench.Sources[source].Name;
        string message = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"source {name} resumed after {(resumedAtUnixNanoseconds - lostAtUnixNanoseconds) / 1e9:0.###} s away: {reason}");
        foreach (var channel in Affected(name))
            _sink.OnEvent(new LabelEvent(channel, resumedAtUnixNanoseconds, null, LabelEventKind.SourceResumed, message));
    }

    /// <summary>
    /// A source event recorded in a capture (<see cref="Sources.SourceEventRecord"/>): the same label events the live run
    /// produced. False when the record names no source of the bench.
    /// </summary>
    public bool Push(Sources.SourceEventRecord record, long hostTimeUnixNanoseconds)
    {
        int source = SourceIndex(record.Source);
        if (source < 0) return false;
        if (record.Kind == Sources.SourceEventKind.Lost) SourceLost(source, hostTimeUnixNanoseconds, record.Reason);
        else Gap(source, record.LostAtUnixNanoseconds ?? hostTimeUnixNanoseconds, hostTimeUnixNanoseconds, record.Reason);
        return true;
    }

    private IEnumerable<string> Affected(string source)
    {
        bool any = false;
        foreach (var c in _labeller.ChannelsUsing(source))
        {
            any = true;
            yield return c;
        }
        if (!any) yield return source;
    }

    /// <summary>End of input: decoders report what is pending, labels are flushed, sinks are completed.</summary>
    public void Complete()
    {
        _values.Clear();
        CompleteDecoders(_values);
        Label(_values);
        CompleteLabels();
    }

    /// <summary>Stage 1 of <see cref="Complete"/>: what the decoders still hold (untagged: found by source name).</summary>
    internal void CompleteDecoders(DecodedEventBuffer output)
    {
        foreach (var d in _decoders)
        {
            if (d is not GnssStreamDecoder g) continue;
            int start = output.Count;
            g.Complete(_lastHostNs, output);
            output.Tag(start, -1);
        }
    }

    /// <summary>Stage 2 of <see cref="Complete"/>: labels what is pending, then completes the sink.</summary>
    internal void CompleteLabels() => _labeller.Complete();

    /// <summary>
    /// Stage 2 of <see cref="Push"/>: decoded values in order into the labeller (each by its source tag), queued notices
    /// to the sink, source events recorded in a capture as <see cref="Push(Sources.SourceEventRecord, long)"/>.
    /// </summary>
    internal void Label(DecodedEventBuffer values)
    {
        int n = values.Count;
        for (int i = 0; i < n; i++)
        {
            ref var v = ref values[i];
            if (v.Kind == DecodedKind.Other && v.Other is PipelineNotice notice)
            {
                switch (notice)
                {
                    case SinkNotice s: _sink.OnEvent(s.Event); break;
                    case SourceEventNotice r: Push(r.Record, r.HostTimeUnixNanoseconds); break;
                }
                continue;
            }
            DecodedEvents++;
            _labeller.OnEvent(values.SourceOf(i), in v);
        }
    }
}

/// <summary>Not a decoded event: something the label stage does in its place in the order (never reaches a labeller).</summary>
internal abstract record PipelineNotice(string Source, long HostTimeUnixNanoseconds) : DecodedEvent(Source, HostTimeUnixNanoseconds);

/// <summary>An event for the sink, produced by the decode stage (a decoder stopped).</summary>
internal sealed record SinkNotice(LabelEvent Event) : PipelineNotice(Event.Channel, Event.HostTimeUnixNanoseconds);

/// <summary>A source event recorded in a capture, handed to the label stage in its place in the order.</summary>
internal sealed record SourceEventNotice(Sources.SourceEventRecord Record, long HostTimeUnixNanoseconds) : PipelineNotice(Record.Source, HostTimeUnixNanoseconds);
