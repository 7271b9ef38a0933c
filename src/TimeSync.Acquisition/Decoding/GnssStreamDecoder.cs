using System.Buffers;

namespace TimeSync.Acquisition.Decoding;

/// <summary>
/// Decodes one GNSS receiver's serial byte stream holding NMEA 0183 sentences and u-blox UBX frames interleaved.
/// <list type="bullet">
/// <item>NMEA: '$' … '*hh' CR LF, checksum = XOR of the bytes between '$' and '*' (NMEA 0183 v4.11 §5.2.1).</item>
/// <item>UBX: 0xB5 0x62, class, id, length (u16 LE), payload, CK_A CK_B = 8-bit Fletcher over class..payload
/// (u-blox interface description, "UBX checksum", RFC 1145).</item>
/// </list>
/// Frames may be split across raw events. Memory is bounded: a sentence longer than <see cref="MaxNmeaLength"/> bytes
/// or a UBX length above <see cref="MaxUbxPayload"/> is dropped with a <see cref="DecodeProblem"/> and the decoder
/// resynchronises on the next byte after the false start; garbage between frames is skipped and reported once per run
/// with its stream offset (bytes counted from the first byte pushed).
/// </summary>
public sealed class GnssStreamDecoder : IStreamDecoder, IValueStreamDecoder
{
    /// <summary>NMEA 0183 allows 82 characters; proprietary sentences run longer, so the cap is 1 KiB.</summary>
    public const int MaxNmeaLength = 1024;

    /// <summary>Largest UBX payload accepted (UBX-NAV-SAT with 100+ satellites stays below it).</summary>
    public const int MaxUbxPayload = 4096;

    private const int GarbageReportBytes = 65536;

    private enum State { Hunt, Nmea, UbxSync2, UbxHeader, UbxBody }

    private readonly string _source;
    private readonly NmeaSentenceDecoder _nmea;
    private readonly UbxMessageDecoder _ubx;
    private readonly byte[] _frame = new byte[MaxUbxPayload + 8];
    private int _frameLength;
    private long _frameOffset;
    private int _ubxPayloadLength;
    private State _state = State.Hunt;
    private long _offset;
    private long _garbageStart = -1;
    private long _garbageCount;
    // Bytes to process again after a false frame start, top of stack = next in stream order (bounded by _frame).
    private readonly Stack<(byte Value, long Offset)> _replay = new();

    public GnssStreamDecoder(string source)
    {
        _source = source;
        _nmea = new NmeaSentenceDecoder(source);
        _ubx = new UbxMessageDecoder(source);
    }

    /// <summary>Stream offset of the next byte to be pushed.</summary>
    public long StreamOffset => _offset;

    private readonly DecodedEventBuffer _scratch = new();
    private readonly List<DecodedEvent> _ubxOut = new(4);

    public void Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, List<DecodedEvent> output) =>
        _scratch.PushAsRecords(this, bytes, hostTimeUnixNanoseconds, output);

    void IValueStreamDecoder.Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, DecodedEventBuffer output) =>
        PushValues(bytes, hostTimeUnixNanoseconds, output);

    /// <summary>The value path, callable without interface dispatch.</summary>
    internal void PushValues(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, DecodedEventBuffer output)
    {
        var ctx = new Context(hostTimeUnixNanoseconds, output);
        int i = 0;
        while (i < bytes.Length)
        {
            if (_replay.Count == 0)
            {
                // Inside a frame, runs of ordinary bytes are copied at once (what Step would do byte by byte).
                int run = BulkRun(bytes[i..]);
                if (run > 0)
                {
                    bytes.Slice(i, run).CopyTo(_frame.AsSpan(_frameLength));
                    _frameLength += run;
                    _offset += run;
                    i += run;
                    continue;
                }
            }
            byte b = bytes[i++];
            Step(b, _offset++, ref ctx);
            while (_replay.Count > 0)
            {
                var (v, o) = _replay.Pop();
                Step(v, o, ref ctx);
            }
            // A flood that never ends is still reported, every GarbageReportBytes.
            if (_garbageCount >= GarbageReportBytes) FlushGarbage(ref ctx);
        }
    }

    /// <summary>NMEA sentence bytes: printable ASCII other than '$' (anything else ends or breaks a sentence).</summary>
    private static readonly SearchValues<byte> NmeaBody =
        SearchValues.Create(Enumerable.Range(0x20, 0x7F - 0x20).Where(c => c != '$').Select(c => (byte)c).ToArray());

    /// <summary>How many of the next bytes <see cref="Step"/> would simply append to the frame (0: take the byte path).</summary>
    private int BulkRun(ReadOnlySpan<byte> rest)
    {
        switch (_state)
        {
            case State.Nmea:
                int room = MaxNmeaLength - _frameLength;
                if (room <= 0) return 0;
                int run = rest.IndexOfAnyExcept(NmeaBody);
                return Math.Min(run < 0 ? rest.Length : run, room);
            case State.UbxBody:
                // Leave the frame's last byte to Step, which checks the checksum.
                return Math.Min(rest.Length, _ubxPayloadLength + 8 - _frameLength - 1);
            default:
                return 0;
        }
    }

    /// <summary>Reports what is pending at the end of a finite stream (a truncated frame, trailing garbage).</summary>
    public void Complete(long hostTimeUnixNanoseconds, List<DecodedEvent> output)
    {
        _scratch.Clear();
        Complete(hostTimeUnixNanoseconds, _scratch);
        _scratch.CopyTo(output);
    }

    /// <summary><see cref="Complete(long, List{DecodedEvent})"/> into a value buffer (the pipeline's path).</summary>
    internal void Complete(long hostTimeUnixNanoseconds, DecodedEventBuffer output)
    {
        var ctx = new Context(hostTimeUnixNanoseconds, output);
        if (_state != State.Hunt && _frameLength > 0)
            Problem(ref ctx, _frameOffset, $"stream ends inside a {(_state == State.Nmea ? "NMEA sentence" : "UBX frame")} ({_frameLength} bytes)");
        FlushGarbage(ref ctx);
        _state = State.Hunt;
        _frameLength = 0;
    }

    private ref struct Context(long hostTime, DecodedEventBuffer output)
    {
        public readonly long HostTime = hostTime;
        public readonly DecodedEventBuffer Output = output;
    }

    private void Step(byte b, long offset, ref Context ctx)
    {
        switch (_state)
        {
            case State.Hunt:
                if (b == (byte)'$') { FlushGarbage(ref ctx); Begin(State.Nmea, b, offset); }
                else if (b == 0xB5) { Begin(State.UbxSync2, b, offset); }
                else if (b is (byte)'\r' or (byte)'\n') { /* line ends between frames are not garbage */ }
                else Garbage(offset);
                break;

            case State.Nmea:
                if (b is (byte)'\n' or (byte)'\r') // CR LF, or either alone
                {
                    _nmea.Decode(_frame.AsSpan(0, _frameLength), _frameOffset, ctx.HostTime, ctx.Output);
                    _state = State.Hunt;
                    _frameLength = 0;
                }
                else if (b == (byte)'$' || b == 0xB5 || b < 0x20 || b > 0x7E)
                {
                    // A sentence cut short (receiver reset, dropped bytes, UBX frame in the middle): report, resync here.
                    Problem(ref ctx, _frameOffset, $"NMEA sentence cut off after {_frameLength} bytes");
                    _state = State.Hunt;
                    _frameLength = 0;
                    Step(b, offset, ref ctx);
                }
                else if (_frameLength >= MaxNmeaLength)
                {
                    Problem(ref ctx, _frameOffset, $"NMEA sentence longer than {MaxNmeaLength} bytes, dropped");
                    _state = State.Hunt;
                    _frameLength = 0;
                    Garbage(offset);
                }
                else _frame[_frameLength++] = b;
                break;

            case State.UbxSync2:
                if (b == 0x62) { _frame[_frameLength++] = b; _state = State.UbxHeader; }
                else
                {
                    // A lone 0xB5 is garbage; the byte after it may start a frame.
                    Garbage(_frameOffset);
                    _state = State.Hunt;
                    _frameLength = 0;
                    Step(b, offset, ref ctx);
                }
                break;

            case State.UbxHeader:
                _frame[_frameLength++] = b;
                if (_frameLength == 6)
                {
                    _ubxPayloadLength = _frame[4] | (_frame[5] << 8);
                    if (_ubxPayloadLength > MaxUbxPayload)
                    {
                        Problem(ref ctx, _frameOffset, $"UBX length {_ubxPayloadLength} above the {MaxUbxPayload}-byte limit (false sync?), resynchronising");
                        Resync();
                    }
                    else _state = State.UbxBody;
                }
                break;

            case State.UbxBody:
                _frame[_frameLength++] = b;
                if (_frameLength == _ubxPayloadLength + 8)
                {
                    byte ckA = 0, ckB = 0;
                    for (int i = 2; i < _frameLength - 2; i++) { ckA += _frame[i]; ckB += ckA; }
                    if (ckA == _frame[_frameLength - 2] && ckB == _frame[_frameLength - 1])
                    {
                        FlushGarbage(ref ctx);
                        _ubxOut.Clear();
                        _ubx.Decode(_frame[2], _frame[3], _frame.AsSpan(6, _ubxPayloadLength), _frameOffset, ctx.HostTime, _ubxOut);
                        foreach (var e in _ubxOut) ctx.Output.Add(e);
                        _state = State.Hunt;
                        _frameLength = 0;
                    }
                    else
                    {
                        Problem(ref ctx, _frameOffset,
                            $"UBX 0x{_frame[2]:X2} 0x{_frame[3]:X2} checksum {_frame[_frameLength - 2]:X2}{_frame[_frameLength - 1]:X2}, computed {ckA:X2}{ckB:X2}, resynchronising");
                        Resync();
                    }
                }
                break;
        }
    }

    private void Begin(State state, byte b, long offset)
    {
        _state = state;
        _frameOffset = offset;
        _frame[0] = b;
        _frameLength = 1;
    }

    /// <summary>The frame that started at _frameOffset was false: count its sync byte as garbage and rescan the rest.</summary>
    private void Resync()
    {
        Garbage(_frameOffset);
        for (int i = _frameLength - 1; i >= 1; i--) _replay.Push((_frame[i], _frameOffset + i));
        _state = State.Hunt;
        _frameLength = 0;
    }

    private void Garbage(long offset)
    {
        if (_garbageCount == 0) _garbageStart = offset;
        _garbageCount++;
    }

    private void FlushGarbage(ref Context ctx)
    {
        if (_garbageCount == 0) return;
        ctx.Output.Add(new DecodeProblem(_source, ctx.HostTime, _garbageStart, $"skipped {_garbageCount} bytes that are neither NMEA nor UBX"));
        _garbageCount = 0;
        _garbageStart = -1;
    }

    private void Problem(ref Context ctx, long offset, string message)
    {
        FlushGarbage(ref ctx);
        ctx.Output.Add(new DecodeProblem(_source, ctx.HostTime, offset, message));
    }
}
