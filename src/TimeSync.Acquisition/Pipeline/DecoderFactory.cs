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
        _ when SourceKinds.IsPps(source.Kind) => new PpsRecordDecoder(source.Name),
        _ => throw new ArgumentException($"no decoder for source kind '{source.Kind}'", nameof(source)),
    };
}
