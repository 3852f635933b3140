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
 * NaN, &plusmn;&infin;, -0.0 and subnormal numbers follow IEEE 754 arithmetic in those formulas.
 *
 * <h2>Matmul's summation order</h2>
 * {@link #matmulBackward matmulBackward}'s bits are pinned too: each output element is summed in one order
 * that depends only on {@code (m, k, n)} and the inputs, never on the CPU, the vector width, the cache sizes,
 * the thread count or the JIT. For an element {@code out} with accumulation length {@code L} ({@code n} for
 * dX, {@code m} for dW) and products {@code a_t·b_t}, {@code t} in {@code [0, L)}, in index order:
 * <ul>
 *   <li><b>Blocked</b> (dW always; dX when {@code m > }{@link #MATMUL_DOT_BATCH}; {@link #sgemm sgemm}
 *       except as below): the terms are cut into
 *       blocks of {@link #MATMUL_BLOCK} in order (the last block shorter); for each block in order,
 *       {@code s = +0.0}, then {@code s = fma(a_t, b_t, s)} for each {@code t} of the block in order
 *       ({@link Math#fma(float, float, float)}: one rounding), then {@code out = out + s}.</li>
 *   <li><b>Dot</b> (dX when {@code m <= }{@link #MATMUL_DOT_BATCH}; sgemm with B transposed,
 *       {@code m <= MATMUL_DOT_BATCH} and {@code k >= }{@link #SGEMM_DOT_RATIO}{@code * m}):
 *       {@link #MATMUL_PARTIALS} = 16 partial sums {@code s_r = +0.0}; for each {@code t} in order,
 *       {@code s_(t mod 16) = fma(a_t, b_t, s_(t mod 16))};
 *       then they are combined by the fixed tree {@code s_r = s_r + s_(r+8)} for {@code r < 8},
 *       {@code s_r = s_r + s_(r+4)} for {@code r < 4}, {@code s_r = s_r + s_(r+2)} for {@code r < 2},
 *       {@code s = s_0 + s_1}; then {@code out = out + s}.</li>
 * </ul>
 * When {@code L = 0} nothing is added: the element is left as it is. Each element therefore also stays within the
 * classic bound: it differs from the exact value of {@code old + Σ products} by at most
 * {@code γ(L+1)·(|old| + Σ|products|)}, where {@code γ(j) = j·u/(1 − j·u)} and {@code u = 2⁻²⁴} (for
 * finite results that do not underflow); other libraries' results (which sum in their own orders) differ from
 * Backflow's within that bound.
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
 * the one-thread order (for matmul, the order above, which no thread count changes). The call returns when
 * every thread's work is done; if any part fails, the call throws the first failure after the other parts have
 * finished, even when the heap is too full to record the later ones (arguments are still checked before
 * anything is written).
 *
 * <p>Memory under many callers: at most one call per available processor is split at a time; a call made
 * while that many are in flight runs on its calling thread alone, with the same bits, and never waits for a
 * worker. So a caller parked while workers finish its parts is one of those few, and what such callers hold
 * (the vector matmul: one scratch per part, each at most about 1.3 MiB) is bounded by
 * {@code processors × threads} parts' worth, plus one scratch per thread running a call on its own, however
 * many threads, platform or virtual, call at once.
 *
 * <p>Obtain an implementation from {@link Kernels#best()}.
 */
public interface BackwardKernels {

    /**
     * The block length of matmul's blocked summation order (see the class documentation): a constant of the
     * contract, not of any cache.
     */
    int MATMUL_BLOCK = 256;

    /** The number of interleaved partial sums of matmul's dot summation order (see the class documentation). */
    int MATMUL_PARTIALS = 16;

    /**
     * The largest batch {@code m} for which dX is summed in the dot order; larger batches, and dW always, use
     * the blocked order (see the class documentation).
     */
    int MATMUL_DOT_BATCH = 32;

    /**
     * {@link #sgemm sgemm} with B transposed sums in the dot order when {@code m <= MATMUL_DOT_BATCH} and
     * {@code k >= SGEMM_DOT_RATIO * m}, else in the blocked order. The dot products read B's rows as they lie,
     * where the blocked order must first pack B's columns into rows (k·n copies, paid once for all m rows), but
     * finish each of C's m·n elements with a 16-term tree; the ratio is where the pack costs more than the
     * finishes. Measured on Zen 5 (AMD family 26 model 2), one thread, paired against the packed GEMM: the dot
     * order ran 1.07-4.58× as fast at k ≥ 32·m, 0.22-0.95× below it but for two shapes at m = 16 and k = 16·m
     * (1.06 and 1.34; docs/results/2026-12-02-zen5-sgemm-dot-grid).
     */
    int SGEMM_DOT_RATIO = 32;

    /**
     * This implementation's name, as {@link Kernels#named(String)} and {@link Kernels#available()} know it.
     *
     * @return {@code "scalar"}, {@code "vector"}, ...
     */
    String name();

    /**
     * Backward of {@code z = x + y}: for each {@code i} in {@code [0, n)},
     * {@code dx[dxOff + i] += dz[dzOff + i]; dy[dyOff + i] += dz[dzOff + i]}.
     *
     * @param dz the gradient of {@code z}, read from {@code dz[dzOff]} to {@code dz[dzOff + n - 1]}
     * @param dzOff the index in {@code dz} of element 0
     * @param dx the gradient of {@code x}, accumulated into from {@code dx[dxOff]}
     * @param dxOff the index in {@code dx} of element 0
     * @param dy the gradient of {@code y}, accumulated into from {@code dy[dyOff]}
     * @param dyOff the index in {@code dy} of element 0
     * @param n the number of elements; 0 writes nothing
     * @throws NullPointerException if {@code dz}, {@code dx} or {@code dy} is {@code null}
     * @throws IllegalArgumentException if {@code n < 0}; if the region of {@code dx} or of {@code dy} overlaps
     *     the region of {@code dz}; or if the regions of {@code dx} and {@code dy} overlap without being the
     *     same region
     * @throws IndexOutOfBoundsException if {@code [dzOff, dzOff + n)}, {@code [dxOff, dxOff + n)} or
     *     {@code [dyOff, dyOff + n)} does not lie within its array (checked when {@code n == 0} too)
     */
    void addBackward(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /**
     * Backward of {@code z = x * y}: for each {@code i} in {@code [0, n)},
     * {@code dx[dxOff + i] += dz[dzOff + i] * y[yOff + i]; dy[dyOff + i] += dz[dzOff + i] * x[xOff + i]}
     * (each product rounded to {@code float}, then added).
     *
     * @param dz the gradient of {@code z}, read from {@code dz[dzOff]}
     * @param dzOff the index in {@code dz} of element 0
     * @param x the forward input {@code x}, read from {@code x[xOff]}
     * @param xOff the index in {@code x} of element 0
     * @param y the forward input {@code y}, read from {@code y[yOff]}
     * @param yOff the index in {@code y} of element 0
     * @param dx the gradient of {@code x}, accumulated into from {@code dx[dxOff]}
     * @param dxOff the index in {@code dx} of element 0
     * @param dy the gradient of {@code y}, accumulated into from {@code dy[dyOff]}
     * @param dyOff the index in {@code dy} of element 0
     * @param n the number of elements; 0 writes nothing
     * @throws NullPointerException if any of the five arrays is {@code null}
     * @throws IllegalArgumentException if {@code n < 0}; if the region of {@code dx} or of {@code dy} overlaps
     *     the region of {@code dz}, {@code x} or {@code y}; or if the regions of {@code dx} and {@code dy}
     *     overlap without being the same region
     * @throws IndexOutOfBoundsException if one of the five regions {@code [off, off + n)} does not lie within
     *     its array (checked when {@code n == 0} too)
     */
    void mulBackward(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                     float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /**
     * Backward of {@code z = max(x, y)}, routing the gradient to the larger input. For each {@code i} in
     * {@code [0, n)}, with {@code a = x[xOff + i]}, {@code b = y[yOff + i]} and {@code g = dz[dzOff + i]}:
     * <ul>
     *   <li>{@code a > b}: {@code dx[dxOff + i] += g} ({@code dy[dyOff + i]} untouched);</li>
     *   <li>{@code a < b}: {@code dy[dyOff + i] += g} ({@code dx[dxOff + i]} untouched);</li>
     *   <li>{@code a == b} (ties, {@code -0.0 == 0.0} too): {@code h = g * 0.5f; dx[dxOff + i] += h;
     *       dy[dyOff + i] += h};</li>
     *   <li>{@code a} or {@code b} NaN: {@code dx[dxOff + i] += g; dy[dyOff + i] += g} (the gradient of
     *       {@code torch.maximum}).</li>
     * </ul>
     *
     * @param dz the gradient of {@code z}, read from {@code dz[dzOff]}
     * @param dzOff the index in {@code dz} of element 0
     * @param x the forward input {@code x}, read from {@code x[xOff]}
     * @param xOff the index in {@code x} of element 0
     * @param y the forward input {@code y}, read from {@code y[yOff]}
     * @param yOff the index in {@code y} of element 0
     * @param dx the gradient of {@code x}, accumulated into from {@code dx[dxOff]}
     * @param dxOff the index in {@code dx} of element 0
     * @param dy the gradient of {@code y}, accumulated into from {@code dy[dyOff]}
     * @param dyOff the index in {@code dy} of element 0
     * @param n the number of elements; 0 writes nothing
     * @throws NullPointerException if any of the five arrays is {@code null}
     * @throws IllegalArgumentException if {@code n < 0}; if the region of {@code dx} or of {@code dy} overlaps
     *     the region of {@code dz}, {@code x} or {@code y}; or if the regions of {@code dx} and {@code dy}
     *     overlap without being the same region
     * @throws IndexOutOfBoundsException if one of the five regions {@code [off, off + n)} does not lie within
     *     its array (checked when {@code n == 0} too)
     */
    void maxBackward(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                     float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /**
     * Backward of {@code z = max(x, 0)}: for each {@code i} in {@code [0, n)}, if {@code x[xOff + i] > 0} then
     * {@code dx[dxOff + i] += dz[dzOff + i]}; otherwise ({@code x[xOff + i] <= 0} or NaN)
     * {@code dx[dxOff + i]} is left untouched, not even {@code += 0}.
     *
     * @param dz the gradient of {@code z}, read from {@code dz[dzOff]}
     * @param dzOff the index in {@code dz} of element 0
     * @param x the forward input {@code x}, read from {@code x[xOff]}
     * @param xOff the index in {@code x} of element 0
     * @param dx the gradient of {@code x}, accumulated into from {@code dx[dxOff]}
     * @param dxOff the index in {@code dx} of element 0
     * @param n the number of elements; 0 writes nothing
     * @throws NullPointerException if {@code dz}, {@code x} or {@code dx} is {@code null}
     * @throws IllegalArgumentException if {@code n < 0}, or if the region of {@code dx} overlaps the region of
     *     {@code dz} or of {@code x}
     * @throws IndexOutOfBoundsException if {@code [dzOff, dzOff + n)}, {@code [xOff, xOff + n)} or
     *     {@code [dxOff, dxOff + n)} does not lie within its array (checked when {@code n == 0} too)
     */
    void reluBackward(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n);

    /**
     * Backward of a fan-out: {@code x} (length {@code n}) was copied to {@code copies} outputs whose gradients
     * lie back to back in {@code dz}, a {@code copies × n} block starting at {@code dzOff}. For
     * {@code c = 0 .. copies-1}, in that order, and each {@code j} in {@code [0, n)}:
     * {@code dx[dxOff + j] += dz[dzOff + c*n + j]}. The same kernel is the bias gradient of a broadcast: the
     * {@code copies} rows of a batch's {@code dY} ({@code copies × n}, row-major) summed into {@code db}.
     *
     * @param dz the gradients of the copies, read from {@code dz[dzOff]} to {@code dz[dzOff + copies*n - 1]}
     * @param dzOff the index in {@code dz} of the first copy's element 0
     * @param copies the number of copies; 0 writes nothing
     * @param dx the gradient of {@code x}, accumulated into from {@code dx[dxOff]}
     * @param dxOff the index in {@code dx} of element 0
     * @param n the length of {@code x} and of each copy; 0 writes nothing
     * @throws NullPointerException if {@code dz} or {@code dx} is {@code null}
     * @throws IllegalArgumentException if {@code copies < 0} or {@code n < 0}; if {@code copies*n} exceeds
     *     {@link Integer#MAX_VALUE}; or if the region of {@code dx} overlaps the block of {@code dz}
     * @throws IndexOutOfBoundsException if {@code [dzOff, dzOff + copies*n)} or {@code [dxOff, dxOff + n)}
     *     does not lie within its array (checked for sizes of 0 too)
     */
    default void copyBackward(float[] dz, int dzOff, int copies, float[] dx, int dxOff, int n) {
        copyBackward(dz, dzOff, Math.max(1, n), copies, dx, dxOff, n);
    }

    /**
     * {@link #copyBackward(float[], int, int, float[], int, int)} with the copies {@code ldDz} apart in
     * {@code dz} (a leading dimension, at least {@code n} and at least 1): for each {@code c} in order and each
     * {@code j}, {@code dx[dxOff + j] += dz[dzOff + c*ldDz + j]}: the bias gradient of a batch whose rows are
     * part of a wider matrix. Same bits as the dense form. {@code dz}'s region is its extent,
     * {@code (copies-1)*ldDz + n}.
     *
     * @param dz the gradients of the copies
     * @param dzOff the index in {@code dz} of the first copy's element 0
     * @param ldDz the distance in {@code dz} from one copy to the next
     * @param copies the number of copies
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param n the number of elements of each copy
     * @throws NullPointerException if {@code dz} or {@code dx} is {@code null}
     * @throws IllegalArgumentException if {@code copies} or {@code n} is negative, if {@code ldDz < max(1, n)},
     *     if {@code dz}'s extent exceeds {@link Integer#MAX_VALUE}, or if {@code dx}'s region overlaps
     *     {@code dz}'s extent
     * @throws IndexOutOfBoundsException if {@code dz}'s extent or {@code [dxOff, dxOff + n)} does not lie within
     *     its array
     */
    void copyBackward(float[] dz, int dzOff, int ldDz, int copies, float[] dx, int dxOff, int n);

    /**
     * Backward of {@code s = σ(x)}, given the saved output {@code s}: for each {@code i} in {@code [0, n)},
     * {@code dx[dxOff + i] += (dz[dzOff + i] * (1 - s[sOff + i])) * s[sOff + i]} (PyTorch's order of
     * operations, so the bits match its {@code sigmoid_backward}). Values of {@code s} outside {@code [0, 1]}
     * are used as they are.
     *
     * @param dz the gradient of {@code s}, read from {@code dz[dzOff]}
     * @param dzOff the index in {@code dz} of element 0
     * @param s the forward output {@code σ(x)}, read from {@code s[sOff]}
     * @param sOff the index in {@code s} of element 0
     * @param dx the gradient of {@code x}, accumulated into from {@code dx[dxOff]}
     * @param dxOff the index in {@code dx} of element 0
     * @param n the number of elements; 0 writes nothing
     * @throws NullPointerException if {@code dz}, {@code s} or {@code dx} is {@code null}
     * @throws IllegalArgumentException if {@code n < 0}, or if the region of {@code dx} overlaps the region of
     *     {@code dz} or of {@code s}
     * @throws IndexOutOfBoundsException if {@code [dzOff, dzOff + n)}, {@code [sOff, sOff + n)} or
     *     {@code [dxOff, dxOff + n)} does not lie within its array (checked when {@code n == 0} too)
     */
    void sigmoidBackward(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n);

    /**
     * Backward of {@code Y = X·W}, where {@code X} is {@code m×k}, {@code W} is {@code k×n} and {@code dY} is
     * {@code m×n}, all row-major and dense from their offsets: element {@code (i, p)} of {@code X} is
     * {@code x[xOff + i*k + p]}, element {@code (p, j)} of {@code W} is {@code w[wOff + p*n + j]}, and so on.
     * The two products {@code dX += dY·Wᵀ} ({@code m×k}) and {@code dW += Xᵀ·dY} ({@code k×n}) are, for each
     * {@code i} in {@code [0, m)}, {@code p} in {@code [0, k)} and {@code j} in {@code [0, n)}:
     * <ul>
     *   <li>{@code dX[dXOff + i*k + p] += Σ_j dY[dYOff + i*n + j] * w[wOff + p*n + j]}</li>
     *   <li>{@code dW[dWOff + p*n + j] += Σ_i x[xOff + i*k + p] * dY[dYOff + i*n + j]}</li>
     * </ul>
     * Either output may be {@code null}, and that product is then skipped (an input layer needs no dX);
     * {@code w} is required only when {@code dX} is given and {@code x} only when {@code dW} is given. Each sum
     * is evaluated in the order the class documentation fixes (blocked, or dot for dX at small batches), so every
     * implementation gives the same bits.
     *
     * @param dY the gradient of {@code Y}, {@code m×n}, read from {@code dY[dYOff]}
     * @param dYOff the index in {@code dY} of element {@code (0, 0)}
     * @param x the forward input {@code X}, {@code m×k}, read from {@code x[xOff]} when {@code dW} is given;
     *     may be {@code null} when {@code dW} is {@code null}
     * @param xOff the index in {@code x} of element {@code (0, 0)}
     * @param w the weights {@code W}, {@code k×n}, read from {@code w[wOff]} when {@code dX} is given; may be
     *     {@code null} when {@code dX} is {@code null}
     * @param wOff the index in {@code w} of element {@code (0, 0)}
     * @param dX the gradient of {@code X}, {@code m×k}, accumulated into from {@code dX[dXOff]}, or
     *     {@code null} to skip that product
     * @param dXOff the index in {@code dX} of element {@code (0, 0)}
     * @param dW the gradient of {@code W}, {@code k×n}, accumulated into from {@code dW[dWOff]}, or
     *     {@code null} to skip that product
     * @param dWOff the index in {@code dW} of element {@code (0, 0)}
     * @param m the rows of {@code X} and {@code dY} (the batch)
     * @param k the columns of {@code X}, the rows of {@code W}
     * @param n the columns of {@code W} and {@code dY}
     * @throws NullPointerException if {@code dY} is {@code null}, if {@code dX} is given and {@code w} is
     *     {@code null}, or if {@code dW} is given and {@code x} is {@code null}
     * @throws IllegalArgumentException if {@code m}, {@code k} or {@code n} is negative; if {@code m*k},
     *     {@code k*n} or {@code m*n} exceeds {@link Integer#MAX_VALUE}; if an output's region overlaps the
     *     region of an input that the call reads ({@code dY} always, {@code w} when {@code dX} is given,
     *     {@code x} when {@code dW} is given); or if the regions of {@code dX} and {@code dW} overlap without
     *     being the same region
     * @throws IndexOutOfBoundsException if {@code [dYOff, dYOff + m*n)}, or, when {@code dX} is given,
     *     {@code [wOff, wOff + k*n)} or {@code [dXOff, dXOff + m*k)}, or, when {@code dW} is given,
     *     {@code [xOff, xOff + m*k)} or {@code [dWOff, dWOff + k*n)}, does not lie within its array (checked
     *     for sizes of 0 too)
     */
    default void matmulBackward(float[] dY, int dYOff, float[] x, int xOff, float[] w, int wOff,
                                float[] dX, int dXOff, float[] dW, int dWOff, int m, int k, int n) {
        int ldN = Math.max(1, n);
        int ldK = Math.max(1, k);
        matmulBackward(dY, dYOff, ldN, x, xOff, ldK, w, wOff, ldN, dX, dXOff, ldK, dW, dWOff, ldN, m, k, n);
    }

    /**
     * {@link #matmulBackward(float[], int, float[], int, float[], int, float[], int, float[], int, int, int, int)}
     * on matrices that may be parts of larger ones: each has a leading dimension, the distance between its
     * rows, at least its row length ({@code ldDY, ldW, ldDW >= n}; {@code ldX, ldDX >= k}) and at least 1.
     * Element {@code (i, p)} of {@code X} is {@code x[xOff + i*ldX + p]}, and so on. A matrix's region is its
     * extent, from its first element to its last ({@code (rows-1)*ld + columns}): the range and overlap rules
     * apply to extents, so two matrices interleaved in one array (say, alternate column blocks) count as
     * overlapping. Same order, same bits as the dense form.
     *
     * @param dY the gradient of {@code Y}, {@code m×n}
     * @param dYOff the index in {@code dY} of element {@code (0, 0)}
     * @param ldDY the distance in {@code dY} between rows
     * @param x the forward input {@code X}, {@code m×k}; may be {@code null} when {@code dW} is {@code null}
     * @param xOff the index in {@code x} of element {@code (0, 0)}
     * @param ldX the distance in {@code x} between rows
     * @param w the weights {@code W}, {@code k×n}; may be {@code null} when {@code dX} is {@code null}
     * @param wOff the index in {@code w} of element {@code (0, 0)}
     * @param ldW the distance in {@code w} between rows
     * @param dX the gradient of {@code X}, {@code m×k}, accumulated into, or {@code null} to skip that product
     * @param dXOff the index in {@code dX} of element {@code (0, 0)}
     * @param ldDX the distance in {@code dX} between rows
     * @param dW the gradient of {@code W}, {@code k×n}, accumulated into, or {@code null} to skip that product
     * @param dWOff the index in {@code dW} of element {@code (0, 0)}
     * @param ldDW the distance in {@code dW} between rows
     * @param m the rows of {@code X} and {@code dY} (the batch)
     * @param k the columns of {@code X}, the rows of {@code W}
     * @param n the columns of {@code W} and {@code dY}
     * @throws NullPointerException as for the dense form
     * @throws IllegalArgumentException as for the dense form, with extents for regions; also if a leading
     *     dimension is less than its row length or than 1, or an extent exceeds {@link Integer#MAX_VALUE}
     * @throws IndexOutOfBoundsException if an extent that the call reads or writes does not lie within its array
     */
    void matmulBackward(float[] dY, int dYOff, int ldDY, float[] x, int xOff, int ldX, float[] w, int wOff, int ldW,
                        float[] dX, int dXOff, int ldDX, float[] dW, int dWOff, int ldDW, int m, int k, int n);

    /**
     * The forward product, as BLAS's {@code sgemm} on row-major matrices:
     * {@code C = alpha·op(A)·op(B) + beta·C}, where {@code C} is {@code m×n}, {@code op(A)} is {@code m×k} and
     * {@code op(B)} is {@code k×n}. Element {@code (i, j)} of {@code C} is {@code c[cOff + i*ldc + j]}; element
     * {@code (i, p)} of {@code op(A)} is {@code a[aOff + i*lda + p]}, or {@code a[aOff + p*lda + i]} when
     * {@code transA} (A stored {@code k×m}); element {@code (p, j)} of {@code op(B)} is
     * {@code b[bOff + p*ldb + j]}, or {@code b[bOff + j*ldb + p]} when {@code transB} (B stored {@code n×k}).
     * A leading dimension is the distance between rows as stored, so a matrix may be part of a larger one.
     *
     * <p>Each element of {@code C} is computed in this order, the same bits on every implementation and
     * machine: first {@code c = +0.0} if {@code beta == 0} (whatever {@code c} held, NaN included, as in BLAS),
     * {@code c = beta * c} if {@code beta} is neither 0 nor 1, nothing if {@code beta == 1}; then, unless
     * {@code alpha == 0} or {@code k == 0} (where {@code A} and {@code B} are not read), the terms
     * {@code op(A)(i, p)·op(B)(p, j)} are summed in one of matmul's orders (see the class documentation), and
     * after each block {@code c = c + alpha * s} (two roundings; with {@code alpha == 1}, exactly {@code c + s}).
     * The order is the dot order (16 partial sums, one block) when {@code transB},
     * {@code m <= }{@link #MATMUL_DOT_BATCH} and {@code k >= }{@link #SGEMM_DOT_RATIO}{@code * m}: each element is
     * then the dot product of a row of {@code op(A)} and a row of {@code B} as stored, as matmulBackward's dX
     * sums it at such batches; otherwise it is the blocked order (blocks of {@link #MATMUL_BLOCK} in order, each
     * from +0.0 with {@link Math#fma(float, float, float)}).
     *
     * @param transA whether {@code A} is stored transposed ({@code k×m})
     * @param transB whether {@code B} is stored transposed ({@code n×k})
     * @param m the rows of {@code C} and {@code op(A)}
     * @param n the columns of {@code C} and {@code op(B)}
     * @param k the columns of {@code op(A)}, the rows of {@code op(B)}
     * @param alpha the factor of the product
     * @param a the matrix {@code A}
     * @param aOff the index in {@code a} of its element {@code (0, 0)} as stored
     * @param lda the distance in {@code a} between rows as stored: at least {@code k} ({@code m} when
     *     {@code transA}), and at least 1
     * @param b the matrix {@code B}
     * @param bOff the index in {@code b} of its element {@code (0, 0)} as stored
     * @param ldb the distance in {@code b} between rows as stored: at least {@code n} ({@code k} when
     *     {@code transB}), and at least 1
     * @param beta the factor of {@code C}'s old value
     * @param c the matrix {@code C}, read (unless {@code beta == 0}) and written
     * @param cOff the index in {@code c} of element {@code (0, 0)}
     * @param ldc the distance in {@code c} between rows: at least {@code n}, and at least 1
     * @throws NullPointerException if {@code a}, {@code b} or {@code c} is {@code null}
     * @throws IllegalArgumentException if {@code m}, {@code n} or {@code k} is negative; if a leading dimension
     *     is less than its rows' length (or than 1); if a matrix's extent (from its first element to its last,
     *     {@code (rows-1)*ld + columns}) exceeds {@link Integer#MAX_VALUE}; or if {@code C}'s extent overlaps
     *     {@code A}'s or {@code B}'s in the same array
     * @throws IndexOutOfBoundsException if a matrix's extent does not lie within its array (checked when the
     *     matrix is empty too, from its offset)
     */
    void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
               float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc);

    /**
     * {@link #addBackward(float[], int, float[], int, float[], int, int)} over whole arrays of one length
     * {@code n}: for each {@code i} in {@code [0, n)}, {@code dx[i] += dz[i]; dy[i] += dz[i]}. {@code dx} and
     * {@code dy} may be the same array.
     *
     * @param dz the gradient of {@code z}
     * @param dx the gradient of {@code x}, accumulated into
     * @param dy the gradient of {@code y}, accumulated into
     * @throws NullPointerException if {@code dz}, {@code dx} or {@code dy} is {@code null}
     * @throws IllegalArgumentException if the three lengths are not all equal, or if {@code dx} or {@code dy}
     *     is the same (non-empty) array as {@code dz}
     */
    default void addBackward(float[] dz, float[] dx, float[] dy) {
        int n = Checks.sameLength("dz", dz, "dx", dx);
        Checks.sameLength("dz", dz, "dy", dy);
        addBackward(dz, 0, dx, 0, dy, 0, n);
    }

    /**
     * {@link #mulBackward(float[], int, float[], int, float[], int, float[], int, float[], int, int)} over whole
     * arrays of one length {@code n}: for each {@code i} in {@code [0, n)},
     * {@code dx[i] += dz[i] * y[i]; dy[i] += dz[i] * x[i]}. {@code dx} and {@code dy} may be the same array.
     *
     * @param dz the gradient of {@code z}
     * @param x the forward input {@code x}
     * @param y the forward input {@code y}
     * @param dx the gradient of {@code x}, accumulated into
     * @param dy the gradient of {@code y}, accumulated into
     * @throws NullPointerException if any of the five arrays is {@code null}
     * @throws IllegalArgumentException if the five lengths are not all equal, or if {@code dx} or {@code dy}
     *     is the same (non-empty) array as {@code dz}, {@code x} or {@code y}
     */
    default void mulBackward(float[] dz, float[] x, float[] y, float[] dx, float[] dy) {
        int n = binaryLength(dz, x, y, dx, dy);
        mulBackward(dz, 0, x, 0, y, 0, dx, 0, dy, 0, n);
    }

    /**
     * {@link #maxBackward(float[], int, float[], int, float[], int, float[], int, float[], int, int)} over whole
     * arrays of one length, with the same rules at offset 0. {@code dx} and {@code dy} may be the same array.
     *
     * @param dz the gradient of {@code z}
     * @param x the forward input {@code x}
     * @param y the forward input {@code y}
     * @param dx the gradient of {@code x}, accumulated into
     * @param dy the gradient of {@code y}, accumulated into
     * @throws NullPointerException if any of the five arrays is {@code null}
     * @throws IllegalArgumentException if the five lengths are not all equal, or if {@code dx} or {@code dy}
     *     is the same (non-empty) array as {@code dz}, {@code x} or {@code y}
     */
    default void maxBackward(float[] dz, float[] x, float[] y, float[] dx, float[] dy) {
        int n = binaryLength(dz, x, y, dx, dy);
        maxBackward(dz, 0, x, 0, y, 0, dx, 0, dy, 0, n);
    }

    /**
     * {@link #reluBackward(float[], int, float[], int, float[], int, int)} over whole arrays of one length
     * {@code n}: for each {@code i} in {@code [0, n)}, if {@code x[i] > 0} then {@code dx[i] += dz[i]}.
     *
     * @param dz the gradient of {@code z}
     * @param x the forward input {@code x}
     * @param dx the gradient of {@code x}, accumulated into
     * @throws NullPointerException if {@code dz}, {@code x} or {@code dx} is {@code null}
     * @throws IllegalArgumentException if the three lengths are not all equal, or if {@code dx} is the same
     *     (non-empty) array as {@code dz} or {@code x}
     */
    default void reluBackward(float[] dz, float[] x, float[] dx) {
        int n = Checks.sameLength("dz", dz, "x", x);
        Checks.sameLength("dz", dz, "dx", dx);
        reluBackward(dz, 0, x, 0, dx, 0, n);
    }

    /**
     * {@link #copyBackward(float[], int, int, float[], int, int)} over whole arrays, with
     * {@code n = dx.length}: {@code dz.length} must be {@code copies * n}. For {@code c = 0 .. copies-1}, in
     * that order, and each {@code j} in {@code [0, n)}: {@code dx[j] += dz[c*n + j]}.
     *
     * @param dz the gradients of the copies, {@code copies × dx.length}, back to back
     * @param copies the number of copies
     * @param dx the gradient of {@code x}, accumulated into
     * @throws NullPointerException if {@code dz} or {@code dx} is {@code null}
     * @throws IllegalArgumentException if {@code copies < 0}; if {@code copies * dx.length} exceeds
     *     {@link Integer#MAX_VALUE} or differs from {@code dz.length}; or if {@code dx} is the same (non-empty)
     *     array as {@code dz}
     */
    default void copyBackward(float[] dz, int copies, float[] dx) {
        Checks.nonNull("dz", dz);
        Checks.nonNull("dx", dx);
        Checks.nonNegative("copies", copies);
        int n = dx.length;
        Checks.lengthIs("dz", dz, Checks.product("copies * dx.length", copies, n));
        copyBackward(dz, 0, copies, dx, 0, n);
    }

    /**
     * {@link #sigmoidBackward(float[], int, float[], int, float[], int, int)} over whole arrays of one length
     * {@code n}: for each {@code i} in {@code [0, n)}, {@code dx[i] += (dz[i] * (1 - s[i])) * s[i]}.
     *
     * @param dz the gradient of {@code s}
     * @param s the forward output {@code σ(x)}
     * @param dx the gradient of {@code x}, accumulated into
     * @throws NullPointerException if {@code dz}, {@code s} or {@code dx} is {@code null}
     * @throws IllegalArgumentException if the three lengths are not all equal, or if {@code dx} is the same
     *     (non-empty) array as {@code dz} or {@code s}
     */
    default void sigmoidBackward(float[] dz, float[] s, float[] dx) {
        int n = Checks.sameLength("dz", dz, "s", s);
        Checks.sameLength("dz", dz, "dx", dx);
        sigmoidBackward(dz, 0, s, 0, dx, 0, n);
    }

    /**
     * {@link #matmulBackward(float[], int, float[], int, float[], int, float[], int, float[], int, int, int, int)}
     * over whole arrays, at offset 0: {@code dY.length == m*n}, {@code x.length == dX.length == m*k} and
     * {@code w.length == dW.length == k*n}, for the arrays that the call uses ({@code w} only when {@code dX}
     * is given, {@code x} only when {@code dW} is given).
     *
     * @param dY the gradient of {@code Y}, {@code m×n}
     * @param x the forward input {@code X}, {@code m×k}; may be {@code null} when {@code dW} is {@code null}
     * @param w the weights {@code W}, {@code k×n}; may be {@code null} when {@code dX} is {@code null}
     * @param dX the gradient of {@code X}, {@code m×k}, accumulated into, or {@code null} to skip it
     * @param dW the gradient of {@code W}, {@code k×n}, accumulated into, or {@code null} to skip it
     * @param m the rows of {@code X} and {@code dY} (the batch)
     * @param k the columns of {@code X}, the rows of {@code W}
     * @param n the columns of {@code W} and {@code dY}
     * @throws NullPointerException if {@code dY} is {@code null}, if {@code dX} is given and {@code w} is
     *     {@code null}, or if {@code dW} is given and {@code x} is {@code null}
     * @throws IllegalArgumentException if {@code m}, {@code k} or {@code n} is negative; if {@code m*k},
     *     {@code k*n} or {@code m*n} exceeds {@link Integer#MAX_VALUE}; if an array that is used has another
     *     length than the one above; or if an output is the same (non-empty) array as an input that the call
     *     reads ({@code dY} always, {@code w} when {@code dX} is given, {@code x} when {@code dW} is given)
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
