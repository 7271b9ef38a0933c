namespace TimeSync.Core.Series;

/// <summary>Least-squares polynomial fits in the sample index, solved by normal equations on a centred index.</summary>
public static class LeastSquares
{
    /// <summary>
    /// Coefficients c[0..degree] of Σ c_k·i^k fitted to the finite values of <paramref name="values"/> (NaN skipped),
    /// degree 1 or 2. The index and the values are centred before forming the normal equations to keep them well conditioned.
    /// </summary>
    public static double[] Polynomial(ReadOnlySpan<double> values, int degree)
    {
        if (degree is < 0 or > 2) throw new ArgumentOutOfRangeException(nameof(degree));
        int size = degree + 1;
        double center = (values.Length - 1) / 2.0;
        // the values are centred too: frequency in Hz (10^7 ± 10^-3) times an index of 10^5 makes partial sums of
        // 10^17, whose rounding (units of 8) swamps the slope's share; less their mean the products stay small
        double offset = 0;
        long finite = 0;
        foreach (double v in values) if (!double.IsNaN(v)) { offset += v; finite++; }
        offset = finite > 0 ? offset / finite : 0;
        var a = new double[size, size];
        var b = new double[size];
        var pw = new double[2 * degree + 1];
        long count = 0;
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i] - offset;
            if (double.IsNaN(v)) continue;
            count++;
            double t = i - center;
            double p = 1;
            for (int k = 0; k < pw.Length; k++) { pw[k] += p; if (k < size) b[k] += p * v; p *= t; }
        }
        if (count < size) throw new InvalidOperationException($"a degree-{degree} fit needs at least {size} finite values");
        for (int r = 0; r < size; r++) for (int c = 0; c < size; c++) a[r, c] = pw[r + c];
        var cc = Solve(a, b);
        cc[0] += offset;
        // re-expand around index 0: Σ cc_k (i − center)^k
        var result = new double[size];
        if (degree == 0) result[0] = cc[0];
        else if (degree == 1) { result[0] = cc[0] - cc[1] * center; result[1] = cc[1]; }
        else
        {
            result[0] = cc[0] - cc[1] * center + cc[2] * center * center;
            result[1] = cc[1] - 2 * cc[2] * center;
            result[2] = cc[2];
        }
        return result;
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        int n = b.Length;
        for (int col = 0; col < n; col++)
        {
            int piv = col;
            for (int r = col + 1; r < n; r++) if (Math.Abs(a[r, col]) > Math.Abs(a[piv, col])) piv = r;
            if (piv != col)
            {
                for (int c = 0; c < n; c++) (a[col, c], a[piv, c]) = (a[piv, c], a[col, c]);
                (b[col], b[piv]) = (b[piv], b[col]);
            }
            for (int r = col + 1; r < n; r++)
            {
                double f = a[r, col] / a[col, col];
                for (int c = col; c < n; c++) a[r, c] -= f * a[col, c];
                b[r] -= f * b[col];
            }
        }
        var x = new double[n];
        for (int r = n - 1; r >= 0; r--)
        {
            double s = b[r];
            for (int c = r + 1; c < n; c++) s -= a[r, c] * x[c];
            x[r] = s / a[r, r];
        }
        return x;
    }
}
