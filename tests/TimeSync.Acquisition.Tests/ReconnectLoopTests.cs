using System.Collections.Concurrent;
using TimeSync.Acquisition.Sources;

namespace TimeSync.Acquisition.Tests;

/// <summary>The open → read → fail → back off → reopen loop shared by serial and PPS sources.</summary>
public sealed class ReconnectLoopTests
{
    private sealed class Conn(int n) : IDisposable
    {
        public int N => n;
        public bool Disposed;
        public void Dispose() => Disposed = true;
    }

    [Fact]
    public void One_loss_per_outage_thinned_retries_a_resume_with_the_first_reason_and_every_connection_disposed()
    {
        // opens 1: reads, then fails; 2..7: cannot open; 8: reads until cancelled.
        int opens = 0;
        var conns = new ConcurrentQueue<Conn>();
        var log = new ConcurrentQueue<string>();
        using var cts = new CancellationTokenSource();
        var loop = new ReconnectLoop<Conn>(() =>
        {
            int n = Interlocked.Increment(ref opens);
            if (n is >= 2 and <= 7) throw new IOException($"device not present #{n}");
            var c = new Conn(n);
            conns.Enqueue(c);
            return c;
        }, (c, cancel) =>
        {
            log.Enqueue($"read {c.N}");
            if (c.N == 1) throw new InvalidOperationException("unplugged\nsecond line");
            cts.Cancel();
        })
        {
            InitialBackoff = TimeSpan.FromMilliseconds(1),
            MaxBackoff = TimeSpan.FromMilliseconds(8),
            Opened = c => log.Enqueue($"opened {c.N}"),
            Lost = (at, why) => log.Enqueue($"lost {why}"),
            Resumed = (now, lost, why) => log.Enqueue($"resumed {(now >= lost ? "later" : "EARLIER")} {why}"),
            Retrying = (why, delay) => log.Enqueue($"retry {delay.TotalMilliseconds} ms: {why}"),
        };
        loop.Run(cts.Token);
        Assert.Equal([
            "opened 1", "read 1",
            "lost InvalidOperationException: unplugged second line",        // one line, once per outage
            "retry 1 ms: InvalidOperationException: unplugged second line", // failures 0, 1, 2 logged
            "retry 2 ms: IOException: device not present #2",
            "retry 4 ms: IOException: device not present #3",
            "retry 8 ms: IOException: device not present #5",                // then the 4th (capped at 8 ms)
            "resumed later InvalidOperationException: unplugged second line", // the gap is named after what started it
            "read 8",
        ], log);
        Assert.Equal(8, opens);
        Assert.All(conns, c => Assert.True(c.Disposed));
        Assert.False(loop.Connected);
    }

    [Theory]
    [InlineData(0, 250)]
    [InlineData(1, 500)]
    [InlineData(3, 2000)]
    [InlineData(7, 30000)] // 32 s capped at 30 s
    [InlineData(200, 30000)]
    public void Backoff_doubles_from_the_initial_delay_up_to_the_cap(int failures, double ms) =>
        Assert.Equal(ms, ReconnectPolicy.Backoff(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(30), failures).TotalMilliseconds);

    [Fact]
    public void Retries_are_logged_first_three_then_at_powers_of_two() =>
        Assert.Equal([0, 1, 2, 4, 8, 16, 32, 64], Enumerable.Range(0, 100).Where(ReconnectPolicy.ShouldLogRetry));
}
