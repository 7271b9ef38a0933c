using TimeSync.Capture.Readers;
using TimeSync.Core;
using TimeSync.Testing;

namespace TimeSync.Capture.Tests;

public class PlainTextReaderTests
{
    [Fact]
    public void Reads_phase_dat_with_its_comment_header()
    {
        var series = SeriesReaders.ReadFile(RepoPaths.SharedFile("reference", "stable32-phase-dat", "PHASE.DAT")).Single();
        Assert.Equal(1001, series.Values.Count);
        Assert.Equal(0.0, series.Values[0]);
        Assert.Equal(8.511601033439709e-02, series.Values[1]);
        Assert.Null(series.Times);
    }

    [Fact]
    public void Reads_iso_time_columns_exactly()
    {
        var series = new PlainTextReader().Read(new StringReader("2026-01-01T00:00:00.000000000001Z 1e-9\n2026-01-01T00:00:01Z -2e-9\n"), "x.txt").Single();
        Assert.Equal(2, series.Times!.Count);
        Assert.Equal(1L, series.Times[0].Picoseconds);
        Assert.Equal(-2e-9, series.Values[1]);
    }

    [Fact]
    public void Names_file_and_line_of_a_non_numeric_value()
    {
        var e = Assert.Throws<InputException>(() => new PlainTextReader().Read(new StringReader("1.0\n# c\nabc\n"), "f.txt"));
        Assert.Equal("f.txt:3: 'abc' is not a number", e.Message);
    }

    [Fact]
    public void Empty_file_is_an_input_error()
    {
        var e = Assert.Throws<InputException>(() => new PlainTextReader().Read(new StringReader("# only a comment\n"), "e.txt"));
        Assert.StartsWith("e.txt:", e.Message);
    }
}
