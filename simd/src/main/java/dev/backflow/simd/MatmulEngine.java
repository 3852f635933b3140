package dev.backflow.simd;

/**
 * Chooses, per product, between the packed GEMM ({@link Gemm}) and the unpacked path ({@link SmallMatmul}),
 * and maps each product of matmulBackward onto C += A·B with the operands' strides, so that the transposes
 * are absorbed by packing.
 *
 * <ul>
 *   <li>dX (m×k) += dY (m×n) · Wᵀ: A = dY, row-major; B(j, p) = W[p][j], read down W's rows.</li>
 *   <li>dW (k×n) += Xᵀ (k×m) · dY (m×n): A(p, i) = X[i][p], read down X's columns; B = dY, row-major.</li>
 * </ul>
 */
final class MatmulEngine {

    /**
     * Batches up to this size take the unpacked dot-product path for dX: it reads W once and needs no
     * transposing pack, which costs more than it saves until the batch is larger (measured on Zen 5: at
     * m = 32 and n = 1024 the dot products ran at 96 GFLOP/s and the GEMM at 78; at m = 64 the GEMM won).
     */
    static final int SMALL_BATCH = 32;

    void dX(float[] dY, int dYOff, float[] w, int wOff, float[] dX, int dXOff, int m, int k, int n) {
        if (m <= SMALL_BATCH && n >= VectorKernels.L) { // dot products along n need a full vector of it
            SmallMatmul.dX(dY, dYOff, w, wOff, dX, dXOff, m, k, n);
        } else {
            Gemm.multiply(m, k, n, dY, dYOff, n, 1, w, wOff, 1, n, dX, dXOff, k);
        }
    }

    /**
     * dW takes the packed GEMM from a batch of two up: packing X and dY is cheap (their size is the batch),
     * and the GEMM beat the unpacked path at every batch size from 2 to 48 measured; a batch of one is a
     * rank-one update, bound by dW's memory traffic either way.
     */
    void dW(float[] x, int xOff, float[] dY, int dYOff, float[] dW, int dWOff, int m, int k, int n) {
        if (m == 1) {
            SmallMatmul.dW(x, xOff, dY, dYOff, dW, dWOff, m, k, n);
        } else {
            Gemm.multiply(k, n, m, x, xOff, 1, k, dY, dYOff, n, 1, dW, dWOff, n);
        }
    }
}
