using System.Runtime.ExceptionServices;
using TimeSync.Acquisition.Decoding;

namespace TimeSync.Acquisition.Pipeline;

/// <summary>
/// Drives a replay's two stages — decode (<see cref="ReplayFeed"/>: reader + decoders) and label
/// (<see cref="AcquisitionPipeline.Label(DecodedEventBuffer)"/>: labeller + sink) — on one thread, or on two joined by a
/// bounded single-producer/single-consumer ring of batches. Each stage keeps its own state and sees the same events in
/// the same order either way, so the output is the same, byte for byte; the sink is only ever called from the calling
/// thread.
/// </summary>
internal static class ReplayStages
{
    /// <summary>Raw events per batch: large enough that a hand-over costs nothing per event, small enough to stay in cache.</summary>
    internal const int RawEventsPerBatch = 1024;

    /// <summary>Batches in flight between the threads (bounded memory: a slow label stage holds the reader back).</summary>
    internal const int Slots = 8;

    private const int ProgressEvery = 1 << 16;

    public static void RunOneThread(ReplayFeed feed, AcquisitionPipeline pipeline, ReplayOptions options)
    {
        // Paced (a dashboard demonstration): each raw event is labelled as soon as its time has come.
        int perBatch = options.Speed is null ? RawEventsPerBatch : 1;
        var batch = new DecodedEventBuffer(2 * perBatch);
        long nextProgress = ProgressEvery;
        bool more;
        do
        {
            more = feed.Fill(batch, perBatch);
            pipeline.Label(batch);
            Progress(options, feed.RawEvents, feed.FileOffset, feed.FileLength, ref nextProgress);
        } while (more);
        pipeline.CompleteLabels();
    }

    public static void RunTwoThreads(ReplayFeed feed, AcquisitionPipeline pipeline, ReplayOptions options)
    {
        var ring = new BatchRing(Slots, 2 * RawEventsPerBatch);
        // a name of at most 15 characters: the name profilers and ps show
        var worker = new Thread(() => Produce(feed, ring)) { IsBackground = true, Name = "replay-decode" };
        worker.Start();
        try
        {
            long nextProgress = ProgressEvery;
            while (true)
            {
                var batch = ring.TakeFilled();
                options.Cancel.ThrowIfCancellationRequested();
                pipeline.Label(batch.Values);
                Progress(options, batch.RawEvents, batch.FileOffset, feed.FileLength, ref nextProgress);
                bool last = batch.Last;
                ring.ReturnEmpty();
                if (last) break;
            }
            pipeline.CompleteLabels();
        }
        finally
        {
            ring.Stop();
            worker.Join();
        }
    }

    private static void Produce(ReplayFeed feed, BatchRing ring)
    {
        try
        {
            while (ring.TakeEmpty() is { } batch)
            {
                bool more = feed.Fill(batch.Values, RawEventsPerBatch);
                batch.RawEvents = feed.RawEvents;
                batch.FileOffset = feed.FileOffset;
                batch.Last = !more;
                ring.PublishFilled();
                if (!more) return;
            }
        }
        catch (Exception e)
        {
            ring.Fail(e);
        }
    }

    private static void Progress(ReplayOptions options, long rawEvents, long fileOffset, long fileLength, ref long next)
    {
        if (rawEvents < next) return;
        next = (rawEvents / ProgressEvery + 1) * ProgressEvery;
        options.Progress?.Invoke(Math.Min(1.0, (double)fileOffset / fileLength));
    }

    /// <summary>One hand-over: decoded values of up to <see cref="RawEventsPerBatch"/> raw events, and where the reader was.</summary>
    internal sealed class Batch(int capacity)
    {
        public DecodedEventBuffer Values { get; } = new(capacity);
        public long RawEvents { get; set; }
        public long FileOffset { get; set; }
        public bool Last { get; set; }
    }

    /// <summary>
    /// A fixed ring of batches between one producer and one consumer: the producer fills empty slots in order, the
    /// consumer takes filled ones in the same order. The semaphores' release/wait order the memory accesses.
    /// </summary>
    internal sealed class BatchRing
    {
        private readonly Batch[] _slots;
        private readonly SemaphoreSlim _empty, _filled;
        private long _produced, _consumed; // each written by one side only
        private volatile bool _stopped;
        private ExceptionDispatchInfo? _error;

        public BatchRing(int slots, int capacity)
        {
            _slots = new Batch[slots];
            for (int i = 0; i < slots; i++) _slots[i] = new Batch(capacity);
            _empty = new SemaphoreSlim(slots, slots + 1); // + 1: Stop's release
            _filled = new SemaphoreSlim(0, slots + 1);
        }

        /// <summary>Producer: the next empty batch, or null once the consumer has stopped.</summary>
        public Batch? TakeEmpty()
        {
            _empty.Wait();
            return _stopped ? null : _slots[_produced % _slots.Length];
        }

        /// <summary>Producer: the batch from <see cref="TakeEmpty"/> is filled.</summary>
        public void PublishFilled()
        {
            _produced++;
            _filled.Release();
        }

        /// <summary>Producer: it failed; the consumer rethrows after the batches published before.</summary>
        public void Fail(Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
            _filled.Release();
        }

        /// <summary>Consumer: the next filled batch (rethrows the producer's failure when that comes next).</summary>
        public Batch TakeFilled()
        {
            _filled.Wait();
            if (_consumed == Volatile.Read(ref _produced)) _error!.Throw();
            return _slots[_consumed % _slots.Length];
        }

        /// <summary>Consumer: the batch from <see cref="TakeFilled"/> may be refilled.</summary>
        public void ReturnEmpty()
        {
            _consumed++;
            _empty.Release();
        }

        /// <summary>Consumer: no more batches wanted (end, or the label stage failed): a waiting producer returns.</summary>
        public void Stop()
        {
            _stopped = true;
            _empty.Release();
        }
    }
}
