package dev.backflow.bench.harness;

import dev.backflow.BackwardKernels;
import java.util.Arrays;

/**
 * Backflow's kernels on operands that are parts of larger arrays: every matrix lives at offset {@link #OFFSET}
 * of an array of its own with rows {@link #PAD} floats longer than the matrix's, so no row after the first
 * starts where the dense form's does, nor on a vector boundary. Set against the dense form ({@code paired --a
 * vector-ld --b vector}), it measures what leading dimensions cost.
 *
 * <p>A problem's operands (read at the problem's offsets) are copied into such arrays on the first call with that
 * problem (a record's identity), and that call's results are copied back into the problem's outputs at their
 * offsets; later calls with the same
 * problem compute into the strided copies only. So a check that makes a fresh problem per call sees every
 * result, and the measured calls move no more data than the dense form's. Not thread-safe: a peer per
 * benchmark thread, as the suites and the paired runner use them.
 */
final class StridedPeer implements MatmulPeer {

    /** Floats before each matrix. */
    static final int OFFSET = 5;

    /** Floats between the end of one row and the start of the next. */
    static final int PAD = 7;

    private final BackwardKernels kernels;
    private Object current;
    private float[] sa;
    private float[] sb;
    private float[] sc;
    private float[] sd;
    private float[] se;

    StridedPeer(BackwardKernels kernels) {
        this.kernels = kernels;
    }

    @Override
    public void run(Problem p, boolean dX, boolean dW) {
        int m = p.m();
        int k = p.k();
        int n = p.n();
        boolean first = p != current;
        if (first) {
            current = p;
            sa = strided(p.dY(), p.dYOff(), m, n);
            sb = strided(p.x(), p.xOff(), m, k);
            sc = strided(p.w(), p.wOff(), k, n);
            sd = strided(p.dX(), p.dXOff(), m, k);
            se = strided(p.dW(), p.dWOff(), k, n);
        }
        kernels.matmulBackward(sa, OFFSET, n + PAD, sb, OFFSET, k + PAD, sc, OFFSET, n + PAD,
                dX ? sd : null, OFFSET, k + PAD, dW ? se : null, OFFSET, n + PAD, m, k, n);
        if (first) {
            dense(sd, p.dX(), p.dXOff(), m, k);
            dense(se, p.dW(), p.dWOff(), k, n);
        }
    }

    @Override
    public void gemm(GemmProblem g) {
        int rowsA = g.transA() ? g.k() : g.m();
        int rowsB = g.transB() ? g.n() : g.k();
        boolean first = g != current;
        if (first) {
            current = g;
            sa = strided(g.a(), g.aOff(), rowsA, g.lda());
            sb = strided(g.b(), g.bOff(), rowsB, g.ldb());
            sc = strided(g.c(), g.cOff(), g.m(), g.n());
        }
        kernels.sgemm(g.transA(), g.transB(), g.m(), g.n(), g.k(), 1f, sa, OFFSET, g.lda() + PAD, sb, OFFSET,
                g.ldb() + PAD, 1f, sc, OFFSET, g.n() + PAD);
        if (first) {
            dense(sc, g.c(), g.cOff(), g.m(), g.n());
        }
    }

    /**
     * A copy of the dense rows×cols matrix at index from of its array, at OFFSET of a new array with rows of
     * cols + PAD floats, the padding NaN.
     */
    static float[] strided(float[] dense, int from, int rows, int cols) {
        float[] s = new float[OFFSET + rows * (cols + PAD)];
        Arrays.fill(s, Float.NaN);
        for (int r = 0; r < rows; r++) {
            System.arraycopy(dense, from + r * cols, s, OFFSET + r * (cols + PAD), cols);
        }
        return s;
    }

    private static void dense(float[] strided, float[] dense, int to, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            System.arraycopy(strided, OFFSET + r * (cols + PAD), dense, to + r * cols, cols);
        }
    }
}
