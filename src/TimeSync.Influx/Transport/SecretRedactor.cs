namespace TimeSync.Influx.Transport;

/// <summary>
/// Removes known secrets (token, password, their Basic-auth encoding) from any text before it reaches a log line or an
/// exception message: a server or a library may echo a request header back in an error body.
/// </summary>
public sealed class SecretRedactor
{
    private readonly string[] _secrets;

    public SecretRedactor(IEnumerable<string?> secrets) =>
        _secrets = secrets.Where(s => !string.IsNullOrEmpty(s) && s.Length >= 3).Select(s => s!).Distinct().ToArray();

    public static SecretRedactor None { get; } = new([]);

    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        foreach (var s in _secrets) text = text.Replace(s, "***", StringComparison.Ordinal);
        return text;
    }

    /// <summary>One line: the text redacted, line breaks folded, at most <paramref name="maxLength"/> characters.</summary>
    public string OneLine(string? text, int maxLength = 300)
    {
        var line = Redact(text).ReplaceLineEndings(" ").Trim();
        return line.Length <= maxLength ? line : line[..maxLength] + "…";
    }
}
