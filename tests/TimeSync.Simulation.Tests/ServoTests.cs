using TimeSync.Simulation.Bench;
using TimeSync.Simulation.Clocks;
using TimeSync.Simulation.Noise;
using TimeSync.Simulation.Numerics;

namespace TimeSync.Simulation.Tests;

public class ServoTests
{
    private static readonly PowerLawCoefficients Tcxo = new(H0: 2e-18, HMinus1: 7e-21, HMinus2: 1e-24);

    [Fact]
    public void Free_running_clock_has_the_offset_frequency_drift_and_steps_asked_for()
    {
        var spec = new DutSpec
        {
            InitialTimeErrorSeconds = 1e-6, FrequencyOffset = 2e-8, DriftPerSecond = 1e-12,
            PhaseSteps = [new StepSpec(100, 5e-7)], FrequencySteps = [new StepSpec(200, -1e-8)],
        };
        var x = DutClock.FreeRunningPhase(spec, PowerLawCoefficients.None, 1.0, 301, 1);
        Assert.Equal(1e-6, x[0], 1e-18);
        Assert.Equal(1e-6 + 2e-8 * 50 + 0.5e-12 * 2500, x[50], 1e-15);
        Assert.Equal(1e-6 + 2e-8 * 100 + 0.5e-12 * 10000 + 5e-7, x[100], 1e-15);
        Assert.Equal(1e-6 + 2e-8 * 300 + 0.5e-12 * 90000 + 5e-7 - 1e-8 * 100, x[300], 1e-15);
    }

    [Fact]
    public void Pi_servo_steps_then_locks_within_a_microsecond_and_stays_there()
    {
        var spec = new DutSpec { InitialTimeErrorSeconds = 3.2e-3, FrequencyOffset = 1.1e-5 };
        var free = DutClock.FreeRunningPhase(spec, Tcxo, 1.0, 3600, 5);
        var servo = new ServoSpec { Kp = 0.7, Ki = 0.3, MeasurementNoiseSeconds = 8e-9 };
        var t = DutClock.Discipline(free, 1.0, servo, null, new Xoshiro256StarStar(9));
        Assert.Equal(3.2e-3, t.TimeErrorSeconds[0], 1e-12);             // lock-in starts far off
        Assert.Equal(ServoState.Unlocked, t.States[1]);
        Assert.True(Math.Abs(t.TimeErrorSeconds[1]) < 1e-7);            // stepped on the second sample
        Assert.All(t.States.Skip(2), s => Assert.Equal(ServoState.Locked, s));
        double maxAfter = t.TimeErrorSeconds.Skip(10).Max(Math.Abs);
        Assert.True(maxAfter < 1e-6, $"max |x| after lock {maxAfter:E2}");
        double rms = Math.Sqrt(t.TimeErrorSeconds.Skip(60).Average(v => v * v));
        Assert.InRange(rms, 3e-9, 3e-8); // PI loop passes a fraction of the 8 ns measurement noise
        // without the servo the free-running clock is 40 ms off after an hour
        Assert.True(Math.Abs(free[^1]) > 0.03);
    }

    [Fact]
    public void Holdover_keeps_the_last_frequency_and_the_time_error_walks_away_until_the_reference_returns()
    {
        var spec = new DutSpec { InitialTimeErrorSeconds = 4e-8, FrequencyOffset = 3e-10, FrequencySteps = [new StepSpec(660, 1e-10)] };
        var free = DutClock.FreeRunningPhase(spec, new PowerLawCoefficients(H0: 8e-24), 1.0, 2400, 3);
        var servo = new ServoSpec { Kp = 0.05, Ki = 0.002, MeasurementNoiseSeconds = 5e-10, ReferenceLoss = [new WindowSpec(600, 600)] };
        var t = DutClock.Discipline(free, 1.0, servo, null, new Xoshiro256StarStar(4));
        Assert.Equal(ServoState.Locked, t.States[599]);
        Assert.All(t.States.Skip(600).Take(600), s => Assert.Equal(ServoState.Holdover, s));
        Assert.Equal(ServoState.Locked, t.States[1200]);
        // 1e-10 for 539 s ≈ 54 ns of walk by the end of the outage (the held frequency is good to a few 1e-12)
        Assert.InRange(t.TimeErrorSeconds[1199] - t.TimeErrorSeconds[660], 48e-9, 60e-9);
        Assert.True(Math.Abs(t.TimeErrorSeconds[2399]) < 5e-9, "re-locked");
    }
}
