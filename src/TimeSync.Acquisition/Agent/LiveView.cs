using System.Globalization;
using System.Text;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;

namespace TimeSync.Acquisition.Agent;

/// <summary>
/// The agent's live table on an interactive terminal: per channel the last time error, mean/stdev/MTIE over the last
/// <see cref="Window"/> samples (MTIE over the window: max − min, ITU-T G.810 §4.5.13 at τ = window), missing/extra
/// pulses and the reference fix state. Redrawn at most once a second.
/// </summary>
public sealed class LiveView(IEnumerable<string> channels, TextWriter output) : ISampleSink
{
    public const int Window = 60;

    private sealed class Row
    {
        public readonly double[] Ring = new double[Window];
        public int Count, Next;
        public double Last = double.NaN;
        public long Samples, Missing, Extra;
        public string Fix = "?";
        public SampleFlags Flags;
    }

    private readonly Dictionary<string, Row> _rows = channels.ToDictionary(c => c, _ => new Row());
    private long _lastDrawTicks;

    public void OnSample(string channel, ChannelSample sample)
    {
        if (!_rows.TryGetValue(channel, out var r)) return;
        r.Samples++;
        r.Last = sample.Sample.TimeErrorSeconds;
        r.Flags = sample.Flags;
        r.Fix = sample.Flags.HasFlag(SampleFlags.FixInvalid) ? "NO FIX" : "ok";
        r.Ring[r.Next] = r.Last;
        r.Next = (r.Next + 1) % Window;
        r.Count = Math.Min(r.Count + 1, Window);
        MaybeDraw();
    }

    public void OnEvent(LabelEvent e)
    {
        if (!_rows.TryGetValue(e.Channel, out var r)) return;
        if (e.Kind == LabelEventKind.MissingPulse) r.Missing += e.Count;
        else if (e.Kind == LabelEventKind.ExtraPulse) r.Extra += e.Count;
        else if (e.Kind == LabelEventKind.FixLost) r.Fix = "NO FIX";
        else if (e.Kind == LabelEventKind.FixRegained) r.Fix = "ok";
    }

    public void Complete() => Draw();

    private void MaybeDraw()
    {
        long now = Environment.TickCount64;
        if (now - _lastDrawTicks < 1000) return;
        _lastDrawTicks = now;
        Draw();
    }

    /// <summary>The table as text (also for tests).</summary>
    public string Render()
    {
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"{"channel",-12} {"samples",8} {"x last ns",12} {"mean ns",10} {"stdev ns",10} {"MTIE60 ns",10} {"missing",8} {"extra",6}  fix");
        foreach (var (name, r) in _rows)
        {
            double mean = 0, m2 = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
            for (int i = 0; i < r.Count; i++)
            {
                // Welford (Knuth TAOCP vol. 2 §4.2.2)
                double v = r.Ring[i], d = v - mean;
                mean += d / (i + 1);
                m2 += d * (v - mean);
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }
            double sd = r.Count > 1 ? Math.Sqrt(m2 / (r.Count - 1)) : double.NaN;
            sb.AppendLine(CultureInfo.InvariantCulture,
                $"{name,-12} {r.Samples,8} {r.Last * 1e9,12:0.000} {(r.Count > 0 ? mean * 1e9 : double.NaN),10:0.000} {sd * 1e9,10:0.000} {(r.Count > 0 ? (max - min) * 1e9 : double.NaN),10:0.000} {r.Missing,8} {r.Extra,6}  {r.Fix}");
        }
        return sb.ToString();
    }

    private void Draw()
    {
        output.Write("\x1b[H\x1b[J" + Render());
        output.Flush();
    }
}
