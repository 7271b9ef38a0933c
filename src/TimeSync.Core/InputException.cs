namespace TimeSync.Core;

/// <summary>
/// The project's own exception for unusable user input (a file, a line, a config key, a device).
/// Its message is one line that names where the problem is; the CLI prints it without a stack trace
/// and exits with code 2.
/// </summary>
public class InputException : Exception
{
    /// <summary>Where: "file.log:12", "capture.pcapng@0x1a2b", "--taus", "/dev/ttyUSB0".</summary>
    public string Location { get; }

    public InputException(string location, string message, Exception? inner = null)
        : base($"{location}: {message}", inner)
    {
        Location = location;
    }
}
