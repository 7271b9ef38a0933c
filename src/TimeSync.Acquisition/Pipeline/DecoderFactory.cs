using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Decoding;

namespace TimeSync.Acquisition.Pipeline;

/// <summary>The decoder for each source kind of a bench description (the one mapping, used live and in replay).</summary>
public static class DecoderFactory
{
    public static IStreamDecoder Create(SourceDescription source) => source.Kind switch
    {
        SourceKinds.GnssSerial => new GnssStreamDecoder(source.Name),
        SourceKinds.Ticc => new TiccDecoder(source.Name),
        SourceKinds.Counter => new CounterLineDecoder(source.Name),
        _ when SourceKinds.IsPps(source.Kind) => PpsDecoder(source.Name),
        _ => throw new ArgumentException($"no decoder for source kind '{source.Kind}'", nameof(source)),
    };

    /// <summary>
    /// PPS event records (LINKTYPE_USER1) are decoded by acq-decode's record decoder; until it is merged this reports
    /// each event as a <see cref="DecodeProblem"/> rather than dropping it silently.
    /// </summary>
    private static IStreamDecoder PpsDecoder(string source) => new UnsupportedDecoder(source, "PPS event records are not decoded by this build");

    private sealed class UnsupportedDecoder(string source, string message) : IStreamDecoder
    {
        private bool _reported;

        public void Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, List<DecodedEvent> output)
        {
            if (_reported) return;
            _reported = true;
            output.Add(new DecodeProblem(source, hostTimeUnixNanoseconds, 0, message));
        }
    }
}
