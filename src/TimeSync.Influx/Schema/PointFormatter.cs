using System.Globalization;
using System.Text;
using TimeSync.Core.Time;
using TimeSync.Influx.LineProtocol;

namespace TimeSync.Influx.Schema;

/// <summary>Turns the sink's records into line-protocol points of the schema in <see cref="InfluxSchema"/>.</summary>
public sealed class PointFormatter
{
    private readonly string? _bench;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, ChannelInfo> _channels = new(StringComparer.Ordinal);

    public PointFormatter(string? bench, IEnumerable<ChannelInfo>? channels = null)
    {
        _bench = string.IsNullOrEmpty(bench) ? null : bench;
        foreach (var c in channels ?? []) Describe(c);
    }

    /// <summary>Registers (or replaces) the reference and source tags of a channel.</summary>
    public void Describe(ChannelInfo channel) => _channels[channel.Channel] = channel;

    /// <summary>One <c>time_error</c> point; a NaN sample becomes a point with <c>gap=true</c> and no <c>x_s</c>.</summary>
    public void TimeError(StringBuilder sb, string channel, TimeErrorSample sample, int flags = 0)
    {
        var w = new LineProtocolWriter(sb).Begin(InfluxSchema.TimeError);
        ChannelTags(w, channel);
        if (double.IsFinite(sample.TimeErrorSeconds)) w.Field(InfluxSchema.TimeErrorSeconds, sample.TimeErrorSeconds);
        else w.Field(InfluxSchema.Gap, true);
        if (flags != 0) w.Field(InfluxSchema.Flags, (long)flags);
        long subNs = sample.Time.Picoseconds % 1000L;
        if (subNs != 0) w.Field(InfluxSchema.SubNanosecondPicoseconds, subNs);
        w.End(sample.Time.ToUnixNanoseconds());
    }

    public void Rolling(StringBuilder sb, RollingStatistics s)
    {
        var w = new LineProtocolWriter(sb).Begin(InfluxSchema.RollingStatistics);
        w.Tag(InfluxSchema.Bench, _bench).Tag(InfluxSchema.Channel, s.Channel);
        w.Tag(InfluxSchema.Window, FormatSeconds(s.WindowSeconds) + "s");
        w.Field(InfluxSchema.Count, s.Count).Field(InfluxSchema.MeanSeconds, s.MeanSeconds).Field(InfluxSchema.StdDevSeconds, s.StdDevSeconds)
         .Field(InfluxSchema.MinSeconds, s.MinSeconds).Field(InfluxSchema.MaxSeconds, s.MaxSeconds)
         .Field(InfluxSchema.PeakToPeakSeconds, s.MaxSeconds - s.MinSeconds).Field(InfluxSchema.WindowSeconds, s.WindowSeconds);
        w.End(s.Time.ToUnixNanoseconds());
    }

    public void Deviation(StringBuilder sb, DeviationPoint d)
    {
        var w = new LineProtocolWriter(sb).Begin(InfluxSchema.Deviation);
        w.Tag(InfluxSchema.Bench, _bench).Tag(InfluxSchema.Channel, d.Channel)
         .Tag(InfluxSchema.Check, d.Check).Tag(InfluxSchema.Statistic, d.Statistic).Tag(InfluxSchema.Tau, FormatSeconds(d.TauSeconds));
        w.Field(InfluxSchema.TauSeconds, d.TauSeconds).Field(InfluxSchema.Value, d.Value)
         .Field(InfluxSchema.Low, d.Low).Field(InfluxSchema.High, d.High).Field(InfluxSchema.Mask, d.Mask);
        if (d.Alpha is int alpha) w.Field(InfluxSchema.Alpha, (long)alpha);
        w.Field(InfluxSchema.Edf, d.Edf);
        if (d.Terms is long n) w.Field(InfluxSchema.Terms, n);
        w.End(d.Time.ToUnixNanoseconds());
    }

    public void Verdict(StringBuilder sb, VerdictPoint v)
    {
        var w = new LineProtocolWriter(sb).Begin(InfluxSchema.Verdict);
        w.Tag(InfluxSchema.Bench, _bench).Tag(InfluxSchema.Channel, v.Channel).Tag(InfluxSchema.Check, v.Check);
        w.Field(InfluxSchema.Pass, v.Pass).Field(InfluxSchema.Passed, v.Pass ? 1L : 0L)
         .Field(InfluxSchema.MarginRatio, v.MarginRatio).Field(InfluxSchema.WorstTauSeconds, v.WorstTauSeconds)
         .Field(InfluxSchema.Message, v.Message).Field(InfluxSchema.CheckType, v.Type)
         .Field(InfluxSchema.Measured, v.Measured).Field(InfluxSchema.Limit, v.Limit).Field(InfluxSchema.Unit, v.Unit);
        w.End(v.Time.ToUnixNanoseconds());
    }

    public void Event(StringBuilder sb, SinkEvent e)
    {
        var w = new LineProtocolWriter(sb).Begin(InfluxSchema.Event);
        w.Tag(InfluxSchema.Bench, _bench).Tag(InfluxSchema.Channel, e.Channel).Tag(InfluxSchema.Kind, e.Kind).Tag(InfluxSchema.Source, e.Source);
        w.Field(InfluxSchema.Count, e.Count).Field(InfluxSchema.Message, e.Message);
        foreach (var kv in e.Values) w.Field(kv.Key, kv.Value);
        w.End(e.Time.ToUnixNanoseconds());
    }

    private void ChannelTags(LineProtocolWriter w, string channel)
    {
        _channels.TryGetValue(channel, out var info);
        // Tag keys in lexical order (bench, channel, reference, source): the server sorts them anyway, this saves it the work.
        w.Tag(InfluxSchema.Bench, _bench).Tag(InfluxSchema.Channel, channel)
         .Tag(InfluxSchema.Reference, info?.Reference).Tag(InfluxSchema.Source, info?.Source);
    }

    /// <summary>Seconds as a short exact tag text: 1 → "1", 0.001 → "0.001", 1e-5 → "1E-05".</summary>
    public static string FormatSeconds(double seconds) => seconds.ToString("R", CultureInfo.InvariantCulture);
}
