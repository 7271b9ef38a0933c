using System.CommandLine;
using TimeSync.Acquisition.Decoding;
using TimeSync.Core;

namespace TimeSync.Cli.Commands;

/// <summary>
/// <c>timesync decode FILE [--format auto|gnss|ticc|counter]</c>: one JSON line per decoded time message on stdout
/// (like gpsd's gpsdecode); stream damage on stderr as "FILE@offset: message" (the first 20, then a count).
/// Exit 0 when something was decoded, 2 when the file is unusable or holds nothing decodable.
/// </summary>
internal static class DecodeCommand
{
    private const int MaxProblemLines = 20;

    public static Command Create()
    {
        var file = new Argument<string>("FILE") { Description = "raw serial log (optional leading '#' lines) or pcapng capture" };
        var format = new Option<string>("--format") { Description = "auto, gnss (NMEA/UBX), ticc, counter", DefaultValueFactory = _ => "auto" };
        var command = new Command("decode", "Decode a raw serial log or capture into one JSON line per time message");
        command.Arguments.Add(file);
        command.Options.Add(format);
        command.SetAction(parse => Run(parse.GetValue(file)!, FileDecoding.ParseFormat(parse.GetValue(format) ?? "auto")));
        return command;
    }

    private static int Run(string path, StreamFormat format)
    {
        if (!File.Exists(path)) throw new InputException(path, "no such file");
        long printed = 0, problems = 0;
        var stdout = Console.Out;
        foreach (var e in FileDecoding.Decode(path, format))
        {
            if (e is DecodeProblem p)
            {
                if (++problems <= MaxProblemLines) Console.Error.WriteLine($"{path}@{p.StreamOffset}: {p.Message}");
                continue;
            }
            var line = DecodedEventJson.ToJsonLine(e);
            if (line is null) continue;
            stdout.WriteLine(line);
            printed++;
        }
        stdout.Flush();
        if (problems > MaxProblemLines) Console.Error.WriteLine($"{path}: {problems - MaxProblemLines} more stream problems not shown");
        if (printed == 0) throw new InputException(path, problems > 0 ? $"nothing decodable ({problems} stream problems)" : "nothing decodable (empty?)");
        return 0;
    }
}
