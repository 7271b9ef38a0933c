using System.Text;

namespace TimeSync.Cli.Analysis;

/// <summary>Writes whole outputs atomically: to a temporary file beside the target, then moved over it, so a failure never leaves half a file.</summary>
internal static class OutputFile
{
    public static void WriteAtomic(string path, string content)
    {
        if (path == "-")
        {
            Console.Out.Write(content);
            Console.Out.Flush();
            return;
        }
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        if (!Directory.Exists(dir)) throw new TimeSync.Core.InputException(path, "directory does not exist");
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            File.WriteAllText(tmp, content, new UTF8Encoding(false));
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
