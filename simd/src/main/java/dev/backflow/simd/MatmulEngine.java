package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.internal.ScalarMatmul;
import dev.backflow.internal.Split;
import dev.backflow.internal.Workers;
import dev.backflow.spi.CheckedBackwardKernels;

/**
 * The products of matmulBackward and sgemm, each one GEMM, C = beta·C + alpha·A·B, on views of the caller's
 * arrays, as BLIS's objects describe an operand: an array, the offset of element (0, 0), a row stride and a
 * column stride, so that a transposed operand is the same array with its two strides swapped, absorbed by
 * packing. Each product is routed by its shape alone ({@link Route}) and cut into parts over C's columns or rows
 * for several threads ({@link Cut}); one thread is the one-part case of the same code ({@link #part}):
 *
 * <ul>
 *   <li>dX (m×k) += dY (m×n) · Wᵀ: A = dY as it lies (row stride ldDY, column stride 1); B = W transposed
 *       (row stride 1, column stride ldW).</li>
 *   <li>dW (k×n) += Xᵀ (k×m) · dY (m×n): A = X transposed (1, ldX); B = dY as it lies (ldDY, 1).</li>
 *   <li>sgemm: the views {@link CheckedBackwardKernels#sgemm} made of its transposes and leading dimensions.</li>
 * </ul>
 *
 * <p>A view is passed as its four values, never as an object: the one-thread path allocates nothing, without
 * relying on C2's escape analysis, and the GEMM's loops see plain arrays, offsets and strides.
 *
 * <p>Same bits at every thread count: a part is a block of output elements (whole GEMM slivers, or whole rows
 * or columns of the unpacked paths), the path is chosen from the whole shape before any cut, and every element
 * is summed by the same code in the same order whichever part holds it; no sum is ever split.
 *
 * <p>The packing scratch of every part is taken before anything is written, so a call that cannot get it
 * (OutOfMemoryError) leaves dX and dW as they were.
 */
final class MatmulEngine {
    private MatmulEngine() {}

    /**
     * dX takes the unpacked dot-product path exactly where the contract sums it in the dot order (m up to
     * {@link BackwardKernels#MATMUL_DOT_BATCH}): the route is the order, so it is a constant of the contract, not
     * a tuning. It reads W once and needs no transposing pack, which costs more than it saves for small batches.
     */
    static boolean dxUnpacked(int m) {
        return ScalarMatmul.dxInDotOrder(m);
    }

    /**
     * dW takes the unpacked path up to the tuning table's {@link Blocking#dwUnpackedBatch} (a batch of one), the
     * packed GEMM above it. Both paths sum in the blocked order, so this route changes no bits.
     */
    static boolean dwUnpacked(int m) {
        return m <= DW_UNPACKED_BATCH;
    }

    private static final int DW_UNPACKED_BATCH = Blocking.CURRENT.dwUnpackedBatch();

    /**
     * Multiply-adds a part must have for a split to pay: the tuning table's {@link Blocking#grain}. (Tests lower
     * it through {@code Split.overrideGrainForTests}.)
     */
    static final long GRAIN = Blocking.CURRENT.grain();

    /** A packed product is cut along C's rows where C has at most this many columns a row (the table's). */
    static final int ROW_CUT_RATIO = Blocking.CURRENT.rowCutRatio();

    /** dX's dot path is cut at multiples of this: the rows of W that {@link SmallMatmul#dX}'s kernels take. */
    private static final int DOT_ROWS = Blocking.CURRENT.dotRows();

    /** The code that computes a product, chosen from the whole product's shape before any cut. */
    enum Route {
        /**
         * The packed GEMM ({@link Gemm}): any strides; cut along C's rows (MR at a time) where C has at most
         * {@link #ROW_CUT_RATIO} columns a row, else along its columns (whole NR slivers), else rows.
         */
        PACKED,
        /** dX's dot products ({@link SmallMatmul#dX}): A's rows and B's columns contiguous; cut along C's columns. */
        DOT,
        /** dW's rank-one update ({@link SmallMatmul#dW}): A's columns and B's rows contiguous; cut along C's rows. */
        RANK_ONE,
        /**
         * dX on the packed GEMM with its operands swapped ({@link #dxSwapped}): dXᵀ (k×m) = W (k×n, as it lies) ·
         * dYᵀ, its sums added to dX transposed ({@link Gemm#addTransposed}); cut as {@link #PACKED} cuts dXᵀ.
         */
        SWAPPED;

        /** Whether this route runs the packed GEMM. */
        boolean packed() {
            return this == PACKED || this == SWAPPED;
        }
    }

    /**
     * Whether dX (m×k, n deep) takes {@link Route#SWAPPED}: with {@link Blocking#swapDx} (a property; on at 16
     * lanes), where the swapped product's tiles cover no more padding than the plain one's, and where it transposes
     * at most half as many floats: the plain route's transposing pack copies W, k·n floats; the swapped one copies
     * dYᵀ, m·n, and transposes the sums on their way to dX, m·k for each rounding block of the n terms. Each
     * element of dX is then Σ W[p][q]·dY[i][q], the same products (a product and a fused multiply-add give the same
     * bits with their factors swapped) in the same blocks and order as Σ dY[i][q]·W[p][q], so the route changes no
     * bits. Paired against the plain route in one JVM (Zen 5, family 26 model 2, one thread;
     * docs/results/2026-12-03-zen5-swapped-dx): dX at 64×784×256, where it transposes a third as many floats,
     * 1.09-1.14; at 128×256×512, as many, 1.00-1.08 (hence the half); at 512×1024×1024, 2.5 times as many, 0.84;
     * at 40×600×300, whose dXᵀ pads its second sliver from 8 columns to 32, 0.78.
     */
    static boolean dxSwapped(int m, int k, int n) {
        if (!SWAP_DX || !Transpose.SUPPORTED || m >= k) {
            return false;
        }
        long plainTiles = (long) slivers(m, Gemm.MR) * slivers(k, Gemm.NR);
        long swappedTiles = (long) slivers(k, Gemm.MR) * slivers(m, Gemm.NR);
        long blocks = slivers(n, Gemm.RB);
        return swappedTiles <= plainTiles && (long) k * n >= 2 * ((long) m * n + (long) m * k * blocks);
    }

    private static final boolean SWAP_DX = Blocking.CURRENT.swapDx();

    /**
     * How one product is cut: {@code parts} parts along C's columns or rows, each a multiple of {@code step}
     * (the last may be shorter). Made only for a call that splits; otherwise {@link #WHOLE}.
     */
    private record Cut(int parts, boolean columns, int step) {
        /** A product that is not asked for (dX or dW null): no part. */
        static final Cut NONE = new Cut(0, true, 1);
        /** The one-part case: the whole product, on the calling thread. */
        static final Cut WHOLE = new Cut(1, true, 1);

        /** The first row or column of a part of an m×n C; part {@code parts} "starts" at the end. */
        int from(int part, int m, int n) {
            return Split.start(part, parts, columns ? n : m, step);
        }

        /** The rows of a part of an m×n C. */
        int rows(int part, int m, int n) {
            return columns ? m : from(part + 1, m, n) - from(part, m, n);
        }

        /** The columns of a part of an m×n C. */
        int cols(int part, int m, int n) {
            return columns ? from(part + 1, m, n) - from(part, m, n) : n;
        }
    }

    /**
     * How to cut an m×n C of a product on this route, {@code work} multiply-adds in all, for up to
     * {@code threads} threads: a packed C with at most {@link #ROW_CUT_RATIO} columns a row along its rows (a
     * tile's rows at a time: {@link Gemm#MR} where A is row-major, {@link Gemm#MR_STEPS} where it is packed as steps)
     * where they give more than one part; else along its columns where they do, else along its rows (the dot route
     * never: its parts are whole columns); {@link Cut#WHOLE} where neither does.
     */
    private static Cut cut(int threads, Route route, long work, int m, int n, boolean aRowMajor) {
        int rowStep = route.packed() ? Gemm.tileRows(aRowMajor) : 1;
        int rows = route == Route.DOT ? 1 : Split.parts(threads, work, GRAIN, slivers(m, rowStep));
        if (rows > 1 && route.packed() && n <= (long) ROW_CUT_RATIO * m) {
            return new Cut(rows, false, rowStep);
        }
        int columnStep = route == Route.DOT ? DOT_ROWS : Gemm.NR;
        int columns = route == Route.RANK_ONE ? 1 : Split.parts(threads, work, GRAIN, slivers(n, columnStep));
        if (columns > 1) {
            return new Cut(columns, true, columnStep);
        }
        return rows > 1 ? new Cut(rows, false, rowStep) : Cut.WHOLE;
    }

    /**
     * dX += dY·Wᵀ and dW += Xᵀ·dY (either may be null), on up to {@code threads} threads: dX's parts run first,
     * then dW's, each part on its own scratch, all taken before the first write.
     */
    static void run(int threads, float[] dY, int dYOff, int ldDY, float[] x, int xOff, int ldX, float[] w, int wOff,
                    int ldW, float[] dX, int dXOff, int ldDX, float[] dW, int dWOff, int ldDW, int m, int k, int n) {
        Route rx = dxUnpacked(m) ? Route.DOT : dxSwapped(m, k, n) ? Route.SWAPPED : Route.PACKED;
        Route rw = dwUnpacked(m) ? Route.RANK_ONE : Route.PACKED;
        long work = (long) m * k * n;
        // Cut first, so that a call that stays on one thread allocates nothing: WHOLE and NONE are constants
        Cut cx = dX == null ? Cut.NONE
                : rx == Route.SWAPPED ? cut(threads, rx, work, k, m, true) : cut(threads, rx, work, m, k, true);
        Cut cw = dW == null ? Cut.NONE : cut(threads, rw, work, k, n, ldX == 1);
        // A split call is admitted if fewer than one per processor are in flight (Workers.tryEnter), else it runs
        // alone, on one scratch: so parked callers hold part scratch only while they are among those few
        if (Math.max(cx.parts(), cw.parts()) <= 1 || !Workers.tryEnter()) {
            Cut wholeX = dX == null ? Cut.NONE : Cut.WHOLE;
            Cut wholeW = dW == null ? Cut.NONE : Cut.WHOLE;
            Scratch s = scratch(0, rx, wholeX, rw, wholeW, m, k, n);
            try {
                if (dX != null) {
                    dxPart(s, rx, wholeX, 0, dY, dYOff, ldDY, w, wOff, ldW, dX, dXOff, ldDX, m, k, n);
                }
                if (dW != null) {
                    dwPart(s, rw, wholeW, 0, x, xOff, ldX, dY, dYOff, ldDY, dW, dWOff, ldDW, m, k, n);
                }
            } finally {
                release(s);
            }
            return;
        }
        // At most `threads` parts of each product, so a pool of one scratch per processor serves a call on as many
        // threads as processors without allocating; part p of dW runs on the scratch of part p of dX.
        Scratch[] scratch = null; // allocated inside the try: if even this array cannot be had, exit() still runs
        try {
            scratch = new Scratch[Math.max(cx.parts(), cw.parts())];
            for (int p = 0; p < scratch.length; p++) {
                scratch[p] = scratch(p, rx, cx, rw, cw, m, k, n);
            }
            Scratch[] parts = scratch;
            if (cx.parts() > 0) {
                Workers.runAdmitted(threads, cx.parts(),
                        p -> dxPart(parts[p], rx, cx, p, dY, dYOff, ldDY, w, wOff, ldW, dX, dXOff, ldDX, m, k, n));
            }
            if (cw.parts() > 0) {
                Workers.runAdmitted(threads, cw.parts(),
                        p -> dwPart(parts[p], rw, cw, p, x, xOff, ldX, dY, dYOff, ldDY, dW, dWOff, ldDW, m, k, n));
            }
        } finally {
            for (int p = 0; scratch != null && p < scratch.length; p++) {
                release(scratch[p]);
            }
            Workers.exit(); // after the scratch is back: only admitted calls ever hold part scratch
        }
    }

    /**
     * Part p of dX (m×k) += dY (m×n) · Wᵀ: A = dY as it lies, B = W transposed; on {@link Route#SWAPPED} part p
     * of dXᵀ (k×m) += W · dYᵀ: A = W as it lies, B = dY transposed, C = dX transposed.
     */
    private static void dxPart(Scratch s, Route route, Cut cut, int p, float[] dY, int dYOff, int ldDY, float[] w,
                               int wOff, int ldW, float[] dX, int dXOff, int ldDX, int m, int k, int n) {
        if (route == Route.SWAPPED) {
            part(s, route, cut, p, k, m, n, 1f, 1f, w, wOff, ldW, 1, dY, dYOff, 1, ldDY, dX, dXOff, ldDX);
        } else {
            part(s, route, cut, p, m, k, n, 1f, 1f, dY, dYOff, ldDY, 1, w, wOff, 1, ldW, dX, dXOff, ldDX);
        }
    }

    /** Part p of dW (k×n) += Xᵀ (k×m) · dY (m×n): A = X transposed, B = dY as it lies. */
    private static void dwPart(Scratch s, Route route, Cut cut, int p, float[] x, int xOff, int ldX, float[] dY,
                               int dYOff, int ldDY, float[] dW, int dWOff, int ldDW, int m, int k, int n) {
        part(s, route, cut, p, k, n, m, 1f, 1f, x, xOff, 1, ldX, dY, dYOff, ldDY, 1, dW, dWOff, ldDW);
    }

    /**
     * sgemm: C (m×n) = alpha·A·B + beta·C with A(i, p) = a[aOff + i*aRs + p*aCs] and
     * B(p, j) = b[bOff + p*bRs + j*bCs]: in the dot order on the dot route ({@link #dotGemm}), at most
     * {@link FewRows#ROWS} rows through {@link FewRows} where it takes them (one part, B not transposed), else on
     * the packed route, cut and run as {@link #run} does.
     */
    static void gemm(int threads, int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                     float[] b, int bOff, int bRs, int bCs, float beta, float[] c, int cOff, int ldc,
                     boolean dotOrder) {
        boolean multiply = alpha != 0f && k > 0; // else C is only scaled: no scratch
        if (dotOrder) {
            dotGemm(threads, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
            return;
        }
        Cut cut = cut(threads, Route.PACKED, (long) m * n * Math.max(1, k), m, n, aCs == 1);
        if (bCs == 1 && cut.parts() <= 1 && FewRows.takes(m, k, n)) {
            for (int i = 0; i < m; i++) {
                ScalarMatmul.scaleRow(beta, c, cOff + i * ldc, n);
            }
            if (multiply) {
                FewRows.multiply(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc);
            }
            return;
        }
        if (cut.parts() <= 1 || !Workers.tryEnter()) {
            Scratch s = multiply ? packedScratch(Cut.WHOLE, 0, m, n, k) : null;
            try {
                part(s, Route.PACKED, Cut.WHOLE, 0, m, n, k, alpha, beta, a, aOff, aRs, aCs, b, bOff, bRs, bCs, c,
                        cOff, ldc);
            } finally {
                release(s);
            }
            return;
        }
        Scratch[] scratch = null; // allocated inside the try: if even this array cannot be had, exit() still runs
        try {
            scratch = new Scratch[cut.parts()];
            for (int p = 0; multiply && p < cut.parts(); p++) {
                scratch[p] = packedScratch(cut, p, m, n, k);
            }
            Scratch[] parts = scratch;
            Workers.runAdmitted(threads, cut.parts(), p -> part(parts[p], Route.PACKED, cut, p, m, n, k, alpha, beta,
                    a, aOff, aRs, aCs, b, bOff, bRs, bCs, c, cOff, ldc));
        } finally {
            for (int p = 0; scratch != null && p < scratch.length; p++) {
                release(scratch[p]);
            }
            Workers.exit();
        }
    }

    /**
     * Op(A) larger than this many floats is not copied for {@link #dotGemm}: with A transposed as well as B, the
     * scalar reference reads it in place (the same bits, slowly), so that no call grows a scratch past 4 MiB.
     */
    static final int DOT_COPY_FLOATS = 1 << 20;

    /**
     * sgemm in the dot order (B transposed, m &lt;= {@link BackwardKernels#MATMUL_DOT_BATCH}, k &gt;=
     * {@link BackwardKernels#SGEMM_DOT_RATIO}·m) on dX's dot route:
     * each element of C is the dot product of a row of op(A) and a row of B as stored, contiguous, so B needs no
     * transposing pack (at a batch of one that pack cost as many copies as the product has multiply-adds). A
     * transposed A's rows are strided: they are copied first into the scratch of part 0, which every part reads.
     */
    private static void dotGemm(int threads, int m, int n, int k, float alpha, float[] a, int aOff, int aRs,
                                int aCs, float[] b, int bOff, int bRs, int bCs, float beta, float[] c, int cOff,
                                int ldc) {
        assert bRs == 1 && m <= BackwardKernels.MATMUL_DOT_BATCH;
        boolean copy = alpha != 0f && k > 0 && aCs != 1;
        if (copy && (long) m * k > DOT_COPY_FLOATS) {
            ScalarMatmul.gemm(m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc, true, 0, m);
            return;
        }
        Cut cut = cut(threads, Route.DOT, (long) m * n * Math.max(1, k), m, n, true);
        int rowsRs = copy ? k : aRs;
        if (cut.parts() <= 1 || !Workers.tryEnter()) {
            Scratch s = ScratchPool.acquire(copy ? m * k : 0, 0, 0);
            try {
                float[] rows = copy ? copyRows(a, aOff, aRs, aCs, m, k, s) : a;
                part(s, Route.DOT, Cut.WHOLE, 0, m, n, k, alpha, beta, rows, copy ? 0 : aOff, rowsRs, 1, b, bOff,
                        bRs, bCs, c, cOff, ldc);
            } finally {
                release(s);
            }
            return;
        }
        Scratch[] scratch = null;
        try {
            scratch = new Scratch[cut.parts()];
            for (int p = 0; p < cut.parts(); p++) {
                scratch[p] = ScratchPool.acquire(copy && p == 0 ? m * k : 0, 0, 0);
            }
            Scratch[] parts = scratch;
            float[] rows = copy ? copyRows(a, aOff, aRs, aCs, m, k, parts[0]) : a;
            Workers.runAdmitted(threads, cut.parts(), p -> part(parts[p], Route.DOT, cut, p, m, n, k, alpha, beta,
                    rows, copy ? 0 : aOff, rowsRs, 1, b, bOff, bRs, bCs, c, cOff, ldc));
        } finally {
            for (int p = 0; scratch != null && p < scratch.length; p++) {
                release(scratch[p]);
            }
            Workers.exit();
        }
    }

    /**
     * Op(A)'s rows, A(i, q) = a[aOff + i*aRs + q*aCs], copied to {@code s.a[i*k + q]}; returns s.a. A is stored
     * transposed (aRs 1): LANES×LANES blocks go through registers ({@link Transpose}), the rest a float at a time
     * (copied all a float at a time, 16×784×256 TT ran 1/1.17 as fast: Zen 5, family 26 model 2, one thread,
     * paired in one JVM).
     */
    private static float[] copyRows(float[] a, int aOff, int aRs, int aCs, int m, int k, Scratch s) {
        float[] rows = s.a;
        int lanes = VectorKernels.LANES;
        int mBlocked = aRs == 1 && Transpose.SUPPORTED ? m - m % lanes : 0;
        int kBlocked = k - k % lanes;
        for (int i0 = 0; i0 < mBlocked; i0 += lanes) {
            for (int q0 = 0; q0 < kBlocked; q0 += lanes) {
                Transpose.block(a, aOff + i0 + q0 * aCs, aCs, rows, i0 * k + q0, k, s.transposed);
            }
            for (int q = kBlocked; q < k; q++) {
                for (int i = i0; i < i0 + lanes; i++) {
                    rows[i * k + q] = a[aOff + i + q * aCs];
                }
            }
        }
        for (int i = mBlocked; i < m; i++) { // row by row: a loop over k for each row (with q outside, a loop
            // over one to 15 rows for each q cost about 3.4 µs of 13.8 a call at 1×784×256 TT with leading
            // dimensions: Zen 5, family 26 model 2, one thread, paired in one JVM; see
            // docs/results/2026-12-02-zen5-ld-cost-small-batches)
            copyRow(a, aOff + i * aRs, aCs, rows, i * k, k);
        }
        return rows;
    }

    /**
     * {@code k} floats {@code aCs} apart from {@code a[from]} to {@code rows[to]}, four loads a step. The loop
     * with one index {@code q·aCs} took 0.47-0.61 µs for 784 floats 8 apart fetched from past L1, this one
     * 0.34-0.42; the whole sgemm at 1×784×256 TT (lda 8, about 8 µs) ran 1.013-1.016 times as fast, the two loops
     * alternated in one JVM (Zen 5, family 26 model 2, one thread; docs/results/2026-12-03-zen5-copy-row-unrolled).
     */
    private static void copyRow(float[] a, int from, int aCs, float[] rows, int to, int k) {
        int q = 0;
        int at = from;
        for (; q <= k - 4; q += 4, at += 4 * aCs) {
            float v0 = a[at], v1 = a[at + aCs], v2 = a[at + 2 * aCs], v3 = a[at + 3 * aCs];
            rows[to + q] = v0;
            rows[to + q + 1] = v1;
            rows[to + q + 2] = v2;
            rows[to + q + 3] = v3;
        }
        for (; q < k; q++, at += aCs) {
            rows[to + q] = a[at];
        }
    }

    /**
     * Part {@code p} of one product on its route: C = beta·C + alpha·A·B for C (m×n), k deep, on the rows or
     * columns of C that the cut gives the part, with A(i, q) = a[aOff + i*aRs + q*aCs],
     * B(q, j) = b[bOff + q*bRs + j*bCs] and C(i, j) = c[cOff + i*ldc + j]. The dot route takes sgemm's alpha
     * and beta too; the rank-one route is matmulBackward's (alpha and beta 1; contiguous strides, see
     * {@link Route}).
     */
    private static void part(Scratch s, Route route, Cut cut, int p, int m, int n, int k, float alpha, float beta,
                             float[] a, int aOff, int aRs, int aCs, float[] b, int bOff, int bRs, int bCs, float[] c,
                             int cOff, int ldc) {
        int i0 = cut.columns() ? 0 : cut.from(p, m, n);
        int j0 = cut.columns() ? cut.from(p, m, n) : 0;
        int pm = cut.rows(p, m, n);
        int pn = cut.cols(p, m, n);
        boolean cTransposed = route == Route.SWAPPED; // C(i, j) = c[cOff + j*ldc + i]
        int c0 = cTransposed ? cOff + j0 * ldc + i0 : cOff + i0 * ldc + j0;
        assert !cTransposed || beta == 1f;
        if (beta != 1f) {
            for (int i = 0; i < pm; i++) {
                ScalarMatmul.scaleRow(beta, c, c0 + i * ldc, pn);
            }
        }
        if (route == Route.DOT) {
            if (alpha != 0f && k > 0) {
                SmallMatmul.dX(s.partials, alpha, a, aOff, aRs, b, bOff, bCs, c, cOff, ldc, m, k, j0, j0 + pn);
            }
        } else if (route == Route.RANK_ONE) {
            SmallMatmul.dW(a, aOff, aCs, b, bOff, bRs, c, cOff, ldc, k, n, i0, i0 + pm);
        } else {
            if (alpha != 0f && k > 0) {
                Gemm.multiply(s, pm, pn, k, alpha, a, aOff + i0 * aRs, aRs, aCs, b, bOff + j0 * bCs, bRs, bCs, c, c0,
                        ldc, cTransposed);
            }
        }
    }

    /**
     * The scratch of part p of matmulBackward's products, sized for whichever needs more (the GEMM's buffers; the
     * dot route only its partial sums); null where neither part needs one (the rank-one route).
     */
    private static Scratch scratch(int p, Route rx, Cut cx, Route rw, Cut cw, int m, int k, int n) {
        boolean forDx = p < cx.parts();
        boolean forDw = p < cw.parts() && rw == Route.PACKED;
        if (!forDx && !forDw) {
            return null;
        }
        boolean packDx = forDx && rx.packed();
        // dX is m×k (dXᵀ k×m on the swapped route), n deep; dW is k×n, m deep
        int xm = rx == Route.SWAPPED ? k : m;
        int xn = rx == Route.SWAPPED ? m : k;
        return ScratchPool.acquire(
                Math.max(packDx ? aFloats(cx, p, xm, xn, n) : 0, forDw ? aFloats(cw, p, k, n, m) : 0),
                Math.max(packDx ? bFloats(cx, p, xm, xn, n) : 0, forDw ? bFloats(cw, p, k, n, m) : 0),
                Math.max(packDx ? tFloats(cx, p, xm, xn) : 0, forDw ? tFloats(cw, p, k, n) : 0));
    }

    /** The scratch of part p of one packed product, C m×n, k deep. */
    private static Scratch packedScratch(Cut cut, int p, int m, int n, int k) {
        return ScratchPool.acquire(aFloats(cut, p, m, n, k), bFloats(cut, p, m, n, k), tFloats(cut, p, m, n));
    }

    private static int aFloats(Cut cut, int p, int m, int n, int k) {
        return Gemm.packedAFloats(cut.rows(p, m, n), k);
    }

    private static int bFloats(Cut cut, int p, int m, int n, int k) {
        return Gemm.packedBFloats(k, cut.cols(p, m, n));
    }

    private static int tFloats(Cut cut, int p, int m, int n) {
        return Gemm.tileFloats(cut.rows(p, m, n), cut.cols(p, m, n));
    }

    private static void release(Scratch s) {
        if (s != null) {
            ScratchPool.release(s);
        }
    }

    /** ceil(length / step), without overflow for any length up to {@link Integer#MAX_VALUE}. */
    private static int slivers(int length, int step) {
        return (int) (((long) length + step - 1) / step);
    }
}
