using System.CommandLine;
using TimeSync.Cli;

// Command wiring only: each command lives in Commands/<Name>Command.cs and returns its exit code
// (0 pass, 1 a limit failed, 2 unusable input). User errors are one line on stderr, never a stack trace.
var root = new RootCommand("TimeSync: time-synchronization metrology for connected-vehicle test benches");
foreach (var command in CommandCatalog.All())
    root.Subcommands.Add(command);
return CliRunner.Run(root, args);
