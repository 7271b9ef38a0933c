using static TimeSync.Reporting.Masks.MaskSegment;

namespace TimeSync.Reporting.Masks;

/// <summary>
/// The masks TimeSync knows by name. Every piece cites its standard and table; the values were taken from
/// shared/research/masks.md (sections 1.1–1.5), which grades each source. Where that file marks a value
/// unconfirmed or single-sourced, the mask carries a <see cref="Mask.Caveat"/> that reports repeat.
/// </summary>
public static class BuiltInMasks
{
    private const double Inf = double.PositiveInfinity;

    /// <summary>m, the lowest τ of the G.8273.2 masks: 1/16 s for a 16 packet/s PTP stream (1 s for a 1PPS output).</summary>
    public const double G82732MinTau = 1.0 / 16;

    private const string G82711Caveat = "G.8271.1 point-C masks: one secondary transcription only (masks.md §1.1, [S6]); primary text unconfirmed";
    private const string G8262Caveat = "G.8262 measurement filter, τ0 and open/closed interval ends unconfirmed (masks.md §1.5)";

    private static readonly Mask[] All =
    [
        // ---- ITU-T G.8271.1 network limits at reference point C, dTE_L after a 0.1 Hz low-pass (masks.md §1.1) ----
        new("g8271.1-7.3.1-mtie", "G.8271.1 §7.3.1 dTE_L MTIE (Table 7-1)", MaskStatistic.Mtie, MeasurementFilter.LowPass0p1Hz,
        [
            OpenClosed(1.3, 2.4, "ITU-T G.8271.1 Table 7-1", Ns(100), Ns(75, 1)),        // 100 + 75τ ns, 1.3 < τ ≤ 2.4
            OpenClosed(2.4, 275, "ITU-T G.8271.1 Table 7-1", Ns(277), Ns(1.1, 1)),       // 277 + 1.1τ ns, 2.4 < τ ≤ 275
            OpenClosed(275, 10_000, "ITU-T G.8271.1 Table 7-1", Ns(580)),                // 580 ns, 275 < τ ≤ 10 000
        ], G82711Caveat),
        new("g8271.1-7.3.2-mtie", "G.8271.1 §7.3.2 dTE_L MTIE (Table 7-2)", MaskStatistic.Mtie, MeasurementFilter.LowPass0p1Hz,
        [
            OpenClosed(1.3, 2.4, "ITU-T G.8271.1 Table 7-2", Ns(37.39), Ns(9.7, 1)),     // 37.39 + 9.7τ ns
            OpenClosed(2.4, 20.2, "ITU-T G.8271.1 Table 7-2", Ns(55.27), Ns(2.25, 1)),   // 55.27 + 2.25τ ns
            OpenClosed(20.2, 211.11, "ITU-T G.8271.1 Table 7-2", Ns(90.22), Ns(0.52, 1)),// 90.22 + 0.52τ ns
            OpenClosed(211.11, 10_000, "ITU-T G.8271.1 Table 7-2", Ns(200)),             // 200 ns
        ], G82711Caveat),
        new("g8271.1-7.3.3-mtie", "G.8271.1 §7.3.3 dTE_L MTIE (Table 7-3)", MaskStatistic.Mtie, MeasurementFilter.LowPass0p1Hz,
        [
            Open(1, 400, "ITU-T G.8271.1 Table 7-3", Ns(25), Ns(0.0475, 1)),             // 25 + 0.0475τ ns, 1 < τ < 400
            OpenClosed(400, 10_000, "ITU-T G.8271.1 Table 7-3", Ns(44)),                 // 44 ns, 400 < τ ≤ 10 000 (no limit at τ = 400)
        ], G82711Caveat),

        // ---- ITU-T G.8272 PRTC-A / PRTC-B, locked, 1PPS unfiltered (masks.md §1.2) ----
        new("g8272-prtc-a-mtie", "G.8272 PRTC-A MTIE (Table 1)", MaskStatistic.Mtie, MeasurementFilter.None,
        [
            OpenClosed(0.1, 273, "ITU-T G.8272 Table 1", Us(0.025), Us(0.275e-3, 1)),    // 0.275e-3·τ + 0.025 µs, 0.1 < τ ≤ 273
            Open(273, Inf, "ITU-T G.8272 Table 1", Us(0.10)),                            // 0.10 µs, τ > 273
        ]),
        new("g8272-prtc-b-mtie", "G.8272 PRTC-B MTIE (Table 2)", MaskStatistic.Mtie, MeasurementFilter.None,
        [
            OpenClosed(0.1, 54.5, "ITU-T G.8272 Table 2", Us(0.025), Us(0.275e-3, 1)),   // 0.275e-3·τ + 0.025 µs, 0.1 < τ ≤ 54.5
            Open(54.5, Inf, "ITU-T G.8272 Table 2", Us(0.04)),                           // 0.04 µs, τ > 54.5
        ]),
        new("g8272-prtc-a-tdev", "G.8272 PRTC-A TDEV (Table 3)", MaskStatistic.Tdev, MeasurementFilter.None,
        [
            OpenClosed(0.1, 100, "ITU-T G.8272 Table 3", Ns(3)),                         // 3 ns, 0.1 < τ ≤ 100
            OpenClosed(100, 1000, "ITU-T G.8272 Table 3", Ns(0.03, 1)),                  // 0.03·τ ns, 100 < τ ≤ 1000
            Open(1000, 10_000, "ITU-T G.8272 Table 3", Ns(30)),                          // 30 ns, 1000 < τ < 10 000
        ]),
        new("g8272-prtc-b-tdev", "G.8272 PRTC-B TDEV (Table 4)", MaskStatistic.Tdev, MeasurementFilter.None,
        [
            OpenClosed(0.1, 100, "ITU-T G.8272 Table 4", Ns(1)),                         // 1 ns, 0.1 < τ ≤ 100
            OpenClosed(100, 500, "ITU-T G.8272 Table 4", Ns(0.01, 1)),                   // 0.01·τ ns, 100 < τ ≤ 500
            Open(500, 100_000, "ITU-T G.8272 Table 4", Ns(5)),                           // 5 ns, 500 < τ < 100 000
        ]),

        // ---- ITU-T G.8272.1 ePRTC, locked (masks.md §1.3) ----
        new("g8272.1-eprtc-mtie", "G.8272.1 ePRTC MTIE (Table 1)", MaskStatistic.Mtie, MeasurementFilter.None,
        [
            OpenClosed(0.1, 1, "ITU-T G.8272.1 Table 1", Ns(4)),                         // 4 ns, 0.1 < τ ≤ 1
            OpenClosed(1, 100, "ITU-T G.8272.1 Table 1", Ns(3.89), Ns(0.11114, 1)),      // 0.11114·τ + 3.89 ns
            OpenClosed(100, 400_000, "ITU-T G.8272.1 Table 1", Ns(15), Ns(0.0375e-3, 1)),// 0.0375e-3·τ + 15 ns
            Open(400_000, Inf, "ITU-T G.8272.1 Table 1", Ns(30)),                        // 30 ns, τ > 400 000
        ]),
        new("g8272.1-eprtc-tdev", "G.8272.1 ePRTC TDEV (Table 2)", MaskStatistic.Tdev, MeasurementFilter.None,
        [
            OpenClosed(0.1, 30_000, "ITU-T G.8272.1 Table 2", Ns(1)),                    // 1 ns
            OpenClosed(30_000, 300_000, "ITU-T G.8272.1 Table 2", Ns(3.33333e-5, 1)),    // 3.33333e-5·τ ns
            Open(300_000, 1_000_000, "ITU-T G.8272.1 Table 2", Ns(10)),                  // 10 ns
        ]),

        // ---- ITU-T G.8273.2 T-BC/T-TSC dTE_L noise generation, 0.1 Hz low-pass (masks.md §1.4) ----
        Flat("g8273.2-class-a-mtie", "G.8273.2 class A dTE_L MTIE (Table 7-4)", MaskStatistic.Mtie, 40, true, "ITU-T G.8273.2 Table 7-4"),
        Flat("g8273.2-class-b-mtie", "G.8273.2 class B dTE_L MTIE (Table 7-4)", MaskStatistic.Mtie, 40, true, "ITU-T G.8273.2 Table 7-4"),
        Flat("g8273.2-class-c-mtie", "G.8273.2 class C dTE_L MTIE (Table 7-4)", MaskStatistic.Mtie, 10, true, "ITU-T G.8273.2 Table 7-4"),
        new("g8273.2-class-a-mtie-variable-temperature", "G.8273.2 class A dTE_L MTIE, variable temperature (Table 7-6)", MaskStatistic.Mtie, MeasurementFilter.LowPass0p1Hz,
            [Closed(G82732MinTau, 10_000, "ITU-T G.8273.2 Table 7-6", Ns(40))]),        // 40 ns up to 10 000 s
        new("g8273.2-class-b-mtie-variable-temperature", "G.8273.2 class B dTE_L MTIE, variable temperature (Table 7-6)", MaskStatistic.Mtie, MeasurementFilter.LowPass0p1Hz,
            [Closed(G82732MinTau, 10_000, "ITU-T G.8273.2 Table 7-6", Ns(40))]),        // 40 ns up to 10 000 s
        new("g8273.2-class-c-mtie-variable-temperature", "G.8273.2 class C dTE_L MTIE, variable temperature (Table 7-6)", MaskStatistic.Mtie, MeasurementFilter.LowPass0p1Hz,
            [Closed(G82732MinTau, 10_000, "ITU-T G.8273.2 Table 7-6", Ns(10))]),        // 10 ns up to 10 000 s
        Flat("g8273.2-class-a-tdev", "G.8273.2 class A dTE_L TDEV (Table 7-5)", MaskStatistic.Tdev, 4, false, "ITU-T G.8273.2 Table 7-5"),
        Flat("g8273.2-class-b-tdev", "G.8273.2 class B dTE_L TDEV (Table 7-5)", MaskStatistic.Tdev, 4, false, "ITU-T G.8273.2 Table 7-5"),
        Flat("g8273.2-class-c-tdev", "G.8273.2 class C dTE_L TDEV (Table 7-5)", MaskStatistic.Tdev, 2, true, "ITU-T G.8273.2 Table 7-5"),

        // ---- ITU-T G.8262 EEC option 1 wander generation (07/2010, via [S9]; masks.md §1.5) ----
        new("g8262-eec1-mtie", "G.8262 EEC option 1 MTIE, constant temperature (Table 1)", MaskStatistic.Mtie, MeasurementFilter.None,
        [
            Closed(0.1, 1, "ITU-T G.8262 Table 1", Ns(40)),                              // 40 ns, 0.1 ≤ τ ≤ 1
            OpenClosed(1, 100, "ITU-T G.8262 Table 1", Ns(40, 0.1)),                     // 40·τ^0.1 ns
            OpenClosed(100, 1000, "ITU-T G.8262 Table 1", Ns(25.25, 0.2)),               // 25.25·τ^0.2 ns
        ], G8262Caveat),
        new("g8262-eec1-mtie-variable-temperature", "G.8262 EEC option 1 MTIE, with temperature allowance (Tables 1 + 2)", MaskStatistic.Mtie, MeasurementFilter.None,
        [
            Closed(0.1, 1, "ITU-T G.8262 Tables 1+2", Ns(40), Ns(0.5, 1)),               // 40 + 0.5τ ns
            OpenClosed(1, 100, "ITU-T G.8262 Tables 1+2", Ns(40, 0.1), Ns(0.5, 1)),      // 40·τ^0.1 + 0.5τ ns
            OpenClosed(100, 1000, "ITU-T G.8262 Tables 1+2", Ns(25.25, 0.2), Ns(50)),    // 25.25·τ^0.2 + 50 ns
        ], G8262Caveat),
        new("g8262-eec1-tdev", "G.8262 EEC option 1 TDEV, constant temperature (Table 3)", MaskStatistic.Tdev, MeasurementFilter.None,
        [
            Closed(0.1, 25, "ITU-T G.8262 Table 3", Ns(3.2)),                            // 3.2 ns, 0.1 ≤ τ ≤ 25
            OpenClosed(25, 100, "ITU-T G.8262 Table 3", Ns(0.64, 0.5)),                  // 0.64·τ^0.5 ns
            OpenClosed(100, 1000, "ITU-T G.8262 Table 3", Ns(6.4)),                      // 6.4 ns
        ], G8262Caveat),
        // G.8262 p. 17 holdover phase error ±(c + (a1+a2)·S + 0.5·b·S²): a1 = 50 ns/s, a2 = 2000 ns/s, b = 1.16e-4 ns/s², c = 120 ns.
        new("g8262-eec1-holdover", "G.8262 EEC option 1 holdover phase error", MaskStatistic.Holdover, MeasurementFilter.None,
        [
            Closed(0, Inf, "ITU-T G.8262 (07/2010) p. 17 holdover", Ns(120), Ns(2050, 1), Ns(0.5 * 1.16e-4, 2)),
        ], G8262Caveat),

        // ---- ITU-T G.8261 network wander, EEC option 1 (08/2013 §9.2.1.1, via [S9]) ----
        new("g8261-eec1-network-mtie", "G.8261 network wander MTIE, EEC option 1 (Table 4)", MaskStatistic.Mtie, MeasurementFilter.None,
        [
            Closed(0.1, 2.5, "ITU-T G.8261 Table 4", Ns(250)),                           // 250 ns
            OpenClosed(2.5, 20, "ITU-T G.8261 Table 4", Ns(100, 1)),                     // 100·τ ns
            OpenClosed(20, 2000, "ITU-T G.8261 Table 4", Ns(2000)),                      // 2000 ns
            Open(2000, Inf, "ITU-T G.8261 Table 4", Ns(433, 0.2), Ns(0.01, 1)),          // 433·τ^0.2 + 0.01·τ ns
        ], G8262Caveat),
    ];

    private static Mask Flat(string name, string title, MaskStatistic stat, double ns, bool lowerInclusive, string source) =>
        // G.8273.2 flat masks over m ≤ τ ≤ 1000 s (class A/B TDEV: m < τ ≤ 1000; masks.md §1.4)
        new(name, title, stat, MeasurementFilter.LowPass0p1Hz, [new MaskSegment(G82732MinTau, 1000, lowerInclusive, true, [Ns(ns)], source)]);

    /// <summary>Every built-in mask, in catalogue order.</summary>
    public static IReadOnlyList<Mask> Catalogue => All;

    public static string Names => string.Join(", ", All.Select(m => m.Name));

    public static bool TryGet(string name, out Mask mask)
    {
        foreach (var m in All)
        {
            if (string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase)) { mask = m; return true; }
        }
        mask = null!;
        return false;
    }

    public static Mask Get(string name) => TryGet(name, out var m) ? m : throw new KeyNotFoundException(name);
}
