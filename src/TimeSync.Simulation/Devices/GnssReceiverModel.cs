using TimeSync.Simulation.Bench;
using TimeSync.Simulation.Numerics;

namespace TimeSync.Simulation.Devices;

/// <summary>
/// A GNSS timing receiver's pulses. The pulse is generated on an edge of the receiver's local clock (period T, e.g. 8 ns
/// at 125 MHz), whose phase against UTC drifts with the free-running local oscillator: the edge lands s_k ∈ [−T/2, T/2)
/// from the ideal instant (the quantization sawtooth). The receiver predicts s_k and reports it before the pulse in
/// UBX TIM-TP as qErr = −s_k (u-blox: qErr = ideal − actual, so corrected edge = measured edge + qErr).
/// On top: white jitter, the antenna cable delay and any undeclared delay (all make the edge late).
/// </summary>
public sealed class GnssReceiverModel
{
    /// <summary>How late each pulse is against the ideal UTC instant (s): sawtooth + jitter + delays.</summary>
    public double[] LateSeconds { get; }

    /// <summary>qErr reported for each pulse (ps, u-blox sign).</summary>
    public long[] QErrPicoseconds { get; }

    public GnssReceiverModel(ReceiverSpec spec, double tau0Seconds, int pulseCount, Xoshiro256StarStar rng)
    {
        LateSeconds = new double[pulseCount];
        QErrPicoseconds = new long[pulseCount];
        double period = spec.SawtoothPeriodSeconds;
        double gridPhase = period * rng.NextDouble();
        double y = spec.OscillatorOffset;
        double delay = spec.AntennaCableDelaySeconds + spec.UncompensatedDelaySeconds;
        for (int k = 0; k < pulseCount; k++)
        {
            double saw = 0;
            if (period > 0)
            {
                gridPhase += y * tau0Seconds;
                gridPhase -= Math.Floor(gridPhase / period) * period; // [0, T)
                saw = gridPhase >= period / 2 ? gridPhase - period : gridPhase; // nearest edge: [−T/2, T/2)
                y += spec.OscillatorRandomWalkPerSecond * Math.Sqrt(tau0Seconds) * rng.NextGaussian();
            }
            QErrPicoseconds[k] = -(long)Math.Round(saw * 1e12);
            LateSeconds[k] = saw + spec.JitterSeconds * rng.NextGaussian() + delay;
        }
    }
}
