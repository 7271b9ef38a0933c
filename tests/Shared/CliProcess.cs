using System.Diagnostics;

namespace TimeSync.Testing;

/// <summary>Runs the built `timesync` (timesync.dll beside the tests, or in another folder) as a real process.</summary>
internal static class CliProcess
{
    public sealed record Result(int ExitCode, string StdOut, string StdErr)
    {
        public string[] Lines => StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static readonly Dictionary<string, string> NoEnvironment = [];

    public static Result Run(params string[] args) => Run(TimeSpan.FromSeconds(60), args);

    public static Result Run(TimeSpan timeout, params string[] args) => RunIn(AppContext.BaseDirectory, timeout, NoEnvironment, args);

    /// <summary>Runs it with <paramref name="environment"/> added to the test's own (secrets go there, never on the command line).</summary>
    public static Result Run(TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunIn(AppContext.BaseDirectory, timeout, environment, args);

    /// <summary>Runs the timesync.dll of another folder (a copy of the application), 60 s at most.</summary>
    public static Result RunIn(string appDirectory, params string[] args) => RunIn(appDirectory, TimeSpan.FromSeconds(60), NoEnvironment, args);

    /// <summary>
    /// Runs the timesync.dll of <paramref name="appDirectory"/> to its end and returns what it printed; killed and a
    /// <see cref="TimeoutException"/> after <paramref name="timeout"/>.
    /// </summary>
    public static Result RunIn(string appDirectory, TimeSpan timeout, IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        using var p = Process.Start(StartInfo(appDirectory, environment, args))!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(timeout)) { p.Kill(entireProcessTree: true); throw new TimeoutException("timesync " + string.Join(' ', args)); }
        p.WaitForExit();
        return new Result(p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>Starts it with standard output and error redirected, for a test that reads them while it runs.</summary>
    public static Process Start(params string[] args) => Process.Start(StartInfo(AppContext.BaseDirectory, NoEnvironment, args))!;

    /// <summary>Starts it with standard output and error redirected and <paramref name="environment"/> added.</summary>
    public static Process Start(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        Process.Start(StartInfo(AppContext.BaseDirectory, environment, args))!;

    private static ProcessStartInfo StartInfo(string appDirectory, IReadOnlyDictionary<string, string> environment, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add(Path.Combine(appDirectory, "timesync.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment) psi.Environment[k] = v;
        return psi;
    }
}
