package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.internal.ScalarMatmul;
import dev.backflow.internal.Split;

/**
 * matmulBackward's two products, each routed to the packed GEMM ({@link Gemm}) or the unpacked path
 * ({@link SmallMatmul}) by its shape alone, mapped onto C += A·B with the operands' strides (so that the
 * transposes are absorbed by packing), and cut into parts over output columns or rows for several threads:
 *
 * <ul>
 *   <li>dX (m×k) += dY (m×n) · Wᵀ: A = dY, row-major; B(j, p) = W[p][j], read down W's rows.</li>
 *   <li>dW (k×n) += Xᵀ (k×m) · dY (m×n): A(p, i) = X[i][p], read down X's columns; B = dY, row-major.</li>
 * </ul>
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

    /** dX's dot path is cut at multiples of this: the rows of W that {@link SmallMatmul#dX}'s kernels take. */
    private static final int DOT_ROWS = Blocking.CURRENT.dotRows();

    /** How one product is cut: parts along the output's columns (N) or rows (M), each a multiple of {@code step}. */
    private record Cut(int parts, boolean columns, int length, int step) {
        static final Cut NONE = new Cut(0, true, 0, 1);

        int from(int part) {
            return Split.start(part, parts, length, step);
        }

        int to(int part) {
            return Split.start(part + 1, parts, length, step);
        }
    }

    static void run(VectorKernels kernels, float[] dY, int dYOff, int ldDY, float[] x, int xOff, int ldX, float[] w,
                    int wOff, int ldW, float[] dX, int dXOff, int ldDX, float[] dW, int dWOff, int ldDW,
                    int m, int k, int n) {
        boolean packDx = dX != null && !dxUnpacked(m);
        boolean packDw = dW != null && !dwUnpacked(m);
        long work = (long) m * k * n;
        // dX: output m×k, cut along its k columns (whole NR slivers, or whole blocks of the dot products),
        // or, for a GEMM with too few columns, along its m rows (whole MR slivers). dW: output k×n likewise,
        // the rank-one path along its k rows. Counted first, so a call that stays on one thread allocates nothing.
        int xCols = dX == null ? 0 : kernels.matmulParts(work, GRAIN, packDx ? slivers(k, Gemm.NR) : slivers(k, DOT_ROWS));
        int xRows = !packDx || xCols > 1 ? 0 : kernels.matmulParts(work, GRAIN, slivers(m, Gemm.MR));
        int wCols = !packDw ? 0 : kernels.matmulParts(work, GRAIN, slivers(n, Gemm.NR));
        int wRows = dW == null || wCols > 1 ? 0 : kernels.matmulParts(work, GRAIN, packDw ? slivers(k, Gemm.MR) : k);
        if (Math.max(xCols, xRows) <= 1 && Math.max(wCols, wRows) <= 1) {
            oneThread(dY, dYOff, ldDY, x, xOff, ldX, w, wOff, ldW, dX, dXOff, ldDX, dW, dWOff, ldDW, m, k, n, packDx,
                    packDw);
            return;
        }
        Cut cx = dX == null ? Cut.NONE : xCols > 1 || xRows <= 1
                ? new Cut(xCols, true, k, packDx ? Gemm.NR : DOT_ROWS) : new Cut(xRows, false, m, Gemm.MR);
        Cut cw = dW == null ? Cut.NONE : wCols > 1
                ? new Cut(wCols, true, n, Gemm.NR) : new Cut(wRows, false, k, packDw ? Gemm.MR : 1);
        // dX's parts run first, then dW's, on the same scratches: at most `threads` of them, so a pool of one per
        // processor serves a call on as many threads as processors without allocating. All are taken (sized for
        // part p of either product) before the first write.
        int slots = Math.max(cx.parts(), cw.parts());
        Scratch[] scratch = new Scratch[slots];
        if (!kernels.enterSplit()) { // a split call per processor in flight already: run alone, on one scratch
            oneThread(dY, dYOff, ldDY, x, xOff, ldX, w, wOff, ldW, dX, dXOff, ldDX, dW, dWOff, ldDW, m, k, n, packDx,
                    packDw);
            return;
        }
        try {
            for (int p = 0; p < slots; p++) {
                boolean forDx = p < cx.parts(); // dX's dot products need one too: their partial sums
                boolean forDw = p < cw.parts() && packDw;
                if (forDx || forDw) {
                    scratch[p] = ScratchPool.acquire(
                            Math.max(forDx && packDx ? dxAFloats(cx, p, m, n) : 0, forDw ? dwAFloats(cw, p, m, k) : 0),
                            Math.max(forDx && packDx ? dxBFloats(cx, p, k, n) : 0, forDw ? dwBFloats(cw, p, m, n) : 0),
                            Math.max(forDx && packDx ? dxTFloats(cx, p, m, k) : 0, forDw ? dwTFloats(cw, p, k, n) : 0));
                }
            }
            if (cx.parts() > 0) {
                kernels.runMatmulParts(cx.parts(),
                        p -> dxPart(scratch[p], cx, p, packDx, dY, dYOff, ldDY, w, wOff, ldW, dX, dXOff, ldDX, m, k, n));
            }
            if (cw.parts() > 0) {
                kernels.runMatmulParts(cw.parts(),
                        p -> dwPart(scratch[p], cw, p, packDw, x, xOff, ldX, dY, dYOff, ldDY, dW, dWOff, ldDW, m, k, n));
            }
        } finally {
            for (Scratch s : scratch) {
                if (s != null) {
                    ScratchPool.release(s);
                }
            }
            kernels.exitSplit(); // after the scratch is back: only admitted calls ever hold part scratch
        }
    }

    /**
     * sgemm: C (m×n) = alpha·A·B + beta·C with A(i, p) = a[aOff + i*aRs + p*aCs] and
     * B(p, j) = b[bOff + p*bRs + j*bCs]. Cut along C's columns (whole NR slivers) or, with too few of them, its
     * rows (whole MR slivers); each part scales its own block of C by beta, then runs the GEMM on it. Every
     * part's scratch is taken before anything is written.
     */
    static void gemm(VectorKernels kernels, int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                     float[] b, int bOff, int bRs, int bCs, float beta, float[] c, int cOff, int ldc) {
        boolean multiply = alpha != 0f && k > 0;
        long work = (long) m * n * Math.max(1, k);
        int cols = kernels.matmulParts(work, GRAIN, slivers(n, Gemm.NR));
        int rows = cols > 1 ? 1 : kernels.matmulParts(work, GRAIN, slivers(m, Gemm.MR));
        // Counted first, and the cut made only for a split call, so that a call on one thread allocates nothing.
        boolean admitted = Math.max(rows, cols) > 1 && kernels.enterSplit(); // else run alone, as run() does
        if (!admitted) {
            Scratch s = multiply ? ScratchPool.acquire(Gemm.packedAFloats(m, k), Gemm.packedBFloats(k, n),
                    Gemm.tileFloats(m, n)) : null;
            try {
                gemmBlock(s, 0, m, 0, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
            } finally {
                if (s != null) {
                    ScratchPool.release(s);
                }
            }
            return;
        }
        Cut cut = rows > 1 ? new Cut(rows, false, m, Gemm.MR) : new Cut(cols, true, n, Gemm.NR);
        Scratch[] scratch = new Scratch[cut.parts()];
        try {
            for (int p = 0; multiply && p < cut.parts(); p++) {
                int pm = cut.columns() ? m : cut.to(p) - cut.from(p);
                int pn = cut.columns() ? cut.to(p) - cut.from(p) : n;
                scratch[p] = ScratchPool.acquire(Gemm.packedAFloats(pm, k), Gemm.packedBFloats(k, pn),
                        Gemm.tileFloats(pm, pn));
            }
            kernels.runMatmulParts(cut.parts(), p -> gemmPart(scratch[p], cut, p, m, n, k, alpha, a, aOff, aRs, aCs,
                    b, bOff, bRs, bCs, beta, c, cOff, ldc));
        } finally {
            for (Scratch s : scratch) {
                if (s != null) {
                    ScratchPool.release(s);
                }
            }
            kernels.exitSplit();
        }
    }

    private static void gemmPart(Scratch s, Cut cut, int part, int m, int n, int k, float alpha, float[] a, int aOff,
                                 int aRs, int aCs, float[] b, int bOff, int bRs, int bCs, float beta, float[] c,
                                 int cOff, int ldc) {
        int from = cut.from(part);
        int to = cut.to(part);
        if (cut.columns()) {
            gemmBlock(s, 0, m, from, to - from, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
        } else {
            gemmBlock(s, from, to - from, 0, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, bCs, beta, c, cOff, ldc);
        }
    }

    /** Rows [i0, i0 + pm) and columns [j0, j0 + pn) of C: beta first, then (with a scratch) the GEMM. */
    private static void gemmBlock(Scratch s, int i0, int pm, int j0, int pn, int k, float alpha, float[] a, int aOff,
                                  int aRs, int aCs, float[] b, int bOff, int bRs, int bCs, float beta, float[] c,
                                  int cOff, int ldc) {
        int c0 = cOff + i0 * ldc + j0;
        for (int i = 0; i < pm; i++) {
            ScalarMatmul.scaleRow(beta, c, c0 + i * ldc, pn);
        }
        if (s != null) {
            Gemm.multiply(s, pm, pn, k, alpha, a, aOff + i0 * aRs, aRs, aCs, b, bOff + j0 * bCs, bRs, bCs, c, c0, ldc);
        }
    }

    /** The single-threaded path: one scratch for both products, taken before either writes; no allocation. */
    private static void oneThread(float[] dY, int dYOff, int ldDY, float[] x, int xOff, int ldX, float[] w,
                                  int wOff, int ldW, float[] dX, int dXOff, int ldDX, float[] dW, int dWOff,
                                  int ldDW, int m, int k, int n, boolean packDx, boolean packDw) {
        Scratch s = null;
        if (dX != null || packDw) { // dX's dot products also need it: their partial sums
            int aFloats = Math.max(packDx ? Gemm.packedAFloats(m, n) : 0, packDw ? Gemm.packedAFloats(k, m) : 0);
            int bFloats = Math.max(packDx ? Gemm.packedBFloats(n, k) : 0, packDw ? Gemm.packedBFloats(m, n) : 0);
            int tFloats = Math.max(packDx ? Gemm.tileFloats(m, k) : 0, packDw ? Gemm.tileFloats(k, n) : 0);
            s = ScratchPool.acquire(aFloats, bFloats, tFloats);
        }
        try {
            if (packDx) {
                Gemm.multiply(s, m, k, n, dY, dYOff, ldDY, 1, w, wOff, 1, ldW, dX, dXOff, ldDX);
            } else if (dX != null) {
                SmallMatmul.dX(s.partials, dY, dYOff, ldDY, w, wOff, ldW, dX, dXOff, ldDX, m, n, 0, k);
            }
            if (packDw) {
                Gemm.multiply(s, k, n, m, x, xOff, 1, ldX, dY, dYOff, ldDY, 1, dW, dWOff, ldDW);
            } else if (dW != null) {
                SmallMatmul.dW(x, xOff, ldX, dY, dYOff, ldDY, dW, dWOff, ldDW, m, n, 0, k);
            }
        } finally {
            if (s != null) {
                ScratchPool.release(s);
            }
        }
    }

    private static int dxAFloats(Cut c, int part, int m, int n) {
        return Gemm.packedAFloats(c.columns() ? m : c.to(part) - c.from(part), n);
    }

    private static int dxBFloats(Cut c, int part, int k, int n) {
        return Gemm.packedBFloats(n, c.columns() ? c.to(part) - c.from(part) : k);
    }

    private static int dxTFloats(Cut c, int part, int m, int k) {
        return c.columns() ? Gemm.tileFloats(m, c.to(part) - c.from(part)) : Gemm.tileFloats(c.to(part) - c.from(part), k);
    }

    private static int dwTFloats(Cut c, int part, int k, int n) {
        return c.columns() ? Gemm.tileFloats(k, c.to(part) - c.from(part)) : Gemm.tileFloats(c.to(part) - c.from(part), n);
    }

    private static int dwAFloats(Cut c, int part, int m, int k) {
        return Gemm.packedAFloats(c.columns() ? k : c.to(part) - c.from(part), m);
    }

    private static int dwBFloats(Cut c, int part, int m, int n) {
        return Gemm.packedBFloats(m, c.columns() ? c.to(part) - c.from(part) : n);
    }

    private static int slivers(int length, int step) {
        return (length + step - 1) / step;
    }

    private static void dxPart(Scratch s, Cut c, int part, boolean packed, float[] dY, int dYOff, int ldDY,
                               float[] w, int wOff, int ldW, float[] dX, int dXOff, int ldDX, int m, int k, int n) {
        int from = c.from(part);
        int to = c.to(part);
        if (!packed) {
            SmallMatmul.dX(s.partials, dY, dYOff, ldDY, w, wOff, ldW, dX, dXOff, ldDX, m, n, from, to);
        } else if (c.columns()) {
            Gemm.multiply(s, m, to - from, n, dY, dYOff, ldDY, 1, w, wOff + from * ldW, 1, ldW, dX, dXOff + from, ldDX);
        } else {
            Gemm.multiply(s, to - from, k, n, dY, dYOff + from * ldDY, ldDY, 1, w, wOff, 1, ldW, dX,
                    dXOff + from * ldDX, ldDX);
        }
    }

    private static void dwPart(Scratch s, Cut c, int part, boolean packed, float[] x, int xOff, int ldX, float[] dY,
                               int dYOff, int ldDY, float[] dW, int dWOff, int ldDW, int m, int k, int n) {
        int from = c.from(part);
        int to = c.to(part);
        if (!packed) {
            SmallMatmul.dW(x, xOff, ldX, dY, dYOff, ldDY, dW, dWOff, ldDW, m, n, from, to);
        } else if (c.columns()) {
            Gemm.multiply(s, k, to - from, m, x, xOff, 1, ldX, dY, dYOff + from, ldDY, 1, dW, dWOff + from, ldDW);
        } else {
            Gemm.multiply(s, to - from, n, m, x, xOff + from, 1, ldX, dY, dYOff, ldDY, 1, dW, dWOff + from * ldDW, ldDW);
        }
    }
}
