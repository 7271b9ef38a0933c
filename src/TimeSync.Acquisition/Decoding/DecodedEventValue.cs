using TimeSync.Core.Time;

namespace TimeSync.Acquisition.Decoding;

/// <summary>Which <see cref="DecodedEvent"/> record a <see cref="DecodedEventValue"/> stands for.</summary>
internal enum DecodedKind : byte
{
    /// <summary><see cref="GnssTimeMessage"/>: Text = Kind, Time/HasTime = Utc, Flag = Valid.</summary>
    GnssTime,
    /// <summary><see cref="CounterReading"/>: Text = Channel, Value.</summary>
    Counter,
    /// <summary><see cref="PpsEdge"/>: Time = EdgeTime, Sequence, Flag = Assert.</summary>
    PpsEdge,
    /// <summary>Any other record (problems, UBX messages): kept as the record itself in <see cref="DecodedEventValue.Other"/>.</summary>
    Other,
}

/// <summary>
/// The hot-path form of a <see cref="DecodedEvent"/>: the three records a bench produces every second (GNSS time
/// messages, counter readings, PPS edges) as a struct in a reused buffer, so the replay/agent loop allocates nothing per
/// event; every other record travels as itself. <see cref="ToRecord"/> and <see cref="FromRecord"/> convert exactly,
/// so the public <see cref="IStreamDecoder"/> path and this one carry the same information.
/// </summary>
internal struct DecodedEventValue
{
    public DecodedKind Kind;
    public bool Flag;
    public bool HasTime;
    public uint Sequence;
    public long HostTimeUnixNanoseconds;
    public string Source;
    public string? Text;
    public DecodedEvent? Other;

    // Time (PPS edges, GNSS messages) and Value (counter readings) share one pair of fields: no kind uses both, and the
    // value is 56 bytes instead of 72 — less to write on the decode thread and to fetch from its core on the label thread.
    private long _seconds, _picoseconds;

    /// <summary>The edge time (PpsEdge) or UTC (GnssTime, when HasTime); <c>default</c> for the other kinds.</summary>
    public Instant Time
    {
        readonly get => Kind is DecodedKind.PpsEdge or DecodedKind.GnssTime ? new Instant(_seconds, _picoseconds) : default;
        set { _seconds = value.UnixSeconds; _picoseconds = value.Picoseconds; }
    }

    /// <summary>The counter reading (Counter); <c>default</c> for the other kinds.</summary>
    public Duration Value
    {
        readonly get => Kind == DecodedKind.Counter ? new Duration(_seconds, _picoseconds) : default;
        set { _seconds = value.Seconds; _picoseconds = value.Picoseconds; }
    }

    public static DecodedEventValue Gnss(string source, long hostNs, string kind, Instant? utc, bool valid) => new()
    {
        Kind = DecodedKind.GnssTime, Source = source, HostTimeUnixNanoseconds = hostNs, Text = kind,
        HasTime = utc.HasValue, Time = utc.GetValueOrDefault(), Flag = valid,
    };

    public static DecodedEventValue Counter(string source, long hostNs, string channel, Duration value) => new()
    {
        Kind = DecodedKind.Counter, Source = source, HostTimeUnixNanoseconds = hostNs, Text = channel, Value = value,
    };

    public static DecodedEventValue Pps(string source, long hostNs, Instant edgeTime, uint sequence, bool assert) => new()
    {
        Kind = DecodedKind.PpsEdge, Source = source, HostTimeUnixNanoseconds = hostNs, Time = edgeTime, HasTime = true,
        Sequence = sequence, Flag = assert,
    };

    public static DecodedEventValue FromRecord(DecodedEvent e) => e switch
    {
        GnssTimeMessage m => Gnss(m.Source, m.HostTimeUnixNanoseconds, m.Kind, m.Utc, m.Valid),
        CounterReading r => Counter(r.Source, r.HostTimeUnixNanoseconds, r.Channel, r.Value),
        PpsEdge p => Pps(p.Source, p.HostTimeUnixNanoseconds, p.EdgeTime, p.Sequence, p.Assert),
        _ => new DecodedEventValue { Kind = DecodedKind.Other, Source = e.Source, HostTimeUnixNanoseconds = e.HostTimeUnixNanoseconds, Other = e },
    };

    public readonly Instant? Utc => HasTime ? Time : null;

    public readonly DecodedEvent ToRecord() => Kind switch
    {
        DecodedKind.GnssTime => new GnssTimeMessage(Source, HostTimeUnixNanoseconds, Text!, Utc, Flag),
        DecodedKind.Counter => new CounterReading(Source, HostTimeUnixNanoseconds, Text!, Value),
        DecodedKind.PpsEdge => new PpsEdge(Source, HostTimeUnixNanoseconds, Time, Sequence, Flag),
        _ => Other!,
    };
}

/// <summary>
/// A reused, growing buffer of <see cref="DecodedEventValue"/>s (one per pipeline or decoder). The pipeline also tags each
/// value with the bench index of its source (<see cref="Tag"/>, <see cref="SourceOf"/>), so a buffer of many raw events'
/// values can travel from the decode stage to the label stage as one batch.
/// </summary>
internal sealed class DecodedEventBuffer
{
    private DecodedEventValue[] _items;
    private int[] _sources;

    public DecodedEventBuffer(int capacity = 16)
    {
        _items = new DecodedEventValue[Math.Max(1, capacity)];
        _sources = new int[_items.Length];
    }

    public int Count { get; private set; }

    public ref DecodedEventValue this[int i] => ref _items[i];

    /// <summary>Empties the buffer (slots are overwritten later; they only hold source names and rare records).</summary>
    public void Clear() => Count = 0;

    public void Add(in DecodedEventValue e)
    {
        if (Count == _items.Length) Grow();
        _items[Count++] = e;
    }

    // The three hot kinds written in place, field by field, exactly as their DecodedEventValue factories make them: no
    // temporary struct copied into the array reference by reference (each a write barrier); null stores need none.

    /// <summary><c>Add(DecodedEventValue.Pps(…))</c>.</summary>
    public void AddPps(string source, long hostNs, Instant edgeTime, uint sequence, bool assert)
    {
        if (Count == _items.Length) Grow();
        ref var v = ref _items[Count++];
        v.Kind = DecodedKind.PpsEdge;
        v.Flag = assert;
        v.HasTime = true;
        v.Sequence = sequence;
        v.HostTimeUnixNanoseconds = hostNs;
        v.Source = source;
        v.Text = null;
        v.Time = edgeTime;
        v.Other = null;
    }

    /// <summary><c>Add(DecodedEventValue.Counter(…))</c>.</summary>
    public void AddCounter(string source, long hostNs, string channel, Duration value)
    {
        if (Count == _items.Length) Grow();
        ref var v = ref _items[Count++];
        v.Kind = DecodedKind.Counter;
        v.Flag = false;
        v.HasTime = false;
        v.Sequence = 0;
        v.HostTimeUnixNanoseconds = hostNs;
        v.Source = source;
        v.Text = channel;
        v.Value = value;
        v.Other = null;
    }

    /// <summary><c>Add(DecodedEventValue.Gnss(…))</c>.</summary>
    public void AddGnss(string source, long hostNs, string kind, Instant? utc, bool valid)
    {
        if (Count == _items.Length) Grow();
        ref var v = ref _items[Count++];
        v.Kind = DecodedKind.GnssTime;
        v.Flag = valid;
        v.HasTime = utc.HasValue;
        v.Sequence = 0;
        v.HostTimeUnixNanoseconds = hostNs;
        v.Source = source;
        v.Text = kind;
        v.Time = utc.GetValueOrDefault();
        v.Other = null;
    }

    private void Grow()
    {
        Array.Resize(ref _items, _items.Length * 2);
        Array.Resize(ref _sources, _items.Length);
    }

    /// <summary>Tags the values from <paramref name="start"/> on as coming from bench source <paramref name="source"/> (−1: find it by name).</summary>
    public void Tag(int start, int source)
    {
        for (int i = start; i < Count; i++) _sources[i] = source; // mostly one value
    }

    /// <summary>The source tag of value <paramref name="i"/>.</summary>
    public int SourceOf(int i) => _sources[i];

    /// <summary>Inserts a record at <paramref name="index"/>, moving the values after it (rare: a decoder failed).</summary>
    public void InsertNotice(int index, DecodedEvent record)
    {
        if (Count == _items.Length) Grow();
        Array.Copy(_items, index, _items, index + 1, Count - index);
        Array.Copy(_sources, index, _sources, index + 1, Count - index);
        _items[index] = DecodedEventValue.FromRecord(record);
        _sources[index] = -1;
        Count++;
    }

    public void Add(DecodedEvent record) => Add(DecodedEventValue.FromRecord(record));

    /// <summary>Appends every event as its record (for the public <see cref="IStreamDecoder"/> path).</summary>
    public void CopyTo(List<DecodedEvent> output)
    {
        for (int i = 0; i < Count; i++) output.Add(_items[i].ToRecord());
    }

    /// <summary>
    /// The public <see cref="IStreamDecoder"/> path of a value decoder: decode into this (cleared) buffer, then deliver
    /// the records — also what completed before a failure.
    /// </summary>
    public void PushAsRecords(IValueStreamDecoder decoder, ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, List<DecodedEvent> output)
    {
        Clear();
        try { decoder.Push(bytes, hostTimeUnixNanoseconds, this); }
        finally { CopyTo(output); }
    }
}

/// <summary>A decoder that also writes <see cref="DecodedEventValue"/>s (no allocation per event) for the pipeline.</summary>
internal interface IValueStreamDecoder
{
    void Push(ReadOnlySpan<byte> bytes, long hostTimeUnixNanoseconds, DecodedEventBuffer output);
}
