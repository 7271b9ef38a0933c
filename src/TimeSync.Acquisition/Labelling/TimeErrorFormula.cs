namespace TimeSync.Acquisition.Labelling;

/// <summary>
/// The one place where measured intervals become time errors, with every correction and its sign.
/// <para>
/// Model (all times in the reference timescale, UTC second N):
/// the receiver's PPS leaves at N + antennaDelay − qErr (its timescale lags by the uncompensated antenna cable delay;
/// u-blox qErr: the ideal pulse is the actual one + qErr, A. Wallin 2019 "uBlox F9T qErr correction", TIC start=ref
/// stop=u-blox → add qErr), and reaches the counter referenceCableDelay later; the DUT's pulse leaves at N − x and
/// reaches the counter dutCableDelay later. With Δ = t_dut,measured − t_ref,measured:
/// </para>
/// <code>x = −Δ + dutCableDelay − referenceCableDelay − antennaCableDelay + qErr</code>
/// <para>
/// x = T_dut − T_ref (ITU-T G.810), positive when the DUT is ahead. TIM-TM2: Δ = t_mark − N (receiver timescale),
/// referenceCableDelay = 0, qErr = 0 (the mark is timed by the receiver's clock, not by its quantized pulse).
/// </para>
/// </summary>
public readonly record struct TimeErrorFormula(
    double DutCableDelaySeconds,
    double ReferenceCableDelaySeconds,
    double AntennaCableDelaySeconds)
{
    /// <summary>Sum of the constant corrections: dutCableDelay − referenceCableDelay − antennaCableDelay.</summary>
    public double ConstantCorrectionSeconds => DutCableDelaySeconds - ReferenceCableDelaySeconds - AntennaCableDelaySeconds;

    /// <summary>x from Δ = t_dut − t_ref as measured, and the reference pulse's qErr (0 when unknown).</summary>
    public double TimeError(double measuredDutMinusRefSeconds, long qErrPicoseconds) =>
        -measuredDutMinusRefSeconds + ConstantCorrectionSeconds + qErrPicoseconds * 1e-12;
}
