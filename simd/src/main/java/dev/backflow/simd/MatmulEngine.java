package dev.backflow.simd;

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

    /** dX takes the unpacked dot-product path up to {@link Blocking#SMALL_BATCH_DX}; it needs a full vector of n. */
    static boolean dxUnpacked(int m, int n) {
        return m <= Blocking.CURRENT.smallBatchDx() && n >= VectorKernels.L;
    }

    /**
     * dW takes the packed GEMM from a batch of two up (it beat the unpacked path at every batch from 2 to 48
     * measured on Zen 5); a batch of one is a rank-one update, bound by dW's memory traffic either way.
     */
    static boolean dwUnpacked(int m) {
        return m == 1;
    }

    /**
     * Multiply-adds a part must have for a split to pay: about 40 µs of one core at 100 GFLOP/s, several
     * times what handing a part to a worker and waiting for it costs. (Tests lower it through
     * {@code Split.overrideGrainForTests}.)
     */
    static final long GRAIN = 1L << 21;

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

    static void run(VectorKernels kernels, float[] dY, int dYOff, float[] x, int xOff, float[] w, int wOff,
                    float[] dX, int dXOff, float[] dW, int dWOff, int m, int k, int n) {
        boolean packDx = dX != null && !dxUnpacked(m, n);
        boolean packDw = dW != null && !dwUnpacked(m);
        long work = (long) m * k * n;
        // dX: output m×k, cut along its k columns (whole NR slivers, or blocks of 4 for the dot products),
        // or, for a GEMM with too few columns, along its m rows (whole MR slivers). dW: output k×n likewise,
        // the rank-one path along its k rows. Counted first, so a call that stays on one thread allocates nothing.
        int xCols = dX == null ? 0 : kernels.matmulParts(work, GRAIN, packDx ? slivers(k, Gemm.NR) : slivers(k, 4));
        int xRows = !packDx || xCols > 1 ? 0 : kernels.matmulParts(work, GRAIN, slivers(m, Gemm.MR));
        int wCols = !packDw ? 0 : kernels.matmulParts(work, GRAIN, slivers(n, Gemm.NR));
        int wRows = dW == null || wCols > 1 ? 0 : kernels.matmulParts(work, GRAIN, packDw ? slivers(k, Gemm.MR) : k);
        if (Math.max(xCols, xRows) <= 1 && Math.max(wCols, wRows) <= 1) {
            oneThread(dY, dYOff, x, xOff, w, wOff, dX, dXOff, dW, dWOff, m, k, n, packDx, packDw);
            return;
        }
        Cut cx = dX == null ? Cut.NONE : xCols > 1 || xRows <= 1
                ? new Cut(xCols, true, k, packDx ? Gemm.NR : 4) : new Cut(xRows, false, m, Gemm.MR);
        Cut cw = dW == null ? Cut.NONE : wCols > 1
                ? new Cut(wCols, true, n, Gemm.NR) : new Cut(wRows, false, k, packDw ? Gemm.MR : 1);
        // dX's parts run first, then dW's, on the same scratches: at most `threads` of them, so a pool of one per
        // processor serves a call on as many threads as processors without allocating. All are taken (sized for
        // part p of either product) before the first write.
        int slots = Math.max(cx.parts(), cw.parts());
        Scratch[] scratch = new Scratch[slots];
        if (!kernels.enterSplit()) { // a split call per processor in flight already: run alone, on one scratch
            oneThread(dY, dYOff, x, xOff, w, wOff, dX, dXOff, dW, dWOff, m, k, n, packDx, packDw);
            return;
        }
        try {
            for (int p = 0; p < slots; p++) {
                boolean forDx = p < cx.parts(); // dX's dot products need one too: they sum lanes through its tile
                boolean forDw = p < cw.parts() && packDw;
                if (forDx || forDw) {
                    scratch[p] = ScratchPool.acquire(
                            Math.max(forDx && packDx ? dxAFloats(cx, p, m, n) : 0, forDw ? dwAFloats(cw, p, m, k) : 0),
                            Math.max(forDx && packDx ? dxBFloats(cx, p, k, n) : 0, forDw ? dwBFloats(cw, p, m, n) : 0));
                }
            }
            if (cx.parts() > 0) {
                kernels.runMatmulParts(cx.parts(),
                        p -> dxPart(scratch[p], cx, p, packDx, dY, dYOff, w, wOff, dX, dXOff, m, k, n));
            }
            if (cw.parts() > 0) {
                kernels.runMatmulParts(cw.parts(),
                        p -> dwPart(scratch[p], cw, p, packDw, x, xOff, dY, dYOff, dW, dWOff, m, k, n));
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

    /** The single-threaded path: one scratch for both products, taken before either writes; no allocation. */
    private static void oneThread(float[] dY, int dYOff, float[] x, int xOff, float[] w, int wOff,
                                  float[] dX, int dXOff, float[] dW, int dWOff, int m, int k, int n,
                                  boolean packDx, boolean packDw) {
        Scratch s = null;
        if (dX != null || packDw) { // dX's dot products also need it: they sum lanes through its tile
            int aFloats = Math.max(packDx ? Gemm.packedAFloats(m, n) : 0, packDw ? Gemm.packedAFloats(k, m) : 0);
            int bFloats = Math.max(packDx ? Gemm.packedBFloats(n, k) : 0, packDw ? Gemm.packedBFloats(m, n) : 0);
            s = ScratchPool.acquire(aFloats, bFloats);
        }
        try {
            if (packDx) {
                Gemm.multiply(s, m, k, n, dY, dYOff, n, 1, w, wOff, 1, n, dX, dXOff, k);
            } else if (dX != null) {
                SmallMatmul.dX(s.tile, dY, dYOff, w, wOff, dX, dXOff, m, k, n, 0, k);
            }
            if (packDw) {
                Gemm.multiply(s, k, n, m, x, xOff, 1, k, dY, dYOff, n, 1, dW, dWOff, n);
            } else if (dW != null) {
                SmallMatmul.dW(x, xOff, dY, dYOff, dW, dWOff, m, k, n, 0, k);
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

    private static int dwAFloats(Cut c, int part, int m, int k) {
        return Gemm.packedAFloats(c.columns() ? k : c.to(part) - c.from(part), m);
    }

    private static int dwBFloats(Cut c, int part, int m, int n) {
        return Gemm.packedBFloats(m, c.columns() ? c.to(part) - c.from(part) : n);
    }

    private static int slivers(int length, int step) {
        return (length + step - 1) / step;
    }

    private static void dxPart(Scratch s, Cut c, int part, boolean packed, float[] dY, int dYOff, float[] w, int wOff,
                               float[] dX, int dXOff, int m, int k, int n) {
        int from = c.from(part);
        int to = c.to(part);
        if (!packed) {
            SmallMatmul.dX(s.tile, dY, dYOff, w, wOff, dX, dXOff, m, k, n, from, to);
        } else if (c.columns()) {
            Gemm.multiply(s, m, to - from, n, dY, dYOff, n, 1, w, wOff + from * n, 1, n, dX, dXOff + from, k);
        } else {
            Gemm.multiply(s, to - from, k, n, dY, dYOff + from * n, n, 1, w, wOff, 1, n, dX, dXOff + from * k, k);
        }
    }

    private static void dwPart(Scratch s, Cut c, int part, boolean packed, float[] x, int xOff, float[] dY, int dYOff,
                               float[] dW, int dWOff, int m, int k, int n) {
        int from = c.from(part);
        int to = c.to(part);
        if (!packed) {
            SmallMatmul.dW(x, xOff, dY, dYOff, dW, dWOff, m, k, n, from, to);
        } else if (c.columns()) {
            Gemm.multiply(s, k, to - from, m, x, xOff, 1, k, dY, dYOff + from, n, 1, dW, dWOff + from, n);
        } else {
            Gemm.multiply(s, to - from, n, m, x, xOff + from, 1, k, dY, dYOff, n, 1, dW, dWOff + from * n, n);
        }
    }
}
