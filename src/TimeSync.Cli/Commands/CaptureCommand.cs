using System.CommandLine;
using TimeSync.Capture.Inspection;
using TimeSync.Capture.Pcapng;

namespace TimeSync.Cli.Commands;

/// <summary><c>timesync capture info|dump</c>: look inside pcapng captures when debugging a bench.</summary>
internal static class CaptureCommand
{
    public static Command Create()
    {
        var command = new Command("capture", "Inspect pcapng captures written by the bench agent or the simulator");
        command.Subcommands.Add(Info());
        command.Subcommands.Add(Dump());
        return command;
    }

    private static Command Info()
    {
        var files = new Argument<string[]>("FILE") { Description = "Capture file(s) (.pcapng); rotated files may be given together", Arity = ArgumentArity.OneOrMore };
        var gap = new Option<double>("--gap-seconds") { Description = "Report a gap when a source is silent longer than this (seconds)", DefaultValueFactory = _ => 2.0 };
        var command = new Command("info", "Sources, time span, counts per source, gaps and damage found in a capture");
        command.Arguments.Add(files);
        command.Options.Add(gap);
        command.SetAction(parse =>
        {
            double gapSeconds = parse.GetValue(gap);
            if (!(gapSeconds > 0)) throw new Core.InputException("--gap-seconds", "must be a positive number of seconds");
            bool firstFile = true;
            foreach (var file in parse.GetValue(files)!)
            {
                using var reader = new PcapngReader(file);
                var summary = CaptureSummary.Compute(reader, gapSeconds);
                if (!firstFile) Console.Out.WriteLine();
                firstFile = false;
                summary.WriteText(Console.Out);
            }
            return CliRunner.ExitPass;
        });
        return command;
    }

    private static Command Dump()
    {
        var file = new Argument<string>("FILE") { Description = "Capture file (.pcapng)" };
        var source = new Option<string?>("--source") { Description = "Only the events of this source (interface name)" };
        var limit = new Option<long?>("--limit") { Description = "At most this many events" };
        var command = new Command("dump", "One JSON line per event: source, host time (ISO-8601, 9 digits), length, payload as text or hex");
        command.Arguments.Add(file);
        command.Options.Add(source);
        command.Options.Add(limit);
        command.SetAction(parse =>
        {
            var path = parse.GetValue(file)!;
            using var reader = new PcapngReader(path);
            var only = parse.GetValue(source);
            if (only is not null && reader.Sources.Count > 0 && reader.Sources.All(s => s.Name != only))
                Console.Error.WriteLine($"timesync: warning: {path}: no source named '{only}' in the header (sources: {string.Join(", ", reader.Sources.Select(s => s.Name))})");
            using (var stdout = Console.OpenStandardOutput())
            using (var buffered = new BufferedStream(stdout, 1 << 16))
                CaptureDump.Write(reader, buffered, only, parse.GetValue(limit));
            foreach (var d in reader.Diagnostics) Console.Error.WriteLine($"timesync: warning: {d.Format(path)}");
            if (reader.SuppressedDiagnostics > 0) Console.Error.WriteLine($"timesync: warning: {path}: {reader.SuppressedDiagnostics} more problems not shown");
            return CliRunner.ExitPass;
        });
        return command;
    }
}
