using System.Globalization;
using System.Text;
using TimeSync.Core;

namespace TimeSync.Influx.Delivery;

/// <summary>
/// The on-disk queue: one file per batch, <c>{sequence:D19}.lp</c> (line protocol, UTF-8), written to a temporary
/// name, flushed to disk and renamed, so a crash leaves whole batches only. Bounded in bytes. Batches left by an earlier
/// run are found at start and sent first. Not thread-safe: the owner serializes calls.
/// </summary>
public sealed class Spool : IDisposable
{
    private const string Extension = ".lp";
    private readonly SortedDictionary<long, long> _files = new(); // sequence → bytes
    private readonly FileStream _lock;

    public Spool(string directory, long maxBytes)
    {
        if (maxBytes <= 0) throw new InputException("--influx-spool-max-bytes", "must be positive");
        Directory = Path.GetFullPath(directory);
        MaxBytes = maxBytes;
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
            _lock = new FileStream(Path.Combine(Directory, "spool.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InputException(Directory, "spool folder unusable or used by another sink: " + e.Message);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new InputException(Directory, "spool folder not writable: " + e.Message);
        }
        foreach (var tmp in System.IO.Directory.EnumerateFiles(Directory, "*.tmp")) File.Delete(tmp); // half-written by a crash
        foreach (var path in System.IO.Directory.EnumerateFiles(Directory, "*" + Extension))
        {
            var name = Path.GetFileNameWithoutExtension(path);
            if (long.TryParse(name, NumberStyles.None, CultureInfo.InvariantCulture, out long seq))
            {
                long size = new FileInfo(path).Length;
                _files[seq] = size;
                Bytes += size;
            }
        }
    }

    public string Directory { get; }
    public long MaxBytes { get; }
    public long Bytes { get; private set; }
    public int Count => _files.Count;

    /// <summary>Highest sequence found or stored, or −1.</summary>
    public long LastSequence => _files.Count == 0 ? -1 : _files.Keys.Max();

    /// <summary>
    /// Stores the batch unless that would pass the bound, counting <paramref name="reservedBytes"/> held elsewhere
    /// (memory), or the disk is full: then false, nothing stored. <paramref name="force"/> skips the bound (for bytes
    /// already counted as reserved, and for the one-line overflow report).
    /// </summary>
    public bool TryAppend(Batch batch, long reservedBytes, bool force, out string? refusal)
    {
        refusal = null;
        if (!force && Bytes + reservedBytes + batch.ByteCount > MaxBytes)
        {
            refusal = $"spool full ({Bytes} bytes on disk + {reservedBytes} in memory + {batch.ByteCount} would pass the bound of {MaxBytes})";
            return false;
        }
        string path = PathOf(batch.Sequence);
        string tmp = path + ".tmp";
        try
        {
            using (var fs = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
            {
                var bytes = Encoding.UTF8.GetBytes(batch.Lines);
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch (IOException e)
        {
            try { File.Delete(tmp); } catch (IOException) { }
            refusal = "cannot write the spool: " + e.Message;
            return false;
        }
        if (_files.TryGetValue(batch.Sequence, out long old)) Bytes -= old;
        _files[batch.Sequence] = batch.ByteCount;
        Bytes += batch.ByteCount;
        return true;
    }

    /// <summary>The oldest stored batch (smallest sequence), or null when empty.</summary>
    public Batch? ReadOldest()
    {
        if (_files.Count == 0) return null;
        long seq = _files.Keys.First();
        string text = File.ReadAllText(PathOf(seq), Encoding.UTF8);
        int points = 0;
        foreach (char c in text) if (c == '\n') points++;
        return new Batch(seq, text, points, 0, 0);
    }

    public void Remove(long sequence)
    {
        if (!_files.Remove(sequence, out long size)) return;
        Bytes -= size;
        File.Delete(PathOf(sequence));
    }

    /// <summary>Keeps a batch the server refused as malformed in <c>rejected/</c> (outside the bound) for inspection.</summary>
    public string KeepRejected(Batch batch)
    {
        string dir = Path.Combine(Directory, "rejected");
        System.IO.Directory.CreateDirectory(dir);
        string target = Path.Combine(dir, batch.Sequence.ToString("D19", CultureInfo.InvariantCulture) + Extension);
        File.WriteAllText(target, batch.Lines, Encoding.UTF8);
        Remove(batch.Sequence);
        return target;
    }

    private string PathOf(long seq) => Path.Combine(Directory, seq.ToString("D19", CultureInfo.InvariantCulture) + Extension);

    public void Dispose() => _lock.Dispose();
}
