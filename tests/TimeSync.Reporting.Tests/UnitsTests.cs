using TimeSync.Reporting.Limits;

namespace TimeSync.Reporting.Tests;

public class UnitsTests
{
    [Theory]
    [InlineData("1 us", 1e-6, "us")]
    [InlineData("1 µs", 1e-6, "us")]
    [InlineData("100 ns", 100e-9, "ns")]
    [InlineData("1e-6 s", 1e-6, "s")]
    [InlineData("250ps", 250e-12, "ps")]
    [InlineData("2 min", 120, "min")]
    [InlineData("1.5 h", 5400, "h")]
    public void ParsesTimes(string text, double si, string unit)
    {
        Assert.True(Units.TryParse(text, QuantityKind.Time, out var q, out string err), err);
        Assert.Equal(si, q.SiValue, 1e-15 * Math.Max(1, si));
        Assert.Equal(unit, q.Unit);
    }

    [Theory]
    [InlineData("50 ppb", QuantityKind.FractionalFrequency, 50e-9)]
    [InlineData("4.6 ppm", QuantityKind.FractionalFrequency, 4.6e-6)]
    [InlineData("1e-9 s/s", QuantityKind.FractionalFrequency, 1e-9)]
    [InlineData("36 ppb/h", QuantityKind.Drift, 1e-11)]
    [InlineData("8.64 ppb/d", QuantityKind.Drift, 1e-13)]
    public void ParsesRatiosAndDrifts(string text, QuantityKind kind, double si)
    {
        Assert.True(Units.TryParse(text, kind, out var q, out string err), err);
        Assert.Equal(si, q.SiValue, si * 1e-12);
    }

    [Theory]
    [InlineData("1 us", QuantityKind.FractionalFrequency, "not a unit of fractional frequency")]
    [InlineData("100", QuantityKind.Time, "has no unit")]
    [InlineData("100 nsec", QuantityKind.Time, "'nsec' is not a unit of time")]
    [InlineData("ppb", QuantityKind.FractionalFrequency, "not a number")]
    [InlineData("50 ppb", QuantityKind.Drift, "not a unit of frequency drift")]
    [InlineData("2.5", QuantityKind.Count, "whole number")]
    public void RejectsWrongUnits(string text, QuantityKind kind, string expected)
    {
        Assert.False(Units.TryParse(text, kind, out _, out string err));
        Assert.Contains(expected, err);
    }
}
