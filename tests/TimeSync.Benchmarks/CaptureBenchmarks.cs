using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using TimeSync.Acquisition.Decoding;
using TimeSync.Acquisition.Pps;
using TimeSync.Capture.Pcapng;
using TimeSync.Core.Time;

namespace TimeSync.Benchmarks;

/// <summary>
/// A capture of 10^7 small events (5·10^6 PPS event records of 24 bytes (Acquisition's PpsEventRecord) and 5·10^6 TICC
/// timestamp lines of 22 bytes, ~560 MB, read from the page cache). Results are per event (OperationsPerInvoke):
/// events/s = 1 / mean. ReadOnly = the pcapng reader alone; ReadAndDecode = reader + a minimal span decoder producing time
/// errors (PPS record → host clock error; TICC chA/chB pair → x = −(tB − tA), exact picoseconds);
/// ReadAndProjectDecoders = reader + the project's PpsEventRecord.TryDecode and TiccDecoder (Acquisition).
/// Write = the writer (1 s flush+fsync policy).
/// Run: dotnet run -c Release --project tests/TimeSync.Benchmarks -- --filter '*CaptureBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class CaptureBenchmarks
{
    private const int Events = 10_000_000;
    private const long Start = 1_795_000_000_000_000_000L;
    private string _dir = "";
    private string _path = "";

    [GlobalSetup]
    public void Setup()
    {
        _dir = Path.Combine(Path.GetTempPath(), "timesync-bench-" + Environment.ProcessId);
        Directory.CreateDirectory(_dir);
        _path = Path.Combine(_dir, "capture.pcapng");
        WriteCapture(_path);
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_dir, recursive: true);

    [Benchmark(OperationsPerInvoke = Events)]
    public long Write() => WriteCapture(Path.Combine(_dir, "write.pcapng"));

    [Benchmark(OperationsPerInvoke = Events)]
    public long ReadOnly()
    {
        using var reader = new PcapngReader(_path);
        long bytes = 0;
        while (reader.TryRead(out var e)) bytes += e.Payload.Length + e.SourceId;
        if (reader.EventCount != Events) throw new InvalidOperationException($"read {reader.EventCount} events");
        return bytes;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public double ReadAndDecode()
    {
        using var reader = new PcapngReader(_path);
        double sum = 0;
        long samples = 0, pendingA = long.MinValue, pendingB = long.MinValue;
        while (reader.TryRead(out var e))
        {
            var p = e.Payload.Span;
            if (e.SourceId == 0)
            {
                // PpsEventRecord: nanoseconds u32 at offset 16 → x = nearest-second error of the host clock.
                uint ns = BinaryPrimitives.ReadUInt32LittleEndian(p[16..]);
                sum += (ns < 500_000_000 ? ns : (long)ns - 1_000_000_000L) / 1e9;
                samples++;
            }
            else
            {
                long ps = ParseTiccPicoseconds(p, out char channel);
                if (channel == 'A') pendingA = ps; else pendingB = ps;
                if (pendingA != long.MinValue && pendingB != long.MinValue)
                {
                    sum += -(pendingB - pendingA) / 1e12; // TICC sign: x = −(tB − tA)
                    samples++;
                    pendingA = pendingB = long.MinValue;
                }
            }
        }
        if (samples != Events / 2 + Events / 4) throw new InvalidOperationException($"decoded {samples} samples");
        return sum;
    }

    [Benchmark(OperationsPerInvoke = Events)]
    public double ReadAndProjectDecoders()
    {
        using var reader = new PcapngReader(_path);
        var ticc = new TiccDecoder("ticc");
        var output = new List<DecodedEvent>(4);
        double sum = 0;
        long samples = 0;
        Duration? a = null, b = null;
        while (reader.TryRead(out var e))
        {
            if (e.SourceId == 0)
            {
                if (PpsEventRecord.TryDecode(e.Payload.Span, out var record, out _))
                {
                    sum += record.EdgeNanoseconds < 500_000_000 ? record.EdgeNanoseconds / 1e9 : ((long)record.EdgeNanoseconds - 1_000_000_000L) / 1e9;
                    samples++;
                }
                continue;
            }
            output.Clear();
            ticc.Push(e.Payload.Span, e.HostTimeUnixNanoseconds, output);
            foreach (var d in output)
            {
                if (d is not CounterReading r) continue;
                if (r.Channel == "chA") a = r.Value; else if (r.Channel == "chB") b = r.Value;
                if (a is { } ta && b is { } tb)
                {
                    sum += -(tb - ta).TotalSeconds; // TICC sign: x = −(tB − tA)
                    samples++;
                    a = b = null;
                }
            }
        }
        if (samples != Events / 2 + Events / 4) throw new InvalidOperationException($"decoded {samples} samples");
        return sum;
    }

    /// <summary>"SSSS.FFFFFFFFFFF chX\r\n" → picoseconds (exact integer arithmetic).</summary>
    private static long ParseTiccPicoseconds(ReadOnlySpan<byte> line, out char channel)
    {
        long seconds = 0, frac = 0;
        int i = 0, digits = 0;
        for (; i < line.Length && line[i] != (byte)'.'; i++) seconds = seconds * 10 + (line[i] - '0');
        for (i++; i < line.Length && line[i] != (byte)' '; i++, digits++) frac = frac * 10 + (line[i] - '0');
        for (; digits < 12; digits++) frac *= 10;
        channel = (char)line[i + 3];
        return seconds * 1_000_000_000_000L + frac;
    }

    private static long WriteCapture(string path)
    {
        using var writer = new PcapngWriter(path, new PcapngWriterOptions { Overwrite = true, BufferBytes = 1 << 20 });
        int pps = writer.AddSource(new CaptureSource("pps0", CaptureLinkType.PpsEvent, "pps /dev/pps0"));
        int ticc = writer.AddSource(new CaptureSource("ticc", CaptureLinkType.SerialBytes, "serial /dev/ttyACM0 115200 8N1"));
        Span<byte> record = stackalloc byte[PpsEventRecord.Size];
        Span<byte> line = stackalloc byte[32];
        for (int i = 0; i < Events / 2; i++)
        {
            long t = Start + i * 1_000_000_000L;
            new PpsEventRecord(true, (uint)i, Start / 1_000_000_000L + i, (uint)(i % 1000)).Encode(record);
            writer.Write(pps, t + 1_000, record);
            // chA at 1000+i s and chB 1..1000 ps later, alternating lines.
            bool a = (i & 1) == 0;
            long sec = 1000 + i / 2;
            long fracPs = a ? 0 : 1 + i % 1000;
            int n = Format(line, sec, fracPs / 10, a ? 'A' : 'B'); // 11 decimals: 10 ps resolution
            writer.Write(ticc, t + 15_000_000, line[..n]);
        }
        return new FileInfo(path).Length;
    }

    private static int Format(Span<byte> dst, long seconds, long fraction11, char channel)
    {
        int n = 0;
        Span<byte> tmp = stackalloc byte[20];
        int k = 0;
        do { tmp[k++] = (byte)('0' + seconds % 10); seconds /= 10; } while (seconds > 0);
        while (k > 0) dst[n++] = tmp[--k];
        dst[n++] = (byte)'.';
        for (long div = 10_000_000_000L; div > 0; div /= 10) dst[n++] = (byte)('0' + fraction11 / div % 10);
        dst[n++] = (byte)' ';
        dst[n++] = (byte)'c';
        dst[n++] = (byte)'h';
        dst[n++] = (byte)channel;
        dst[n++] = (byte)'\r';
        dst[n++] = (byte)'\n';
        return n;
    }
}
