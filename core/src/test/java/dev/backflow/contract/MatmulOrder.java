package dev.backflow.contract;

/**
 * The contract's matmul summation order written out element by element, as the class documentation of
 * {@link dev.backflow.BackwardKernels} states it, with the three constants as parameters: an oracle that shares
 * no code with any implementation, and, with other constants, the "changed order" the digests must catch.
 *
 * @param block    the blocked order's block length (the contract: 256)
 * @param partials the dot order's number of partial sums, a power of two (the contract: 16)
 * @param dotBatch the largest batch whose dX is summed in the dot order (the contract: 32)
 */
public record MatmulOrder(int block, int partials, int dotBatch) {

    /** The contract's order. */
    public static final MatmulOrder CONTRACT = new MatmulOrder(256, 16, 32);

    /** sgemm with B transposed takes the dot order from sums this many times as long as the batch (32). */
    static final int SGEMM_DOT_RATIO = 32;

    /** dX += dY·Wᵀ and dW += Xᵀ·dY (either output may be null), element by element in this order. */
    public void apply(float[] dY, int dYOff, float[] x, int xOff, float[] w, int wOff, float[] dX, int dXOff,
                      float[] dW, int dWOff, int m, int k, int n) {
        if (m == 0 || k == 0 || n == 0) {
            return;
        }
        float[] a = new float[Math.max(m, n)];
        float[] b = new float[Math.max(m, n)];
        if (dX != null) {
            for (int i = 0; i < m; i++) {
                for (int p = 0; p < k; p++) {
                    for (int j = 0; j < n; j++) {
                        a[j] = dY[dYOff + i * n + j];
                        b[j] = w[wOff + p * n + j];
                    }
                    int at = dXOff + i * k + p;
                    dX[at] = m <= dotBatch ? dot(dX[at], a, b, n) : blocked(dX[at], a, b, n);
                }
            }
        }
        if (dW != null) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    for (int i = 0; i < m; i++) {
                        a[i] = x[xOff + i * k + p];
                        b[i] = dY[dYOff + i * n + j];
                    }
                    int at = dWOff + p * n + j;
                    dW[at] = blocked(dW[at], a, b, m);
                }
            }
        }
    }

    private float blocked(float out, float[] a, float[] b, int len) {
        for (int t0 = 0; t0 < len; t0 += block) {
            float s = 0f;
            for (int t = t0; t < Math.min(len, t0 + block); t++) {
                s = Math.fma(a[t], b[t], s);
            }
            out = out + s;
        }
        return out;
    }

    private float dot(float out, float[] a, float[] b, int len) {
        return out + dotSum(a, b, len);
    }

    private float dotSum(float[] a, float[] b, int len) {
        float[] s = new float[partials];
        for (int t = 0; t < len; t++) {
            s[t % partials] = Math.fma(a[t], b[t], s[t % partials]);
        }
        for (int h = partials / 2; h >= 1; h /= 2) {
            for (int r = 0; r < h; r++) {
                s[r] = s[r] + s[r + h];
            }
        }
        return s[0];
    }

    /**
     * sgemm's order, element by element: C = alpha·op(A)·op(B) + beta·C, with op(A)(i, p) =
     * a[aOff + i*aRs + p*aCs] and op(B)(p, j) = b[bOff + p*bRs + j*bCs]; the dot order where B is stored
     * transposed, m is at most the dot batch and k at least 32·m, else the blocked order.
     */
    public void gemm(boolean transB, int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                     float[] b, int bOff, int bRs, int bCs, float beta, float[] c, int cOff, int ldc) {
        float[] x = new float[k];
        float[] y = new float[k];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int at = cOff + i * ldc + j;
                float out = beta == 0f ? 0f : beta == 1f ? c[at] : beta * c[at];
                if (alpha != 0f) {
                    for (int p = 0; p < k; p++) {
                        x[p] = a[aOff + i * aRs + p * aCs];
                        y[p] = b[bOff + p * bRs + j * bCs];
                    }
                    if (transB && m <= dotBatch && k >= SGEMM_DOT_RATIO * m) {
                        out = k == 0 ? out : out + alpha * dotSum(x, y, k);
                        c[at] = out;
                        continue;
                    }
                    for (int t0 = 0; t0 < k; t0 += block) {
                        float s = 0f;
                        for (int t = t0; t < Math.min(k, t0 + block); t++) {
                            s = Math.fma(x[t], y[t], s);
                        }
                        out = out + alpha * s;
                    }
                }
                c[at] = out;
            }
        }
    }
}
