using System.Globalization;
using System.Text;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Statistics.Streaming;

namespace TimeSync.Acquisition.Agent;

/// <summary>
/// The agent's live table on an interactive terminal, one row per channel: samples, the last time error x, mean and
/// standard deviation over the last <see cref="SummaryWindowSamples"/> seconds (<see cref="SlidingSummary"/>, a window
/// that slides by one second per second), MTIE at τ = 10 s and 60 s over the last <see cref="MtieWindowSamples"/>
/// seconds (<see cref="StreamingMtie"/>'s sliding window; ITU-T G.810 §4.5.13), PPS health (missing, extra and late
/// pulses from the labeller's events), the reference fix state and sources that are currently lost. Unusable samples
/// (invalid fix, host-clock label) and seconds without a sample are gaps (NaN) for the statistics. Redrawn at most
/// once a second, with the latest label events listed under it; <see cref="Render"/> is the text, for tests. Shown only on a terminal (<see cref="ShouldShow"/>).
/// </summary>
public sealed class LiveView : ISampleSink, IDisposable
{
    public const int SummaryWindowSamples = 60;
    public const int MtieWindowSamples = 600;
    private static readonly int[] MtieAveragingFactors = [10, 60]; // τ = m·τ0 with τ0 = 1 s

    private sealed class Row
    {
        public long Samples;
        public double Last = double.NaN;
        public long LastSecond = long.MinValue;
        public readonly SlidingSummary Summary = new(SummaryWindowSamples);
        public readonly StreamingMtie Mtie = new(MtieAveragingFactors, MtieWindowSamples);
        public long Missing, Extra, Late;
        public string Fix = "?";
        public readonly SortedSet<string> LostSources = new(StringComparer.Ordinal);

        public void Push(double x)
        {
            Summary.Push(x);
            Mtie.Push(x);
        }
    }

    private readonly Dictionary<string, Row> _rows;
    private readonly TextWriter _output;
    private readonly Queue<string> _recent = new();
    private readonly Lock _gate = new();
    private readonly Timer? _timer;
    private long _lastDrawTicks;
    private bool _dirty;

    /// <param name="channels">Channel names, in the order of the rows.</param>
    /// <param name="output">The terminal.</param>
    /// <param name="redrawEverySecond">Also redraw from a timer when something changed, so a quiet bench still shows its
    /// latest state (the agent); off for tests.</param>
    public LiveView(IEnumerable<string> channels, TextWriter output, bool redrawEverySecond = false)
    {
        _rows = channels.ToDictionary(c => c, _ => new Row(), StringComparer.Ordinal);
        _output = output;
        if (redrawEverySecond) _timer = new Timer(_ => { lock (_gate) if (_dirty) Draw(); }, null, 1000, 1000);
    }

    /// <summary>How many of the latest label events (source lost/resumed, fix lost, missing pulses, …) the table lists.</summary>
    public const int RecentEvents = 6;

    /// <summary>
    /// Whether to draw the table: stdout is a terminal (not redirected to a file or pipe), not under systemd
    /// (INVOCATION_ID set) or CI, TERM is not "dumb", and the user did not ask for --no-view.
    /// </summary>
    public static bool ShouldShow(bool outputRedirected, string? term, string? invocationId, string? ci, bool disabled) =>
        !disabled && !outputRedirected && string.IsNullOrEmpty(invocationId) && string.IsNullOrEmpty(ci) && term != "dumb";

    public void OnSample(string channel, ChannelSample sample)
    {
        lock (_gate) Add(channel, sample);
    }

    private void Add(string channel, ChannelSample sample)
    {
        if (!_rows.TryGetValue(channel, out var r)) return;
        long second = sample.Sample.Time.UnixSeconds;
        if (r.LastSecond != long.MinValue && second > r.LastSecond + 1)
        {
            long missing = Math.Min(second - r.LastSecond - 1, MtieWindowSamples);
            for (long i = 0; i < missing; i++) r.Push(double.NaN); // seconds without a sample: gaps
        }
        r.LastSecond = second;
        r.Samples++;
        r.Last = sample.Sample.TimeErrorSeconds;
        r.Push(sample.IsUsable ? sample.Sample.TimeErrorSeconds : double.NaN);
        r.Fix = sample.Flags.HasFlag(SampleFlags.FixInvalid) ? "NO FIX" : "ok";
        MaybeDraw();
    }

    public void OnEvent(LabelEvent e)
    {
        lock (_gate)
        {
            Add(e);
            MaybeDraw();
        }
    }

    private void Add(LabelEvent e)
    {
        if (e.Kind is not (LabelEventKind.AssociationDecided or LabelEventKind.DecodeProblem))
        {
            // the newest events under the table (console warnings would be wiped by the next redraw)
            if (_recent.Count == RecentEvents) _recent.Dequeue();
            string when = e.Utc?.ToString() ?? Core.Time.Instant.FromUnixNanoseconds(e.HostTimeUnixNanoseconds).ToIsoString(0);
            _recent.Enqueue($"{when} {e.Channel}: {e.Kind}{(e.Count > 1 ? $" ×{e.Count}" : "")} {e.Message}".TrimEnd());
        }
        if (!_rows.TryGetValue(e.Channel, out var r)) return;
        switch (e.Kind)
        {
            case LabelEventKind.MissingPulse: r.Missing += e.Count; break;
            case LabelEventKind.ExtraPulse: r.Extra += e.Count; break;
            case LabelEventKind.LatePulse: r.Late += e.Count; break;
            case LabelEventKind.FixLost: r.Fix = "NO FIX"; break;
            case LabelEventKind.FixRegained: r.Fix = "ok"; break;
            case LabelEventKind.SourceFailed when SourceOf(e.Message, " lost") is string s: r.LostSources.Add(s); break;
            case LabelEventKind.SourceResumed when SourceOf(e.Message, " resumed") is string s: r.LostSources.Remove(s); break;
        }
    }

    public void Complete()
    {
        _timer?.Dispose();
        lock (_gate) Draw();
    }

    public void Dispose() => _timer?.Dispose();

    /// <summary>"gnss" of the pipeline's "source gnss lost: …" / "source gnss resumed after …".</summary>
    private static string? SourceOf(string message, string verb)
    {
        if (!message.StartsWith("source ", StringComparison.Ordinal)) return null;
        int end = message.IndexOf(verb, 7, StringComparison.Ordinal);
        return end > 7 ? message[7..end] : null;
    }

    /// <summary>The table as text (also for tests): a header, one line per channel in bench order, a legend.</summary>
    public string Render()
    {
        lock (_gate) return RenderCore();
    }

    private string RenderCore()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture,
            $"{"channel",-12} {"samples",8} {"x last ns",12} {"mean ns",10} {"stdev ns",10} {"MTIE10s ns",11} {"MTIE60s ns",11} {"missing",8} {"extra",6} {"late",5}  {"fix",-6}  sources");
        foreach (var (name, r) in _rows)
        {
            var s = r.Summary;
            string sources = r.LostSources.Count == 0 ? "ok" : "LOST " + string.Join(",", r.LostSources);
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{name,-12} {r.Samples,8} {Ns(r.Last),12} {Ns(s.Mean),10} {Ns(s.StandardDeviation),10} {Ns(r.Mtie.Sliding(0).Value),11} {Ns(r.Mtie.Sliding(1).Value),11} {r.Missing,8} {r.Extra,6} {r.Late,5}  {r.Fix,-6}  {sources}");
        }
        sb.AppendLine($"x = T_dut − T_ref; mean/stdev over the last {SummaryWindowSamples} s; MTIE over the last {MtieWindowSamples} s");
        foreach (var line in _recent) sb.AppendLine(line);
        return sb.ToString();
    }

    private static string Ns(double seconds) =>
        double.IsNaN(seconds) ? "-" : (seconds * 1e9).ToString("0.000", CultureInfo.InvariantCulture);

    private void MaybeDraw()
    {
        _dirty = true;
        long now = Environment.TickCount64;
        if (now - _lastDrawTicks < 1000) return;
        _lastDrawTicks = now;
        Draw();
    }

    private void Draw()
    {
        _dirty = false;
        _lastDrawTicks = Environment.TickCount64;
        _output.Write("\x1b[H\x1b[J" + RenderCore());
        _output.Flush();
    }
}
