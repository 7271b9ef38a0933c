using System.Diagnostics;

namespace TimeSync.Testing;

/// <summary>Waiting in tests that run in real time: for a condition (with a generous deadline) or for a wall-clock instant.</summary>
internal static class RealTime
{
    /// <summary>Polls <paramref name="condition"/> every 20 ms; a <see cref="TimeoutException"/> naming <paramref name="what"/> after <paramref name="timeout"/>.</summary>
    public static void WaitFor(Func<bool> condition, TimeSpan timeout, string what) => WaitFor(condition, timeout, () => what);

    /// <summary>The same, with the message made when the time is out (e.g. with the log so far).</summary>
    public static void WaitFor(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var sw = Stopwatch.StartNew();
        while (!condition())
        {
            if (sw.Elapsed > timeout) throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what()}");
            Thread.Sleep(20);
        }
    }

    /// <summary>Sleeps until <paramref name="plusSeconds"/> after the UTC second <paramref name="unixSecond"/> (at once when that has passed).</summary>
    public static void WaitUntil(long unixSecond, double plusSeconds)
    {
        var due = DateTimeOffset.FromUnixTimeMilliseconds(unixSecond * 1000 + (long)(plusSeconds * 1000));
        var wait = due - DateTimeOffset.UtcNow;
        if (wait > TimeSpan.Zero) Thread.Sleep(wait);
    }
}
