namespace TimeSync.Reporting.Engine;

/// <summary>
/// The first-order 0.1 Hz low-pass that ITU-T G.8273.2 §7.1 and G.8271.1 §7.3 put before dTE_L and max|TE_L|,
/// and its complement, the high-pass for dTE_H.
/// </summary>
public static class LowPassFilter
{
    public const double CornerHertz = 0.1;

    /// <summary>
    /// Causal one-pole filter y_k = y_{k−1} + α(x_k − y_{k−1}), α = 1 − exp(−2π f_c τ0): the step-invariant
    /// discretisation of H(s) = 1/(1 + s/(2π f_c)) (same form as masks.md §1.7 [S6]). It starts at the first
    /// sample's value and restarts after a NaN gap (NaN in, NaN out), so a gap is never bridged.
    /// </summary>
    public static double[] Apply(ReadOnlySpan<double> x, double tau0Seconds, double cornerHertz = CornerHertz)
    {
        double alpha = 1 - Math.Exp(-2 * Math.PI * cornerHertz * tau0Seconds);
        var y = new double[x.Length];
        double state = double.NaN;
        for (int i = 0; i < x.Length; i++)
        {
            if (double.IsNaN(x[i])) { y[i] = double.NaN; state = double.NaN; continue; }
            state = double.IsNaN(state) ? x[i] : state + alpha * (x[i] - state);
            y[i] = state;
        }
        return y;
    }

    /// <summary>High-pass complement x − LPF(x) (dTE_H, G.8273.2 Table 7-7: 0.1 Hz high-pass).</summary>
    public static double[] HighPass(ReadOnlySpan<double> x, double tau0Seconds, double cornerHertz = CornerHertz)
    {
        var low = Apply(x, tau0Seconds, cornerHertz);
        for (int i = 0; i < low.Length; i++) low[i] = x[i] - low[i];
        return low;
    }

    /// <summary>Gain |H(f)| of the discrete filter at frequency f (for tests): |α / (1 − (1−α)e^{−jωτ0})|.</summary>
    public static double Gain(double frequencyHertz, double tau0Seconds, double cornerHertz = CornerHertz)
    {
        double alpha = 1 - Math.Exp(-2 * Math.PI * cornerHertz * tau0Seconds);
        double w = 2 * Math.PI * frequencyHertz * tau0Seconds;
        double re = 1 - (1 - alpha) * Math.Cos(w), im = (1 - alpha) * Math.Sin(w);
        return alpha / Math.Sqrt(re * re + im * im);
    }
}
