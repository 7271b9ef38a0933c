using TimeSync.Reporting.Masks;

namespace TimeSync.Reporting.Limits;

/// <summary>
/// Named bundles of checks from the standards, used as `preset: NAME` in a limits file. Each expands into
/// checks named "&lt;name&gt;/&lt;part&gt;". Figures from shared/research/masks.md, cited per line.
/// </summary>
public static class Presets
{
    private sealed record Part(string Suffix, CheckType Type, double? LimitSeconds, string Unit, string? MaskName, MeasurementFilter Filter, string Source, string? Caveat = null);

    private static readonly Dictionary<string, Part[]> Table = new(StringComparer.Ordinal)
    {
        ["g8271.1-7.3.1"] =
        [
            new("max-te-l", CheckType.MaxAbsTimeError, 1100e-9, "ns", null, MeasurementFilter.LowPass0p1Hz, "ITU-T G.8271.1 §7.3.1 (max|TE_L| ≤ 1100 ns)"),
            new("mtie", CheckType.Mtie, null, "ns", "g8271.1-7.3.1-mtie", MeasurementFilter.LowPass0p1Hz, "ITU-T G.8271.1 Table 7-1"),
        ],
        ["g8271.1-7.3.2"] =
        [
            new("max-te-l", CheckType.MaxAbsTimeError, 600e-9, "ns", null, MeasurementFilter.LowPass0p1Hz, "ITU-T G.8271.1 §7.3.2 (max|TE_L| ≤ 600 ns)", "single secondary source ([S6]); unconfirmed against the primary text"),
            new("mtie", CheckType.Mtie, null, "ns", "g8271.1-7.3.2-mtie", MeasurementFilter.LowPass0p1Hz, "ITU-T G.8271.1 Table 7-2"),
            new("dte-h", CheckType.DynamicTimeErrorHighPass, 50e-9, "ns", null, MeasurementFilter.None, "ITU-T G.8271.1 §7.3.2 (dTE_H ≤ 50 ns p-p)", "single secondary source ([S6]); unconfirmed against the primary text"),
        ],
        ["g8271.1-7.3.3"] =
        [
            new("max-te-l", CheckType.MaxAbsTimeError, 100e-9, "ns", null, MeasurementFilter.LowPass0p1Hz, "ITU-T G.8271.1 §7.3.3 (max|TE_L| ≤ 100 ns)", "single secondary source ([S6]); unconfirmed against the primary text"),
            new("mtie", CheckType.Mtie, null, "ns", "g8271.1-7.3.3-mtie", MeasurementFilter.LowPass0p1Hz, "ITU-T G.8271.1 Table 7-3"),
            new("dte-h", CheckType.DynamicTimeErrorHighPass, 70e-9, "ns", null, MeasurementFilter.None, "ITU-T G.8271.1 §7.3.3 (dTE_H ≤ 70 ns p-p)", "single secondary source ([S6]); unconfirmed against the primary text"),
        ],
        ["g8272-prtc-a"] =
        [
            new("max-te", CheckType.MaxAbsTimeError, 100e-9, "ns", null, MeasurementFilter.None, "ITU-T G.8272 §6.1 (PRTC-A max|TE| ≤ 100 ns)"),
            new("mtie", CheckType.Mtie, null, "ns", "g8272-prtc-a-mtie", MeasurementFilter.None, "ITU-T G.8272 Table 1"),
            new("tdev", CheckType.Tdev, null, "ns", "g8272-prtc-a-tdev", MeasurementFilter.None, "ITU-T G.8272 Table 3"),
        ],
        ["g8272-prtc-b"] =
        [
            new("max-te", CheckType.MaxAbsTimeError, 40e-9, "ns", null, MeasurementFilter.None, "ITU-T G.8272 §6.1 (PRTC-B max|TE| ≤ 40 ns)"),
            new("mtie", CheckType.Mtie, null, "ns", "g8272-prtc-b-mtie", MeasurementFilter.None, "ITU-T G.8272 Table 2"),
            new("tdev", CheckType.Tdev, null, "ns", "g8272-prtc-b-tdev", MeasurementFilter.None, "ITU-T G.8272 Table 4"),
        ],
        ["g8272.1-eprtc"] =
        [
            new("max-te", CheckType.MaxAbsTimeError, 30e-9, "ns", null, MeasurementFilter.None, "ITU-T G.8272.1 §6.1 (ePRTC max|TE| ≤ 30 ns)"),
            new("mtie", CheckType.Mtie, null, "ns", "g8272.1-eprtc-mtie", MeasurementFilter.None, "ITU-T G.8272.1 Table 1"),
            new("tdev", CheckType.Tdev, null, "ns", "g8272.1-eprtc-tdev", MeasurementFilter.None, "ITU-T G.8272.1 Table 2"),
        ],
        ["g8273.2-class-a"] = ClassParts("a", 100, 50, 70),
        ["g8273.2-class-b"] = ClassParts("b", 70, 20, 70),
        ["g8273.2-class-c"] = ClassParts("c", 30, 10, 30),
        ["g8273.2-class-d"] =
        [
            // Class D: only max|TE_L| is specified; max|TE|, cTE, dTE MTIE/TDEV and dTE_H are for further study (masks.md §1.4).
            new("max-te-l", CheckType.MaxAbsTimeError, 5e-9, "ns", null, MeasurementFilter.LowPass0p1Hz, "ITU-T G.8273.2 Table 7-2 (class D max|TE_L| ≤ 5 ns)"),
        ],
        ["g8262-eec1"] =
        [
            new("mtie", CheckType.Mtie, null, "ns", "g8262-eec1-mtie", MeasurementFilter.None, "ITU-T G.8262 Table 1"),
            new("tdev", CheckType.Tdev, null, "ns", "g8262-eec1-tdev", MeasurementFilter.None, "ITU-T G.8262 Table 3"),
        ],
        ["ieee802.1as"] =
        [
            // 802.1AS Annex B.3: seven hops or fewer "within 1 µs peak-to-peak" in steady state, via [S13] (secondary; edition not stated).
            new("max-te", CheckType.MaxAbsTimeError, 1e-6, "ns", null, MeasurementFilter.None, "IEEE 802.1AS Annex B.3 (±1 µs end to end, via masks.md §2 [S13])", "secondary source ([S13]); IEEE text not checked"),
        ],
        ["automotive-sensor-fusion"] =
        [
            // No normative lidar/camera/radar alignment tolerance exists (masks.md §2, §5). 50 µs is the PTP gate blogs quote
            // for lidar-camera fusion (1.4 mm of travel at 100 km/h); S-CORE asks 1 µs between AVB ECUs (use ieee802.1as for that).
            new("max-te", CheckType.MaxAbsTimeError, 50e-6, "us", null, MeasurementFilter.None, "sensor-fusion gate ±50 µs (masks.md §2, vehiclemapping.org; 1.4 mm at 100 km/h)", "unconfirmed: no normative source for a sensor-fusion time-alignment tolerance"),
        ],
    };

    private static Part[] ClassParts(string cls, double maxTeNs, double cteNs, double dteHNs)
    {
        string C = cls.ToUpperInvariant();
        return
        [
            new("max-te", CheckType.MaxAbsTimeError, maxTeNs * 1e-9, "ns", null, MeasurementFilter.None, $"ITU-T G.8273.2 Table 7-1 (class {C} max|TE| ≤ {maxTeNs} ns, unfiltered)"),
            new("cte", CheckType.ConstantTimeError, cteNs * 1e-9, "ns", null, MeasurementFilter.None, $"ITU-T G.8273.2 Table 7-3 (class {C} |cTE| ≤ {cteNs} ns, 1000 s average)"),
            new("dte-l-mtie", CheckType.Mtie, null, "ns", $"g8273.2-class-{cls}-mtie", MeasurementFilter.LowPass0p1Hz, "ITU-T G.8273.2 Table 7-4"),
            new("dte-l-tdev", CheckType.Tdev, null, "ns", $"g8273.2-class-{cls}-tdev", MeasurementFilter.LowPass0p1Hz, "ITU-T G.8273.2 Table 7-5"),
            new("dte-h", CheckType.DynamicTimeErrorHighPass, dteHNs * 1e-9, "ns", null, MeasurementFilter.None, $"ITU-T G.8273.2 Table 7-7 (class {C} dTE_H ≤ {dteHNs} ns p-p)"),
        ];
    }

    public static string Names => string.Join(", ", Table.Keys);

    public static bool Exists(string name) => Table.ContainsKey(name);

    /// <summary>The checks of preset <paramref name="preset"/>, named "<paramref name="name"/>/part".</summary>
    public static IReadOnlyList<CheckSpec> Expand(string preset, string name, IReadOnlyList<string> channels, string location, StartKind start, double startOffsetSeconds, LockCriterion? lockCriterion)
    {
        var parts = Table[preset];
        var list = new List<CheckSpec>();
        foreach (var p in parts)
        {
            Mask? mask = p.MaskName is null ? null : BuiltInMasks.Get(p.MaskName);
            double scale = p.Unit == "us" ? 1e-6 : 1e-9;
            list.Add(new CheckSpec
            {
                Name = $"{name}/{p.Suffix}",
                Type = p.Type,
                Channels = channels,
                Location = location,
                Limit = p.LimitSeconds is double l ? new Quantity(l, QuantityKind.Time, p.Unit, scale) : null,
                Mask = mask,
                Filter = p.Filter,
                Start = start,
                StartOffsetSeconds = startOffsetSeconds,
                Lock = lockCriterion,
                Source = p.Source,
                Caveat = p.Caveat ?? mask?.Caveat,
            });
        }
        return list;
    }
}
