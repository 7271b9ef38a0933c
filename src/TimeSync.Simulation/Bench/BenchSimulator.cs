using System.Globalization;
using TimeSync.Acquisition.Bench;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;
using TimeSync.Core.Time;
using TimeSync.Simulation.Clocks;
using TimeSync.Simulation.Devices;
using TimeSync.Simulation.Numerics;
using TimeSync.Simulation.Transport;

namespace TimeSync.Simulation.Bench;

/// <summary>
/// Runs a simulated bench and writes it as a capture: the GNSS receiver's serial stream (source "gnss") and one TICC
/// per device ("ticc", "ticc2", …), bytes exactly as the devices send them, host receive times as a host would see
/// them. Deterministic: the same spec, seed and duration give the same events, byte for byte.
/// </summary>
public static class BenchSimulator
{
    /// <summary>The bench description a recording of this scenario carries (for the capture's SHB comment).</summary>
    public static BenchDescription Describe(ScenarioSpec spec)
    {
        var sources = new List<SourceDescription>
        {
            new("gnss", SourceKinds.GnssSerial, spec.Receiver.Device, spec.Receiver.Baud, Receiver: spec.Receiver.Model),
        };
        var channels = new List<ChannelDescription>();
        if (spec.Pairs is { } pairs)
        {
            // A clock lab: one TICC per pair "A-B", clock B's PPS on chA (reference input), A's on chB: x = T_A − T_B.
            // The clocks are not GNSS pulses: no qErr, no antenna delay; the receiver only names the seconds.
            var lab = LabPairs(spec);
            for (int p = 0; p < lab.Length; p++)
            {
                var (a, b) = lab[p];
                string ticc = TiccName(p);
                sources.Add(new(ticc, SourceKinds.Ticc, TiccDevice(spec, p), spec.Ticc.Baud, Mode: TiccModes.Timestamp));
                channels.Add(new(pairs[p], ChannelMethods.Ticc, Counter: ticc, ReferenceInput: "chA", DutInput: "chB",
                    DutCableDelaySeconds: Declared(spec.Duts[a]), ReferenceCableDelaySeconds: Declared(spec.Duts[b])));
            }
            return new BenchDescription(BenchDescription.CurrentSchema, spec.Bench, "timesync 0.1.0", spec.Host.Name, sources,
                new ReferenceDescription("gnss", "ticc:chA", 0, QErrCorrection: false), channels);
        }
        for (int i = 0; i < spec.Duts.Count; i++)
        {
            var d = spec.Duts[i];
            string ticc = TiccName(i);
            sources.Add(new(ticc, SourceKinds.Ticc, TiccDevice(spec, i), spec.Ticc.Baud, Mode: TiccModes.Timestamp));
            channels.Add(new(d.Name, ChannelMethods.Ticc, Counter: ticc, ReferenceInput: "chA", DutInput: "chB",
                DutCableDelaySeconds: d.DeclaredCableDelaySeconds ?? d.CableDelaySeconds));
        }
        return new BenchDescription(BenchDescription.CurrentSchema, spec.Bench, "timesync 0.1.0", spec.Host.Name, sources,
            new ReferenceDescription("gnss", "ticc:chA", spec.Receiver.AntennaCableDelaySeconds), channels);
    }

    private static double Declared(DutSpec d) => d.DeclaredCableDelaySeconds ?? d.CableDelaySeconds;

    /// <summary>The clock indices (A, B) of each pair "A-B" of a clock lab.</summary>
    private static (int A, int B)[] LabPairs(ScenarioSpec spec)
    {
        var index = spec.Duts.Select((d, i) => (d.Name, i)).ToDictionary(t => t.Name, t => t.i, StringComparer.Ordinal);
        return spec.Pairs!.Select((text, p) =>
        {
            var parts = text.Split('-');
            if (parts.Length != 2 || !index.TryGetValue(parts[0], out int a) || !index.TryGetValue(parts[1], out int b) || a == b)
                throw new InputException($"pairs[{p}]", $"'{text}' is not 'A-B' naming two different clocks of duts");
            return (a, b);
        }).ToArray();
    }

    private static string TiccName(int i) => i == 0 ? "ticc" : $"ticc{i + 1}";

    private static string TiccDevice(ScenarioSpec spec, int i) => i == 0 ? spec.Ticc.Device : $"/dev/ttyACM{i + 1}";

    /// <summary>
    /// Simulates <paramref name="durationSeconds"/> of the bench and writes every raw event to <paramref name="writer"/>
    /// (sources declared here). When <paramref name="truth"/> is given, writes the true time error per channel and pulse
    /// as CSV (see README).
    /// </summary>
    public static SimulationResult Run(ScenarioSpec spec, ulong seed, double durationSeconds, ICaptureWriter writer, TextWriter? truth = null)
    {
        Validate(spec, durationSeconds);
        double tau0 = spec.Tau0Seconds;
        long tau0Ps = (long)Math.Round(tau0 * 1e12);
        int n = (int)Math.Floor(durationSeconds / tau0 + 1e-9);
        var start = Instant.Parse(spec.StartUtc);
        var receiver = new GnssReceiverModel(spec.Receiver, tau0, n + 1, new Xoshiro256StarStar(seed, 1000));

        // devices under test
        var trajectories = new DutTrajectory[spec.Duts.Count];
        for (int i = 0; i < spec.Duts.Count; i++)
        {
            var d = spec.Duts[i];
            ulong mix = seed ^ (0x9E3779B97F4A7C15UL * (ulong)(i + 1));
            ulong noiseSeed = Xoshiro256StarStar.SplitMix64(ref mix);
            var free = DutClock.FreeRunningPhase(d, d.Coefficients($"duts[{i}].noise"), tau0, n, noiseSeed);
            trajectories[i] = d.Servo is null
                ? new DutTrajectory(free, new ServoState[n])
                : DutClock.Discipline(free, tau0, d.Servo, d.Servo.Reference == "gnss-pps" ? receiver.LateSeconds : null,
                    new Xoshiro256StarStar(seed, 2000 + (ulong)i));
        }

        int gnssId = writer.AddSource(new CaptureSource("gnss", CaptureLinkType.SerialBytes, $"serial {spec.Receiver.Device} {spec.Receiver.Baud} 8N1"));
        var lab = spec.Pairs is null ? null : LabPairs(spec);
        int counters = lab?.Length ?? spec.Duts.Count;
        var ticcIds = new int[counters];
        for (int i = 0; i < counters; i++)
            ticcIds[i] = writer.AddSource(new CaptureSource(TiccName(i), CaptureLinkType.SerialBytes, $"serial {TiccDevice(spec, i)} {spec.Ticc.Baud} 8N1"));

        var host = spec.Host;
        var gnssLink = new SerialLink(spec.Receiver.Baud, host.UsbLatencySeconds, host.UsbLatencyJitterSeconds, host.ClockOffsetSeconds, new Xoshiro256StarStar(seed, 3000));
        var ticcLinks = Enumerable.Range(0, counters)
            .Select(i => new SerialLink(spec.Ticc.Baud, host.UsbLatencySeconds, host.UsbLatencyJitterSeconds, host.ClockOffsetSeconds, new Xoshiro256StarStar(seed, 3100 + (ulong)i)))
            .ToArray();
        var gnssRng = new Xoshiro256StarStar(seed, 4000);
        var ticcRng = new Xoshiro256StarStar(seed, 5000);
        var pulseRng = new Xoshiro256StarStar(seed, 6000);

        var pending = new List<(long Host, int Source, long Order, byte[] Bytes)>();
        long order = 0, packets = 0, payloadBytes = 0;
        var reads = new List<HostRead>();
        void Queue(int source, List<HostRead> rs)
        {
            foreach (var r in rs) pending.Add((r.HostTimeUnixNanoseconds, source, order++, r.Bytes));
            rs.Clear();
        }
        Action<int, List<HostRead>> queue = Queue; // one delegate for the whole run, not one per pulse
        void FlushBefore(long hostLimit)
        {
            pending.Sort((a, b) => a.Host != b.Host ? a.Host.CompareTo(b.Host) : a.Order.CompareTo(b.Order));
            int w = 0;
            for (; w < pending.Count && pending[w].Host < hostLimit; w++)
            {
                writer.Write(pending[w].Source, pending[w].Host, pending[w].Bytes);
                packets++;
                payloadBytes += pending[w].Bytes.Length;
            }
            pending.RemoveRange(0, w);
        }

        // The agent opens the ports 1.6 s before the first pulse, so it sees the receiver's messages of the previous
        // epoch (whose TIM-TP announces the first pulse). Opening the TICC's port resets it (Arduino DTR): it prints
        // its banner and starts counting 0.8 s before the first pulse.
        var ticcStart = start - Duration.FromPicoseconds(800_000_000_000L);
        for (int i = 0; i < counters; i++)
        {
            ticcLinks[i].Transmit(start - Duration.FromPicoseconds(1_100_000_000_000L), TiccEncoder.StartupBanner(), reads);
            Queue(ticcIds[i], reads);
        }
        if (start.Picoseconds == 0 && tau0Ps <= Instant.PicosecondsPerSecond)
        {
            var previous = start - Duration.FromSeconds(1);
            var burst = GnssBurst(spec.Receiver, previous, receiver, -(int)(Instant.PicosecondsPerSecond / tau0Ps), tau0Ps, gnssRng, spec.Receiver.HasFix(-1));
            gnssLink.Transmit(previous + Duration.FromSecondsDouble(spec.Receiver.MessageDelaySeconds), burst, reads);
            Queue(gnssId, reads);
        }

        truth?.WriteLine("# timesync simulate truth: x = T_dut - T_true (ITU-T G.810), seconds; expectedMeasured = what a labeller applying qErr and the declared delays should report, without counter jitter");
        truth?.WriteLine("utc,channel,trueTimeErrorSeconds,expectedMeasuredSeconds,referenceErrorSeconds,servoState");

        var lines = new List<(Instant Edge, byte[] Bytes)>();
        var labEdges = new LabEdge[spec.Duts.Count];
        for (int k = 0; k < n; k++)
        {
            var ideal = start + Duration.FromPicoseconds(checked(k * tau0Ps));
            bool wholeSecond = ideal.Picoseconds == 0;
            double refLate = receiver.LateSeconds[k];
            bool refPresent = !pulseRng.Chance(spec.Receiver.MissingPulseProbability);
            var refEdge = ideal + Duration.FromSecondsDouble(refLate);

            // GNSS epoch messages after each whole-second pulse
            if (wholeSecond && !gnssRng.Chance(spec.Receiver.DropoutProbability))
            {
                var burst = GnssBurst(spec.Receiver, ideal, receiver, k, tau0Ps, gnssRng, spec.Receiver.HasFix((double)k * tau0Ps / Instant.PicosecondsPerSecond));
                double delay = spec.Receiver.MessageDelaySeconds - spec.Receiver.MessageDelayJitterSeconds * DeterministicMath.Log(1.0 - gnssRng.NextDouble());
                gnssLink.Transmit(ideal + Duration.FromSecondsDouble(delay), burst, reads);
                Queue(gnssId, reads);
            }

            if (lab is not null)
            {
                LabPulse(spec, lab, trajectories, k, ideal, pulseRng, ticcRng, ticcStart, ticcLinks, ticcIds, reads, queue, truth, labEdges);
                var nextPulse = ideal + Duration.FromPicoseconds(tau0Ps);
                FlushBefore(nextPulse.ToUnixNanoseconds() - 250_000_000L);
                continue;
            }
            for (int i = 0; i < spec.Duts.Count; i++)
            {
                var d = spec.Duts[i];
                double x = trajectories[i].TimeErrorSeconds[k];
                bool dutPresent = !pulseRng.Chance(d.MissingPulseProbability);
                bool glitch = pulseRng.Chance(d.GlitchProbability);
                // a device ahead by x emits its pulse x early; the cable delays it
                var dutEdge = ideal + Duration.FromSecondsDouble(-x + d.CableDelaySeconds);
                lines.Clear();
                double jitter = spec.Ticc.JitterSeconds;
                if (refPresent) lines.Add((refEdge, TiccEncoder.Timestamp(refEdge - ticcStart + Duration.FromSecondsDouble(jitter * ticcRng.NextGaussian()), "chA")));
                if (dutPresent)
                {
                    lines.Add((dutEdge, TiccEncoder.Timestamp(dutEdge - ticcStart + Duration.FromSecondsDouble(jitter * ticcRng.NextGaussian()), "chB")));
                    if (glitch)
                    {
                        var g = dutEdge + Duration.FromSecondsDouble(d.GlitchDelaySeconds);
                        lines.Add((g, TiccEncoder.Timestamp(g - ticcStart + Duration.FromSecondsDouble(jitter * ticcRng.NextGaussian()), "chB")));
                    }
                }
                TransmitTiccLines(spec, lines, ticcLinks[i], ticcIds[i], reads, queue);

                if (truth is not null)
                {
                    // labeller (docs/architecture.md): x = −[t_B − (t_A + qErr)] + declared DUT delay − declared reference delays
                    double declaredDut = d.DeclaredCableDelaySeconds ?? d.CableDelaySeconds;
                    double interval = (-x + d.CableDelaySeconds) - (refLate + receiver.QErrPicoseconds[k] * 1e-12);
                    double expected = -interval + declaredDut - spec.Receiver.AntennaCableDelaySeconds;
                    string exp = dutPresent && refPresent ? F(expected) : "";
                    truth.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"{ideal.ToIsoString(-1)},{d.Name},{F(x)},{exp},{F(refLate)},{trajectories[i].States[k].ToString().ToLowerInvariant()}"));
                }
            }
            // everything of pulse k is received before pulse k+1's events can start
            var next = ideal + Duration.FromPicoseconds(tau0Ps);
            FlushBefore(next.ToUnixNanoseconds() - 250_000_000L);
        }
        FlushBefore(long.MaxValue);
        writer.Flush();
        return new SimulationResult(spec.Name, n, packets, payloadBytes, spec.Pairs?.ToArray() ?? spec.Duts.Select(d => d.Name).ToArray());
    }

    private readonly record struct LabEdge(Instant Edge, bool Present, bool Glitch);

    /// <summary>
    /// One pulse of a clock lab: each clock emits its PPS (x early, delayed by its cable; maybe missing or ringing), and
    /// each pair's TICC timestamps clock B on chA and clock A on chB. Truth: one row per pair (x_A − x_B) and per clock.
    /// </summary>
    private static void LabPulse(ScenarioSpec spec, (int A, int B)[] lab, DutTrajectory[] trajectories, int k, Instant ideal,
        Xoshiro256StarStar pulseRng, Xoshiro256StarStar ticcRng, Instant ticcStart, SerialLink[] ticcLinks, int[] ticcIds,
        List<HostRead> reads, Action<int, List<HostRead>> queue, TextWriter? truth, LabEdge[] edges)
    {
        for (int i = 0; i < spec.Duts.Count; i++)
        {
            var d = spec.Duts[i];
            bool present = !pulseRng.Chance(d.MissingPulseProbability);
            bool glitch = pulseRng.Chance(d.GlitchProbability);
            edges[i] = new LabEdge(ideal + Duration.FromSecondsDouble(-trajectories[i].TimeErrorSeconds[k] + d.CableDelaySeconds), present, glitch);
        }
        double jitter = spec.Ticc.JitterSeconds;
        var lines = new List<(Instant Edge, byte[] Bytes)>(4);
        for (int p = 0; p < lab.Length; p++)
        {
            var (a, b) = lab[p];
            lines.Clear();
            void Add(int clock, string input)
            {
                var e = edges[clock];
                if (!e.Present) return;
                lines.Add((e.Edge, TiccEncoder.Timestamp(e.Edge - ticcStart + Duration.FromSecondsDouble(jitter * ticcRng.NextGaussian()), input)));
                if (e.Glitch)
                {
                    var g = e.Edge + Duration.FromSecondsDouble(spec.Duts[clock].GlitchDelaySeconds);
                    lines.Add((g, TiccEncoder.Timestamp(g - ticcStart + Duration.FromSecondsDouble(jitter * ticcRng.NextGaussian()), input)));
                }
            }
            Add(b, "chA");
            Add(a, "chB");
            TransmitTiccLines(spec, lines, ticcLinks[p], ticcIds[p], reads, queue);
            if (truth is not null)
            {
                double xa = trajectories[a].TimeErrorSeconds[k], xb = trajectories[b].TimeErrorSeconds[k];
                // labeller: x = −(t_chB − t_chA) + declared A delay − declared B delay
                double interval = (-xa + spec.Duts[a].CableDelaySeconds) - (-xb + spec.Duts[b].CableDelaySeconds);
                double expected = -interval + Declared(spec.Duts[a]) - Declared(spec.Duts[b]);
                string exp = edges[a].Present && edges[b].Present ? F(expected) : "";
                truth.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{ideal.ToIsoString(-1)},{spec.Pairs![p]},{F(xa - xb)},{exp},{F(xb)},{trajectories[a].States[k].ToString().ToLowerInvariant()}"));
            }
        }
        if (truth is not null)
            for (int i = 0; i < spec.Duts.Count; i++)
                truth.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{ideal.ToIsoString(-1)},{spec.Duts[i].Name},{F(trajectories[i].TimeErrorSeconds[k])},,0,{trajectories[i].States[k].ToString().ToLowerInvariant()}"));
    }

    /// <summary>
    /// A TICC prints each edge's line in edge order, ReportDelaySeconds after the edge and never before the previous line
    /// has left the serial link; the host reads are queued for the capture.
    /// </summary>
    private static void TransmitTiccLines(ScenarioSpec spec, List<(Instant Edge, byte[] Bytes)> lines, SerialLink link, int sourceId,
        List<HostRead> reads, Action<int, List<HostRead>> queue)
    {
        lines.Sort((u, v) => u.Edge.CompareTo(v.Edge));
        var lineStart = Instant.UnixEpoch;
        foreach (var (edge, bytes) in lines)
        {
            var s = edge + Duration.FromSecondsDouble(spec.Ticc.ReportDelaySeconds);
            if (s < lineStart) s = lineStart;
            link.Transmit(s, bytes, reads);
            lineStart = s + Duration.FromSecondsDouble(link.TransmitSeconds(bytes.Length));
            queue(sourceId, reads);
        }
    }

    private static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>One epoch's messages; <paramref name="fix"/> is the receiver's fix state at the epoch (all messages say it:
    /// TIM-TP, sent after this pulse and announcing the next, carries the state of this epoch).</summary>
    private static byte[] GnssBurst(ReceiverSpec r, Instant epoch, GnssReceiverModel receiver, int k, long tau0Ps, Xoshiro256StarStar rng, bool fix)
    {
        var parts = new List<byte[]>();
        if (r.Ubx)
        {
            // TIM-TP describes the next top-of-second pulse
            long pulsesPerSecond = Math.Max(1, 1_000_000_000_000L / tau0Ps);
            int nextIndex = (int)Math.Clamp(k + pulsesPerSecond, 0, receiver.QErrPicoseconds.Length - 1);
            parts.Add(UbxEncoder.TimTp(epoch + Duration.FromSeconds(1), receiver.QErrPicoseconds[nextIndex], utcValid: fix));
            parts.Add(UbxEncoder.NavTimeUtc(epoch, 12, utcValid: fix));
        }
        if (r.Nmea)
        {
            parts.Add(NmeaEncoder.Rmc(epoch, valid: fix));
            parts.Add(NmeaEncoder.Gga(epoch, valid: fix, satellites: fix ? 12 : 0));
            parts.Add(NmeaEncoder.Zda(epoch));
        }
        if (rng.Chance(r.GarbageProbability))
        {
            var garbage = new byte[1 + rng.NextInt(24)];
            for (int i = 0; i < garbage.Length; i++) garbage[i] = (byte)rng.NextInt(256);
            parts.Insert(rng.NextInt(parts.Count + 1), garbage);
        }
        var burst = parts.SelectMany(p => p).ToArray();
        if (burst.Length > 4 && rng.Chance(r.TruncationProbability))
        {
            int from = rng.NextInt(burst.Length - 2);
            int count = 1 + rng.NextInt(Math.Min(40, burst.Length - from - 1));
            burst = [.. burst.AsSpan(0, from), .. burst.AsSpan(from + count)];
        }
        return burst;
    }

    /// <summary>Checks a spec and duration; throws <see cref="InputException"/> naming the bad key. Run calls it too.</summary>
    public static void Validate(ScenarioSpec spec, double durationSeconds)
    {
        if (!(durationSeconds > 0) || durationSeconds > 400 * 86400.0) throw new InputException("--duration", "must be in (0, 400 days]");
        ValidateSpec(spec);
        double tau0 = spec.Tau0Seconds;
        if (durationSeconds / tau0 > 50_000_000) throw new InputException("--duration", "more than 5·10^7 pulses");
    }

    /// <summary>Checks a spec's values; throws <see cref="InputException"/> whose location is the bad key's path.</summary>
    public static void ValidateSpec(ScenarioSpec spec)
    {
        double tau0 = spec.Tau0Seconds;
        long ps = (long)Math.Round(tau0 * 1e12);
        bool divides = ps > 0 && (1_000_000_000_000L % ps == 0 || ps % 1_000_000_000_000L == 0);
        if (!(tau0 > 0) || !divides) throw new InputException("tau0Seconds", $"{tau0} s: the pulse period must be 1 s, 1/n s or whole seconds");
        if (!Instant.TryParse(spec.StartUtc, out var start, out string error)) throw new InputException("startUtc", error);
        if (start.Picoseconds != 0) throw new InputException("startUtc", "must be a whole second");
        if (spec.Duts.Count == 0) throw new InputException("duts", "at least one device under test");
        var names = new HashSet<string>();
        for (int i = 0; i < spec.Duts.Count; i++)
        {
            var d = spec.Duts[i];
            if (string.IsNullOrWhiteSpace(d.Name) || !names.Add(d.Name)) throw new InputException($"duts[{i}].name", $"'{d.Name}' is empty or used twice");
            _ = d.Coefficients($"duts[{i}].noise");
            if (d.Servo is { } s && s.Reference is not ("ideal" or "gnss-pps"))
                throw new InputException($"duts[{i}].servo.reference", $"'{s.Reference}' is not 'ideal' or 'gnss-pps'");
        }
        if (spec.Pairs is { } pairs)
        {
            if (spec.Duts.Count < 2) throw new InputException("pairs", "a clock lab needs at least two clocks in duts");
            if (pairs.Count == 0) throw new InputException("pairs", "name at least one pair 'A-B'");
            for (int i = 0; i < spec.Duts.Count; i++)
                if (spec.Duts[i].Name.Contains('-')) throw new InputException($"duts[{i}].name", $"'{spec.Duts[i].Name}': clock names of a lab cannot contain '-' (pairs are 'A-B')");
            var seen = new HashSet<(int, int)>();
            var lab = LabPairs(spec);
            for (int p = 0; p < lab.Length; p++)
                if (!seen.Add((Math.Min(lab[p].A, lab[p].B), Math.Max(lab[p].A, lab[p].B)))) throw new InputException($"pairs[{p}]", $"'{pairs[p]}' is measured twice");
        }
        if (spec.Receiver.Baud < 300) throw new InputException("receiver.baud", "must be at least 300");
        for (int i = 0; i < spec.Receiver.FixLoss.Count; i++)
        {
            var w = spec.Receiver.FixLoss[i];
            if (!(w.StartSeconds >= 0) || !(w.DurationSeconds > 0) || double.IsInfinity(w.StartSeconds + w.DurationSeconds))
                throw new InputException($"receiver.fixLoss[{i}]", $"start {w.StartSeconds} s, duration {w.DurationSeconds} s: the start must be ≥ 0 and the duration > 0");
        }
        if (spec.Ticc.Baud < 300) throw new InputException("ticc.baud", "must be at least 300");
    }
}
