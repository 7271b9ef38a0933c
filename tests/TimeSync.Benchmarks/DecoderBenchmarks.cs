using System.Text;
using BenchmarkDotNet.Attributes;
using TimeSync.Acquisition.Decoding;

namespace TimeSync.Benchmarks;

/// <summary>
/// Decoder throughput on real receiver logs (shared/captures/gnss, every log concatenated: NMEA, UBX, line noise) and on
/// TICC text. MB/s = <see cref="GnssBytes"/> (or <see cref="TiccBytes"/>) / mean time.
/// Run: dotnet run -c Release --project tests/TimeSync.Benchmarks -- --filter '*DecoderBenchmarks*' --job short
/// </summary>
[MemoryDiagnoser]
public class DecoderBenchmarks
{
    private byte[] _gnss = [];
    private byte[] _ticc = [];
    private readonly List<DecodedEvent> _output = new(4096);

    public int GnssBytes => _gnss.Length;
    public int TiccBytes => _ticc.Length;

    [GlobalSetup]
    public void Setup()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "TimeSync.sln"))) dir = dir.Parent;
        string logs = Path.Combine(dir!.FullName, "..", "shared", "captures", "gnss");
        var all = new List<byte>();
        foreach (var f in Directory.GetFiles(logs, "*.log").Order())
        {
            var data = File.ReadAllBytes(f);
            all.AddRange(data.AsSpan(RawSerialLog.CommentBlockLength(data)).ToArray());
            all.AddRange("\r\n"u8.ToArray());
        }
        _gnss = all.ToArray();
        var sb = new StringBuilder("# TICC\r\n");
        for (int i = 0; i < 20_000; i++) sb.Append(i / 2).Append(".0000").Append((i * 7919 % 10_000_000).ToString("D7")).Append(i % 2 == 0 ? " chA\r\n" : " chB\r\n");
        _ticc = Encoding.ASCII.GetBytes(sb.ToString());
        Console.WriteLine($"// GNSS corpus {_gnss.Length} bytes, TICC corpus {_ticc.Length} bytes");
    }

    [Benchmark]
    public int GnssStream4KiBChunks() => Run(new GnssStreamDecoder("gnss"), _gnss, 4096);

    [Benchmark]
    public int TiccText4KiBChunks() => Run(new TiccDecoder("ticc"), _ticc, 4096);

    private int Run(IStreamDecoder decoder, byte[] data, int chunk)
    {
        int events = 0;
        for (int i = 0; i < data.Length; i += chunk)
        {
            _output.Clear();
            decoder.Push(data.AsSpan(i, Math.Min(chunk, data.Length - i)), i, _output);
            events += _output.Count;
        }
        return events;
    }
}
