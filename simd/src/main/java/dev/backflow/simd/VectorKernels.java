package dev.backflow.simd;

import static jdk.incubator.vector.VectorOperators.EQ;
import static jdk.incubator.vector.VectorOperators.GT;
import static jdk.incubator.vector.VectorOperators.LT;

import dev.backflow.spi.CheckedBackwardKernels;
import dev.backflow.spi.ScalarLoops;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API implementation ({@code "vector"}). Each elementwise kernel applies the contract's formula
 * lane by lane, with the same operations in the same order as {@link ScalarLoops}, and hands the elements that
 * do not fill a whole vector to {@link ScalarLoops} itself: both forms give the same bits by construction.
 * Outputs are stored before the next output is loaded, so that dx and dy may be the same region.
 */
final class VectorKernels extends CheckedBackwardKernels {

    /** A constant species, so that C2 can keep vectors in registers instead of boxing them. */
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int L = S.length();

    private final MatmulEngine matmul = new MatmulEngine();

    static int preferredBits() {
        return S.vectorBitSize();
    }

    @Override
    public String name() {
        return "vector";
    }

    @Override
    protected void addKernel(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(S, dz, dzOff + i);
            FloatVector.fromArray(S, dx, dxOff + i).add(g).intoArray(dx, dxOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).add(g).intoArray(dy, dyOff + i);
        }
        ScalarLoops.add(dz, dzOff + i, dx, dxOff + i, dy, dyOff + i, n - i);
    }

    @Override
    protected void mulKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                             float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(S, dz, dzOff + i);
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            FloatVector.fromArray(S, dx, dxOff + i).add(g.mul(yv)).intoArray(dx, dxOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).add(g.mul(xv)).intoArray(dy, dyOff + i);
        }
        ScalarLoops.mul(dz, dzOff + i, x, xOff + i, y, yOff + i, dx, dxOff + i, dy, dyOff + i, n - i);
    }

    /**
     * The addend is dz, or dz * 0.5 on ties; dx takes it unless x &lt; y, dy unless x &gt; y. A NaN compares
     * false every way, so both take dz, as the contract says. Masked adds leave the other lanes untouched.
     */
    @Override
    protected void maxKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                             float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector g = FloatVector.fromArray(S, dz, dzOff + i);
            FloatVector xv = FloatVector.fromArray(S, x, xOff + i);
            FloatVector yv = FloatVector.fromArray(S, y, yOff + i);
            VectorMask<Float> xLess = xv.compare(LT, yv);
            VectorMask<Float> xMore = xv.compare(GT, yv);
            FloatVector addend = g.blend(g.mul(0.5f), xv.compare(EQ, yv));
            FloatVector.fromArray(S, dx, dxOff + i).add(addend, xLess.not()).intoArray(dx, dxOff + i);
            FloatVector.fromArray(S, dy, dyOff + i).add(addend, xMore.not()).intoArray(dy, dyOff + i);
        }
        ScalarLoops.max(dz, dzOff + i, x, xOff + i, y, yOff + i, dx, dxOff + i, dy, dyOff + i, n - i);
    }

    @Override
    protected void reluKernel(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n) {
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            VectorMask<Float> positive = FloatVector.fromArray(S, x, xOff + i).compare(GT, 0f);
            FloatVector g = FloatVector.fromArray(S, dz, dzOff + i);
            FloatVector.fromArray(S, dx, dxOff + i).add(g, positive).intoArray(dx, dxOff + i);
        }
        ScalarLoops.relu(dz, dzOff + i, x, xOff + i, dx, dxOff + i, n - i);
    }

    @Override
    protected void sigmoidKernel(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n) {
        FloatVector one = FloatVector.broadcast(S, 1f);
        int i = 0;
        for (int bound = S.loopBound(n); i < bound; i += L) {
            FloatVector sv = FloatVector.fromArray(S, s, sOff + i);
            FloatVector g = FloatVector.fromArray(S, dz, dzOff + i);
            FloatVector term = g.mul(one.sub(sv)).mul(sv);
            FloatVector.fromArray(S, dx, dxOff + i).add(term).intoArray(dx, dxOff + i);
        }
        ScalarLoops.sigmoid(dz, dzOff + i, s, sOff + i, dx, dxOff + i, n - i);
    }

    /** Columns processed together when there are many copies: a tile of dx that stays in L1 while rows stream. */
    static final int COPY_TILE = 2048;

    /**
     * Few copies: each vector of dx is loaded once, gets every copy added in order, and is stored once. Many
     * copies (a bias gradient over a batch): dx is walked in L1-sized tiles, and each tile gets the copies'
     * rows added one after another, so that dz is read as long contiguous runs. Either way each element
     * receives the copies in the order c = 0, 1, ..., as the contract says.
     */
    @Override
    protected void copyKernel(float[] dz, int dzOff, int copies, float[] dx, int dxOff, int n) {
        if (copies <= 4) {
            copyColumns(dz, dzOff, copies, dx, dxOff, n);
            return;
        }
        for (int t = 0; t < n; t += COPY_TILE) {
            int len = Math.min(COPY_TILE, n - t);
            for (int c = 0; c < copies; c++) {
                copyColumns(dz, dzOff + c * n + t, 1, dx, dxOff + t, len);
            }
        }
    }

    private static void copyColumns(float[] dz, int dzOff, int copies, float[] dx, int dxOff, int n) {
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            FloatVector acc = FloatVector.fromArray(S, dx, dxOff + j);
            for (int c = 0; c < copies; c++) {
                acc = acc.add(FloatVector.fromArray(S, dz, dzOff + c * n + j));
            }
            acc.intoArray(dx, dxOff + j);
        }
        ScalarLoops.copy(dz, dzOff + j, copies, n, dx, dxOff + j, n - j);
    }

    @Override
    protected void matmulKernel(float[] dY, int dYOff, float[] x, int xOff, float[] w, int wOff,
                                float[] dX, int dXOff, float[] dW, int dWOff, int m, int k, int n) {
        if (dX != null) {
            matmul.dX(dY, dYOff, w, wOff, dX, dXOff, m, k, n);
        }
        if (dW != null) {
            matmul.dW(x, xOff, dY, dYOff, dW, dWOff, m, k, n);
        }
    }
}
