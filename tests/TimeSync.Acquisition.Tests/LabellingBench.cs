using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// Builds hand-made decoded-event streams of a simulated bench from a known truth: the DUT's time error x per second,
/// qErr per pulse, delays, host clock offset, message order. Times follow the model in TimeErrorFormula's comment.
/// </summary>
internal sealed class LabellingBench
{
    public const long Start = 1_795_000_000; // 2026-11-19T...Z, a whole UTC second
    public int Seconds = 20;
    public Func<long, double> X = k => 1e-9 * (10 + k);      // DUT time error at second k (from Start)
    public Func<long, long> QErrPs = _ => 0;                  // qErr of the reference pulse at second k
    public bool TimTp;                                          // receiver sends TIM-TP (labels the next pulse)
    public bool Nmea = true;                                    // receiver sends RMC
    public double MessageDelaySeconds = 0.15;                  // RMC for S at S + delay (negative: before the edge)
    public Func<long, double>? MessageDelayAt;                 // per-second RMC delay (jitter); overrides MessageDelaySeconds
    public double TimTpDelaySeconds = -0.42;                   // TIM-TP announcing pulse S arrives at S + this
    public Func<long, double> LineLatencyAt = _ => 0;          // extra latency of the counter line of second k
    public double HostOffsetSeconds = 0.0123;                  // host clock − UTC
    public double LineLatencySeconds = 0.004;                  // counter line printed after the edge
    public double AntennaSeconds, RefCableSeconds, DutCableSeconds;
    public double CounterStartSeconds = 0.37;                  // counter started this long before Start (its t = 0)
    public Func<long, bool> RefPresent = _ => true;
    public Func<long, bool> DutPresent = _ => true;
    public Func<long, bool> MessagePresent = _ => true;
    public Func<long, bool> FixValid = _ => true;
    public Func<long, double> RefExtraOffset = _ => 0;         // late reference pulse
    public List<DecodedEvent> Extra = [];

    public static Duration D(double seconds) => Duration.FromSecondsDouble(seconds);

    /// <summary>True UTC (as an offset from Start, exact) of the reference pulse of second k leaving the counter input.</summary>
    public Duration RefEdge(long k) => Duration.FromSeconds(k) + D(AntennaSeconds + RefCableSeconds + RefExtraOffset(k)) - Duration.FromPicoseconds(QErrPs(k));

    public Duration DutEdge(long k) => Duration.FromSeconds(k) - D(X(k)) + D(DutCableSeconds);

    public long Host(Duration sinceStart, double plus) =>
        (Instant.FromUnixSeconds(Start) + sinceStart + D(HostOffsetSeconds + plus)).ToUnixNanoseconds();

    private void Gnss(List<DecodedEvent> ev, long k)
    {
        if (Nmea && MessagePresent(k))
            ev.Add(new GnssTimeMessage("gnss", Host(Duration.FromSeconds(k), MessageDelayAt?.Invoke(k) ?? MessageDelaySeconds), "RMC", Instant.FromUnixSeconds(Start + k), FixValid(k)));
        if (TimTp && MessagePresent(k))
            // u-blox outputs TIM-TP after pulse k − 1 with the receiver's state at that epoch; it announces pulse k.
            ev.Add(new TimePulseInfo("gnss", Host(Duration.FromSeconds(k), TimTpDelaySeconds), Instant.FromUnixSeconds(Start + k), QErrPs(k), FixValid(k - 1)));
    }

    public List<DecodedEvent> TiccTimestamps()
    {
        var ev = new List<DecodedEvent>(Extra);
        Duration counterZero = -D(CounterStartSeconds);
        for (long k = 0; k < Seconds; k++)
        {
            Gnss(ev, k);
            if (RefPresent(k)) ev.Add(new CounterReading("ticc", Host(RefEdge(k), LineLatencySeconds + LineLatencyAt(k)), "chA", RefEdge(k) - counterZero));
            if (DutPresent(k)) ev.Add(new CounterReading("ticc", Host(DutEdge(k), LineLatencySeconds), "chB", DutEdge(k) - counterZero));
        }
        return Sorted(ev);
    }

    /// <summary>Interval counter start=ref stop=DUT: the reading is the time from the ref edge to the next DUT edge.</summary>
    public List<DecodedEvent> TiccIntervals()
    {
        var ev = new List<DecodedEvent>(Extra);
        for (long k = 0; k < Seconds; k++)
        {
            Gnss(ev, k);
            if (!RefPresent(k)) continue;
            Duration stop = DutEdge(k) >= RefEdge(k) ? DutEdge(k) : DutEdge(k + 1);
            ev.Add(new CounterReading("ticc", Host(stop, LineLatencySeconds), "TI", stop - RefEdge(k)));
        }
        return Sorted(ev);
    }

    public List<DecodedEvent> PpsEdges()
    {
        var ev = new List<DecodedEvent>(Extra);
        uint seq = 0;
        for (long k = 0; k < Seconds; k++)
        {
            Gnss(ev, k);
            // host-timestamped: the host clock reads true time + HostOffset
            var refAt = Instant.FromUnixSeconds(Start) + RefEdge(k) + D(HostOffsetSeconds);
            var dutAt = Instant.FromUnixSeconds(Start) + DutEdge(k) + D(HostOffsetSeconds);
            if (RefPresent(k)) ev.Add(new PpsEdge("pps0", refAt.ToUnixNanoseconds() + 20_000, refAt, ++seq, true));
            if (DutPresent(k)) ev.Add(new PpsEdge("pps1", dutAt.ToUnixNanoseconds() + 20_000, dutAt, seq, true));
        }
        return Sorted(ev);
    }

    public List<DecodedEvent> TimeMarks()
    {
        var ev = new List<DecodedEvent>(Extra);
        uint count = 0;
        for (long k = 0; k < Seconds; k++)
        {
            Gnss(ev, k);
            if (!DutPresent(k)) { count++; continue; }
            // receiver timescale lags true UTC by the antenna delay: t_mark = true arrival − antenna
            var mark = Instant.FromUnixSeconds(Start) + DutEdge(k) - D(AntennaSeconds);
            ev.Add(new TimeMark("gnss", Host(Duration.FromSeconds(k), 0.2), 0, mark, ++count, FixValid(k)));
        }
        return Sorted(ev);
    }

    public static List<DecodedEvent> Sorted(List<DecodedEvent> ev) =>
        ev.Select((e, i) => (e, i)).OrderBy(p => p.e.HostTimeUnixNanoseconds).ThenBy(p => p.i).Select(p => p.e).ToList();

    public BenchDescription Description(string method, string mode = "timestamp", bool qErr = true)
    {
        string json = $$"""
            {
              "schema": "timesync-bench/1",
              "sources": [
                { "name": "gnss", "kind": "gnss-serial" },
                { "name": "ticc", "kind": "ticc", "mode": "{{mode}}" },
                { "name": "pps0", "kind": "pps" },
                { "name": "pps1", "kind": "pps" }
              ],
              "reference": { "labels": "gnss", "pps": "ticc:chA", "antennaCableDelaySeconds": {{AntennaSeconds:R}}, "qErrCorrection": {{(qErr ? "true" : "false")}} },
              "channels": [
                { "name": "dut", "method": "{{method}}", "counter": "ticc", "reference": "pps0", "dut": "pps1",
                  "dutCableDelaySeconds": {{DutCableSeconds:R}}, "referenceCableDelaySeconds": {{RefCableSeconds:R}} }
              ]
            }
            """;
        if (method == ChannelMethods.Ticc) json = json.Replace("\"reference\": \"pps0\", \"dut\": \"pps1\",", "");
        else if (method == ChannelMethods.Pps) json = json.Replace("\"counter\": \"ticc\",", "");
        else json = json.Replace("\"counter\": \"ticc\", \"reference\": \"pps0\", \"dut\": \"pps1\",", "")
                        .Replace(", \"referenceCableDelaySeconds\": " + RefCableSeconds.ToString("R"), "");
        return BenchDescription.ParseJson(json);
    }

    public static CollectingSink Run(BenchDescription bench, IEnumerable<DecodedEvent> events)
    {
        var sink = new CollectingSink();
        var labeller = new Labeller(bench, sink);
        foreach (var e in events) labeller.OnEvent(e);
        labeller.Complete();
        return sink;
    }
}
