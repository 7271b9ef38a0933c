using System.CommandLine;
using TimeSync.Core;

namespace TimeSync.Cli;

/// <summary>Runs the parsed command and turns the project's input errors into one line and exit code 2.</summary>
internal static class CliRunner
{
    public const int ExitPass = 0;
    public const int ExitFail = 1;
    public const int ExitUnusable = 2;

    public static int Run(RootCommand root, string[] args)
    {
        try
        {
            var parse = root.Parse(args);
            if (parse.Errors.Count > 0)
            {
                foreach (var error in parse.Errors)
                    Console.Error.WriteLine($"timesync: {error.Message}");
                return ExitUnusable;
            }
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false };
            return parse.Invoke(config);
        }
        catch (InputException e)
        {
            Console.Error.WriteLine($"timesync: {e.Message}");
            return ExitUnusable;
        }
        catch (IOException e)
        {
            Console.Error.WriteLine($"timesync: {e.Message}");
            return ExitUnusable;
        }
        catch (UnauthorizedAccessException e)
        {
            Console.Error.WriteLine($"timesync: {e.Message}");
            return ExitUnusable;
        }
    }
}
