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

    /** Below this many rows in the product's M (a small batch) or this accumulation length, packing does not pay. */
    static final int SMALL = 16;

    void dX(float[] dY, int dYOff, float[] w, int wOff, float[] dX, int dXOff, int m, int k, int n) {
        if (m <= SMALL || n <= SMALL || k < Gemm.NR) {
            SmallMatmul.dX(dY, dYOff, w, wOff, dX, dXOff, m, k, n);
        } else {
            Gemm.multiply(m, k, n, dY, dYOff, n, 1, w, wOff, 1, n, dX, dXOff, k);
        }
    }

    void dW(float[] x, int xOff, float[] dY, int dYOff, float[] dW, int dWOff, int m, int k, int n) {
        if (m <= SMALL || k <= SMALL || n < Gemm.NR) {
            SmallMatmul.dW(x, xOff, dY, dYOff, dW, dWOff, m, k, n);
        } else {
            Gemm.multiply(k, n, m, x, xOff, 1, k, dY, dYOff, n, 1, dW, dWOff, n);
        }
    }
}
