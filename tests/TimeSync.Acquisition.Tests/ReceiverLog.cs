using System.Globalization;
using System.Text;
using TimeSync.Acquisition.Decoding;
using TimeSync.Testing;

namespace TimeSync.Acquisition.Tests;

/// <summary>A real receiver log from shared/captures/gnss, cut into its per-second epochs to be sent at the receiver's pace.</summary>
internal static class ReceiverLog
{
    /// <summary>The log's bytes after its leading '#' comment block.</summary>
    public static byte[] Body(string name)
    {
        var data = File.ReadAllBytes(RepoPaths.SharedFile("captures", "gnss", name));
        return data[RawSerialLog.CommentBlockLength(data)..];
    }

    /// <summary>
    /// Splits an NMEA log into epochs: a new epoch starts at the first sentence (RMC, GGA, GNS, ZDA: field 1; GLL: field 5)
    /// stating a time of day other than the current epoch's. Every byte is in exactly one epoch, in order.
    /// </summary>
    public static List<byte[]> Epochs(byte[] body)
    {
        var epochs = new List<byte[]>();
        var current = new List<byte>();
        string? key = null;
        int start = 0;
        while (start < body.Length)
        {
            int nl = Array.IndexOf(body, (byte)'\n', start);
            int end = nl < 0 ? body.Length : nl + 1;
            string line = Encoding.ASCII.GetString(body, start, end - start).TrimEnd('\r', '\n');
            string? time = TimeOfDay(line);
            if (time is not null && key is not null && time != key && current.Count > 0)
            {
                epochs.Add([.. current]);
                current.Clear();
            }
            if (time is not null) key = time;
            current.AddRange(body.AsSpan(start, end - start));
            start = end;
        }
        if (current.Count > 0) epochs.Add([.. current]);
        return epochs;
    }

    /// <summary>UTC second of the first RMC (date + time) of the epochs, as Unix seconds.</summary>
    public static long FirstUtcSecond(IEnumerable<byte[]> epochs)
    {
        var events = new List<DecodedEvent>();
        var decoder = new GnssStreamDecoder("log");
        foreach (var e in epochs)
        {
            decoder.Push(e, 0, events);
            var rmc = events.OfType<GnssTimeMessage>().FirstOrDefault(m => m.Kind == "RMC" && m.Utc is not null);
            if (rmc is not null) return rmc.Utc!.Value.UnixSeconds - epochs.TakeWhile(x => x != e).Count();
        }
        throw new InvalidOperationException("no RMC in the log");
    }

    private static string? TimeOfDay(string line)
    {
        if (line.Length < 7 || line[0] != '$') return null;
        string[] f = line.Split(',');
        string type = f[0].Length >= 6 ? f[0][3..6] : "";
        int index = type switch { "RMC" or "GGA" or "GNS" or "ZDA" => 1, "GLL" => 5, _ => -1 };
        if (index < 0 || f.Length <= index || f[index].Length < 6) return null;
        return double.TryParse(f[index], NumberStyles.Float, CultureInfo.InvariantCulture, out _) ? f[index] : null;
    }
}
