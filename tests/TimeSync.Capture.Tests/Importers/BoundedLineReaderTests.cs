using TimeSync.Capture.Readers;

namespace TimeSync.Capture.Tests.Importers;

public class BoundedLineReaderTests
{
    [Fact]
    public void Splits_lf_crlf_and_cr_even_across_chunk_boundaries()
    {
        // First line fills the 64 Ki chunk up to its "\r"; the "\n" starts the next chunk.
        var first = new string('a', (1 << 16) - 1);
        var r = new BoundedLineReader(new StringReader(first + "\r\nb\rc\n\nd"), maxChars: 1 << 17);
        Assert.Equal(first, r.ReadLine());
        Assert.Equal("b", r.ReadLine());
        Assert.Equal("c", r.ReadLine());
        Assert.Equal("", r.ReadLine());
        Assert.Equal("d", r.ReadLine());
        Assert.Null(r.ReadLine());
    }

    [Fact]
    public void Keeps_the_head_of_a_long_line_and_says_so()
    {
        var r = new BoundedLineReader(new StringReader(new string('x', 10_000) + "\nok\n"), maxChars: 16);
        Assert.Equal(new string('x', 16), r.ReadLine());
        Assert.True(r.LastLineTruncated);
        Assert.Equal("ok", r.ReadLine());
        Assert.False(r.LastLineTruncated);
    }
}
