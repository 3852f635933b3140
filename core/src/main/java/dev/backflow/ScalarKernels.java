package dev.backflow;

import dev.backflow.internal.ScalarLoops;
import dev.backflow.internal.ScalarMatmul;
import dev.backflow.internal.Split;
import dev.backflow.spi.CheckedBackwardKernels;

/**
 * The scalar reference implementation ({@code "scalar"}): the readable form of every gate, usable on any JVM,
 * and the oracle that every faster implementation is tested against. Elementwise gates are
 * {@link ScalarLoops}; matmul is {@link ScalarMatmul}, split over output rows when there are threads to use.
 */
final class ScalarKernels extends CheckedBackwardKernels {

    static final ScalarKernels INSTANCE = new ScalarKernels(1);

    /** Use {@link #INSTANCE} for one thread. */
    ScalarKernels(int threads) {
        super(threads);
    }

    @Override
    public String name() {
        return "scalar";
    }

    // Each kernel forwards to the reference loops, as VectorKernels' add and sigmoid do: the provider's methods
    // are the SPI's, the loops are shared with the vector provider (docs/tuning.md says why add stays scalar).
    @Override
    protected void addKernel(float[] dz, int dzOff, float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        ScalarLoops.add(dz, dzOff, dx, dxOff, dy, dyOff, n);
    }

    @Override
    protected void mulKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                             float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        ScalarLoops.mul(dz, dzOff, x, xOff, y, yOff, dx, dxOff, dy, dyOff, n);
    }

    @Override
    protected void maxKernel(float[] dz, int dzOff, float[] x, int xOff, float[] y, int yOff,
                             float[] dx, int dxOff, float[] dy, int dyOff, int n) {
        ScalarLoops.max(dz, dzOff, x, xOff, y, yOff, dx, dxOff, dy, dyOff, n);
    }

    @Override
    protected void reluKernel(float[] dz, int dzOff, float[] x, int xOff, float[] dx, int dxOff, int n) {
        ScalarLoops.relu(dz, dzOff, x, xOff, dx, dxOff, n);
    }

    @Override
    protected void sigmoidKernel(float[] dz, int dzOff, float[] s, int sOff, float[] dx, int dxOff, int n) {
        ScalarLoops.sigmoid(dz, dzOff, s, sOff, dx, dxOff, n);
    }

    @Override
    protected void copyKernel(float[] dz, int dzOff, int copies, int stride, float[] dx, int dxOff, int n) {
        ScalarLoops.copy(dz, dzOff, copies, stride, dx, dxOff, n);
    }

    /**
     * Both products in the contract's summation order ({@link ScalarMatmul}). With threads, dX is split over its
     * rows i and dW over its rows p: each element is still summed by one thread, in the same order, so the bits
     * do not depend on the split.
     */
    @Override
    protected void matmulKernel(float[] dY, int dYOff, int ldDY, float[] x, int xOff, int ldX, float[] w, int wOff,
                                int ldW, float[] dX, int dXOff, int ldDX, float[] dW, int dWOff, int ldDW,
                                int m, int k, int n) {
        long work = (long) m * k * n;
        if (dX != null) {
            int parts = parts(work, Split.SCALAR_MATMUL_GRAIN, m);
            if (parts == 1) { // dX's and dW's splits are alike but cut different rows (m, k): kept side by side
                ScalarMatmul.dX(dY, dYOff, ldDY, w, wOff, ldW, dX, dXOff, ldDX, m, k, n, 0, m);
            } else {
                runParts(parts, p -> ScalarMatmul.dX(dY, dYOff, ldDY, w, wOff, ldW, dX, dXOff, ldDX, m, k, n,
                        partStart(p, parts, m, 1), partStart(p + 1, parts, m, 1)));
            }
        }
        if (dW != null) {
            int parts = parts(work, Split.SCALAR_MATMUL_GRAIN, k);
            if (parts == 1) {
                ScalarMatmul.dW(x, xOff, ldX, dY, dYOff, ldDY, dW, dWOff, ldDW, m, k, n, 0, k);
            } else {
                runParts(parts, p -> ScalarMatmul.dW(x, xOff, ldX, dY, dYOff, ldDY, dW, dWOff, ldDW, m, k, n,
                        partStart(p, parts, k, 1), partStart(p + 1, parts, k, 1)));
            }
        }
    }
}
