using TimeSync.Acquisition.Labelling;

namespace TimeSync.Acquisition.Pipeline;

/// <summary>
/// Builds each channel's 1 s time-error grid while the samples come (the sink of <see cref="CaptureSeries.LoadAll"/>):
/// x of usable samples straight into a growing double[] indexed by second − first second, NaN elsewhere — no list of
/// samples kept and copied. Keeps every event. A sample far beyond the grid (more than
/// <see cref="CaptureSeries.MaxSpanSlackSeconds"/> past twice the samples so far: a bogus label) goes to a side list, so
/// memory stays bounded by the samples; <see cref="CaptureSeries.FromSeries"/> then applies the same span rule as
/// <see cref="CaptureSeries.ToSeries"/>.
/// </summary>
public sealed class SeriesSink : ISampleSink
{
    /// <summary>One channel's grid so far.</summary>
    internal sealed class Grid
    {
        public long First, Last;
        public long Samples;
        public double[] Values = [];
        public int Length;                        // grid seconds filled so far (dense part)
        public List<(long Second, double X)>? Far; // samples past the dense part (rare: bogus labels)
    }

    private readonly Dictionary<string, Grid> _grids = new(StringComparer.Ordinal);
    // Channels' grids by string instance: a channel labeller passes the same name with every sample.
    private readonly string?[] _seenChannels = new string?[16];
    private readonly Grid?[] _seenGrids = new Grid?[16];
    private int _seenCount;

    public List<LabelEvent> Events { get; } = [];
    public bool Completed { get; private set; }

    internal Grid? For(string channel) => _grids.GetValueOrDefault(channel);

    /// <summary>One channel's series (empty when it had no samples); <paramref name="path"/> names the capture in errors.</summary>
    public TimeSync.Capture.Readers.ImportedSeries ToSeries(string path, string channel) => CaptureSeries.ToSeries(path, channel, For(channel));

    public void OnSample(string channel, ChannelSample sample)
    {
        Grid? grid = null;
        for (int i = 0; i < _seenCount; i++)
        {
            if (ReferenceEquals(_seenChannels[i], channel))
            {
                grid = _seenGrids[i];
                break;
            }
        }
        grid ??= Find(channel);
        Add(grid!, sample.Sample.Time.UnixSeconds, sample.IsUsable ? sample.Sample.TimeErrorSeconds : double.NaN);
    }

    private Grid Find(string channel)
    {
        if (!_grids.TryGetValue(channel, out var grid)) _grids[channel] = grid = new Grid();
        if (_seenCount < _seenChannels.Length)
        {
            _seenChannels[_seenCount] = channel;
            _seenGrids[_seenCount++] = grid;
        }
        return grid;
    }

    /// <summary>Per channel, seconds strictly increase (the labeller's guarantee, <see cref="ISampleSink"/>).</summary>
    private static void Add(Grid g, long second, double x)
    {
        if (g.Samples == 0) g.First = second;
        g.Samples++;
        g.Last = second;
        long index = second - g.First;
        if (g.Far is null && index < Math.Min(Array.MaxLength, Math.Max(1024, 2 * g.Samples + CaptureSeries.MaxSpanSlackSeconds)))
        {
            if (index >= g.Values.Length) Grow(g, index);
            if (index >= g.Length)
            {
                if (index > g.Length) g.Values.AsSpan(g.Length, (int)(index - g.Length)).Fill(double.NaN);
                g.Length = (int)index + 1;
            }
            g.Values[index] = x;
            return;
        }
        (g.Far ??= []).Add((second, x));
    }

    private static void Grow(Grid g, long index)
    {
        long size = Math.Min(Math.Max(Math.Max(1024, 2L * g.Values.Length), index + 1), Array.MaxLength);
        Array.Resize(ref g.Values, (int)size);
    }

    public void OnEvent(LabelEvent labelEvent) => Events.Add(labelEvent);

    public void Complete() => Completed = true;
}
