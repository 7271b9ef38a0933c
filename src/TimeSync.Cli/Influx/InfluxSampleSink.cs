using System.Text;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;
using TimeSync.Influx;
using TimeSync.Influx.Delivery;
using TimeSync.Influx.Schema;

namespace TimeSync.Cli.Influx;

/// <summary>
/// The pipeline's <see cref="ISampleSink"/> onto an <see cref="InfluxSink"/>: one <c>time_error</c> point per sample
/// (with the labeller's flags), one <c>event</c> point per label event. Never waits for the server.
/// </summary>
public sealed class InfluxSampleSink : ISampleSink
{
    private readonly InfluxSink _sink;
    private readonly Action<string> _log;

    public InfluxSampleSink(InfluxSink sink, Action<string> log)
    {
        _sink = sink;
        _log = log;
    }

    /// <summary>Final counters, once <see cref="Complete"/> has run.</summary>
    public DeliveryStats? Final { get; private set; }

    /// <summary>Registers the reference and source tags of every channel of the bench.</summary>
    public void Describe(BenchDescription bench)
    {
        foreach (var c in bench.Channels)
        {
            _sink.Describe(ChannelInfoOf(bench, c));
            _channels.Add(c.Name);
        }
        foreach (var s in bench.Sources) _sources.Add(s.Name);
    }

    private readonly HashSet<string> _channels = new(StringComparer.Ordinal);
    private readonly HashSet<string> _sources = new(StringComparer.Ordinal);

    public static ChannelInfo ChannelInfoOf(BenchDescription bench, ChannelDescription c) =>
        new(c.Name, c.Reference ?? bench.Reference.Pps ?? bench.Reference.Labels, c.Counter ?? c.Receiver ?? c.Dut);

    /// <summary>Longest run of missing seconds written as gap points; a longer jump (a bogus label) is not filled.</summary>
    public const long MaxGapFillSeconds = 7 * 86400;

    private readonly Dictionary<string, long> _lastSecond = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes the sample, preceded by one <c>gap=true</c> point per missing whole second since the channel's previous
    /// sample, so that a channel's <c>time_error</c> points are the same 1 s grid that `replay` and `analyze` count
    /// (<c>count("x_s") + count("gap")</c> = analyze's count). Flagged (unusable) samples keep their value and flags.
    /// </summary>
    public void OnSample(string channel, ChannelSample sample)
    {
        long second = sample.Sample.Time.UnixSeconds;
        if (_lastSecond.TryGetValue(channel, out long last))
        {
            long missing = second - last - 1;
            if (missing > 0 && missing <= MaxGapFillSeconds)
                for (long s = last + 1; s < second; s++) _sink.WriteSample(channel, new TimeErrorSample(Instant.FromUnixSeconds(s), double.NaN));
        }
        if (!_lastSecond.TryGetValue(channel, out last) || second > last) _lastSecond[channel] = second;
        _sink.WriteSample(channel, sample.Sample, (int)sample.Flags, sample.IsUsable);
    }

    /// <summary>One <c>event</c> point; a source-wide event (a device that vanished, a decoder that stopped) carries the
    /// <c>source</c> tag instead of <c>channel</c>.</summary>
    public void OnEvent(LabelEvent labelEvent)
    {
        var time = labelEvent.Utc ?? Instant.FromUnixNanoseconds(labelEvent.HostTimeUnixNanoseconds);
        bool sourceWide = _sources.Contains(labelEvent.Channel) && !_channels.Contains(labelEvent.Channel);
        _sink.WriteEvent(new SinkEvent(time, KindName(labelEvent.Kind), sourceWide ? null : labelEvent.Channel, sourceWide ? labelEvent.Channel : null,
            labelEvent.Message, labelEvent.Count));
    }

    public bool Completed => Final is not null;

    public void Complete()
    {
        if (Final is not null) return;
        var stats = _sink.CompleteAsync().GetAwaiter().GetResult();
        _sink.DisposeAsync().AsTask().GetAwaiter().GetResult();
        Final = stats;
        _log($"influx: {stats.Written} of {stats.Accepted} points written to {_sink.Target}"
             + (stats.SpooledBatches > 0 ? $"; {stats.SpooledBatches} batches wait in {_sink.SpoolDirectory}" : "")
             + (stats.Dropped > 0 ? $"; {stats.Dropped} dropped (spool full, see the spool_overflow event)" : ""));
    }

    /// <summary>The <c>kind</c> tag of a label event: fix_lost, relock, missing_pulse, source_fault, ... (snake case).</summary>
    public static string KindName(LabelEventKind kind) => kind switch
    {
        LabelEventKind.MissingPulse => InfluxSchema.EventMissingPulse,
        LabelEventKind.FixLost => InfluxSchema.EventFixLost,
        LabelEventKind.FixRegained => InfluxSchema.EventRelock,
        LabelEventKind.SourceFailed => InfluxSchema.EventSourceFault,
        _ => SnakeCase(kind.ToString()),
    };

    private static string SnakeCase(string name)
    {
        var sb = new StringBuilder(name.Length + 4);
        for (int i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0) sb.Append('_');
            sb.Append(char.ToLowerInvariant(name[i]));
        }
        return sb.ToString();
    }
}
