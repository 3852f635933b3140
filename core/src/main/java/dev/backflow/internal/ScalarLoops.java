package dev.backflow.internal;

/**
 * The reference loops: each gate's formula from the {@link dev.backflow.BackwardKernels} contract, written once,
 * in plain Java, on unchecked arguments. The scalar implementation is these loops; faster implementations
 * call them for the elements that do not fill a vector (loop tails), so that those elements get the reference
 * bits by construction.
 *
 * <p>No argument is checked here: callers pass what {@link dev.backflow.spi.CheckedBackwardKernels} has checked.
 * Each loop runs over {@code i} (or {@code j}) in {@code [0, n)}.
 */
public final class ScalarLoops {
    private ScalarLoops() {}

    /**
     * {@code addBackward}: {@code dx[dxOff + i] += dz[dzOff + i]; dy[dyOff + i] += dz[dzOff + i]}.
     *
     * @param dz the gradient of the gate's output
     * @param dzOff the index in {@code dz} of element 0
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param dy the gradient of {@code y}, accumulated into
     * @param dyOff the index in {@code dy} of element 0
     * @param n the number of elements
     */
    public static void add(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        for (int i = 0; i < n; i++) {
            dx[dxOff + i] += dz[dzOff + i];
            dy[dyOff + i] += dz[dzOff + i];
        }
    }

    /**
     * {@code mulBackward}: {@code dx[dxOff + i] += dz[dzOff + i] * y[yOff + i];
     * dy[dyOff + i] += dz[dzOff + i] * x[xOff + i]}.
     *
     * @param dz the gradient of the gate's output
     * @param dzOff the index in {@code dz} of element 0
     * @param x the forward input {@code x}
     * @param xOff the index in {@code x} of element 0
     * @param y the forward input {@code y}
     * @param yOff the index in {@code y} of element 0
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param dy the gradient of {@code y}, accumulated into
     * @param dyOff the index in {@code dy} of element 0
     * @param n the number of elements
     */
    public static void mul(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                           float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        for (int i = 0; i < n; i++) {
            float g = dz[dzOff + i];
            dx[dxOff + i] += g * y[yOff + i];
            dy[dyOff + i] += g * x[xOff + i];
        }
    }

    /**
     * {@code maxBackward}: the gradient to the larger input, halved on a tie, to both if one is NaN.
     *
     * @param dz the gradient of the gate's output
     * @param dzOff the index in {@code dz} of element 0
     * @param x the forward input {@code x}
     * @param xOff the index in {@code x} of element 0
     * @param y the forward input {@code y}
     * @param yOff the index in {@code y} of element 0
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param dy the gradient of {@code y}, accumulated into
     * @param dyOff the index in {@code dy} of element 0
     * @param n the number of elements
     */
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

    /**
     * {@code reluBackward}: {@code dx[dxOff + i] += dz[dzOff + i]} where {@code x[xOff + i] > 0}.
     *
     * @param dz the gradient of the gate's output
     * @param dzOff the index in {@code dz} of element 0
     * @param x the forward input {@code x}
     * @param xOff the index in {@code x} of element 0
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param n the number of elements
     */
    public static void relu(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            if (x[xOff + i] > 0f) {
                dx[dxOff + i] += dz[dzOff + i];
            }
        }
    }

    /**
     * {@code sigmoidBackward}: {@code dx[dxOff + i] += (dz[dzOff + i] * (1 - s[sOff + i])) * s[sOff + i]}.
     *
     * @param dz the gradient of the gate's output
     * @param dzOff the index in {@code dz} of element 0
     * @param s the saved forward output {@code σ(x)}
     * @param sOff the index in {@code s} of element 0
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param n the number of elements
     */
    public static void sigmoid(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n) {
        for (int i = 0; i < n; i++) {
            float si = s[sOff + i];
            dx[dxOff + i] += (dz[dzOff + i] * (1f - si)) * si;
        }
    }

    /**
     * {@code copyBackward} on columns {@code [0, n)} of a {@code copies × stride} block: for each {@code j} in
     * {@code [0, n)}, {@code dx[dxOff + j] += dz[dzOff + c*stride + j]} for {@code c = 0, 1, ...} in order.
     *
     * @param dz the gradients of the copies
     * @param dzOff the index in {@code dz} of the first copy's element 0
     * @param copies the number of copies
     * @param stride the distance in {@code dz} from one copy to the next ({@code n} when back to back)
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param n the number of columns
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
