using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Labelling;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;
using TimeSync.Core.Time;
using TimeSync.Testing;

namespace TimeSync.Acquisition.Tests;

public class ReplayTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("timesync-replay-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal const string Bench = """
        {
          "schema": "timesync-bench/1", "bench": "test-rack",
          "sources": [
            { "name": "gnss", "kind": "gnss-serial", "device": "/dev/ttyACM0", "baud": 115200, "receiver": "u-blox ZED-F9T" },
            { "name": "ticc", "kind": "ticc", "device": "/dev/ttyACM1", "baud": 115200, "mode": "timestamp" }
          ],
          "reference": { "labels": "gnss", "pps": "ticc:chA", "antennaCableDelaySeconds": 1.2e-7 },
          "channels": [
            { "name": "ecu1", "method": "ticc", "counter": "ticc", "dutCableDelaySeconds": 5e-9, "referenceCableDelaySeconds": 3e-9 },
            { "name": "lidar", "method": "tim-tm2", "extint": 0, "dutCableDelaySeconds": 2e-9 }
          ]
        }
        """;

    internal const long Start = 1_795_000_000;

    /// <summary>ECU time error at second k (seconds), u-blox qErr (ps), lidar time error.</summary>
    internal static double EcuX(long k) => 42e-9 + 3e-9 * Math.Sin(k * 0.7);
    internal static int QErr(long k) => (int)((k * 2357) % 7001) - 3500;
    internal static double LidarX(long k) => -250e-9 + 1e-9 * k;

    /// <summary>
    /// Writes a capture of <paramref name="seconds"/> seconds: a u-blox receiver sending TIM-TP (~400 ms before each
    /// pulse), RMC (~80 ms after it, in two serial reads) and TIM-TM2 (lidar PPS on EXTINT0), and a TICC timing the
    /// reference PPS on chA and the ECU's PPS on chB. Second <paramref name="skipDut"/> has no ECU pulse.
    /// </summary>
    internal static void WriteCapture(string path, int seconds, long skipDut = -1)
    {
        var bench = BenchDescription.ParseJson(Bench);
        using var w = new PcapngWriter(path, new PcapngWriterOptions { BenchDescription = bench.ToJson(), Fsync = false });
        int gnss = w.AddSource(new CaptureSource("gnss", CaptureLinkType.SerialBytes, "serial /dev/ttyACM0 115200 8N1"));
        int ticc = w.AddSource(new CaptureSource("ticc", CaptureLinkType.SerialBytes, "serial /dev/ttyACM1 115200 8N1"));
        var events = new List<(long Host, int Source, byte[] Bytes)>();
        long hostOffsetNs = 3_217_000; // host clock 3.217 ms ahead of UTC
        Duration counterZero = Duration.FromSecondsDouble(-0.25); // TICC started 0.25 s before Start
        for (long k = 0; k < seconds; k++)
        {
            long sec = Start + k;
            long edgeNs = sec * 1_000_000_000L + hostOffsetNs;
            events.Add((edgeNs - 400_000_000, gnss, PipelineWire.TimTp(Instant.FromUnixSeconds(sec), QErr(k))));
            byte[] rmc = NmeaSentences.Rmc(sec, talker: "GN", navStatus: true);
            events.Add((edgeNs + 80_000_000, gnss, rmc[..20]));
            events.Add((edgeNs + 81_000_000, gnss, rmc[20..]));
            // reference pulse: N + antenna − qErr, + its cable; ECU pulse: N − x + its cable (TimeErrorFormula's model)
            var refEdge = Duration.FromSeconds(k) + Duration.FromSecondsDouble(1.2e-7 + 3e-9) - Duration.FromPicoseconds(QErr(k));
            var dutEdge = Duration.FromSeconds(k) - Duration.FromSecondsDouble(EcuX(k)) + Duration.FromSecondsDouble(5e-9);
            events.Add((edgeNs + 2_000_000, ticc, PipelineWire.Ticc(refEdge - counterZero, "chA")));
            if (k != skipDut) events.Add((edgeNs + 2_500_000, ticc, PipelineWire.Ticc(dutEdge - counterZero, "chB")));
            // lidar PPS reaches EXTINT0 at N − x + 2 ns; the receiver times it on its (antenna-delayed) UTC scale
            var mark = Instant.FromUnixSeconds(sec) - Duration.FromSecondsDouble(LidarX(k)) + Duration.FromSecondsDouble(2e-9 - 1.2e-7);
            events.Add((edgeNs + 150_000_000, gnss, PipelineWire.TimTm2(0, (ushort)(k + 1), mark)));
        }
        foreach (var e in events.OrderBy(e => e.Host)) w.Write(e.Source, e.Host, e.Bytes);
    }

    [Fact]
    public void ReplayRecoversTheTimeErrorsPutIn()
    {
        string path = Path.Combine(_dir, "bench.pcapng");
        WriteCapture(path, 60, skipDut: 30);
        var sink = new CollectingSink();
        var result = CaptureReplay.Run(path, sink);
        Assert.Equal("test-rack", result.Bench.Bench);
        Assert.True(sink.Completed);

        var ecu = sink.For("ecu1");
        Assert.Equal(59, ecu.Count);
        Assert.DoesNotContain(ecu, s => s.Sample.Time.UnixSeconds == Start + 30);
        foreach (var s in ecu)
        {
            long k = s.Sample.Time.UnixSeconds - Start;
            Assert.Equal(SampleFlags.None, s.Flags);
            Assert.True(Math.Abs(s.Sample.TimeErrorSeconds - EcuX(k)) < 1.5e-12, $"ecu1 second {k}: {s.Sample.TimeErrorSeconds:R} vs {EcuX(k):R}");
        }
        var lidar = sink.For("lidar");
        Assert.Equal(60, lidar.Count);
        foreach (var s in lidar)
        {
            long k = s.Sample.Time.UnixSeconds - Start;
            Assert.True(Math.Abs(s.Sample.TimeErrorSeconds - LidarX(k)) < 1.5e-9, $"lidar second {k}"); // TIM-TM2 has ns resolution
        }
        Assert.Contains(sink.Events, e => e.Channel == "ecu1" && e.Kind == LabelEventKind.MissingPulse && e.Utc == Instant.FromUnixSeconds(Start + 30));
        Assert.DoesNotContain(sink.Events, e => e.Kind is LabelEventKind.DecodeProblem or LabelEventKind.SourceFailed or LabelEventKind.LabelStep);
    }

    [Fact]
    public void CaptureSeriesPutsAChannelOnAOneSecondGridWithGaps()
    {
        string path = Path.Combine(_dir, "bench.pcapng");
        WriteCapture(path, 40, skipDut: 12);
        var series = CaptureSeries.Load(path, "ecu1");
        Assert.Equal(1.0, series.Tau0Seconds);
        Assert.Equal(40, series.Values.Count);
        Assert.True(double.IsNaN(series.Values[12]));
        Assert.Equal(Instant.FromUnixSeconds(Start), series.Times![0]);
        Assert.Equal(EcuX(39), series.Values[39], 1.5e-12);
        Assert.Contains(series.Warnings, w => w.Contains("MissingPulse"));

        var e = Assert.Throws<InputException>(() => CaptureSeries.Load(path, null));
        Assert.Contains("ecu1, lidar", e.Message);
        Assert.Throws<InputException>(() => CaptureSeries.Load(path, "nope"));
    }

    [Fact]
    public void ReplayIsDeterministic()
    {
        string path = Path.Combine(_dir, "bench.pcapng");
        WriteCapture(path, 30, skipDut: 7);
        string Run()
        {
            var sink = new CollectingSink();
            CaptureReplay.Run(path, sink);
            return string.Join("\n", sink.Samples.OrderBy(p => p.Key).SelectMany(p => p.Value.Select(s => $"{p.Key} {s.Sample.Time} {s.Sample.TimeErrorSeconds:R} {s.Flags}")))
                + string.Join("\n", sink.Events.Select(e => e.ToString()));
        }
        Assert.Equal(Run(), Run());
    }

    [Fact]
    public void ACaptureWithoutBenchDescriptionIsAnInputError()
    {
        string path = Path.Combine(_dir, "plain.pcapng");
        using (var w = new PcapngWriter(path, new PcapngWriterOptions { Fsync = false }))
        {
            int s = w.AddSource(new CaptureSource("gnss", CaptureLinkType.SerialBytes, "serial"));
            w.Write(s, 1, "x"u8);
        }
        var e = Assert.Throws<InputException>(() => CaptureReplay.Run(path, new CollectingSink()));
        Assert.Contains("no bench description", e.Message);
    }

    [Fact]
    public void RealTimeReplayTakesTheCapturedTime()
    {
        string path = Path.Combine(_dir, "bench.pcapng");
        WriteCapture(path, 3);
        var sw = System.Diagnostics.Stopwatch.StartNew();
        CaptureReplay.Run(path, new CollectingSink(), new ReplayOptions { Speed = 4 });
        // events span 2.55 s of host time → ~0.64 s at 4×; as fast as possible it is milliseconds
        Assert.InRange(sw.Elapsed.TotalSeconds, 0.55, 5);
    }
}
