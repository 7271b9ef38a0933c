using System.Globalization;
using System.Text.RegularExpressions;
using TimeSync.Core.Series;
using TimeSync.Core.Time;

namespace TimeSync.Capture.Readers.Importers;

/// <summary>
/// linuxptp logs. ptp4l (clock.c): per sample "master offset %10" PRId64 " s%d freq %+7.0f path delay %9" PRId64
/// (ns, ppb, ns) and the summary (summary_interval) "rms %4.0f max %4.0f freq %+6.0f +/- %3.0f [delay %5.0f +/- %3.0f]".
/// phc2sys (phc2sys.c): "%s %s offset %9" PRId64 " s%d freq %+7.0f [delay %6" PRId64 "]" (target clock, source label)
/// and "%s rms %4.0f max %4.0f freq %+6.0f +/- %3.0f [delay %5.0f +/- %3.0f]". ts2phc (ts2phc.c): see
/// <see cref="Ts2phcReader"/>. The prefix (print.c) is "name[%lld.%03ld]: " with CLOCK_MONOTONIC seconds on stdout
/// (-m), or "[%lld.%03ld] " in the syslog message; an optional message tag "[tag] " may follow.
/// <para>Times: lines under a system log header (BSD syslog, journalctl short/short-precise/short-iso/
/// short-iso-precise/short-unix, RFC 5424; <see cref="LogLineHeader"/>) are put on absolute UTC time, the monotonic
/// stamp giving the sub-second spacing where the header has whole seconds (<see cref="WallClockPlacement"/>); lines of
/// other programs in such a log are skipped and counted. A file without any header keeps relative (monotonic) times,
/// rebased on each channel's first line (<see cref="SeriesReaders.ReadFile"/> places them at --start).</para>
/// Per-sample offsets give the phase series ("ptp4l", "CLOCK_REALTIME phc", "/dev/ptp0", ...); summaries give "… rms" and
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

    /// <summary>"program[pid]: message" (or "program: message") after a syslog/journal header.</summary>
    [GeneratedRegex(@"^(?<prog>[^\s\[:]+)(?:\[\d+\])?:\s*(?<msg>.*)$")]
    private static partial Regex ProgramPrefix();

    [GeneratedRegex(@"^(?:(?<dev>\S+)\s+)??master offset\s+(?<off>-?\d+)\s+s(?<st>\d)\s+freq\s+(?<freq>[+-]?\d+)(?:\s+path delay\s+(?<delay>-?\d+))?\s*$")]
    private static partial Regex Ptp4lSample();

    [GeneratedRegex(@"^(?:(?<dev>\S+)\s+)?(?<src>\S+)\s+offset\s+(?<off>-?\d+)\s+s(?<st>\d)\s+freq\s+(?<freq>[+-]?\d+)(?:\s+delay\s+(?<delay>-?\d+))?(?:\s+holdover)?\s*$")]
    private static partial Regex Phc2sysSample();

    /// <summary>ts2phc.c: "%s offset %10" PRId64 " s%d freq %+7.0f%s" (" holdover"), or "%s offset %10" PRId64 without a servo
    /// (free_running); before linuxptp 3.1.1's rename (ts2phc_slave.c) "%s master offset %10" PRId64 " s%d freq %+7.0f".</summary>
    [GeneratedRegex(@"^(?<dev>\S+)\s+(?:master\s+)?offset\s+(?<off>-?\d+)(?:\s+s(?<st>\d)\s+freq\s+(?<freq>[+-]?\d+))?(?:\s+holdover)?\s*$")]
    private static partial Regex Ts2phcSample();

    [GeneratedRegex(@"^(?:(?<dev>\S+)\s+)?rms\s+(?<rms>\d+)\s+max\s+(?<max>\d+)\s+freq\s+(?<freq>[+-]?\d+)\s+\+/-\s+(?<fsd>\d+)(?:\s+delay\s+(?<delay>\d+)\s+\+/-\s+(?<dsd>\d+))?\s*$")]
    private static partial Regex Summary();

    private protected abstract string ProgramName { get; }

    public double Detect(IReadOnlyList<string> headLines)
    {
        int considered = 0;
        double ours = 0;
        foreach (var line in headLines)
        {
            if (line.TrimStart().StartsWith('#') || IsJournalMarker(line)) continue;
            var header = LogLineHeader.Parse(line);
            string text = header.Rest;
            bool headed = header.Kind != LogTimeKind.None || !ReferenceEquals(text, line);
            string? msg = null;
            Match prog = Match.Empty;
            if (headed && ProgramPrefix().Match(text) is { Success: true } pp)
            {
                if (!IsLinuxPtp(pp.Groups["prog"].Value)) continue; // another program's line in a system log: no evidence
                prog = Program().Match(pp.Groups["prog"].Value);
                msg = pp.Groups["msg"].Value;
            }
            considered++;
            var m = Stamped().Match(text);
            if (m.Success)
            {
                msg = m.Groups["msg"].Value;
                if (!prog.Success) prog = Program().Match(text[..m.Index]);
            }
            else if (msg is null) continue;
            var summary = Summary().Match(msg);
            bool ourSummary = summary.Success && FormatName != "ts2phc" && (FormatName == "ptp4l") != summary.Groups["dev"].Success;
            bool data = TryReadSample(msg, out _, out _) || ourSummary;
            if (prog.Success) { if (prog.Groups["prog"].Value == ProgramName && data) ours += 1; }
            else if (data) ours += 0.8; // no program name (syslog without it): the message alone decides
        }
        return considered == 0 ? 0 : 0.95 * ours / considered;
    }

    public IReadOnlyList<ImportedSeries> Read(TextReader reader, string sourceName) => Read(reader, sourceName, ImportOptions.None);

    public IReadOnlyList<ImportedSeries> Read(TextReader reader, string sourceName, ImportOptions options)
    {
        var import = new LineImport(reader, sourceName);
        var records = new List<Record>();
        var stamps = new List<WallClockPlacement.Stamps>();
        var channels = new List<string>();
        var channelIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        long otherPrograms = 0;
        int syslogLines = 0;
        string? line;
        while ((line = import.NextLine()) is not null)
        {
            if (line.Trim().Length == 0 || line.TrimStart().StartsWith('#')) continue;
            if (IsJournalMarker(line)) continue;
            var header = LogLineHeader.Parse(line);
            if (header.Kind == LogTimeKind.Invalid) { import.Warn($"{header.Error}; skipped"); continue; }
            string text = header.Rest;
            bool headed = header.Kind != LogTimeKind.None || !ReferenceEquals(text, line);
            if (headed && ProgramPrefix().Match(text) is { Success: true } pp && !IsLinuxPtp(pp.Groups["prog"].Value))
            {
                otherPrograms++; // a system log holds every program's lines
                continue;
            }
            var m = Stamped().Match(text);
            string msg;
            string? program = null;
            long monotonicNs = WallClockPlacement.NoTime;
            if (m.Success)
            {
                var prog = Program().Match(text[..m.Index]);
                if (prog.Success) program = prog.Groups["prog"].Value;
                msg = m.Groups["msg"].Value;
                if (!TryMonotonicNanoseconds(m.Groups["s"].ValueSpan, m.Groups["ms"].ValueSpan, out monotonicNs))
                {
                    import.Warn($"monotonic time stamp [{TiccReader.Shorten(m.Groups["s"].Value)}.…] is out of range; skipped");
                    continue;
                }
            }
            else if (headed && ProgramPrefix().Match(text) is { Success: true } p)
            {
                var named = Program().Match(p.Groups["prog"].Value);
                program = named.Success ? named.Groups["prog"].Value : null;
                msg = p.Groups["msg"].Value;
            }
            else
            {
                if (line.Contains("offset", StringComparison.Ordinal) || line.Contains("rms", StringComparison.Ordinal))
                    import.Warn("no [seconds.ms] time stamp; skipped");
                else
                    import.Warn($"not a {FormatName} line: '{TiccReader.Shorten(line.Trim())}'; skipped");
                continue;
            }
            if (program is not null && program != ProgramName)
            {
                if (headed) otherPrograms++;
                else import.Warn($"a {program} line in a {FormatName} log; skipped");
                continue;
            }
            if (header.Kind == LogTimeKind.Syslog) syslogLines++;
            if (TryReadSample(msg, out var channel, out long offsetNs))
            {
                Keep(channel, TimeErrorSeconds(offsetNs));
                continue;
            }
            var s = Summary().Match(msg);
            if (s.Success)
            {
                var dev = s.Groups["dev"].Success ? s.Groups["dev"].Value : ProgramName;
                if (long.TryParse(s.Groups["rms"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long rms)
                    && long.TryParse(s.Groups["max"].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out long max))
                {
                    Keep(dev + " rms", rms / 1e9);
                    Keep(dev + " max", max / 1e9);
                }
                else import.Warn($"summary values out of range: '{TiccReader.Shorten(msg)}'; skipped");
                continue;
            }
            // Port state changes, selected best master, etc.: informational lines, not data. Not worth a warning.
            if (msg.Contains(" offset ", StringComparison.Ordinal)) import.Warn($"offset line not understood: '{TiccReader.Shorten(msg)}'; skipped");

            void Keep(string name, double value)
            {
                if (monotonicNs == WallClockPlacement.NoTime && header.Kind is not (LogTimeKind.Absolute or LogTimeKind.Syslog))
                {
                    import.Warn("no time stamp (no [seconds.ms] and a nil header time); skipped");
                    return;
                }
                if (!channelIndex.TryGetValue(name, out int c)) { c = channels.Count; channels.Add(name); channelIndex[name] = c; }
                records.Add(new Record(import.LineNumber, c, value, header.Kind == LogTimeKind.Syslog ? header.Month : 0, header.Day));
                stamps.Add(new WallClockPlacement.Stamps(monotonicNs,
                    header.Kind is LogTimeKind.Absolute or LogTimeKind.Syslog ? header.WallNanoseconds : WallClockPlacement.NoTime, header.ResolutionNanoseconds));
            }
        }
        if (otherPrograms > 0) import.Note($"{otherPrograms} lines of other programs skipped");
        if (syslogLines > 0) ResolveSyslogYears(records, stamps, options, import);
        var times = WallClockPlacement.Place(stamps);
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (times[i] != WallClockPlacement.NoTime)
                import.Add(channels[r.Channel], SeriesKind.Phase, Instant.FromUnixNanoseconds(times[i]), r.Value, r.Line);
            else
                import.AddRelative(channels[r.Channel], SeriesKind.Phase, stamps[i].MonotonicNs / 1e9, r.Value, r.Line);
        }
        return import.Finish(FormatName);
    }

    /// <summary>A value read from one line: line number, channel index, value, syslog month/day (0 when not syslog).</summary>
    private readonly record struct Record(int Line, int Channel, double Value, int Month, int Day);

    /// <summary>The sign of this program's offsets, converted to x = T_dut − T_ref.</summary>
    private protected virtual double TimeErrorSeconds(long offsetNanoseconds) => LinuxPtpSign.TimeErrorSeconds(offsetNanoseconds);

    /// <summary>journalctl's own lines: "-- Logs begin at … --", "-- Boot 0123abcd… --", "-- Reboot --", "-- No entries --".</summary>
    private static bool IsJournalMarker(string line) => line.StartsWith("-- ", StringComparison.Ordinal) && line.TrimEnd().EndsWith(" --", StringComparison.Ordinal);

    private static bool IsLinuxPtp(string program) => Program().IsMatch(program) || program.StartsWith("ptp4l", StringComparison.Ordinal);

    /// <summary>"[1234.567]" → ns (the digits after the point are a fraction of a second, 3 as print.c writes them);
    /// false beyond 10^9 s (31 years of uptime: a damaged line).</summary>
    private static bool TryMonotonicNanoseconds(ReadOnlySpan<char> seconds, ReadOnlySpan<char> fraction, out long nanoseconds)
    {
        nanoseconds = 0;
        if (!long.TryParse(seconds, NumberStyles.None, CultureInfo.InvariantCulture, out long s) || s > 1_000_000_000L) return false;
        long ns = 0, scale = 1_000_000_000L;
        foreach (char c in fraction[..Math.Min(fraction.Length, 9)]) { scale /= 10; ns += (c - '0') * scale; }
        nanoseconds = s * 1_000_000_000L + ns;
        return true;
    }

    /// <summary>
    /// BSD syslog stamps have no year (RFC 3164 §4.1.2): the first line is in --start's year when given; otherwise the last
    /// line is in the year of the file's modification time (the year before if its month and day come after that time).
    /// A month more than six below the previous line's is a new year. Read as UTC (the stamps carry no zone either).
    /// </summary>
    private static void ResolveSyslogYears(List<Record> records, List<WallClockPlacement.Stamps> stamps, ImportOptions options, LineImport import)
    {
        var yearOffset = new int[records.Count];
        int offset = 0, previousMonth = 0, lastMonth = 0, lastDay = 0;
        for (int i = 0; i < records.Count; i++)
        {
            int month = records[i].Month;
            if (month == 0) continue;
            if (previousMonth != 0 && month < previousMonth - 6) offset++;
            previousMonth = month;
            yearOffset[i] = offset;
            lastMonth = month;
            lastDay = records[i].Day;
        }
        int firstYear;
        string why;
        if (options.Start is { } start)
        {
            firstYear = start.ToDateTimeUtc().Year;
            why = "from --start";
        }
        else
        {
            var fileTime = options.FileTimeUtc ?? DateTime.UtcNow;
            int lastYear = fileTime.Year - ((lastMonth, lastDay).CompareTo((fileTime.Month, fileTime.Day)) > 0 ? 1 : 0);
            firstYear = lastYear - offset;
            why = options.FileTimeUtc is null ? "from today's date" : "from the file's modification time; set it with --start";
        }
        import.Note($"syslog time stamps have no year and no zone: read as UTC, year {firstYear}{(offset > 0 ? $"–{firstYear + offset}" : "")} ({why})");
        for (int i = 0; i < records.Count; i++)
        {
            var r = records[i];
            if (r.Month == 0) continue;
            var st = stamps[i];
            if (LogLineHeader.TrySyslogInstant(firstYear + yearOffset[i], r.Month, r.Day, st.WallNs, out long unixNs))
                stamps[i] = st with { WallNs = unixNs };
            else
            {
                import.WarnAt(r.Line, $"syslog date {r.Month:00}-{r.Day:00} does not exist in {firstYear + yearOffset[i]}; its wall time is ignored");
                stamps[i] = st with { WallNs = WallClockPlacement.NoTime };
            }
        }
    }

    private bool TryReadSample(string msg, out string channel, out long offsetNs)
    {
        channel = "";
        offsetNs = 0;
        Match m;
        switch (FormatName)
        {
            case "ptp4l":
                m = Ptp4lSample().Match(msg);
                if (!m.Success) return false;
                channel = m.Groups["dev"].Success ? $"{ProgramName} {m.Groups["dev"].Value}" : ProgramName;
                break;
            case "ts2phc":
                m = Ts2phcSample().Match(msg);
                if (!m.Success) return false;
                channel = m.Groups["dev"].Value;
                break;
            default:
                m = Phc2sysSample().Match(msg);
                if (!m.Success || msg.Contains("master offset", StringComparison.Ordinal)) return false;
                channel = m.Groups["dev"].Success ? $"{m.Groups["dev"].Value} {m.Groups["src"].Value}" : m.Groups["src"].Value;
                break;
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

/// <summary>ts2phc logs ("/dev/ptp0 offset 12 s2 freq -1234"; one series per target clock, e.g. "/dev/ptp0", "eth0").</summary>
public sealed class Ts2phcReader : LinuxPtpReader
{
    public override string FormatName => "ts2phc";
    private protected override string ProgramName => "ts2phc";
    private protected override double TimeErrorSeconds(long offsetNanoseconds) => Ts2phcSign.TimeErrorSeconds(offsetNanoseconds);
}

/// <summary>
/// ts2phc's sign, in one place: ts2phc.c computes <c>offset = tmv_sub(ts, source_tmv)</c>, the target PHC's time stamp of
/// the PPS edge minus the source's time of that edge (its nearest whole second), and steps the PHC by −offset. The target
/// is the clock under test, the source (GNSS, NMEA + PPS, another PHC) the reference: offset = T_dut − T_ref = x.
/// </summary>
public static class Ts2phcSign
{
    public static double TimeErrorSeconds(long offsetNanoseconds) => offsetNanoseconds / 1e9;
}

/// <summary>
/// linuxptp's sign, in one place: ptp4l's "master offset" and phc2sys's "offset" are local (or target) clock minus
/// master (or source) clock, in ns (clock.c, phc2sys.c: the servo corrects by −offset) — already x = T_dut − T_ref.
/// </summary>
public static class LinuxPtpSign
{
    public static double TimeErrorSeconds(long offsetNanoseconds) => offsetNanoseconds / 1e9;
}
