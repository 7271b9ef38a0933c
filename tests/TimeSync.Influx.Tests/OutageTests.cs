using TimeSync.Core.Time;
using TimeSync.Influx.Schema;
using TimeSync.Influx.Tests.Infrastructure;

namespace TimeSync.Influx.Tests;

/// <summary>The server goes away in the middle of a real-time stream: nothing lost, nothing twice.</summary>
public class OutageTests
{
    [OwnInfluxdFact]
    public async Task ServerKilledAndRestartedMidStream_EveryPointStoredExactlyOnce()
    {
        using var server = new OwnInfluxd();
        await server.StartAsync();
        using var ql = new InfluxQl(server.Url);
        await ql.ExecAsync("CREATE DATABASE outage");

        var log = new LogLines();
        const double rateHz = 200;
        var samples = TestData.Series(TestData.RecentStart(), 1600, rateHz, seed: 5); // 8 s of stream
        var options = TestData.FastRetry(TestData.TempDir("outage")) with { BatchPoints = 50, MemoryBatches = 4 };
        var sink = new InfluxSink(TestData.V1(server.Url, "outage").CreateTransport(), options, "bench", null, log.Add, 0);
        await StreamThroughOutageAsync(sink, samples, rateHz, log, down: server.Kill, up: server.StartAsync); // the server dies

        var rows = (await ql.QueryAsync("outage", "SELECT x_s FROM time_error WHERE channel = 'dut'"))[0];
        Assert.Equal(samples.Count, rows.Rows.Count);
        var times = rows.Rows.Select(r => r[0].GetInt64()).ToList();
        Assert.Equal(samples.Count, times.Distinct().Count());
        for (int i = 0; i < samples.Count; i++)
        {
            Assert.Equal(samples[i].Time.ToUnixNanoseconds(), times[i]);
            Assert.Equal(samples[i].TimeErrorSeconds, rows.Rows[i][1].GetDouble());
        }
    }

    [OwnVictoriaFact]
    public async Task VictoriaMetricsStoppedAndRestartedMidStream_V2Client_EveryPointStoredExactlyOnce()
    {
        using var server = new OwnVictoria();
        await server.StartAsync();
        var log = new LogLines();
        const double rateHz = 200;
        var samples = TestData.Series(TestData.RecentStart(), 1600, rateHz, seed: 6); // 8 s of stream, 5 ms apart (VictoriaMetrics keeps ms)
        var options = TestData.FastRetry(TestData.TempDir("outage-vm")) with { BatchPoints = 50, MemoryBatches = 4 };
        var target = new TimeSync.Influx.Transport.InfluxTarget { Url = new Uri(server.Url), Org = "lab", Bucket = "timesync", Token = "vm-token" };
        var sink = new InfluxSink(target.CreateTransport(), options, "bench", null, log.Add, 0);
        await StreamThroughOutageAsync(sink, samples, rateHz, log, down: server.Stop, up: server.StartAsync); // a restart, an upgrade

        // Every sample once (a batch in flight when the server died may have been stored and then resent: stored once).
        var one = Assert.Single(await Victoria.ExportAsync(server.Url, "time_error_x_s{channel=\"dut\"}"));
        var stored = one.TimestampsMs.Zip(one.Values).OrderBy(p => p.First).ToList();
        Assert.Equal(samples.Select(s => s.Time.ToUnixNanoseconds() / 1_000_000), stored.Select(p => p.First));
        double largest = samples.Max(s => Math.Abs(s.TimeErrorSeconds));
        for (int i = 0; i < samples.Count; i++)
            Assert.True(Math.Abs(stored[i].Second - samples[i].TimeErrorSeconds) <= 1e-11 * Math.Abs(samples[i].TimeErrorSeconds) + 1e-15 * largest, $"point {i}");
    }

    [InfluxFact]
    public async Task SpoolLeftAtShutdown_IsBackfilledFirstByTheNextRun()
    {
        using var ql = new InfluxQl(Servers.Influx);
        var db = TestData.UniqueName("backfill");
        await ql.ExecAsync($"CREATE DATABASE {db}");
        var spoolDir = TestData.TempDir("backfill");
        var samples = TestData.Series(TestData.RecentStart(), 3000, 50, seed: 9);
        var log = new LogLines();

        // Run 1: nobody listens on this port; shutdown persists everything.
        var deadUrl = $"http://127.0.0.1:{OwnServer.FreePort()}";
        var down = TestData.FastRetry(spoolDir) with { DrainTimeout = TimeSpan.FromMilliseconds(300) };
        await using (var sink = new InfluxSink(TestData.V1(deadUrl, db).CreateTransport(), down, "b", null, log.Add, 0))
        {
            foreach (var s in samples.Take(2000)) sink.WriteSample("dut", s);
            var stats = await sink.CompleteAsync();
            Assert.Equal(0, stats.Written);
            Assert.Equal(2000, stats.Accepted);
            Assert.True(stats.SpooledBatches >= 4);
        }
        Assert.Contains(log.All, l => l.Contains("shutting down with") && l.Contains(spoolDir));

        // Run 2: the server is there; the spool goes first, then the new points.
        await using (var sink = new InfluxSink(TestData.V1(Servers.Influx, db).CreateTransport(), TestData.FastRetry(spoolDir), "b", null, log.Add, 0))
        {
            foreach (var s in samples.Skip(2000)) sink.WriteSample("dut", s);
            var stats = await sink.CompleteAsync();
            Assert.Equal(0, stats.SpooledBatches);
            Assert.Equal(3000, stats.Written);
        }
        Assert.Contains(log.All, l => l.Contains("left in spool") && l.Contains("sending them first"));
        var rows = (await ql.QueryAsync(db, "SELECT x_s FROM time_error"))[0];
        Assert.Equal(samples.Select(s => s.Time.ToUnixNanoseconds()), rows.Rows.Select(r => r[0].GetInt64()));
        Assert.Equal(samples.Select(s => s.TimeErrorSeconds), rows.Rows.Select(r => r[1].GetDouble()));
        Assert.Empty(Directory.GetFiles(spoolDir, "*.lp"));
    }

    [InfluxFact]
    public async Task FullSpool_KeepsTheOldestDropsTheNewest_AndStoresTheGapAsAnEvent()
    {
        using var ql = new InfluxQl(Servers.Influx);
        var db = TestData.UniqueName("full");
        await ql.ExecAsync($"CREATE DATABASE {db}");
        var spoolDir = TestData.TempDir("full");
        var samples = TestData.Series(TestData.RecentStart(), 5000, 100, seed: 11);
        var log = new LogLines();
        const long bound = 40_000;

        var deadUrl = $"http://127.0.0.1:{OwnServer.FreePort()}";
        var options = TestData.FastRetry(spoolDir) with { BatchPoints = 25, MemoryBatches = 2, SpoolMaxBytes = bound, DrainTimeout = TimeSpan.FromMilliseconds(200) };
        long dropped;
        await using (var sink = new InfluxSink(TestData.V1(deadUrl, db).CreateTransport(), options, "b", null, log.Add, 0))
        {
            foreach (var s in samples) sink.WriteSample("dut", s);
            var stats = await sink.CompleteAsync();
            dropped = stats.Dropped;
            Assert.True(dropped > 3000, $"dropped {dropped}");
            Assert.True(stats.SpooledBytes <= bound + 1000, $"spool {stats.SpooledBytes} bytes for a bound of {bound} (+ the one-line report)");
            Assert.Equal(samples.Count + 1, stats.Accepted); // the samples and the overflow event
        }
        Assert.Contains(log.All, l => l.Contains("policy: keep the oldest, drop the newest"));
        Assert.Contains(log.All, l => l.Contains($"dropped {dropped} points"));

        await using (var sink = new InfluxSink(TestData.V1(Servers.Influx, db).CreateTransport(), TestData.FastRetry(spoolDir), "b", null, log.Add, 0))
            Assert.Equal(0, (await sink.CompleteAsync()).SpooledBatches);

        // Stored: exactly the oldest samples, a contiguous prefix; the event states the rest.
        var rows = (await ql.QueryAsync(db, "SELECT x_s FROM time_error"))[0];
        int kept = rows.Rows.Count;
        Assert.Equal(samples.Count - dropped, kept);
        Assert.Equal(samples.Take(kept).Select(s => s.Time.ToUnixNanoseconds()), rows.Rows.Select(r => r[0].GetInt64()));
        var ev = (await ql.QueryAsync(db, $"SELECT dropped_points, first_dropped_ns, last_dropped_ns FROM event WHERE kind = '{InfluxSchema.EventSpoolOverflow}'"))[0];
        var e = Assert.Single(ev.Rows);
        Assert.Equal(dropped, e[1].GetInt64());
        Assert.Equal(samples[kept].Time.ToUnixNanoseconds(), e[2].GetInt64());
        Assert.Equal(samples[^1].Time.ToUnixNanoseconds(), e[3].GetInt64());
    }

    /// <summary>
    /// Produces <paramref name="samples"/> in real time (sample i at i / rate seconds, as a bench would), takes the server
    /// <paramref name="down"/> at sample 300 (1.5 s at 200 Hz) and brings it back <paramref name="up"/> on the same data at
    /// sample 900 (4.5 s); the producer is never held up, the outage is seen and logged, every point is written, none dropped.
    /// </summary>
    private static async Task StreamThroughOutageAsync(InfluxSink sink, IReadOnlyList<TimeErrorSample> samples, double rateHz, LogLines log, Action down, Func<Task> up)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        Task? restart = null;
        for (int i = 0; i < samples.Count; i++)
        {
            var due = TimeSpan.FromSeconds(i / rateHz);
            if (clock.Elapsed < due) await Task.Delay(due - clock.Elapsed);
            if (i == 300) down();
            if (i == 900) restart = up();
            var before = clock.Elapsed;
            sink.WriteSample("dut", samples[i]);
            Assert.True(clock.Elapsed - before < TimeSpan.FromMilliseconds(1500), "the producer was held up"); // keeps measuring (bound allows a loaded CI disk)
        }
        await restart!;
        var stats = await sink.CompleteAsync();
        await sink.DisposeAsync();

        Assert.True(stats.FailedAttempts > 0, "the outage was not seen: " + log);
        Assert.Equal(0, stats.Dropped);
        Assert.Equal(0, stats.SpooledBatches);
        Assert.Equal(samples.Count, stats.Written);
        Assert.Contains(log.All, l => l.Contains("failed") && l.Contains("spooling"));
        Assert.Contains(log.All, l => l.Contains("accepts writes again"));
    }
}
