using TimeSync.Simulation.Noise;

namespace TimeSync.Simulation.Bench;

/// <summary>
/// A simulated bench: one GNSS timing receiver as the reference, one TAPR TICC per device under test (reference PPS on
/// chA, the device's PPS on chB), and the host that records them. JSON shape documented in the README ("Simulator").
/// </summary>
public sealed record ScenarioSpec
{
    public string Name { get; init; } = "custom";
    /// <summary>Bench name written in the bench description.</summary>
    public string Bench { get; init; } = "sim-bench";
    /// <summary>UTC of the first pulse, ISO-8601, whole second.</summary>
    public string StartUtc { get; init; } = "2026-03-02T08:00:00Z";
    /// <summary>Pulse period of the devices and the reference (1 s, or 1/n s, or whole seconds).</summary>
    public double Tau0Seconds { get; init; } = 1.0;
    public ReceiverSpec Receiver { get; init; } = new();
    public TiccSpec Ticc { get; init; } = new();
    public HostSpec Host { get; init; } = new();
    public IReadOnlyList<DutSpec> Duts { get; init; } = [new DutSpec()];
    /// <summary>
    /// null: each device is measured against the GNSS reference. Otherwise a clock lab: the devices are clocks and each
    /// pair "A-B" is one channel, a TICC with B's PPS on chA and A's on chB, measuring x = T_A − T_B (GNSS only names
    /// the seconds).
    /// </summary>
    public IReadOnlyList<string>? Pairs { get; init; }
}

/// <summary>GNSS timing receiver: its PPS (sawtooth, jitter) and its serial stream (NMEA + UBX).</summary>
public sealed record ReceiverSpec
{
    public string Model { get; init; } = "u-blox ZED-F9T";
    public string Device { get; init; } = "/dev/ttyACM0";
    public int Baud { get; init; } = 115200;
    /// <summary>Period of the receiver's pulse-generation clock (8 ns for a 125 MHz clock); 0 = no quantization.</summary>
    public double SawtoothPeriodSeconds { get; init; } = 8e-9;
    /// <summary>Fractional frequency of the receiver's local oscillator (sets the sawtooth's beat period).</summary>
    public double OscillatorOffset { get; init; } = 1.37e-7;
    /// <summary>Random walk of that offset per second (makes the sawtooth wander and form "hanging bridges").</summary>
    public double OscillatorRandomWalkPerSecond { get; init; } = 3e-10;
    /// <summary>White PPS jitter left after qErr correction (1σ).</summary>
    public double JitterSeconds { get; init; } = 1.5e-9;
    /// <summary>Antenna cable delay declared in the bench description (the labeller compensates it).</summary>
    public double AntennaCableDelaySeconds { get; init; }
    /// <summary>Extra delay not declared anywhere (an uncompensated error of the reference).</summary>
    public double UncompensatedDelaySeconds { get; init; }
    /// <summary>Delay from the pulse to the first byte of the epoch's messages, and the mean of an extra exponential spread.</summary>
    public double MessageDelaySeconds { get; init; } = 0.085;
    public double MessageDelayJitterSeconds { get; init; } = 0.015;
    public bool Nmea { get; init; } = true;
    public bool Ubx { get; init; } = true;
    /// <summary>Per second: the whole burst is lost; a run of bytes is lost; random garbage bytes are inserted.</summary>
    public double DropoutProbability { get; init; }
    public double TruncationProbability { get; init; }
    public double GarbageProbability { get; init; }
    /// <summary>Per pulse: the reference PPS does not reach the TICC.</summary>
    public double MissingPulseProbability { get; init; }
    /// <summary>
    /// Windows (seconds after the start) in which the receiver has no valid fix: its epochs say so (RMC status V and
    /// mode N, GGA quality 0 with no satellites, NAV-TIMEUTC without validUTC, TIM-TP without "UTC available") while
    /// its messages keep their times and its PPS keeps coming. The state of an epoch is that of its pulse's time.
    /// </summary>
    public IReadOnlyList<WindowSpec> FixLoss { get; init; } = [];

    /// <summary>Whether the receiver has a valid fix at <paramref name="secondsAfterStart"/>.</summary>
    public bool HasFix(double secondsAfterStart)
    {
        foreach (var w in FixLoss) if (w.Contains(secondsAfterStart)) return false;
        return true;
    }
}

/// <summary>TAPR TICC in timestamp mode.</summary>
public sealed record TiccSpec
{
    public string Device { get; init; } = "/dev/ttyACM1";
    public int Baud { get; init; } = 115200;
    /// <summary>Single-shot jitter per channel (1σ); the TICC is specified at about 60 ps.</summary>
    public double JitterSeconds { get; init; } = 60e-12;
    /// <summary>Time from an edge to the start of its line on the serial port.</summary>
    public double ReportDelaySeconds { get; init; } = 0.0021;
}

/// <summary>The recording host (its clock and its USB stack).</summary>
public sealed record HostSpec
{
    public string Name { get; init; } = "sim-host";
    /// <summary>Host clock − true time (NTP-disciplined PC).</summary>
    public double ClockOffsetSeconds { get; init; } = 3.7e-4;
    public double UsbLatencySeconds { get; init; } = 1.2e-4;
    public double UsbLatencyJitterSeconds { get; init; } = 8e-5;
}

/// <summary>A device under test: its oscillator, optional servo, and the cable to the counter.</summary>
public sealed record DutSpec
{
    public string Name { get; init; } = "dut";
    /// <summary>h_α of the free-running oscillator: keys "h2", "h1", "h0", "h-1", "h-2".</summary>
    public IReadOnlyDictionary<string, double> Noise { get; init; } = new Dictionary<string, double>();
    public double InitialTimeErrorSeconds { get; init; }
    /// <summary>Fractional frequency offset y0 of the free-running oscillator.</summary>
    public double FrequencyOffset { get; init; }
    /// <summary>Linear frequency drift D (1/s): x gains D t²/2.</summary>
    public double DriftPerSecond { get; init; }
    public IReadOnlyList<StepSpec> PhaseSteps { get; init; } = [];
    public IReadOnlyList<StepSpec> FrequencySteps { get; init; } = [];
    /// <summary>null: free-running.</summary>
    public ServoSpec? Servo { get; init; }
    /// <summary>Actual delay of the cable from the device's PPS to the counter.</summary>
    public double CableDelaySeconds { get; init; }
    /// <summary>Delay declared in the bench description (null: the actual one, i.e. compensated).</summary>
    public double? DeclaredCableDelaySeconds { get; init; }
    public double MissingPulseProbability { get; init; }
    /// <summary>Per pulse: a spurious second edge (ringing on a bad cable) follows the real one.</summary>
    public double GlitchProbability { get; init; }
    public double GlitchDelaySeconds { get; init; } = 1.2e-8;

    public PowerLawCoefficients Coefficients(string location) => Noise.Count == 0
        ? PowerLawCoefficients.None
        : PowerLawCoefficients.Parse(string.Join(",", Noise.Select(kv => $"{kv.Key}={kv.Value.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}")), location);
}

/// <summary>A step at <see cref="AtSeconds"/> after the start: phase (s) or fractional frequency.</summary>
public sealed record StepSpec(double AtSeconds, double Size);

/// <summary>A window [start, start + duration) in seconds after the start of the run.</summary>
public sealed record WindowSpec(double StartSeconds, double DurationSeconds)
{
    public bool Contains(double t) => t >= StartSeconds && t < StartSeconds + DurationSeconds;
}

/// <summary>
/// PI servo steering the device like ptp4l's pi.c: first sample stored, second estimates the frequency (and steps the
/// clock when |offset| exceeds the step threshold), then each sample: y_adj = −(kp·o/τ + D + ki·o/τ), D += ki·o/τ.
/// The servo runs once per τ0 (the sync interval).
/// </summary>
public sealed record ServoSpec
{
    /// <summary>"ideal": a perfect time source (e.g. a gPTP grandmaster) seen through the measurement noise;
    /// "gnss-pps": the bench receiver's PPS (with its sawtooth, jitter and delays).</summary>
    public string Reference { get; init; } = "ideal";
    public double Kp { get; init; } = 0.7;
    public double Ki { get; init; } = 0.3;
    /// <summary>White noise on each offset measurement (1σ), e.g. timestamp granularity, path noise.</summary>
    public double MeasurementNoiseSeconds { get; init; } = 8e-9;
    /// <summary>Constant error of the offset measurement (e.g. an uncompensated path asymmetry).</summary>
    public double MeasurementBiasSeconds { get; init; }
    public double StepThresholdSeconds { get; init; } = 2e-5;
    /// <summary>Windows with no reference: the servo holds its last frequency estimate (holdover).</summary>
    public IReadOnlyList<WindowSpec> ReferenceLoss { get; init; } = [];
}
