package dev.backflow.contract;

import dev.backflow.testing.ErrorBound;

/**
 * The independent oracle for matmulBackward: the exact products and sums in double, and the contract's error
 * bound {@code γ(L+1)·(|old| + Σ|products|)} for each element.
 */
public final class MatmulReference {
    private MatmulReference() {}

    /**
     * Checks every element of the float result {@code actual} (m×k for dX, k×n for dW, dense from 0) against
     * the double reference, given the output's values {@code old} before the call. Returns null when all
     * elements are within the bound, else a description of the worst one.
     */
    public static String checkDx(float[] dY, int dYOff, float[] w, int wOff, float[] old, float[] actual, int aOff,
                                 int m, int k, int n) {
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                double sum = old[aOff + i * k + p];
                double mag = Math.abs(sum);
                for (int j = 0; j < n; j++) {
                    double prod = (double) dY[dYOff + i * n + j] * w[wOff + p * n + j];
                    sum += prod;
                    mag += Math.abs(prod);
                }
                String bad = compare("dX", i, p, actual[aOff + i * k + p], sum, ErrorBound.gamma(n + 1) * mag);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    public static String checkDw(float[] x, int xOff, float[] dY, int dYOff, float[] old, float[] actual, int aOff,
                                 int m, int k, int n) {
        for (int p = 0; p < k; p++) {
            for (int j = 0; j < n; j++) {
                double sum = old[aOff + p * n + j];
                double mag = Math.abs(sum);
                for (int i = 0; i < m; i++) {
                    double prod = (double) x[xOff + i * k + p] * dY[dYOff + i * n + j];
                    sum += prod;
                    mag += Math.abs(prod);
                }
                String bad = compare("dW", p, j, actual[aOff + p * n + j], sum, ErrorBound.gamma(m + 1) * mag);
                if (bad != null) {
                    return bad;
                }
            }
        }
        return null;
    }

    private static String compare(String what, int r, int c, float got, double exact, double bound) {
        String bad = ErrorBound.violation(got, exact, bound);
        return bad == null ? null : what + "[" + r + "][" + c + "] = " + bad;
    }
}
