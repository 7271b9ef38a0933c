using TimeSync.Core.Series;
using TimeSync.Core.Statistics;

namespace TimeSync.Core.Tests;

/// <summary>
/// Frequency input. With gaps: the phase across a missing frequency value is unknown, so no term may span it. OADEV then
/// equals the frequency-domain definition (NIST SP 1065 eq. 11 in ȳ form) over the pairs of m-averages with no gap.
/// </summary>
public sealed class FrequencyInputTests
{
    private static (double Value, long Terms) OadevFromFrequency(double[] y, int m)
    {
        int windows = y.Length - m + 1;
        var mean = new double[windows];
        for (int i = 0; i < windows; i++)
        {
            double s = 0;
            for (int k = 0; k < m; k++) s += y[i + k];
            mean[i] = s / m; // NaN when the window holds a gap
        }
        double sum = 0;
        long n = 0;
        for (int i = 0; i + m < windows; i++)
        {
            double d = mean[i + m] - mean[i];
            if (double.IsNaN(d)) continue;
            sum += d * d;
            n++;
        }
        return (Math.Sqrt(sum / (2.0 * n)), n);
    }

    [Fact]
    public void No_term_spans_a_frequency_gap()
    {
        var rng = new Random(21);
        // white FM on a 5e-10 offset: a term bridging a gap with a zero (or any guessed) phase step is far off
        var y = Enumerable.Range(0, 3000).Select(_ => 5e-10 + 1e-11 * (rng.NextDouble() - 0.5)).ToArray();
        foreach (int i in new[] { 700, 701, 702, 1900 }) y[i] = double.NaN;
        var series = new ClockSeries(SeriesKind.Frequency, 1.0, y);
        var doc = StabilityAnalysis.Analyze(series, [StatisticsCatalog.Get("oadev"), StatisticsCatalog.Get("mtie")], TauGrid.Parse("1,2,8,64,300"));
        var rows = doc.Deviations[0].Rows;
        Assert.Equal(5, rows.Count);
        foreach (var row in rows)
        {
            var (value, terms) = OadevFromFrequency(y, row.Af);
            Assert.Equal(terms, row.Terms);
            Assert.True(Math.Abs(row.Value / value - 1) < 1e-9, $"AF {row.Af}: {row.Value:R} vs {value:R}");
        }
        // MTIE over 2-point windows is the largest |y|·τ0, from windows inside the stretches only: one per finite y
        var mtie1 = doc.Deviations[1].Rows.Single(r => r.Af == 1);
        Assert.Equal(y.Count(v => !double.IsNaN(v)), mtie1.Terms);
        Assert.Equal(y.Where(v => !double.IsNaN(v)).Max(Math.Abs), mtie1.Value, 1e-22);
    }

    [Fact]
    public void Non_overlapping_hdev_keeps_the_record_stride_across_gaps()
    {
        // HDEV (NIST SP 1065 eq. 16 in ȳ form): second differences of m-averages starting at multiples of m from the
        // record's start, those touching a gap left out
        var rng = new Random(26);
        var y = Enumerable.Range(0, 2500).Select(_ => 5e-10 + 1e-11 * (rng.NextDouble() - 0.5)).ToArray();
        foreach (int i in new[] { 301, 1200, 1201, 1202 }) y[i] = double.NaN;
        var doc = StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Frequency, 1.0, y), [StatisticsCatalog.Get("hdev")], TauGrid.Parse("1,3,8,50,200"));
        foreach (var row in doc.Deviations[0].Rows)
        {
            int m = row.Af;
            double sum = 0;
            long n = 0;
            for (int k = 0; (k + 3) * m <= y.Length; k++)
            {
                double a = y.Skip(k * m).Take(m).Average(), b = y.Skip((k + 1) * m).Take(m).Average(), c = y.Skip((k + 2) * m).Take(m).Average();
                double d = c - 2 * b + a;
                if (double.IsNaN(d)) continue;
                sum += d * d;
                n++;
            }
            Assert.Equal(n, row.Terms);
            Assert.True(Math.Abs(row.Value / Math.Sqrt(sum / (6.0 * n)) - 1) < 1e-9, $"AF {m}: {row.Value:R} vs {Math.Sqrt(sum / (6.0 * n)):R}");
        }
    }

    [Fact]
    public void A_frequency_gap_is_not_a_phase_step_for_the_total_family()
    {
        // totdev runs on the whole record: across a gap the phase follows the mean frequency (Stable32's conversion).
        // With a zero step instead, the 5e-10 offset made a 5e-10 s phase step and totdev at AF 4 came out 2.9× as large.
        var rng = new Random(22);
        var y = Enumerable.Range(0, 3000).Select(_ => 5e-10 + 1e-11 * (rng.NextDouble() - 0.5)).ToArray();
        var gapped = (double[])y.Clone();
        gapped[1500] = double.NaN;
        var stats = new[] { StatisticsCatalog.Get("totdev") };
        var grid = TauGrid.Parse("1,4,16");
        var whole = StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Frequency, 1.0, y), stats, grid).Deviations[0].Rows;
        var withGap = StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Frequency, 1.0, gapped), stats, grid).Deviations[0].Rows;
        for (int k = 0; k < whole.Count; k++)
            Assert.True(Math.Abs(withGap[k].Value / whole[k].Value - 1) < 0.03, $"AF {whole[k].Af}: {withGap[k].Value:R} vs {whole[k].Value:R}");
    }

    [Fact]
    public void Frequency_in_hertz_keeps_its_digits()
    {
        // a 10 MHz oscillator read in Hz, 10^5 points: integrated as given, the phase reaches 10^12 s and keeps only
        // 10^-4 s, and OADEV was 1.4e-3 off; integrated less its mean frequency it matches the frequency-domain form
        var rng = new Random(23);
        var y = Enumerable.Range(0, 100_000).Select(_ => 1e7 + 1e-3 * (rng.NextDouble() - 0.5)).ToArray();
        double mean = y.Average();
        var centered = y.Select(v => v - mean).ToArray();
        var doc = StabilityAnalysis.Analyze(new ClockSeries(SeriesKind.Frequency, 1.0, y), [StatisticsCatalog.Get("oadev")], TauGrid.Parse("1,10,100,1000"));
        foreach (var row in doc.Deviations[0].Rows)
        {
            var (value, terms) = OadevFromFrequency(centered, row.Af);
            Assert.Equal(terms, row.Terms);
            Assert.True(Math.Abs(row.Value / value - 1) < 1e-9, $"AF {row.Af}: {row.Value:R} vs {value:R}");
        }
    }

    [Fact]
    public void Drift_of_frequency_in_hertz_keeps_its_digits()
    {
        // normal equations on raw 10^7 Hz values: partial sums of index × value reach 10^17 and the slope was 1e-4 off
        var rng = new Random(24);
        var y = Enumerable.Range(0, 200_000).Select(i => 1e7 + 1e-8 * i + 1e-3 * (rng.NextDouble() - 0.5)).ToArray();
        double meanT = (y.Length - 1) / 2.0, meanY = y.Average();
        double sty = 0, stt = 0;
        for (int i = 0; i < y.Length; i++) { sty += (i - meanT) * (y[i] - meanY); stt += (i - meanT) * (i - meanT); }
        var fit = FrequencyFit.Of(new ClockSeries(SeriesKind.Frequency, 1.0, y));
        Assert.True(Math.Abs(fit.DriftPerSecond / (sty / stt) - 1) < 1e-9, $"{fit.DriftPerSecond:R} vs {sty / stt:R}");
    }
}
