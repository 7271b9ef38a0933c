using System.Diagnostics;
using TimeSync.Acquisition.Decoding;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Acquisition.Pipeline;

/// <summary>
/// The decode stage of a replay: reads a capture's raw events, matches each interface to its bench source, and decodes
/// them into batches (<see cref="AcquisitionPipeline.Decode"/>) for the label stage; recorded source events go into the
/// batch in their place, problems with them into <see cref="Warnings"/> (bounded).
/// </summary>
internal sealed class ReplayFeed(string path, PcapngReader reader, AcquisitionPipeline pipeline, ReplayOptions options)
{
    private readonly List<int> _map = [];
    private readonly List<bool> _isSourceEvent = []; // per interface, beside the map: no per-event lookup through the reader's list
    private readonly IReadOnlyList<CaptureSource> _sources = reader.Sources; // the reader's live list of interfaces (grows as IDBs are read)
    private readonly CancellationToken _cancel = options.Cancel;
    private readonly double? _pace = options.Speed;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private long _firstHost = long.MinValue;
    private bool _done;

    /// <summary>Length of the capture file (at least 1), for the progress fraction.</summary>
    public long FileLength { get; } = Math.Max(1, new FileInfo(path).Length);

    /// <summary>File offset of the last raw event read.</summary>
    public long FileOffset { get; private set; }

    /// <summary>Raw events read (source events excluded), as the progress count.</summary>
    public long RawEvents { get; private set; }

    public List<string> Warnings { get; } = [];
    public long SuppressedWarnings { get; private set; }

    private void Warn(string warning) // bounded: a capture full of damaged records must not grow memory without limit
    {
        if (Warnings.Count < CaptureReplay.MaxWarnings) Warnings.Add(warning);
        else SuppressedWarnings++;
    }

    /// <summary>
    /// Decodes up to <paramref name="maxRawEvents"/> raw events into <paramref name="batch"/> (cleared first); at the
    /// end of the capture also what the decoders still hold. False once the capture has ended (the batch still counts).
    /// </summary>
    public bool Fill(DecodedEventBuffer batch, int maxRawEvents)
    {
        batch.Clear();
        if (_done) return false;
        _cancel.ThrowIfCancellationRequested(); // once a batch: a replay stops within ~1000 events of a cancel
        for (int k = 0; k < maxRawEvents; k++)
        {
            if (!reader.TryRead(out var ev))
            {
                pipeline.CompleteDecoders(batch);
                _done = true;
                return false;
            }
            while (_map.Count < reader.SourceCount)
            {
                var src = _sources[_map.Count];
                int index = pipeline.SourceIndex(src.Name);
                if (index < 0 && src.LinkType != CaptureLinkType.SourceEvent) Warn($"{path}: interface '{src.Name}' is not a source of the bench description; its events are ignored");
                _map.Add(index);
                _isSourceEvent.Add(src.LinkType == CaptureLinkType.SourceEvent);
            }
            FileOffset = ev.FileOffset;
            if (_isSourceEvent[ev.SourceId])
            {
                // source lost/resumed, as the live run saw it: the same label events again
                if (!Sources.SourceEventRecord.TryDecode(ev.Payload.Span, out var record, out string error))
                    Warn($"{path}@0x{ev.FileOffset:x}: {error}");
                else if (pipeline.SourceIndex(record!.Source) < 0)
                    Warn($"{path}@0x{ev.FileOffset:x}: source event for '{record.Source}', which is not a source of the bench description");
                else
                {
                    batch.Add(DecodedEventValue.FromRecord(new SourceEventNotice(record, ev.HostTimeUnixNanoseconds)));
                    batch.Tag(batch.Count - 1, -1);
                }
                continue;
            }
            int source = ev.SourceId < _map.Count ? _map[ev.SourceId] : -1;
            if (_pace is double speed)
            {
                if (_firstHost == long.MinValue) _firstHost = ev.HostTimeUnixNanoseconds;
                Pace((ev.HostTimeUnixNanoseconds - _firstHost) / 1e9 / speed);
            }
            if (source >= 0) pipeline.Decode(source, ev.HostTimeUnixNanoseconds, ev.Payload.Span, batch);
            RawEvents++;
        }
        return true;
    }

    private void Pace(double targetSeconds)
    {
        while (true)
        {
            double ahead = targetSeconds - _clock.Elapsed.TotalSeconds;
            if (ahead <= 0.0005) return;
            if (_cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(Math.Min(ahead, 0.5)))) _cancel.ThrowIfCancellationRequested();
        }
    }
}
