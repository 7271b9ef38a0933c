using System.Text;
using TimeSync.Core.Time;
using TimeSync.Influx.Delivery;
using TimeSync.Influx.Transport;

namespace TimeSync.Influx.Tests.Infrastructure;

internal static class TestData
{
    /// <summary>
    /// A time-error series at <paramref name="rateHz"/> starting at <paramref name="start"/>, with values over many
    /// magnitudes (picoseconds to milliseconds, both signs) and instants with sub-nanosecond parts, so that any rounding
    /// on the way shows up.
    /// </summary>
    public static List<TimeErrorSample> Series(Instant start, int count, double rateHz, int seed)
    {
        var rng = new Random(seed);
        var step = Duration.FromSecondsDouble(1.0 / rateHz);
        var list = new List<TimeErrorSample>(count);
        for (int i = 0; i < count; i++)
        {
            var t = start + Duration.FromPicoseconds(step.Seconds * Duration.PicosecondsPerSecond * i + step.Picoseconds * i + rng.Next(0, 1000));
            double magnitude = Math.Pow(10, -12 + 9 * rng.NextDouble());
            double x = (rng.Next(2) == 0 ? -1 : 1) * magnitude * (1 + rng.NextDouble());
            list.Add(new TimeErrorSample(t, x));
        }
        return list;
    }

    /// <summary>Now, rounded down to the second, minus <paramref name="backSeconds"/>.</summary>
    public static Instant RecentStart(int backSeconds = 600) =>
        Instant.FromUnixSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - backSeconds);

    public static string TempDir(string prefix) => Directory.CreateTempSubdirectory("timesync-influx-" + prefix + "-").FullName;

    public static string UniqueName(string prefix) => prefix + "_" + Guid.NewGuid().ToString("N")[..10];

    public static DeliveryOptions FastRetry(string spoolDir) => new()
    {
        SpoolDirectory = spoolDir,
        BatchPoints = 500,
        FlushInterval = TimeSpan.FromMilliseconds(100),
        RetryInitial = TimeSpan.FromMilliseconds(50),
        RetryMax = TimeSpan.FromMilliseconds(400),
        DrainTimeout = TimeSpan.FromSeconds(30),
    };

    public static InfluxTarget V1(string url, string db) => new() { Url = new Uri(url), Database = db };
}

/// <summary>Collects log lines from a sink (thread-safe).</summary>
internal sealed class LogLines
{
    private readonly List<string> _lines = [];
    public void Add(string line) { lock (_lines) _lines.Add(line); }
    public List<string> All { get { lock (_lines) return [.. _lines]; } }
    public override string ToString() => string.Join("\n", All);
}
