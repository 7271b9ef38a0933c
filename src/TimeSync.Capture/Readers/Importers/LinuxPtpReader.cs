using System.Globalization;
using System.Text.RegularExpressions;
using TimeSync.Core.Series;

namespace TimeSync.Capture.Readers.Importers;

/// <summary>
/// linuxptp logs. ptp4l (clock.c): per sample "master offset %10" PRId64 " s%d freq %+7.0f path delay %9" PRId64
/// (ns, ppb, ns) and the summary (summary_interval) "rms %4.0f max %4.0f freq %+6.0f +/- %3.0f [delay %5.0f +/- %3.0f]".
/// phc2sys (phc2sys.c): "%s %s offset %9" PRId64 " s%d freq %+7.0f [delay %6" PRId64 "]" (target clock, source label)
/// and "%s rms %4.0f max %4.0f freq %+6.0f +/- %3.0f [delay %5.0f +/- %3.0f]". The prefix (print.c) is
/// "name[%lld.%03ld]: " with CLOCK_MONOTONIC seconds, or "[%lld.%03ld] " after a syslog header; an optional
/// message tag "[tag] " may follow. Times are therefore relative (monotonic), rebased on each channel's first line.
/// Per-sample offsets give the phase series ("ptp4l", "CLOCK_REALTIME phc", ...); summaries give "… rms" and
/// "… max" series of unsigned magnitudes (seconds). Sign: linuxptp offsets are local − master already (x).
/// </summary>
public abstract partial class LinuxPtpReader : ISeriesReader
{
    public abstract string FormatName { get; }

    /// <summary>The monotonic stamp "[362.223]" and the message after it (and after an optional "[tag]").</summary>
    [GeneratedRegex(@"\[(?<s>\d+)\.(?<ms>\d+)\]:?\s+(?:\[[^\]\s]+\]\s+)?(?<msg>.*)$")]
    private static partial Regex Stamped();

    [GeneratedRegex(@"(?<prog>ptp4l|phc2sys|ts2phc)\b")]
    private static partial Regex Program();

    [GeneratedRegex(@"^(?:(?<dev>\S+)\s+)??master offset\s+(?<off>-?\d+)\s+s(?<st>\d)\s+freq\s+(?<freq>[+-]?\d+)(?:\s+path delay\s+(?<delay>-?\d+))?\s*$")]
    private static partial Regex Ptp4lSample();

    [GeneratedRegex(@"^(?:(?<dev>\S+)\s+)?(?<src>\S+)\s+offset\s+(?<off>-?\d+)\s+s(?<st>\d)\s+freq\s+(?<freq>[+-]?\d+)(?:\s+delay\s+(?<delay>-?\d+))?(?:\s+holdover)?\s*$")]
    private static partial Regex Phc2sysSample();

    [GeneratedRegex(@"^(?:(?<dev>\S+)\s+)?rms\s+(?<rms>\d+)\s+max\s+(?<max>\d+)\s+freq\s+(?<freq>[+-]?\d+)\s+\+/-\s+(?<fsd>\d+)(?:\s+delay\s+(?<delay>\d+)\s+\+/-\s+(?<dsd>\d+))?\s*$")]
    private static partial Regex Summary();

    private protected abstract string ProgramName { get; }

    public double Detect(IReadOnlyList<string> headLines)
    {
        int considered = 0;
        double ours = 0;
        foreach (var line in headLines)
        {
            if (line.TrimStart().StartsWith('#')) continue;
            considered++;
            var m = Stamped().Match(line);
            if (!m.Success) continue;
            var msg = m.Groups["msg"].Value;
            var summary = Summary().Match(msg);
            bool ourSummary = summary.Success && (FormatName == "ptp4l") != summary.Groups["dev"].Success;
            bool data = TryReadSample(msg, out _, out _) || ourSummary;
            var prog = Program().Match(line[..m.Index]);
            if (prog.Success) { if (prog.Groups["prog"].Value == ProgramName && data) ours += 1; }
            else if (data) ours += 0.8; // no program name (syslog without it): the message alone decides
        }
        return considered == 0 ? 0 : 0.95 * ours / considered;
    }

    public IReadOnlyList<ImportedSeries> Read(TextReader reader, string sourceName)
    {
        var import = new LineImport(reader, sourceName);
        string? line;
        while ((line = import.NextLine()) is not null)
        {
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            var m = Stamped().Match(line);
            var prog = m.Success ? Program().Match(line[..m.Index]) : Match.Empty;
            if (!m.Success)
            {
                if (line.Contains("offset", StringComparison.Ordinal) || line.Contains("rms", StringComparison.Ordinal))
                    import.Warn("no [seconds.ms] time stamp; skipped");
                else
                    import.Warn($"not a {FormatName} line: '{TiccReader.Shorten(line.Trim())}'; skipped");
                continue;
            }
            if (prog.Success && prog.Groups["prog"].Value != ProgramName) { import.Warn($"a {prog.Groups["prog"].Value} line in a {FormatName} log; skipped"); continue; }
            double t = long.Parse(m.Groups["s"].ValueSpan, CultureInfo.InvariantCulture) + double.Parse("0." + m.Groups["ms"].Value, CultureInfo.InvariantCulture);
            var msg = m.Groups["msg"].Value;
            if (TryReadSample(msg, out var channel, out long offsetNs))
            {
                import.AddRelative(channel, SeriesKind.Phase, t, LinuxPtpSign.TimeErrorSeconds(offsetNs));
                continue;
            }
            var s = Summary().Match(msg);
            if (s.Success)
            {
                var dev = s.Groups["dev"].Success ? s.Groups["dev"].Value : ProgramName;
                import.AddRelative(dev + " rms", SeriesKind.Phase, t, long.Parse(s.Groups["rms"].ValueSpan, CultureInfo.InvariantCulture) / 1e9);
                import.AddRelative(dev + " max", SeriesKind.Phase, t, long.Parse(s.Groups["max"].ValueSpan, CultureInfo.InvariantCulture) / 1e9);
                continue;
            }
            // Port state changes, selected best master, etc.: informational lines, not data. Not worth a warning.
            if (msg.Contains(" offset ", StringComparison.Ordinal)) import.Warn($"offset line not understood: '{TiccReader.Shorten(msg)}'; skipped");
        }
        return import.Finish(FormatName);
    }

    private bool TryReadSample(string msg, out string channel, out long offsetNs)
    {
        channel = "";
        offsetNs = 0;
        Match m;
        if (FormatName == "ptp4l")
        {
            m = Ptp4lSample().Match(msg);
            if (!m.Success) return false;
            channel = m.Groups["dev"].Success ? $"{ProgramName} {m.Groups["dev"].Value}" : ProgramName;
        }
        else
        {
            m = Phc2sysSample().Match(msg);
            if (!m.Success || msg.Contains("master offset", StringComparison.Ordinal)) return false;
            channel = m.Groups["dev"].Success ? $"{m.Groups["dev"].Value} {m.Groups["src"].Value}" : m.Groups["src"].Value;
        }
        return long.TryParse(m.Groups["off"].ValueSpan, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out offsetNs);
    }
}

/// <summary>ptp4l logs ("master offset ..." and summaries).</summary>
public sealed class Ptp4lReader : LinuxPtpReader
{
    public override string FormatName => "ptp4l";
    private protected override string ProgramName => "ptp4l";
}

/// <summary>phc2sys logs ("CLOCK_REALTIME phc offset ..." and summaries).</summary>
public sealed class Phc2sysReader : LinuxPtpReader
{
    public override string FormatName => "phc2sys";
    private protected override string ProgramName => "phc2sys";
}

/// <summary>
/// linuxptp's sign, in one place: ptp4l's "master offset" and phc2sys's "offset" are local (or target) clock minus
/// master (or source) clock, in ns (clock.c, phc2sys.c: the servo corrects by −offset) — already x = T_dut − T_ref.
/// </summary>
public static class LinuxPtpSign
{
    public static double TimeErrorSeconds(long offsetNanoseconds) => offsetNanoseconds / 1e9;
}
