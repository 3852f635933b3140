package dev.backflow.internal;

/**
 * The reference loops: each gate's formula from the {@link dev.backflow.BackwardKernels} contract, written once,
 * in plain Java, on unchecked arguments. The scalar implementation is these loops; faster implementations
 * call them for the elements that do not fill a vector (loop tails), so that those elements get the reference
 * bits by construction.
 *
 * <p>No argument is checked here: callers pass what {@link dev.backflow.spi.CheckedBackwardKernels} has checked.
 */
public final class ScalarLoops {
    private ScalarLoops() {}

    public static void add(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] += dz[dzOff + i];
            dy[dyOff + i] += dz[dzOff + i];
        }
    }

    public static void mul(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                           float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        for (int i = 0; i < n; i++) {
            float g = dz[dzOff + i];
            dx[dxOff + i] += g * y[yOff + i];
            dy[dyOff + i] += g * x[xOff + i];
        }
    }

    public static void max(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                           float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        for (int i = 0; i < n; i++) {
            float g = dz[dzOff + i];
            float a = x[xOff + i];
            float b = y[yOff + i];
            if (a > b) {
                dx[dxOff + i] += g;
            } else if (a < b) {
                dy[dyOff + i] += g;
            } else if (a == b) {
                float h = g * 0.5f;
                dx[dxOff + i] += h;
                dy[dyOff + i] += h;
            } else { // a or b is NaN
                dx[dxOff + i] += g;
                dy[dyOff + i] += g;
            }
        }
    }

    public static void relu(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            if (x[xOff + i] > 0f) {
                dx[dxOff + i] += dz[dzOff + i];
            }
        }
    }

    public static void sigmoid(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            float si = s[sOff + i];
            dx[dxOff + i] += (dz[dzOff + i] * (1f - si)) * si;
        }
    }

    /**
     * Columns {@code [0, n)} of a {@code copies × stride} block: the copies are added in order
     * {@code c = 0, 1, ...}, each into every {@code dx[j]} of the range.
     */
    public static void copy(float[] dz, int dzOff, int copies, int stride, float[] dx, int dxOff, int n) {
        for (int j = 0; j < n; j++) {
            float acc = dx[dxOff + j];
            for (int c = 0; c < copies; c++) {
                acc += dz[dzOff + c * stride + j];
            }
            dx[dxOff + j] = acc;
        }
    }
}
