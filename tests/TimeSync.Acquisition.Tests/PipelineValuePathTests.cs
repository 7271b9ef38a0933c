using System.Globalization;
using System.Text;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Pipeline;
using TimeSync.Acquisition.Pps;
using TimeSync.Core.Time;
using Xunit;
using TimeSync.Testing;

namespace TimeSync.Acquisition.Tests;

/// <summary>
/// The pipeline decodes the bench's own sources to values (no record per event); decoders from a custom factory go
/// through DecodedEvent records. Both paths must label identically: same samples (bits of x, flags), same events.
/// </summary>
public class PipelineValuePathTests
{
    private const string BenchJson = """
        {"schema":"timesync-bench/1","sources":[{"name":"gnss","kind":"gnss-serial"},{"name":"ticc","kind":"ticc"},
         {"name":"pps0","kind":"pps"},{"name":"pps1","kind":"pps"}],"reference":{"labels":"gnss","pps":"ticc:chA"},
         "channels":[{"name":"ecu1","method":"ticc","counter":"ticc"},{"name":"logger","method":"pps","reference":"pps0","dut":"pps1"}]}
        """;

    /// <summary>Hides a decoder's value path: the pipeline sees only <see cref="IStreamDecoder"/>.</summary>
    private sealed class RecordsOnly(IStreamDecoder inner) : IStreamDecoder
    {
        public void Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, List<DecodedEvent> output) =>
            inner.Push(bytes, hostTimeUnixNanoseconds, output);
    }

    private static CollectingSink Run(Func<SourceDescription, IStreamDecoder>? factory)
    {
        var bench = BenchDescription.ParseJson(BenchJson);
        var sink = new CollectingSink();
        var pipeline = new AcquisitionPipeline(bench, sink, decoderFactory: factory);
        const long start = 1_795_000_000;
        var counterZero = Duration.FromSecondsDouble(-0.3);
        Span<byte> record = stackalloc byte[PpsEventRecord.Size];
        for (long k = 0; k < 40; k++)
        {
            long edgeNs = (start + k) * 1_000_000_000L;
            var refAt = Instant.FromUnixSeconds(start + k);
            var refT = Duration.FromSeconds(k) - counterZero;
            var dutT = refT - Duration.FromPicoseconds(40_000 + k * 37);
            if (k != 17) // a missing reference pulse
            {
                PpsEventRecord.FromEdge(true, (uint)k, refAt).Encode(record);
                pipeline.Push(2, edgeNs + 30_000, record);
            }
            PpsEventRecord.FromEdge(true, (uint)k, refAt + Duration.FromNanoseconds(250 + k % 17)).Encode(record);
            pipeline.Push(3, edgeNs + 40_000, record);
            // exact TICC lines, one with blanks around (the general fast path), one split across reads
            string a = $"{refT.Seconds}.{refT.Picoseconds:D12} chA\r\n", b = $"{dutT.Seconds}.{dutT.Picoseconds:D12} chB\r\n";
            if (k % 5 == 3) a = $"  {a.TrimEnd()}\t\r\n";
            pipeline.Push(1, edgeNs + 2_000_000, Encoding.ASCII.GetBytes(a));
            var bBytes = Encoding.ASCII.GetBytes(b);
            pipeline.Push(1, edgeNs + 2_100_000, bBytes.AsSpan(0, 7));
            pipeline.Push(1, edgeNs + 2_100_500, bBytes.AsSpan(7));
            if (k == 9) pipeline.Push(1, edgeNs + 2_200_000, "garbage line\r\n"u8);
            string rmc = NmeaSentences.RmcText(start + k, fix: k is < 25 or > 28, mode: 'A'); // status V alone says no fix
            if (k == 12) rmc = rmc.Replace("*", "*0"); // malformed checksum: a decode problem
            pipeline.Push(0, edgeNs + 90_000_000, Encoding.ASCII.GetBytes(rmc));
        }
        pipeline.Complete();
        return sink;
    }

    [Fact]
    public void ValuePathAndRecordPathGiveTheSameSamplesAndEvents()
    {
        var values = Run(null);
        var records = Run(s => new RecordsOnly(DecoderFactory.Create(s)));
        foreach (var channel in new[] { "ecu1", "logger" })
        {
            var v = values.For(channel);
            var r = records.For(channel);
            Assert.True(v.Count >= 30, $"{channel}: only {v.Count} samples");
            Assert.Equal(r.Count, v.Count);
            for (int i = 0; i < v.Count; i++)
            {
                Assert.Equal(r[i].Sample.Time, v[i].Sample.Time);
                Assert.Equal(BitConverter.DoubleToInt64Bits(r[i].Sample.TimeErrorSeconds), BitConverter.DoubleToInt64Bits(v[i].Sample.TimeErrorSeconds));
                Assert.Equal(r[i].Flags, v[i].Flags);
            }
        }
        Assert.Contains(values.Events, e => e.Kind == Labelling.LabelEventKind.DecodeProblem);
        Assert.Contains(values.Events, e => e.Kind == Labelling.LabelEventKind.FixLost);
        Assert.Equal(records.Events, values.Events);
    }
}
