package dev.backflow;

import dev.backflow.internal.ScalarLoops;
import dev.backflow.spi.CheckedBackwardKernels;

/**
 * The scalar reference implementation ({@code "scalar"}): the readable form of every gate, usable on any JVM,
 * and the oracle that every faster implementation is tested against. Elementwise gates are
 * {@link ScalarLoops}; matmul is a plain loop nest.
 */
final class ScalarKernels extends CheckedBackwardKernels {

    static final ScalarKernels INSTANCE = new ScalarKernels();

    private ScalarKernels() {}

    @Override
    public String name() {
        return "scalar";
    }

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
    protected void copyKernel(float[] dz, int dzOff, int copies, float[] dx, int dxOff, int n) {
        ScalarLoops.copy(dz, dzOff, copies, n, dx, dxOff, n);
    }

    /**
     * dX[i][p] += Σ_j dY[i][j]·W[p][j]: a dot product of two contiguous rows, summed first, then added to dX.
     * dW[p][j] += Σ_i X[i][p]·dY[i][j]: row i of dY, scaled by X[i][p], added into row p of dW, for i in order.
     */
    @Override
    protected void matmulKernel(float[] dY, int dYOff, float[] x, int xOff, float[] w, int wOff,
                                float[] dX, int dXOff, float[] dW, int dWOff, int m, int k, int n) {
        if (dX != null) {
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    float sum = 0f;
                    for (int j = 0; j < n; j++) {
                        sum += dY[dYOff + i * n + j] * w[wOff + p * n + j];
                    }
                    dX[dXOff + i * k + p] += sum;
                }
            }
        }
        if (dW != null) {
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    float a = x[xOff + i * k + p];
                    for (int j = 0; j < n; j++) {
                        dW[dWOff + p * n + j] += a * dY[dYOff + i * n + j];
                    }
                }
            }
        }
    }
}
