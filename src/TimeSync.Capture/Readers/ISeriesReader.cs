namespace TimeSync.Capture.Readers;

/// <summary>
/// A reader of one file format (plain columns, Stable32, TICC, ptp4l, chrony, ...). Readers are registered in
/// <see cref="SeriesReaders"/>, which detects the format from the file's first lines or takes a forced name.
/// </summary>
public interface ISeriesReader
{
    /// <summary>Name used with <c>--format</c>, lower case (e.g. "plain", "ptp4l").</summary>
    string FormatName { get; }

    /// <summary>Confidence in [0, 1] that <paramref name="headLines"/> (the first non-empty lines) are this format.</summary>
    double Detect(IReadOnlyList<string> headLines);

    /// <summary>Reads the whole text. <paramref name="sourceName"/> names the file in messages ("file.txt:12: ...").</summary>
    /// <exception cref="TimeSync.Core.InputException">when nothing usable can be read.</exception>
    IReadOnlyList<ImportedSeries> Read(TextReader reader, string sourceName);

    /// <summary>Reads the whole text with <paramref name="options"/> (readers that need none ignore them).</summary>
    IReadOnlyList<ImportedSeries> Read(TextReader reader, string sourceName, ImportOptions options) => Read(reader, sourceName);
}
