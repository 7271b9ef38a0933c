using TimeSync.Acquisition.Pps;

namespace TimeSync.Acquisition.Decoding;

/// <summary>Capture packets of LINKTYPE_USER1 (one <see cref="PpsEventRecord"/> per raw event) → <see cref="PpsEdge"/>.</summary>
public sealed class PpsRecordDecoder(string source) : IStreamDecoder, IValueStreamDecoder
{
    private long _offset;

    public void Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, List<DecodedEvent> output)
    {
        if (PpsEventRecord.TryDecode(bytes, out var record, out var error)) output.Add(record.ToEdge(source, hostTimeUnixNanoseconds));
        else output.Add(new DecodeProblem(source, hostTimeUnixNanoseconds, _offset, error));
        _offset += bytes.Length;
    }

    void IValueStreamDecoder.Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, DecodedEventBuffer output) =>
        PushValues(bytes, hostTimeUnixNanoseconds, output);

    /// <summary>The value path, callable without interface dispatch.</summary>
    internal void PushValues(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, DecodedEventBuffer output)
    {
        if (PpsEventRecord.TryDecode(bytes, out var record, out var error))
            output.AddPps(source, hostTimeUnixNanoseconds, record.EdgeTime, record.Sequence, record.Assert);
        else output.Add(new DecodeProblem(source, hostTimeUnixNanoseconds, _offset, error));
        _offset += bytes.Length;
    }
}
