using System.Globalization;
using System.Text;

namespace TimeSync.Cli.Tests;

/// <summary>A ptp4l log with relative times only (its CLOCK_MONOTONIC stamps, no system-log header).</summary>
internal static class Ptp4lLogFile
{
    /// <summary>
    /// Writes <paramref name="lines"/> servo lines one second apart from monotonic second <paramref name="firstSecond"/>
    /// (+ <paramref name="millis"/> ms), the offset of line i being <paramref name="offsetNs"/>(i), and returns the path.
    /// </summary>
    public static string Write(string path, int lines, int firstSecond, int millis, Func<int, int> offsetNs)
    {
        // the line form of linuxptp's ptp4l (clock.c: "master offset %10" PRId64 " s%d freq %+7.0f path delay %9" PRId64)
        var b = new StringBuilder();
        for (int i = 0; i < lines; i++)
            b.AppendLine(CultureInfo.InvariantCulture, $"ptp4l[{firstSecond + i}.{millis:000}]: master offset {offsetNs(i),10} s2 freq {-30580 + i,7} path delay {9202,9}");
        File.WriteAllText(path, b.ToString());
        return path;
    }
}
