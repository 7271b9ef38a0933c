using System.CommandLine;
using TimeSync.Capture.Readers;
using TimeSync.Cli.Influx;
using TimeSync.Core;
using TimeSync.Core.Series;
using TimeSync.Core.Statistics;
using TimeSync.Core.Time;
using TimeSync.Influx.Schema;

namespace TimeSync.Cli.Commands;

/// <summary>
/// `timesync influx-write FILE`: streams a time-error (phase) series file into InfluxDB, one <c>time_error</c> point per
/// value; a file without absolute times is placed at --start. With --deviations also the analysis (as `analyze`
/// computes it) as <c>deviation</c> points. Exit 0 when every point was written, 2 when the file is unusable or the
/// server did not take every point (those wait in the spool for the next run).
/// </summary>
internal static class InfluxWriteCommand
{
    public static Command Create()
    {
        var command = new Command("influx-write", "Write a time-error series file to InfluxDB (--influx-url ...)");
        var file = new Argument<string>("FILE") { Description = "phase series file (as `analyze` reads: plain, Stable32, ...; .gz allowed)" };
        var channel = new Option<string?>("--channel") { Description = "channel tag (default: the file's channel name)" };
        var tau0 = new Option<double?>("--tau0") { Description = "sample interval in seconds for files without times (default: from the file, else 1)" };
        var format = new Option<string?>("--format") { Description = "input format name (default: detected)" };
        var deviations = new Option<bool>("--deviations") { Description = "also write ADEV, MDEV, TDEV, HDEV and MTIE per τ (octave grid)" };
        command.Arguments.Add(file);
        foreach (var o in new Option[] { channel, tau0, format, deviations }) command.Options.Add(o);
        InfluxCli.AddOptions(command);
        InfluxCli.AddStartOption(command);
        command.SetAction(parse => Run(parse, parse.GetValue(file)!, parse.GetValue(channel), parse.GetValue(tau0), parse.GetValue(format), parse.GetValue(deviations)));
        return command;
    }

    private static int Run(ParseResult parse, string path, string? channelOption, double? tau0Option, string? format, bool withDeviations)
    {
        if (!InfluxCli.IsRequested(parse)) throw new InputException(InfluxCli.UrlOption, "missing: where to write");
        if (tau0Option is double t && !(t > 0 && double.IsFinite(t))) throw new InputException("--tau0", "must be a positive number of seconds");
        var start = InfluxCli.GetStart(parse);
        var target = InfluxCli.GetTarget(parse); // validate before reading a possibly large file
        var imported = SeriesReaders.ReadFile(path, format, new ImportOptions { Start = start });
        if (imported.Count == 0) throw new InputException(path, "no series in file");
        var series = imported[0];
        if (series.Kind != SeriesKind.Phase) throw new InputException(path, "a frequency series has no time error to store; give a phase series");
        string channel = channelOption ?? series.Channel;
        double tau0 = tau0Option ?? series.Tau0Seconds ?? 1.0;
        var times = ImportedTimes.Of(series, start, tau0);

        Action<string> log = line => Console.Error.WriteLine("timesync: " + line);
        var sink = InfluxCli.CreateSink(parse, log)!;
        var adapter = new InfluxSampleSink(sink, log);
        for (int i = 0; i < series.Values.Count; i++) sink.WriteSample(channel, new TimeErrorSample(times[i], series.Values[i]));
        if (withDeviations)
        {
            var definitions = new[] { "adev", "mdev", "tdev", "hdev", "mtie" }.Select(n => StatisticsCatalog.Get(n)).ToArray();
            var clock = new ClockSeries(SeriesKind.Phase, tau0, [.. series.Values]);
            var doc = StabilityAnalysis.Analyze(clock, definitions, TauGrid.Parse("octave"), ConfidenceInterval.DefaultConfidence);
            var at = times[^1];
            foreach (var stat in doc.Deviations)
                foreach (var row in stat.Rows)
                    if (double.IsFinite(row.Value))
                        sink.WriteDeviation(InfluxReplaySession.Point(at, channel, stat.Name, row));
        }
        adapter.Complete();
        var stats = adapter.Final!.Value;
        Console.Out.WriteLine($"{path}: {series.Values.Count} samples of channel '{channel}' from {times[0]} to {times[^1]}: {stats.Written} points written to {target}");
        if (stats.Written != stats.Accepted)
        {
            Console.Error.WriteLine($"timesync: {target}: {stats.Accepted - stats.Written} points not written; {(stats.Dropped > 0 ? $"{stats.Dropped} dropped, " : "")}the rest wait in {sink.SpoolDirectory} for the next run");
            return CliRunner.ExitUnusable;
        }
        return CliRunner.ExitPass;
    }
}
