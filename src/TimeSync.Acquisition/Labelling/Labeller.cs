using System.Runtime.CompilerServices;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Labelling;

/// <summary>
/// Turns decoded events (all sources, in host-time order) into per-channel time-error samples and label events,
/// as the bench description says. Each channel is labelled independently; a channel whose labelling fails is reported
/// once and switched off without stopping the others.
/// </summary>
public sealed class Labeller
{
    private readonly ISampleSink _sink;
    private readonly Dictionary<string, IChannelLabeller[]> _bySource = new(StringComparer.Ordinal);
    private readonly IChannelLabeller[] _channels;
    // By source index (bench order): the source's name instance and the channels it feeds (null: none).
    private readonly string[] _sourceNames;
    private readonly IChannelLabeller[]?[] _targetsByIndex;
    private readonly HashSet<IChannelLabeller> _failed = [];
    private bool _anyFailed;
    private readonly HashSet<(string, int, Instant?)> _leaps = [];

    // Hot path: decoders hand out the same source-name instance for every event, so the channels a source feeds are
    // found by reference among the names seen so far (strings are immutable: same instance, same content) before the
    // ordinal dictionary; null targets = a source no channel uses.
    private readonly string?[] _seenSources = new string?[16];
    private readonly IChannelLabeller[]?[] _seenTargets = new IChannelLabeller[]?[16];
    private int _seenCount;

    public Labeller(BenchDescription bench, ISampleSink sink, LabellerOptions? options = null)
    {
        _sink = sink;
        options ??= LabellerOptions.Default;
        var channels = new List<IChannelLabeller>();
        foreach (var c in bench.Channels)
        {
            var output = new ChannelOutput(c.Name, sink);
            channels.Add(c.Method == ChannelMethods.TimTm2
                ? new TimTm2ChannelLabeller(bench, c, output)
                : new PairingChannelLabeller(bench, c, options, output));
        }
        _channels = [.. channels];
        foreach (var s in bench.Sources)
            _bySource[s.Name] = _channels.Where(c => c.Sources.Contains(s.Name)).ToArray();
        _sourceNames = bench.Sources.Select(s => s.Name).ToArray();
        _targetsByIndex = bench.Sources.Select(s => _bySource[s.Name]).ToArray();
    }

    /// <summary>Names of the channels that need <paramref name="source"/>'s events (bench order; empty for an unused source).</summary>
    public IEnumerable<string> ChannelsUsing(string source) =>
        _bySource.TryGetValue(source, out var c) ? c.Select(x => x.Channel) : [];

    /// <summary>Channel names, in bench description order.</summary>
    public IEnumerable<string> Channels => _channels.Select(c => c.Channel);

    public void OnEvent(DecodedEvent decoded)
    {
        var value = DecodedEventValue.FromRecord(decoded);
        OnEvent(in value);
    }

    /// <summary>The pipeline's path: one decoded event as a value (no record allocated for the hot kinds).</summary>
    internal void OnEvent(in DecodedEventValue decoded) => OnEvent(-1, in decoded);

    /// <summary>
    /// One decoded event of bench source number <paramref name="sourceIndex"/> (−1: unknown): its channels are found by
    /// index when the event names that source (as the bench's decoders do), else by the event's source name.
    /// </summary>
    internal void OnEvent(int sourceIndex, in DecodedEventValue decoded)
    {
        if (decoded.Kind == DecodedKind.Other && !OnOther(decoded.Other!)) return;
        var targets = (uint)sourceIndex < (uint)_sourceNames.Length && ReferenceEquals(_sourceNames[sourceIndex], decoded.Source)
            ? _targetsByIndex[sourceIndex]
            : TargetsOf(decoded.Source);
        if (targets is null) return;
        foreach (var c in targets)
        {
            if (_anyFailed && _failed.Contains(c)) continue;
            // The common method's class directly (sealed: one type check, no interface dispatch).
            try
            {
                if (c is PairingChannelLabeller pairing) pairing.OnEvent(in decoded);
                else c.OnEvent(in decoded);
            }
            catch (Exception e) when (e is not OutOfMemoryException) { Fail(c, decoded.HostTimeUnixNanoseconds, e); }
        }
    }

    /// <summary>A record other than the three hot kinds: problems and leap warnings reach the sink; false when the channels need not see it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // rare: keeps its locals (tuples, messages) out of the hot method's frame
    private bool OnOther(DecodedEvent other)
    {
        switch (other)
        {
            case DecodeProblem p:
                _sink.OnEvent(new LabelEvent(p.Source, p.HostTimeUnixNanoseconds, null, LabelEventKind.DecodeProblem, $"byte {p.StreamOffset}: {p.Message}"));
                return false;
            case LeapSecondWarning w when _leaps.Add((w.Source, w.Sign, w.AtUtc)):
                string at = w.AtUtc is Instant a ? $" at {a}" : "";
                _sink.OnEvent(new LabelEvent(w.Source, w.HostTimeUnixNanoseconds, w.AtUtc, LabelEventKind.LeapSecondAnnounced,
                    $"receiver announces a {(w.Sign > 0 ? "positive" : "negative")} leap second{at}"));
                break;
        }
        return true;
    }

    private IChannelLabeller[]? TargetsOf(string source)
    {
        for (int i = 0; i < _seenCount; i++)
            if (ReferenceEquals(_seenSources[i], source)) return _seenTargets[i];
        var targets = _bySource.TryGetValue(source, out var t) ? t : null;
        if (_seenCount < _seenSources.Length)
        {
            _seenSources[_seenCount] = source;
            _seenTargets[_seenCount++] = targets;
        }
        return targets;
    }

    /// <summary>End of input: labels what is pending in every channel, then completes the sink.</summary>
    public void Complete()
    {
        foreach (var c in _channels)
        {
            if (_failed.Contains(c)) continue;
            try { c.Complete(); }
            catch (Exception e) when (e is not OutOfMemoryException) { Fail(c, 0, e); }
        }
        _sink.Complete();
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void Fail(IChannelLabeller c, long hostNs, Exception e)
    {
        _failed.Add(c);
        _anyFailed = true;
        _sink.OnEvent(new LabelEvent(c.Channel, hostNs, null, LabelEventKind.SourceFailed, $"labelling stopped for this channel: {e.GetType().Name}: {e.Message}"));
    }
}
