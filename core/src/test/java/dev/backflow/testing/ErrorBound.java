package dev.backflow.testing;

/**
 * The contract's error bound for a result that {@code j} float roundings made from exact addends:
 * {@code |result − exact| ≤ γ(j)·(|old| + Σ|addends|)}, where {@code γ(j) = j·u / (1 − j·u)} and
 * {@code u = 2⁻²⁴} (Higham, "Accuracy and Stability of Numerical Algorithms", §3.1). Intermediates that
 * underflow add at most {@link #underflow(int)}, which the contract's bound leaves out.
 */
public final class ErrorBound {
    private ErrorBound() {}

    /** The unit roundoff of float: half the distance from 1 to the next float. */
    public static final double U = 0x1p-24;

    /**
     * {@code γ(j) = j·u / (1 − j·u)}.
     *
     * @param j the number of roundings, at least 0 (and below {@code 2²⁴})
     * @return the relative bound of {@code j} roundings
     */
    public static double gamma(int j) {
        return j * U / (1 - j * U);
    }

    /**
     * The absolute error that {@code j} roundings in the subnormal range add at most: {@code j} times the smallest
     * subnormal (each errs by at most half of it).
     *
     * @param j the number of roundings
     * @return {@code j · 2⁻¹⁴⁹}
     */
    public static double underflow(int j) {
        return j * (double) Float.MIN_VALUE;
    }

    /**
     * Null when {@code got} is within {@code bound} of a finite {@code exact}, or is exactly a NaN or infinite
     * {@code exact}; else why not.
     *
     * @param got the float result
     * @param exact the exact value, in double
     * @param bound the largest error allowed
     * @return null, or such as {@code 1.5 [0x3fc00000] is not within 1.0E-7 of the exact 1.25: error 0.25}
     */
    public static String violation(float got, double exact, double bound) {
        boolean ok = Double.isNaN(exact) ? Float.isNaN(got)
                : Double.isInfinite(exact) ? got == exact
                : Math.abs(got - exact) <= bound;
        return ok ? null : Bits.show(got) + " is not within " + bound + " of the exact " + exact + ": error "
                + Math.abs(got - exact);
    }
}
