package dev.backflow.simd;

/**
 * matmulBackward's two products, each routed to the packed GEMM ({@link Gemm}) or the unpacked path
 * ({@link SmallMatmul}) by its shape alone, and mapped onto C += A·B with the operands' strides, so that the
 * transposes are absorbed by packing:
 *
 * <ul>
 *   <li>dX (m×k) += dY (m×n) · Wᵀ: A = dY, row-major; B(j, p) = W[p][j], read down W's rows.</li>
 *   <li>dW (k×n) += Xᵀ (k×m) · dY (m×n): A(p, i) = X[i][p], read down X's columns; B = dY, row-major.</li>
 * </ul>
 *
 * The packing scratch is taken before either product writes, so a call that cannot get it (OutOfMemoryError)
 * leaves dX and dW as they were.
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

    static void run(float[] dY, int dYOff, float[] x, int xOff, float[] w, int wOff,
                    float[] dX, int dXOff, float[] dW, int dWOff, int m, int k, int n) {
        boolean packDx = dX != null && !dxUnpacked(m, n);
        boolean packDw = dW != null && !dwUnpacked(m);
        Scratch s = null;
        if (packDx || packDw) {
            int aFloats = Math.max(packDx ? Gemm.packedAFloats(m, n) : 0, packDw ? Gemm.packedAFloats(k, m) : 0);
            int bFloats = Math.max(packDx ? Gemm.packedBFloats(n, k) : 0, packDw ? Gemm.packedBFloats(m, n) : 0);
            s = ScratchPool.acquire(aFloats, bFloats);
        }
        try {
            if (dX != null) {
                if (packDx) {
                    Gemm.multiply(s, m, k, n, dY, dYOff, n, 1, w, wOff, 1, n, dX, dXOff, k);
                } else {
                    SmallMatmul.dX(dY, dYOff, w, wOff, dX, dXOff, m, k, n);
                }
            }
            if (dW != null) {
                if (packDw) {
                    Gemm.multiply(s, k, n, m, x, xOff, 1, k, dY, dYOff, n, 1, dW, dWOff, n);
                } else {
                    SmallMatmul.dW(x, xOff, dY, dYOff, dW, dWOff, m, k, n);
                }
            }
        } finally {
            if (s != null) {
                ScratchPool.release(s);
            }
        }
    }
}
