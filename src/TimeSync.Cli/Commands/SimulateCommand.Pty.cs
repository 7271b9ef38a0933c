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
    /// <summary>Time from creating the pseudo-terminals to the first pulse (readers open the ports meanwhile).</summary>
    private const int LeadSeconds = 2;

    private static int RunLive(ScenarioSpec spec, ulong seed, double seconds, string? outPath, string? truthPath, bool replace,
        string? linkDirectory, string? benchOut)
    {
        if (linkDirectory is not null && !Directory.Exists(linkDirectory)) throw new InputException(linkDirectory, "--pty-link: directory does not exist");
        // Live: the first pulse is the next whole second after the lead; the host clock is the real one, so the model's
        // host clock offset and scheduling latency are zero (the reader adds its own).
        long startSeconds = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 1 + LeadSeconds;
        spec = spec with
        {
            StartUtc = Instant.FromUnixSeconds(startSeconds).ToString(),
            Host = spec.Host with { ClockOffsetSeconds = 0, UsbLatencySeconds = 0, UsbLatencyJitterSeconds = 0 },
        };
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
            foreach (var link in links) File.Delete(link);
            foreach (var pty in terminals.Values) pty.Dispose();
        }
    }
}
