using System.Globalization;
using System.IO.Compression;
using TimeSync.Capture.Readers;
using TimeSync.Core;

namespace TimeSync.Capture.Tests;

/// <summary>
/// Gzip input: a truncated or corrupt .gz is one input error naming the file, never a silently shortened series (whose
/// cut last line would be a wrong value) or a stack trace; concatenated members read whole.
/// </summary>
public sealed class GzipInputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ts-gz-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static byte[] Gzip(int count, double scale)
    {
        var text = string.Concat(Enumerable.Range(0, count).Select(i => (scale * Math.Sin(i * 0.37)).ToString("R", CultureInfo.InvariantCulture) + "\n"));
        using var buffer = new MemoryStream();
        using (var gz = new GZipStream(buffer, CompressionLevel.Optimal)) gz.Write(System.Text.Encoding.ASCII.GetBytes(text));
        return buffer.ToArray();
    }

    private string Write(string name, byte[] bytes)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void A_whole_file_reads_every_value()
    {
        var path = Write("x.txt.gz", Gzip(5000, 1e-9));
        Assert.Equal(5000, SeriesReaders.ReadFile(path).Single().Values.Count);
    }

    [Theory]
    [InlineData(0.5)]   // cut inside the deflate data
    [InlineData(-4)]    // only the trailer's length field missing
    [InlineData(-1)]
    public void A_truncated_file_is_one_error_naming_it(double cut)
    {
        var whole = Gzip(5000, 1e-9);
        int keep = cut > 0 ? (int)(whole.Length * cut) : whole.Length + (int)cut;
        var path = Write("cut.txt.gz", whole[..keep]);
        var e = Assert.Throws<InputException>(() => SeriesReaders.ReadFile(path));
        Assert.StartsWith($"{path}: gzip data ends early", e.Message);
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Corrupt_deflate_data_is_one_error_naming_it()
    {
        var bytes = Gzip(5000, 1e-9);
        for (int i = 100; i < 110; i++) bytes[i] = 0xff;
        var path = Write("bad.txt.gz", bytes);
        var e = Assert.Throws<InputException>(() => SeriesReaders.ReadFile(path));
        Assert.StartsWith($"{path}: gzip data corrupt", e.Message);
    }

    [Fact]
    public void Concatenated_members_read_whole()
    {
        var path = Write("two.txt.gz", [.. Gzip(3000, 1e-9), .. Gzip(2000, 2e-9)]);
        Assert.Equal(5000, SeriesReaders.ReadFile(path).Single().Values.Count);
    }
}
