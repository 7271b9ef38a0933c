using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using TimeSync.Acquisition.Bench;
using TimeSync.Acquisition.Pps;
using TimeSync.Acquisition.Serial;
using TimeSync.Capture.Pcapng;
using TimeSync.Core;

namespace TimeSync.Cli.Commands;

/// <summary>
/// <c>timesync record --serial DEVICE[@BAUD] [--serial …] [--pps /dev/ppsN] --out FILE [--duration S]</c>: a quick
/// recording without a bench file. Raw serial chunks and PPS edges go into a pcapng capture (one interface per device,
/// named after the device, e.g. "ttyUSB0", "pps0", "gpio18") and a "timesync-events" interface recording when a
/// source was lost and when it resumed. Stops after --duration seconds, or on Ctrl-C / SIGTERM, and flushes.
/// A device that vanishes is logged and retried; the others keep recording.
/// </summary>
internal static class RecordCommand
{
    public static Command Create()
    {
        var serial = new Option<string[]>("--serial") { Description = "serial device, optionally @BAUD (default 9600), 8N1; repeatable", AllowMultipleArgumentsPerToken = false };
        var pps = new Option<string[]>("--pps") { Description = "PPS source: /dev/ppsN (kernel PPS), gpio:[/dev/gpiochipN:]LINE (libgpiod), dcd:DEVICE[@BAUD] (serial DCD); repeatable", AllowMultipleArgumentsPerToken = false };
        var output = new Option<string>("--out") { Description = "capture file to create (pcapng)", Required = true };
        var duration = new Option<double?>("--duration") { Description = "seconds to record (default: until Ctrl-C)" };
        var command = new Command("record", "Record raw serial bytes and PPS edges into a pcapng capture");
        command.Options.Add(serial);
        command.Options.Add(pps);
        command.Options.Add(output);
        command.Options.Add(duration);
        command.SetAction(parse => Run(parse.GetValue(serial) ?? [], parse.GetValue(pps) ?? [], parse.GetValue(output)!, parse.GetValue(duration)));
        return command;
    }

    private static int Run(string[] serial, string[] pps, string output, double? durationSeconds)
    {
        if (serial.Length == 0 && pps.Length == 0) throw new InputException("record", "nothing to record: give --serial and/or --pps");
        if (durationSeconds is double d && (!double.IsFinite(d) || d <= 0)) throw new InputException("--duration", "must be a positive number of seconds");
        var specs = serial.Select(s => SerialPortSpec.Parse(s)).ToList();
        var ppsSources = new List<IPpsSource>();
        try
        {
            var names = new HashSet<string>();
            var ppsDescriptions = new List<SourceDescription>();
            foreach (var p in pps)
            {
                var desc = PpsSourceFactory.ParseArgument(p, "pps");
                desc = desc with { Name = UniqueName(names, desc.Kind switch
                {
                    SourceKinds.GpioPps => $"gpio{desc.GpioLine}",
                    SourceKinds.DcdPps => "dcd-" + Path.GetFileName(desc.Device!),
                    _ => desc.Device!,
                }) };
                ppsDescriptions.Add(desc);
                ppsSources.Add(PpsSourceFactory.Open(desc)); // a device that is not there is a user mistake here: exit 2
            }
            if (File.Exists(output)) throw new InputException(output, "exists; not overwriting a capture");

            using var writer = new PcapngWriter(output);
            var recorder = new CaptureRecorder(writer, line => Console.Error.WriteLine($"timesync record: {line}"));
            foreach (var spec in specs) recorder.AddSerial(UniqueName(names, spec.Device), spec);
            for (int i = 0; i < ppsSources.Count; i++) recorder.AddPps(ppsDescriptions[i], ppsSources[i]);

            using var cts = durationSeconds is double s ? new CancellationTokenSource(TimeSpan.FromSeconds(s)) : new CancellationTokenSource();
            ConsoleCancelEventHandler onCtrlC = (_, e) => { e.Cancel = true; cts.Cancel(); };
            Console.CancelKeyPress += onCtrlC;
            using var onTerm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c => { c.Cancel = true; cts.Cancel(); });
            try { recorder.RunAsync(cts.Token).GetAwaiter().GetResult(); }
            finally { Console.CancelKeyPress -= onCtrlC; }

            foreach (var c in recorder.Counters)
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"timesync record: {c.Name}: {c.Events} events, {c.Bytes} bytes, {c.Gaps} gaps"));
            Console.Error.WriteLine($"timesync record: wrote {output}");
            return 0;
        }
        finally
        {
            foreach (var p in ppsSources) p.Dispose();
        }
    }

    private static string UniqueName(HashSet<string> taken, string device)
    {
        string b = Path.GetFileName(device.TrimEnd('/'));
        if (b.Length == 0) b = "serial";
        string name = b;
        for (int i = 2; !taken.Add(name); i++) name = $"{b}-{i}";
        return name;
    }
}
