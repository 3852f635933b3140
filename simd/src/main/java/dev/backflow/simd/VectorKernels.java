package dev.backflow.simd;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;

import dev.backflow.internal.ScalarLoops;
import dev.backflow.spi.CheckedBackwardKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation ({@code "vector"}). add and sigmoid run the reference loops, which C2
 * vectorizes itself into faster code (see the note at {@link #addKernel}); every other elementwise kernel applies
 * the contract's formula lane by lane, with the same operations in the same order as {@link ScalarLoops}, and
 * hands the elements that do not fill a whole vector to {@link ScalarLoops} itself: both forms give the same bits
 * by construction.
 * Outputs are stored before the next output is loaded, so that dx and dy may be the same region.
 */
final class VectorKernels extends CheckedBackwardKernels {

    /** A constant species, so that C2 can keep vectors in registers instead of boxing them. */
    static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    static final int LANES = SPECIES.length();

    /** Single-threaded kernels. */
    VectorKernels() {
        this(1);
    }

    /** Kernels that run each large call on up to {@code threads} threads (matmul: see {@link MatmulEngine}). */
    VectorKernels(int threads) {
        super(threads);
    }

    static int preferredBits() {
        return SPECIES.vectorBitSize();
    }

    // The warm-up's shapes. Each names the path it takes under today's routes (MatmulEngine's, from the
    // contract and the tuning table, Blocking); a change of routes must keep each path covered.

    /** Elementwise length: one pass of the two-vector loop, one of the one-vector loop, a one-element tail. */
    static final int WARM_UP_N = 3 * LANES + 1;
    /** More than four copies: the tiled copy path, one group of four rows, then a single row. */
    static final int WARM_UP_COPIES = 5;
    /** A batch of one row (n a full vector): the unpacked SmallMatmul path for both dX and dW. */
    static final int WARM_UP_SMALL_M = 1, WARM_UP_SMALL_K = 4, WARM_UP_SMALL_N = LANES;
    /** m = k = n = 64: the packed GEMM for both dX (m above MATMUL_DOT_BATCH) and dW (m above one). */
    static final int WARM_UP_PACKED = 64;

    /**
     * One tiny call of each path, so that everything the kernels need (classes of this module and of the
     * Vector API, caches, scratch) is initialised now: a failure here (an OutOfMemoryError, say) makes the
     * provider's {@code create()} fail, and the dispatcher fall back to scalar, instead of failing a later call
     * in the middle of training. The results are discarded.
     */
    void initialise() {
        int n = WARM_UP_N;
        float[] a = new float[n], b = new float[n], c = new float[n], d = new float[n], e = new float[n];
        addBackward(a, d, e);
        mulBackward(a, b, c, d, e);
        maxBackward(a, b, c, d, e);
        reluBackward(a, b, d);
        sigmoidBackward(a, b, d);
        copyBackward(new float[WARM_UP_COPIES * n], WARM_UP_COPIES, d);
        matmul(WARM_UP_SMALL_M, WARM_UP_SMALL_K, WARM_UP_SMALL_N);
        matmul(WARM_UP_PACKED, WARM_UP_PACKED, WARM_UP_PACKED);
    }

    private void matmul(int m, int k, int n) {
        matmulBackward(new float[m * n], new float[m * k], new float[k * n], new float[m * k], new float[k * n],
                m, k, n);
    }

    @Override
    public String name() {
        return "vector";
    }

    // Each Vector API elementwise kernel is one vector step, applied two at a time (C2 unrolls Vector API loops less
    // than it unrolls the scalar loops it auto-vectorizes), then one at a time, then ScalarLoops for the tail.
    // The driver loop is written out per kernel on purpose: one shared driver taking the step as a lambda
    // would be a single call site for six kernels, megamorphic, and C2 only intrinsifies the Vector API
    // calls it can inline; the vectors would be boxed.

    // add and sigmoid: C2's SuperWord turns the reference loops themselves into vector code that is at least
    // as fast as a Vector API loop at every size (it aligns its main loop to the stores with a pre-loop and
    // unrolls it further; measurements in docs/tuning.md). So "vector" runs the very same loops for these two:
    // same bits by construction, and never slower. (With -XX:-UseSuperWord they are scalar code.) The other
    // gates' loops are not vectorized by C2 (masks, blends, or several outputs); there the Vector API is faster.

    @Override
    protected void addKernel(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        ScalarLoops.add(dz, dzOff, dx, dxOff, dy, dyOff, n);
    }

    @Override
    protected void mulKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                             float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        int i = 0;
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            mul(dz, dzOff + i, x, xOff + i, y, yOff + i, dx, dxOff + i, dy, dyOff + i);
            mul(dz, dzOff + i + LANES, x, xOff + i + LANES, y, yOff + i + LANES, dx, dxOff + i + LANES, dy,
                    dyOff + i + LANES);
        }
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            mul(dz, dzOff + i, x, xOff + i, y, yOff + i, dx, dxOff + i, dy, dyOff + i);
        }
        ScalarLoops.mul(dz, dzOff + i, x, xOff + i, y, yOff + i, dx, dxOff + i, dy, dyOff + i, n - i);
    }

    private static void mul(float[] dz, int z, float[] x, int xi, float[] y, int yi, float[] dx, int dxi,
                            float[] dy, int dyi) {
        FloatVector g = FloatVector.fromArray(SPECIES, dz, z);
        FloatVector xv = FloatVector.fromArray(SPECIES, x, xi);
        FloatVector yv = FloatVector.fromArray(SPECIES, y, yi);
        FloatVector.fromArray(SPECIES, dx, dxi).add(g.mul(yv)).intoArray(dx, dxi);
        FloatVector.fromArray(SPECIES, dy, dyi).add(g.mul(xv)).intoArray(dy, dyi);
    }

    @Override
    protected void maxKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                             float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        int i = 0;
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            max(dz, dzOff + i, x, xOff + i, y, yOff + i, dx, dxOff + i, dy, dyOff + i);
            max(dz, dzOff + i + LANES, x, xOff + i + LANES, y, yOff + i + LANES, dx, dxOff + i + LANES, dy,
                    dyOff + i + LANES);
        }
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            max(dz, dzOff + i, x, xOff + i, y, yOff + i, dx, dxOff + i, dy, dyOff + i);
        }
        ScalarLoops.max(dz, dzOff + i, x, xOff + i, y, yOff + i, dx, dxOff + i, dy, dyOff + i, n - i);
    }

    /**
     * The addend is dz, or dz * 0.5 on ties; dx takes it unless x &lt; y, dy unless x &gt; y. A NaN compares
     * false every way, so both take dz, as the contract says. Masked adds leave the other lanes untouched.
     */
    private static void max(float[] dz, int z, float[] x, int xi, float[] y, int yi, float[] dx, int dxi,
                            float[] dy, int dyi) {
        FloatVector g = FloatVector.fromArray(SPECIES, dz, z);
        FloatVector xv = FloatVector.fromArray(SPECIES, x, xi);
        FloatVector yv = FloatVector.fromArray(SPECIES, y, yi);
        VectorMask<Float> xLess = xv.compare(LT, yv);
        VectorMask<Float> xMore = xv.compare(GT, yv);
        FloatVector addend = g.blend(g.mul(0.5f), xv.compare(EQ, yv));
        FloatVector.fromArray(SPECIES, dx, dxi).add(addend, xLess.not()).intoArray(dx, dxi);
        FloatVector.fromArray(SPECIES, dy, dyi).add(addend, xMore.not()).intoArray(dy, dyi);
    }

    @Override
    protected void reluKernel(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int bound = n - 2 * LANES; i <= bound; i += 2 * LANES) {
            relu(dz, dzOff + i, x, xOff + i, dx, dxOff + i);
            relu(dz, dzOff + i + LANES, x, xOff + i + LANES, dx, dxOff + i + LANES);
        }
        for (int bound = SPECIES.loopBound(n); i < bound; i += LANES) {
            relu(dz, dzOff + i, x, xOff + i, dx, dxOff + i);
        }
        ScalarLoops.relu(dz, dzOff + i, x, xOff + i, dx, dxOff + i, n - i);
    }

    private static void relu(float[] dz, int z, float[] x, int xi, float[] dx, int dxi) {
        VectorMask<Float> positive = FloatVector.fromArray(SPECIES, x, xi).compare(GT, 0f);
        FloatVector.fromArray(SPECIES, dx, dxi).add(FloatVector.fromArray(SPECIES, dz, z), positive).intoArray(dx, dxi);
    }

    @Override
    protected void sigmoidKernel(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n) {
        ScalarLoops.sigmoid(dz, dzOff, s, sOff, dx, dxOff, n);
    }

    /**
     * Up to four copies: one pass, each vector of dx loaded once, the copies added in registers, stored once.
     * More (a bias gradient over a batch): dx is walked in tiles that stay in cache; each tile takes the
     * copies four rows at a time, (((dx + row c) + row c+1) + ...), so dx is loaded and stored once per four
     * copies and dz is read as long contiguous runs. Either way each element receives the copies in the order
     * c = 0, 1, ..., as the contract says. No vector is carried around a loop, so even a first, interpreted
     * call on a huge array is compiled quickly (OSR of a loop carrying a vector boxes it). The tile is the tuning
     * table's {@link Blocking#COPY_TILE}; docs/tuning.md has the register strips that were tried instead.
     */
    @Override
    protected void copyKernel(float[] dz, int dzOff, int copies, int stride, float[] dx, int dxOff, int n) {
        if (copies <= Blocking.COPY_ROWS) {
            addRows(dz, dzOff, stride, copies, dx, dxOff, n);
            return;
        }
        for (int t = 0; t < n; t += Blocking.COPY_TILE) {
            int len = Math.min(Blocking.COPY_TILE, n - t);
            for (int c = 0; c < copies; c += Blocking.COPY_ROWS) {
                addRows(dz, dzOff + c * stride + t, stride, Math.min(Blocking.COPY_ROWS, copies - c), dx, dxOff + t,
                        len);
            }
        }
    }

    /**
     * dx[j] += row 0, then row 1, ... for rows (1 to 4) that lie stride apart in dz, for j &lt; len. One loop
     * per row count: a row-count test inside the loop was slower (docs/tuning.md).
     */
    private static void addRows(float[] dz, int base, int stride, int rows, float[] dx, int dxOff, int len) {
        int j = 0;
        int bound = SPECIES.loopBound(len);
        int r1 = base + stride;
        int r2 = base + 2 * stride;
        int r3 = base + 3 * stride;
        switch (rows) {
            case 1 -> {
                for (; j < bound; j += LANES) {
                    FloatVector.fromArray(SPECIES, dx, dxOff + j).add(FloatVector.fromArray(SPECIES, dz, base + j))
                            .intoArray(dx, dxOff + j);
                }
            }
            case 2 -> {
                for (; j < bound; j += LANES) {
                    FloatVector.fromArray(SPECIES, dx, dxOff + j).add(FloatVector.fromArray(SPECIES, dz, base + j))
                            .add(FloatVector.fromArray(SPECIES, dz, r1 + j)).intoArray(dx, dxOff + j);
                }
            }
            case 3 -> {
                for (; j < bound; j += LANES) {
                    FloatVector.fromArray(SPECIES, dx, dxOff + j).add(FloatVector.fromArray(SPECIES, dz, base + j))
                            .add(FloatVector.fromArray(SPECIES, dz, r1 + j))
                            .add(FloatVector.fromArray(SPECIES, dz, r2 + j)).intoArray(dx, dxOff + j);
                }
            }
            default -> {
                for (; j < bound; j += LANES) {
                    FloatVector.fromArray(SPECIES, dx, dxOff + j).add(FloatVector.fromArray(SPECIES, dz, base + j))
                            .add(FloatVector.fromArray(SPECIES, dz, r1 + j))
                            .add(FloatVector.fromArray(SPECIES, dz, r2 + j))
                            .add(FloatVector.fromArray(SPECIES, dz, r3 + j)).intoArray(dx, dxOff + j);
                }
            }
        }
        ScalarLoops.copy(dz, base + j, rows, stride, dx, dxOff + j, len - j);
    }

    @Override
    protected void matmulKernel(float[] dY, int dYOff, int ldDY, float[] x, int xOff, int ldX, float[] w, int wOff,
                                int ldW, float[] dX, int dXOff, int ldDX, float[] dW, int dWOff, int ldDW,
                                int m, int k, int n) {
        MatmulEngine.run(threads(), dY, dYOff, ldDY, x, xOff, ldX, w, wOff, ldW, dX, dXOff, ldDX, dW, dWOff, ldDW,
                m, k, n);
    }

    @Override
    protected void gemmKernel(int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                              float[] b, int bOff, int bRs, int bCs, float beta, float[] c, int cOff, int ldc,
                              boolean dotOrder) {
        MatmulEngine.gemm(threads(), m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc,
                dotOrder);
    }
}
