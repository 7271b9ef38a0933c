using TimeSync.Simulation.Bench;
using TimeSync.Simulation.Noise;
using TimeSync.Simulation.Numerics;

namespace TimeSync.Simulation.Clocks;

/// <summary>Servo state of a disciplined device at one sample.</summary>
public enum ServoState : byte { FreeRunning, Unlocked, Locked, Holdover }

/// <summary>The true time error x_k = T_dut − T_true (seconds) of a device at each pulse, and its servo state.</summary>
public sealed record DutTrajectory(double[] TimeErrorSeconds, ServoState[] States);

/// <summary>Free-running oscillator model and the PI servo that disciplines it.</summary>
public static class DutClock
{
    /// <summary>
    /// Free-running phase: x(t) = x0 + y0 t + D t²/2 + Σ phase steps + Σ frequency steps·(t − t_s) + power-law noise.
    /// </summary>
    public static double[] FreeRunningPhase(DutSpec spec, PowerLawCoefficients noise, double tau0Seconds, int count, ulong noiseSeed)
    {
        var x = PowerLawNoise.GeneratePhase(noise, tau0Seconds, count, noiseSeed);
        for (int k = 0; k < count; k++)
        {
            double t = k * tau0Seconds;
            double v = spec.InitialTimeErrorSeconds + spec.FrequencyOffset * t + 0.5 * spec.DriftPerSecond * t * t;
            foreach (var s in spec.PhaseSteps) if (t >= s.AtSeconds) v += s.Size;
            foreach (var s in spec.FrequencySteps) if (t >= s.AtSeconds) v += s.Size * (t - s.AtSeconds);
            x[k] += v;
        }
        return x;
    }

    /// <summary>
    /// Steers a free-running phase with <paramref name="servo"/> (ptp4l pi.c algorithm, see <see cref="ServoSpec"/>).
    /// <paramref name="referenceErrorSeconds"/> is how late the reference edge the servo sees is (gnss-pps), or null.
    /// </summary>
    public static DutTrajectory Discipline(double[] freePhase, double tau0Seconds, ServoSpec servo, double[]? referenceErrorSeconds, Xoshiro256StarStar rng)
    {
        int n = freePhase.Length;
        var x = new double[n];
        var states = new ServoState[n];
        if (n == 0) return new DutTrajectory(x, states);
        double phase = freePhase[0];
        double yAdj = 0, drift = 0, firstOffset = 0;
        int stage = 0;
        for (int k = 0; k < n; k++)
        {
            x[k] = phase;
            double t = k * tau0Seconds;
            bool available = true;
            foreach (var w in servo.ReferenceLoss) if (w.Contains(t)) { available = false; break; }
            if (available)
            {
                // offset the servo measures = its own time − the reference's: x + (reference late by e ⇒ +e) + noise
                double offset = phase + servo.MeasurementBiasSeconds + servo.MeasurementNoiseSeconds * rng.NextGaussian()
                                + (referenceErrorSeconds is null ? 0 : referenceErrorSeconds[k]);
                switch (stage)
                {
                    case 0:
                        firstOffset = offset;
                        stage = 1;
                        states[k] = ServoState.Unlocked;
                        break;
                    case 1:
                        drift += (offset - firstOffset) / tau0Seconds; // frequency estimate from two samples
                        yAdj = -drift;
                        if (Math.Abs(offset) > servo.StepThresholdSeconds) { phase -= offset; x[k] = phase; }
                        stage = 2;
                        states[k] = ServoState.Unlocked;
                        break;
                    default:
                        double kiTerm = servo.Ki * offset / tau0Seconds;
                        yAdj = -(servo.Kp * offset / tau0Seconds + drift + kiTerm);
                        drift += kiTerm;
                        states[k] = ServoState.Locked;
                        break;
                }
            }
            else
            {
                yAdj = -drift; // holdover: keep the integrated frequency, drop the proportional term
                states[k] = stage == 2 ? ServoState.Holdover : ServoState.Unlocked;
            }
            if (k + 1 < n) phase += freePhase[k + 1] - freePhase[k] + yAdj * tau0Seconds;
        }
        return new DutTrajectory(x, states);
    }
}
