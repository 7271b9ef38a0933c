using TimeSync.Capture.Readers;
using TimeSync.Core.Time;

namespace TimeSync.Cli.Influx;

/// <summary>The instant of each value of an imported series, for writing it to InfluxDB.</summary>
internal static class ImportedTimes
{
    /// <summary>Each value's instant: the file's own, else <paramref name="start"/> plus its relative time, else start + i·τ0 (exact).</summary>
    public static Instant[] Of(ImportedSeries s, Instant start, double tau0Seconds)
    {
        var result = new Instant[s.Values.Count];
        if (s.Times is { } abs)
        {
            for (int i = 0; i < result.Length; i++) result[i] = abs[i];
            return result;
        }
        if (s.RelativeTimesSeconds is { } rel)
        {
            for (int i = 0; i < result.Length; i++) result[i] = start + Duration.FromSecondsDouble(rel[i] - rel[0]);
            return result;
        }
        var step = Duration.FromSecondsDouble(tau0Seconds).TotalPicoseconds;
        for (int i = 0; i < result.Length; i++) result[i] = start + Duration.FromTotalPicoseconds(step * i);
        return result;
    }
}
