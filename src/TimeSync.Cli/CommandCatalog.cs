using System.CommandLine;

namespace TimeSync.Cli;

/// <summary>Every top-level command, in the order `timesync --help` lists them.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return Commands.DemoCommand.Create();
        yield return Commands.AnalyzeCommand.Create();
        yield return Commands.ReplayCommand.Create();
        yield return Commands.CompareCommand.Create();
        yield return Commands.SimulateCommand.Create();
        yield return Commands.CaptureCommand.Create();
        yield return Commands.DecodeCommand.Create();
        yield return Commands.RecordCommand.Create();
        yield return Commands.AgentCommand.Create();
        yield return Commands.InfluxWriteCommand.Create();
        yield break;
    }
}
