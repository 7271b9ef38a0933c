using System.Globalization;
using System.Runtime.InteropServices;
using TimeSync.Acquisition.Bench;
using TimeSync.Capture.Pcapng;
using TimeSync.Cli.Analysis;
using TimeSync.Core;
using TimeSync.Core.Time;
using TimeSync.Simulation.Bench;
using TimeSync.Simulation.Live;

namespace TimeSync.Cli.Commands;

/// <summary>`timesync simulate --pty`: the bench played live on pseudo-terminals, one per simulated serial source.</summary>
internal static partial class SimulateCommand
{
    /// <summary>The longest the ports stay open after the last byte for their readers to catch up.</summary>
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Default whole seconds from creating the pseudo-terminals (or, with --pty-wait, from the last reader opening them)
    /// to the second before the first pulse: the time readers have to open the ports. Bytes sent while a port has no
    /// reader are dropped, as a real device's are; --pty-wait makes the start wait for the readers instead.
    /// </summary>
    internal const int DefaultLeadSeconds = 2;

    /// <summary>How often --pty-wait looks for the readers.</summary>
    private static readonly TimeSpan ReaderPoll = TimeSpan.FromMilliseconds(20);

    private static int RunLive(ScenarioSpec spec, ulong seed, double seconds, string? outPath, string? truthPath, bool replace,
        string? linkDirectory, string? benchOut, bool waitForReaders = false, int leadSeconds = DefaultLeadSeconds)
    {
        if (linkDirectory is not null && !Directory.Exists(linkDirectory)) throw new InputException(linkDirectory, "--pty-link: directory does not exist");
        // Live: the host clock is the real one, so the model's host clock offset and scheduling latency are zero (the
        // reader adds its own). The start (first pulse) is set once the ports exist (and, with --pty-wait, are open).
        spec = spec with { Host = spec.Host with { ClockOffsetSeconds = 0, UsbLatencySeconds = 0, UsbLatencyJitterSeconds = 0 } };
        BenchSimulator.Validate(spec, seconds);
        var bench = BenchSimulator.Describe(spec);
        var terminals = new Dictionary<string, PseudoTerminal>(StringComparer.Ordinal);
        var links = new List<string>();
        using var cts = new CancellationTokenSource();
        ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; cts.Cancel(); };
        Console.CancelKeyPress += onCtrlC;
        using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
        try
        {
            var devices = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var source in bench.Sources)
            {
                var pty = PseudoTerminal.Open();
                terminals[source.Name] = pty;
                string device = pty.Path;
                if (linkDirectory is not null)
                {
                    device = Path.GetFullPath(Path.Combine(linkDirectory, source.Name));
                    var existing = new FileInfo(device);
                    if (existing.Exists || existing.LinkTarget is not null)
                    {
                        if (existing.LinkTarget is null) throw new InputException(device, "--pty-link: exists and is not a symbolic link");
                        existing.Delete(); // a stale link of an earlier run
                    }
                    File.CreateSymbolicLink(device, pty.Path);
                    links.Add(device);
                }
                devices[source.Name] = device;
            }
            bench = bench with { Sources = bench.Sources.Select(s => s with { Device = devices[s.Name] }).ToArray() };
            if (benchOut is not null) OutputFile.WriteAtomic(benchOut, bench.ToJson(indented: true) + "\n");
            // machine-readable: one line per serial source, then the first pulse's UTC
            foreach (var s in bench.Sources)
                Console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pty {s.Name} {s.Device} {s.Baud}"));
            Console.Out.Flush();
            if (waitForReaders && !WaitForReaders(terminals, cts.Token))
            {
                Console.Error.WriteLine($"timesync simulate: {spec.Name}, stopped before every port had a reader");
                return 0;
            }
            // the first pulse: the next whole second after the lead
            spec = spec with { StartUtc = Instant.FromUnixSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1 + leadSeconds).ToString() };
            Console.Out.WriteLine($"start {spec.StartUtc}");
            Console.Out.Flush();

            using var capture = outPath is null ? null : new PcapngWriter(outPath, WriterOptions(spec, replace, bench.ToJson()));
            using var truthWriter = OpenTruth(truthPath);
            var writer = new PacedPtyWriter(terminals, cts.Token, capture);
            string ending;
            try
            {
                var result = BenchSimulator.Run(spec, seed, seconds, writer, truthWriter);
                ending = string.Create(CultureInfo.InvariantCulture, $"{result.Pulses} pulses");
            }
            catch (OperationCanceledException)
            {
                ending = "stopped";
            }
            foreach (var (name, pty) in terminals)
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"timesync simulate: {name}: {pty.BytesWritten} bytes sent, {pty.BytesDropped} dropped (no reader)"));
            if (writer.LateEvents > 0)
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timesync simulate: {writer.LateEvents} events sent more than 10 ms late (machine too busy)"));
            Console.Error.WriteLine($"timesync simulate: {spec.Name}, {ending}" + (outPath is null ? "" : $" -> {outPath}"));
            return 0;
        }
        finally
        {
            Console.CancelKeyPress -= onCtrlC;
            PseudoTerminal.WaitForReadersToDrain(terminals.Values, DrainTimeout); // closing a port discards what its reader has not read yet
            foreach (var link in links) File.Delete(link);
            foreach (var pty in terminals.Values) pty.Dispose();
        }
    }

    /// <summary>
    /// Waits until every pseudo-terminal has a reader (the kernel stops reporting a hang-up on its master), naming the
    /// ports still waited for on stderr once; false when stopped first (Ctrl-C, SIGTERM).
    /// </summary>
    private static bool WaitForReaders(IReadOnlyDictionary<string, PseudoTerminal> terminals, CancellationToken cancel)
    {
        var missing = terminals.Where(t => !t.Value.ReaderPresent).Select(t => t.Key).ToList();
        if (missing.Count > 0) Console.Error.WriteLine($"timesync simulate: waiting for a reader on {string.Join(", ", missing)}");
        while (terminals.Values.Any(t => !t.ReaderPresent))
            if (cancel.WaitHandle.WaitOne(ReaderPoll)) return false;
        return true;
    }
}
