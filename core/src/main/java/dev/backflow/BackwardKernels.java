package dev.backflow;

import dev.backflow.internal.Checks;

/**
 * The backward rules of the gates of a computational graph, over {@code float} arrays in row-major order.
 *
 * <h2>Accumulation</h2>
 * Every method <em>accumulates</em> into its gradient outputs ({@code +=}), as an autograd engine does when a
 * value feeds several gates: clear an output first if a plain assignment is wanted.
 *
 * <h2>Exact results</h2>
 * For the elementwise gates (add, mul, max, relu, copy, sigmoid) the formula given on each method, including
 * its evaluation order in {@code float} arithmetic, is the contract: every implementation gives exactly these
 * bits (any NaN stands for any other NaN). No fused multiply-add is used, nothing is flushed to zero, and
 * NaN, &plusmn;&infin;, -0.0 and subnormal numbers follow IEEE 754 arithmetic in those formulas. For
 * {@link #matmulBackward matmulBackward} the summation order is free and the result is bounded instead:
 * each element differs from the exact value of {@code old + Σ products} by at most
 * {@code γ(L+1)·(|old| + Σ|products|)}, where {@code L} is the accumulation length ({@code n} for dX,
 * {@code m} for dW), {@code γ(j) = j·u/(1 − j·u)} and {@code u = 2⁻²⁴} (for finite results that do not
 * underflow).
 *
 * <h2>Arguments</h2>
 * Arguments are checked before anything is written; a call that throws leaves every array as it was.
 * <ul>
 *   <li>A required array that is {@code null}: {@link NullPointerException} naming it.</li>
 *   <li>A negative size or count: {@link IllegalArgumentException}.</li>
 *   <li>An offset and length outside their array: {@link IndexOutOfBoundsException} (the check of
 *       {@link java.util.Objects#checkFromIndexSize}), naming the array.</li>
 *   <li>{@code copies*n}, {@code m*k}, {@code k*n} or {@code m*n} beyond {@link Integer#MAX_VALUE}:
 *       {@link IllegalArgumentException}.</li>
 *   <li>Inputs may overlap one another freely. An output region that overlaps an input region, or partially
 *       overlaps another output region, is rejected with {@link IllegalArgumentException} (regions overlap when
 *       they lie in the same array and their index ranges intersect). The one exception: the two outputs may
 *       be exactly the same region ({@code z = x + x}, {@code x * x}, {@code max(x, x)}); the result is then
 *       as if the update of the first output ran to the end before the update of the second.</li>
 *   <li>In the whole-array forms (no offsets), the arrays' lengths must match exactly, or
 *       {@link IllegalArgumentException} says which do not.</li>
 * </ul>
 * Sizes of zero are valid and leave every array untouched.
 *
 * <h2>Threads</h2>
 * Implementations are stateless (apart from pooled scratch space, bounded by the number of processors, not by
 * the number of threads that ever called) and may be called from many threads at once, provided concurrent
 * calls write to disjoint outputs.
 *
 * <p>An implementation may run one call on several threads ({@link Kernels#parallel(int)}). It then gives
 * <em>the same bits at every thread count</em>: for every method and every call, the outputs are bit for bit
 * (any NaN standing for any NaN) what the same implementation gives on one thread. Work is split over output
 * elements only, never over the terms of one element's sum, so every element is computed by one thread in
 * the one-thread order; for matmul, the one-thread summation order is the implementation's, whatever it is,
 * and does not change with the thread count. The call returns when every thread's work is done; if any part
 * fails, the call throws after the other parts have finished (arguments are still checked before anything
 * is written).
 *
 * <p>Obtain an implementation from {@link Kernels#best()}.
 */
public interface BackwardKernels {

    /** This implementation's name: {@code "scalar"}, {@code "vector"}, ... (what {@link Kernels#named} takes). */
    String name();

    /**
     * Backward of {@code z = x + y}: for each {@code i} in {@code [0, n)},
     * {@code dx[i] += dz[i]; dy[i] += dz[i]}.
     */
    void addBackward(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /**
     * Backward of {@code z = x * y}: for each {@code i} in {@code [0, n)},
     * {@code dx[i] += dz[i] * y[i]; dy[i] += dz[i] * x[i]} (each product rounded, then added).
     */
    void mulBackward(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                     float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /**
     * Backward of {@code z = max(x, y)}, routing the gradient to the larger input; for each {@code i}:
     * <ul>
     *   <li>{@code x > y}: {@code dx[i] += dz[i]} (dy[i] untouched);</li>
     *   <li>{@code x < y}: {@code dy[i] += dz[i]} (dx[i] untouched);</li>
     *   <li>{@code x == y} (ties, {@code -0.0 == 0.0} too): {@code h = dz[i] * 0.5f; dx[i] += h; dy[i] += h};</li>
     *   <li>{@code x} or {@code y} NaN: {@code dx[i] += dz[i]; dy[i] += dz[i]} (the gradient of
     *       {@code torch.maximum}).</li>
     * </ul>
     */
    void maxBackward(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                     float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /**
     * Backward of {@code z = max(x, 0)}: for each {@code i}, if {@code x[i] > 0} then {@code dx[i] += dz[i]};
     * otherwise ({@code x[i] <= 0} or NaN) {@code dx[i]} is left untouched, not even {@code += 0}.
     */
    void reluBackward(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n);

    /**
     * Backward of a fan-out: {@code x} (length {@code n}) was copied to {@code copies} outputs whose gradients
     * lie back to back in {@code dz} as a {@code copies × n} block starting at {@code dzOff}. For
     * {@code c = 0 .. copies-1}, in that order, and each {@code j}: {@code dx[j] += dz[c*n + j]}.
     * The same kernel is the bias gradient of a broadcast (the rows of a batch's dY summed into db).
     */
    void copyBackward(float[] dz, int dzOff, int copies, float[] dx, int dxOff, int n);

    /**
     * Backward of {@code s = σ(x)}, given the saved output {@code s}: for each {@code i},
     * {@code dx[i] += (dz[i] * (1 - s[i])) * s[i]} (PyTorch's order of operations, so the bits match its
     * {@code sigmoid_backward}). Values of {@code s} outside {@code [0, 1]} are used as they are.
     */
    void sigmoidBackward(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n);

    /**
     * Backward of {@code Y = X·W}, where {@code X} is {@code m×k}, {@code W} is {@code k×n} and {@code dY} is
     * {@code m×n}, all row-major and dense from their offsets: {@code dX += dY·Wᵀ} ({@code m×k}) and
     * {@code dW += Xᵀ·dY} ({@code k×n}). Either output may be {@code null}, and that product is then skipped
     * (an input layer needs no dX); {@code w} is required only when {@code dX} is given and {@code x} only when
     * {@code dW} is given. The summation order is free, within the error bound in the class documentation.
     */
    void matmulBackward(float[] dY, int dYOff, float[] x, int xOff, float[] w, int wOff,
                        float[] dX, int dXOff, float[] dW, int dWOff, int m, int k, int n);

    /** {@link #addBackward(float[], int, float[], int, float[], int, int)} over whole arrays of one length. */
    default void addBackward(float[] dz, float[] dx, float[] dy) {
        int n = Checks.sameLength("dz", dz, "dx", dx);
        Checks.sameLength("dz", dz, "dy", dy);
        addBackward(dz, 0, dx, 0, dy, 0, n);
    }

    /** {@link #mulBackward(float[], int, float[], int, float[], int, float[], int, float[], int, int)} over whole arrays of one length. */
    default void mulBackward(float[] dz, float[] x, float[] y, float[] dx, float[] dy) {
        int n = binaryLength(dz, x, y, dx, dy);
        mulBackward(dz, 0, x, 0, y, 0, dx, 0, dy, 0, n);
    }

    /** {@link #maxBackward(float[], int, float[], int, float[], int, float[], int, float[], int, int)} over whole arrays of one length. */
    default void maxBackward(float[] dz, float[] x, float[] y, float[] dx, float[] dy) {
        int n = binaryLength(dz, x, y, dx, dy);
        maxBackward(dz, 0, x, 0, y, 0, dx, 0, dy, 0, n);
    }

    /** {@link #reluBackward(float[], int, float[], int, float[], int, int)} over whole arrays of one length. */
    default void reluBackward(float[] dz, float[] x, float[] dx) {
        int n = Checks.sameLength("dz", dz, "x", x);
        Checks.sameLength("dz", dz, "dx", dx);
        reluBackward(dz, 0, x, 0, dx, 0, n);
    }

    /**
     * {@link #copyBackward(float[], int, int, float[], int, int)} over whole arrays:
     * {@code dz.length} must be {@code copies * dx.length}.
     */
    default void copyBackward(float[] dz, int copies, float[] dx) {
        Checks.nonNull("dz", dz);
        Checks.nonNull("dx", dx);
        Checks.nonNegative("copies", copies);
        int n = dx.length;
        Checks.lengthIs("dz", dz, Checks.product("copies * dx.length", copies, n));
        copyBackward(dz, 0, copies, dx, 0, n);
    }

    /** {@link #sigmoidBackward(float[], int, float[], int, float[], int, int)} over whole arrays of one length. */
    default void sigmoidBackward(float[] dz, float[] s, float[] dx) {
        int n = Checks.sameLength("dz", dz, "s", s);
        Checks.sameLength("dz", dz, "dx", dx);
        sigmoidBackward(dz, 0, s, 0, dx, 0, n);
    }

    /**
     * {@link #matmulBackward(float[], int, float[], int, float[], int, float[], int, float[], int, int, int, int)}
     * over whole arrays: {@code dY.length == m*n}, {@code x.length == dX.length == m*k} and
     * {@code w.length == dW.length == k*n} (for the arrays that are given).
     */
    default void matmulBackward(float[] dY, float[] x, float[] w, float[] dX, float[] dW, int m, int k, int n) {
        Checks.matmulWholeArrays(dY, x, w, dX, dW, m, k, n);
        matmulBackward(dY, 0, x, 0, w, 0, dX, 0, dW, 0, m, k, n);
    }

    /** The common length of the five arrays of a two-input gate's whole-array form. */
    private static int binaryLength(float[] dz, float[] x, float[] y, float[] dx, float[] dy) {
        int n = Checks.sameLength("dz", dz, "x", x);
        Checks.sameLength("dz", dz, "y", y);
        Checks.sameLength("dz", dz, "dx", dx);
        Checks.sameLength("dz", dz, "dy", dy);
        return n;
    }
}
