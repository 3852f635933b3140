package dev.backflow.spi;

import static dev.backflow.internal.Checks.nonNegative;
import static dev.backflow.internal.Checks.nonNull;
import static dev.backflow.internal.Checks.outputApartFromInput;
import static dev.backflow.internal.Checks.outputsApartOrSame;
import static dev.backflow.internal.Checks.product;
import static dev.backflow.internal.Checks.range;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.internal.Checks;
import dev.backflow.internal.ScalarMatmul;
import dev.backflow.internal.Split;
import dev.backflow.internal.Workers;
import java.util.function.IntConsumer;

/**
 * Base of every implementation: checks each call's arguments once, against every rule of the
 * {@link BackwardKernels} contract, then calls a kernel that may assume valid, non-overlapping input and sizes
 * above zero. Zero sizes return before any kernel is called. The checks allocate nothing.
 *
 * <p>The {@code *Kernel} methods are all that an implementation writes.
 *
 * <h2>Threads</h2>
 * An instance made with a thread count above 1 splits each large elementwise call, after the checks, into
 * contiguous ranges that start at multiples of 64 elements, and calls the kernel once per range on up to
 * {@link #threads()} threads (the caller and Backflow's worker threads). Every element is computed by one
 * kernel call with the same formula, so the bits do not depend on the split. {@code copyBackward} is split over
 * its {@code n} columns: each range's kernel call sums all the copies of its columns, in order. Calls whose work
 * is below a measured size, and every call of a one-thread instance, run on the calling thread without
 * allocating. {@link #matmulKernel} is never split here: only the implementation knows which of its paths keep
 * the bits whatever the split, so it splits itself, with {@link #parts}, {@link #partStart} and
 * {@link #runParts}, over output elements only (never over a sum), so that it too gives the same bits at every
 * thread count.
 */
public abstract class CheckedBackwardKernels implements BackwardKernels {

    private final int threads;

    /** A single-threaded implementation. */
    protected CheckedBackwardKernels() {
        this(1);
    }

    /**
     * An implementation that runs each large call on up to {@code threads} threads.
     *
     * @param threads the most threads one call may run on
     * @throws IllegalArgumentException if {@code threads} is not in {@code [1, }{@link Kernels#MAX_THREADS}{@code ]}
     */
    protected CheckedBackwardKernels(int threads) {
        Checks.threadCount(threads);
        this.threads = threads;
    }

    /**
     * The most threads one call of this instance runs on.
     *
     * @return the thread count (1: the caller's thread alone)
     */
    public final int threads() {
        return threads;
    }

    /**
     * The number of parts to cut a call into: {@code min(threads(), work / grain, units)}, at least 1, where
     * {@code work} is the call's size in any unit, {@code grain} the least work per part for which a split pays
     * (measured by the implementation), and {@code units} the number of pieces it can be cut into. Always 1 for
     * a one-thread instance.
     *
     * @param work the call's size
     * @param grain the least work per part
     * @param units the most parts the work can be cut into
     * @return the number of parts, at least 1
     * @throws IllegalArgumentException if {@code grain < 1} (on an instance of more than one thread)
     */
    protected final int parts(long work, long grain, long units) {
        return threads == 1 ? 1 : Split.parts(threads, work, grain, units);
    }

    /**
     * Where part {@code part} of {@code parts} starts when {@code length} items are cut at multiples of
     * {@code align}; part {@code parts} "starts" at {@code length}. Every part is non-empty when
     * {@code parts <= ceil(length / align)}.
     *
     * @param part the part, in {@code [0, parts]}
     * @param parts the number of parts
     * @param length the number of items
     * @param align the multiple at which parts are cut
     * @return the index of the part's first item
     */
    protected static int partStart(int part, int parts, int length, int align) {
        return Split.start(part, parts, length, align);
    }

    /**
     * Runs {@code part.accept(p)} for each {@code p} in {@code [0, parts)} on up to {@link #threads()} threads,
     * the calling thread among them, and returns when all are done. Every part runs even if one throws; the
     * first failure is then rethrown. A call from inside one of Backflow's worker threads runs its parts in
     * order on that thread, so nested calls cannot deadlock; so does a call made while one call per available
     * processor is already split (see {@link BackwardKernels}, "Threads").
     *
     * @param parts the number of parts
     * @param part what to run for each part, given its index
     */
    protected final void runParts(int parts, IntConsumer part) {
        Workers.run(threads, parts, part);
    }

    @Override
    public final void addBackward(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        nonNull("dz", dz);
        nonNull("dx", dx);
        nonNull("dy", dy);
        nonNegative("n", n);
        range("dz", dz, dzOff, n);
        range("dx", dx, dxOff, n);
        range("dy", dy, dyOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "dz", dz, dzOff, n);
        outputApartFromInput("dy", dy, dyOff, n, "dz", dz, dzOff, n);
        outputsApartOrSame("dx", dx, dxOff, n, "dy", dy, dyOff, n);
        if (n > 0) {
            int parts = elementwiseParts(n, n);
            if (parts == 1) { // written out in every gate: a lambda here would allocate on each call
                addKernel(dz, dzOff, dx, dxOff, dy, dyOff, n);
            } else {
                runRanges(parts, n, (from, length) -> addKernel(dz, dzOff + from, dx, dxOff + from, dy, dyOff + from,
                        length));
            }
        }
    }

    @Override
    public final void mulBackward(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                  float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        checkBinary(dz, dzOff, x, xOff, y, yOff, dx, dxOff, dy, dyOff, n);
        if (n > 0) {
            int parts = elementwiseParts(n, n);
            if (parts == 1) { // written out in every gate: a lambda here would allocate on each call
                mulKernel(dz, dzOff, x, xOff, y, yOff, dx, dxOff, dy, dyOff, n);
            } else {
                runRanges(parts, n, (from, length) -> mulKernel(dz, dzOff + from, x, xOff + from, y, yOff + from,
                        dx, dxOff + from, dy, dyOff + from, length));
            }
        }
    }

    @Override
    public final void maxBackward(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                  float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        checkBinary(dz, dzOff, x, xOff, y, yOff, dx, dxOff, dy, dyOff, n);
        if (n > 0) {
            int parts = elementwiseParts(n, n);
            if (parts == 1) { // written out in every gate: a lambda here would allocate on each call
                maxKernel(dz, dzOff, x, xOff, y, yOff, dx, dxOff, dy, dyOff, n);
            } else {
                runRanges(parts, n, (from, length) -> maxKernel(dz, dzOff + from, x, xOff + from, y, yOff + from,
                        dx, dxOff + from, dy, dyOff + from, length));
            }
        }
    }

    @Override
    public final void reluBackward(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n) {
        checkUnary(dz, dzOff, "x", x, xOff, dx, dxOff, n);
        if (n > 0) {
            int parts = elementwiseParts(n, n);
            if (parts == 1) { // written out in every gate: a lambda here would allocate on each call
                reluKernel(dz, dzOff, x, xOff, dx, dxOff, n);
            } else {
                runRanges(parts, n, (from, length) -> reluKernel(dz, dzOff + from, x, xOff + from, dx, dxOff + from,
                        length));
            }
        }
    }

    @Override
    public final void sigmoidBackward(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n) {
        checkUnary(dz, dzOff, "s", s, sOff, dx, dxOff, n);
        if (n > 0) {
            int parts = elementwiseParts(n, n);
            if (parts == 1) { // written out in every gate: a lambda here would allocate on each call
                sigmoidKernel(dz, dzOff, s, sOff, dx, dxOff, n);
            } else {
                runRanges(parts, n, (from, length) -> sigmoidKernel(dz, dzOff + from, s, sOff + from, dx, dxOff + from,
                        length));
            }
        }
    }

    @Override
    public final void copyBackward(float[] dz, int dzOff, int ldDz, int copies, float[] dx, int dxOff, int n) {
        nonNull("dz", dz);
        nonNull("dx", dx);
        nonNegative("copies", copies);
        nonNegative("n", n);
        int work = product("copies * n", copies, n);
        int block = Checks.extent("ldDz", copies, n, ldDz);
        range("dz", dz, dzOff, block);
        range("dx", dx, dxOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "dz", dz, dzOff, block);
        if (block > 0) {
            int parts = elementwiseParts(work, n);
            if (parts == 1) { // written out in every gate: a lambda here would allocate on each call
                copyKernel(dz, dzOff, copies, ldDz, dx, dxOff, n);
            } else {
                runRanges(parts, n, (from, length) -> copyKernel(dz, dzOff + from, copies, ldDz, dx, dxOff + from,
                        length));
            }
        }
    }

    @Override
    public final void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha, float[] a, int aOff,
                            int lda, float[] b, int bOff, int ldb, float beta, float[] c, int cOff, int ldc) {
        nonNull("a", a);
        nonNull("b", b);
        nonNull("c", c);
        nonNegative("m", m);
        nonNegative("n", n);
        nonNegative("k", k);
        int aExtent = Checks.extent("lda", transA ? k : m, transA ? m : k, lda);
        int bExtent = Checks.extent("ldb", transB ? n : k, transB ? k : n, ldb);
        int cExtent = Checks.extent("ldc", m, n, ldc);
        range("a", a, aOff, aExtent);
        range("b", b, bOff, bExtent);
        range("c", c, cOff, cExtent);
        outputApartFromInput("c", c, cOff, cExtent, "a", a, aOff, aExtent);
        outputApartFromInput("c", c, cOff, cExtent, "b", b, bOff, bExtent);
        if (m > 0 && n > 0) {
            // A(i, p) = a[aOff + i*aRs + p*aCs], B(p, j) = b[bOff + p*bRs + j*bCs]: a transpose is a pair of strides
            gemmKernel(m, n, k, alpha, a, aOff, transA ? 1 : lda, transA ? lda : 1, b, bOff, transB ? 1 : ldb,
                    transB ? ldb : 1, beta, c, cOff, ldc, ScalarMatmul.gemmInDotOrder(transB, m, k));
        }
    }

    @Override
    public final void matmulBackward(float[] dY, int dYOff, int ldDY, float[] x, int xOff, int ldX, float[] w,
                                     int wOff, int ldW, float[] dX, int dXOff, int ldDX, float[] dW, int dWOff,
                                     int ldDW, int m, int k, int n) {
        Checks.matmulOperands(dY, x, w, dX, dW, m, k, n);
        int mk = product("m * k", m, k);
        product("k * n", k, n);
        product("m * n", m, n);
        int yExtent = Checks.extent("ldDY", m, n, ldDY);
        range("dY", dY, dYOff, yExtent);
        int xExtent = dW != null ? Checks.extent("ldX", m, k, ldX) : 0;
        int wExtent = dX != null ? Checks.extent("ldW", k, n, ldW) : 0;
        if (dX != null) {
            int dxExtent = Checks.extent("ldDX", m, k, ldDX);
            range("w", w, wOff, wExtent);
            range("dX", dX, dXOff, dxExtent);
            outputApartFromInput("dX", dX, dXOff, dxExtent, "dY", dY, dYOff, yExtent);
            outputApartFromInput("dX", dX, dXOff, dxExtent, "w", w, wOff, wExtent);
            if (dW != null) {
                outputApartFromInput("dX", dX, dXOff, dxExtent, "x", x, xOff, Checks.extent("ldX", m, k, ldX));
            }
        }
        if (dW != null) {
            int dwExtent = Checks.extent("ldDW", k, n, ldDW);
            range("x", x, xOff, xExtent);
            range("dW", dW, dWOff, dwExtent);
            outputApartFromInput("dW", dW, dWOff, dwExtent, "dY", dY, dYOff, yExtent);
            outputApartFromInput("dW", dW, dWOff, dwExtent, "x", x, xOff, xExtent);
            if (dX != null) {
                outputApartFromInput("dW", dW, dWOff, dwExtent, "w", w, wOff, wExtent);
                int dxExtent = Checks.extent("ldDX", m, k, ldDX);
                // The same matrix twice: both dense (contiguous regions), or the same shape and leading dimension
                boolean sameMatrixPossible = ldDX == k && ldDW == n || ldDX == ldDW && m == k && k == n;
                if (sameMatrixPossible) {
                    outputsApartOrSame("dX", dX, dXOff, dxExtent, "dW", dW, dWOff, dwExtent);
                } else {
                    Checks.outputsApart("dX", dX, dXOff, dxExtent, "dW", dW, dWOff, dwExtent);
                }
            }
        }
        if (mk > 0 && n > 0 && (dX != null || dW != null)) {
            matmulKernel(dY, dYOff, ldDY, x, xOff, ldX, w, wOff, ldW, dX, dXOff, ldDX, dW, dWOff, ldDW, m, k, n);
        }
    }

    /** A kernel call on the elements (for {@code copyBackward}, the columns) {@code [from, from + length)}. */
    @FunctionalInterface
    private interface Range {
        void run(int from, int length);
    }

    /**
     * Runs {@code range} on each of {@code parts} (at least 2) ranges of {@code [0, length)} that start at
     * multiples of {@link Split#ALIGN}, on up to {@link #threads()} threads. Every gate's split goes through
     * here; a one-part call does not: each gate calls its kernel directly, because the lambda that captures
     * the call's arguments would be allocated on every call, and the one-thread path allocates nothing.
     */
    private void runRanges(int parts, int length, Range range) {
        runParts(parts, p -> {
            int from = Split.start(p, parts, length, Split.ALIGN);
            range.run(from, Split.start(p + 1, parts, length, Split.ALIGN) - from);
        });
    }

    /**
     * Parts for an elementwise call of {@code work} elements over {@code columns} outputs: each part gets at
     * least {@link Split#ELEMENTWISE_GRAIN} elements of work and at least {@link Split#ALIGN} columns.
     */
    private int elementwiseParts(int work, int columns) {
        return parts(work, Split.ELEMENTWISE_GRAIN, columns / Split.ALIGN);
    }

    private static void checkBinary(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                    float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        nonNull("dz", dz);
        nonNull("x", x);
        nonNull("y", y);
        nonNull("dx", dx);
        nonNull("dy", dy);
        nonNegative("n", n);
        range("dz", dz, dzOff, n);
        range("x", x, xOff, n);
        range("y", y, yOff, n);
        range("dx", dx, dxOff, n);
        range("dy", dy, dyOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "dz", dz, dzOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "x", x, xOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "y", y, yOff, n);
        outputApartFromInput("dy", dy, dyOff, n, "dz", dz, dzOff, n);
        outputApartFromInput("dy", dy, dyOff, n, "x", x, xOff, n);
        outputApartFromInput("dy", dy, dyOff, n, "y", y, yOff, n);
        outputsApartOrSame("dx", dx, dxOff, n, "dy", dy, dyOff, n);
    }

    private static void checkUnary(float[] dz, int dzOff, String inName, float[] in, int inOff,
                                   float[] dx, int dxOff, int n) {
        nonNull("dz", dz);
        nonNull(inName, in);
        nonNull("dx", dx);
        nonNegative("n", n);
        range("dz", dz, dzOff, n);
        range(inName, in, inOff, n);
        range("dx", dx, dxOff, n);
        outputApartFromInput("dx", dx, dxOff, n, "dz", dz, dzOff, n);
        outputApartFromInput("dx", dx, dxOff, n, inName, in, inOff, n);
    }

    /**
     * {@link #addBackward}, on checked arguments with {@code n > 0}.
     *
     * @param dz the gradient of the gate's output
     * @param dzOff the index in {@code dz} of element 0
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param dy the gradient of {@code y}, accumulated into
     * @param dyOff the index in {@code dy} of element 0
     * @param n the number of elements, at least 1
     */
    protected abstract void addKernel(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /**
     * {@link #mulBackward}, on checked arguments with {@code n > 0}.
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
     * @param n the number of elements, at least 1
     */
    protected abstract void mulKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                      float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /**
     * {@link #maxBackward}, on checked arguments with {@code n > 0}.
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
     * @param n the number of elements, at least 1
     */
    protected abstract void maxKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                                      float[] dx, int dxOff, float[] dy, int dyOff, int n);

    /**
     * {@link #reluBackward}, on checked arguments with {@code n > 0}.
     *
     * @param dz the gradient of the gate's output
     * @param dzOff the index in {@code dz} of element 0
     * @param x the forward input {@code x}
     * @param xOff the index in {@code x} of element 0
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param n the number of elements, at least 1
     */
    protected abstract void reluKernel(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n);

    /**
     * {@link #sigmoidBackward}, on checked arguments with {@code n > 0}.
     *
     * @param dz the gradient of the gate's output
     * @param dzOff the index in {@code dz} of element 0
     * @param s the saved forward output {@code σ(x)}
     * @param sOff the index in {@code s} of element 0
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param n the number of elements, at least 1
     */
    protected abstract void sigmoidKernel(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n);

    /**
     * {@link #copyBackward} on columns {@code [0, n)} of a {@code copies × stride} block (checked arguments,
     * {@code copies > 0}, {@code 0 < n <= stride}): for {@code c = 0 .. copies-1} in that order and each
     * {@code j < n}, {@code dx[dxOff + j] += dz[dzOff + c*stride + j]}. The whole call passes
     * {@code stride == n}; a part of a split call passes its range of columns, with the full row length as
     * the stride.
     *
     * @param dz the gradients of the copies, a {@code copies × stride} block
     * @param dzOff the index in {@code dz} of the first copy's element 0
     * @param copies the number of copies, at least 1
     * @param stride the distance in {@code dz} from one copy to the next, at least {@code n}
     * @param dx the gradient of {@code x}, accumulated into
     * @param dxOff the index in {@code dx} of element 0
     * @param n the number of columns, at least 1
     */
    protected abstract void copyKernel(float[] dz, int dzOff, int copies, int stride, float[] dx, int dxOff, int n);

    /**
     * {@link #matmulBackward}, on checked arguments with {@code m, k, n > 0} and at least one of {@code dX},
     * {@code dW} not {@code null} (a {@code null} one is skipped). Called once per call, on the calling
     * thread; an implementation with {@link #threads()} above 1 may split its work with {@link #runParts},
     * provided the bits do not depend on the split.
     *
     * @param dY the gradient of {@code Y}, {@code m×n}
     * @param dYOff the index in {@code dY} of element {@code (0, 0)}
     * @param ldDY the distance between rows of {@code dY}
     * @param x the forward input {@code X}, {@code m×k}; {@code null} only when {@code dW} is
     * @param xOff the index in {@code x} of element {@code (0, 0)}
     * @param ldX the distance between rows of {@code X}
     * @param w the weights {@code W}, {@code k×n}; {@code null} only when {@code dX} is
     * @param wOff the index in {@code w} of element {@code (0, 0)}
     * @param ldW the distance between rows of {@code W}
     * @param dX the gradient of {@code X}, {@code m×k}, accumulated into; {@code null} to skip it
     * @param dXOff the index in {@code dX} of element {@code (0, 0)}
     * @param ldDX the distance between rows of {@code dX}
     * @param dW the gradient of {@code W}, {@code k×n}, accumulated into; {@code null} to skip it
     * @param dWOff the index in {@code dW} of element {@code (0, 0)}
     * @param ldDW the distance between rows of {@code dW}
     * @param m the rows of {@code X} and {@code dY}, at least 1
     * @param k the columns of {@code X}, the rows of {@code W}, at least 1
     * @param n the columns of {@code W} and {@code dY}, at least 1
     */
    protected abstract void matmulKernel(float[] dY, int dYOff, int ldDY, float[] x, int xOff, int ldX, float[] w,
                                         int wOff, int ldW, float[] dX, int dXOff, int ldDX, float[] dW, int dWOff,
                                         int ldDW, int m, int k, int n);

    /**
     * {@link #sgemm}, on checked arguments with {@code m, n > 0}, the transposes turned into strides:
     * {@code op(A)(i, p) = a[aOff + i*aRs + p*aCs]}, {@code op(B)(p, j) = b[bOff + p*bRs + j*bCs]}. Called once
     * per call, on the calling thread. This default runs the scalar reference ({@link ScalarMatmul#gemm}) over
     * {@code C}'s rows, split over threads; an implementation may override it with a faster one of the same
     * bits.
     *
     * @param m the rows of {@code C}, at least 1
     * @param n the columns of {@code C}, at least 1
     * @param k the length of each sum, at least 0
     * @param alpha the factor of the product
     * @param a the matrix {@code A}
     * @param aOff the index of {@code op(A)(0, 0)}
     * @param aRs the distance between rows of {@code op(A)}
     * @param aCs the distance between columns of {@code op(A)}
     * @param b the matrix {@code B}
     * @param bOff the index of {@code op(B)(0, 0)}
     * @param bRs the distance between rows of {@code op(B)}
     * @param bCs the distance between columns of {@code op(B)}
     * @param beta the factor of {@code C}'s old value
     * @param c the matrix {@code C}
     * @param cOff the index of {@code C(0, 0)}
     * @param ldc the distance between rows of {@code C}
     * @param dotOrder whether each element is summed in matmul's dot order rather than the blocked one: B is
     *     transposed ({@code bRs == 1}), {@code m <= MATMUL_DOT_BATCH} and {@code k >= SGEMM_DOT_RATIO * m}, see
     *     {@link BackwardKernels#sgemm}
     */
    protected void gemmKernel(int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                              float[] b, int bOff, int bRs, int bCs, float beta, float[] c, int cOff, int ldc,
                              boolean dotOrder) {
        int parts = parts((long) m * n * Math.max(1, k), Split.SCALAR_MATMUL_GRAIN, m);
        if (parts == 1) {
            ScalarMatmul.gemm(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc, dotOrder,
                    0, m);
        } else {
            runParts(parts, p -> ScalarMatmul.gemm(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta,
                    c, cOff, ldc, dotOrder, partStart(p, parts, m, 1), partStart(p + 1, parts, m, 1)));
        }
    }

    /** The class, the name and the thread count, such as {@code VectorKernels[vector, 4 threads]}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + name() + ", " + threads + (threads == 1 ? " thread]" : " threads]");
    }
}
