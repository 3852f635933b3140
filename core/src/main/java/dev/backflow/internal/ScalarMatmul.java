package dev.backflow.internal;

import static dev.backflow.BackwardKernels.MATMUL_BLOCK;
import static dev.backflow.BackwardKernels.MATMUL_DOT_BATCH;
import static dev.backflow.BackwardKernels.SGEMM_DOT_RATIO;

import java.util.Arrays;

/**
 * matmulBackward's two products in plain Java, in the contract's summation order (see
 * {@link dev.backflow.BackwardKernels}): the scalar implementation, and the reference every faster one must
 * match bit for bit. The loops keep several independent sums in flight (several outputs at once, or the dot
 * order's 16 partial sums), which changes no element's order: each element still gets its own sums, term by
 * term, in index order.
 *
 * <p>No argument is checked here: callers pass what {@link dev.backflow.spi.CheckedBackwardKernels} has
 * checked ({@code m, k, n > 0}, every product a legal {@code int}, every region inside its array). Loop bounds
 * are written so that no index passes {@link Integer#MAX_VALUE} on the way ({@code j <= n - 16}, never
 * {@code j + 16 <= n}).
 */
public final class ScalarMatmul {
    private ScalarMatmul() {}

    /** dX's outputs computed at once in the blocked order: independent chains that hide the FMA's latency. */
    private static final int DX_GROUP = 4;
    /** dW's columns summed at once in the blocked order. */
    private static final int DW_STRIP = 8;

    /**
     * Whether dX is summed in the dot order: a pure function of the batch.
     *
     * @param m the batch (rows of dY)
     * @return {@code m <= MATMUL_DOT_BATCH}
     */
    public static boolean dxInDotOrder(int m) {
        return m <= MATMUL_DOT_BATCH;
    }

    /**
     * Rows {@code [i0, i1)} of {@code dX[i][p] += Σ_j dY[i][j]·W[p][j]}, in the contract's order for a batch of
     * {@code m}.
     *
     * @param dY the upstream gradient, m×n from {@code dYOff}
     * @param dYOff the index of element (0, 0) of dY
     * @param ldY the distance between rows of dY
     * @param w the weights, k×n from {@code wOff}
     * @param wOff the index of element (0, 0) of W
     * @param ldW the distance between rows of W
     * @param dX the output, m×k from {@code dXOff}
     * @param dXOff the index of element (0, 0) of dX
     * @param ldX the distance between rows of dX
     * @param m the batch, which chooses the order
     * @param k the columns of dX
     * @param n the accumulation length
     * @param i0 the first row computed
     * @param i1 the row after the last one computed
     */
    public static void dX(float[] dY, int dYOff, int ldY, float[] w, int wOff, int ldW, float[] dX, int dXOff,
                          int ldX, int m, int k, int n, int i0, int i1) {
        boolean dot = dxInDotOrder(m);
        for (int i = i0; i < i1; i++) {
            int y = dYOff + i * ldY;
            int out = dXOff + i * ldX;
            if (dot) {
                for (int p = 0; p < k; p++) {
                    dX[out + p] += dot16(dY, y, w, wOff + p * ldW, n);
                }
            } else {
                int p = 0;
                for (; p <= k - DX_GROUP; p += DX_GROUP) {
                    blocked4(dY, y, w, wOff + p * ldW, ldW, n, dX, out + p);
                }
                for (; p < k; p++) {
                    dX[out + p] = blocked(dY, y, w, wOff + p * ldW, n, dX[out + p]);
                }
            }
        }
    }

    /**
     * The dot order's sum of {@code a[ai + t]·b[bi + t]} for {@code t < n}: 16 interleaved partial sums from
     * +0.0 with fused multiply-adds, combined by the contract's tree.
     *
     * @param a the first operand
     * @param ai the index of its term 0
     * @param b the second operand
     * @param bi the index of its term 0
     * @param n the number of terms, at least 0
     * @return the sum, to be added to the output
     */
    public static float dot16(float[] a, int ai, float[] b, int bi, int n) {
        return dot16(a, ai, 1, b, bi, n);
    }

    /**
     * {@link #dot16(float[], int, float[], int, int)} with the terms of {@code a} {@code as} apart:
     * {@code a[ai + t*as]·b[bi + t]}.
     *
     * @param a the first operand
     * @param ai the index of its term 0
     * @param as the distance between its terms, at least 1
     * @param b the second operand
     * @param bi the index of its term 0
     * @param n the number of terms, at least 0
     * @return the sum, to be added to the output
     */
    public static float dot16(float[] a, int ai, int as, float[] b, int bi, int n) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        float s8 = 0f, s9 = 0f, s10 = 0f, s11 = 0f, s12 = 0f, s13 = 0f, s14 = 0f, s15 = 0f;
        int t = 0;
        for (; t <= n - 16; t += 16) {
            int x = ai + t * as;
            int y = bi + t;
            s0 = Math.fma(a[x], b[y], s0);
            s1 = Math.fma(a[x + 1 * as], b[y + 1], s1);
            s2 = Math.fma(a[x + 2 * as], b[y + 2], s2);
            s3 = Math.fma(a[x + 3 * as], b[y + 3], s3);
            s4 = Math.fma(a[x + 4 * as], b[y + 4], s4);
            s5 = Math.fma(a[x + 5 * as], b[y + 5], s5);
            s6 = Math.fma(a[x + 6 * as], b[y + 6], s6);
            s7 = Math.fma(a[x + 7 * as], b[y + 7], s7);
            s8 = Math.fma(a[x + 8 * as], b[y + 8], s8);
            s9 = Math.fma(a[x + 9 * as], b[y + 9], s9);
            s10 = Math.fma(a[x + 10 * as], b[y + 10], s10);
            s11 = Math.fma(a[x + 11 * as], b[y + 11], s11);
            s12 = Math.fma(a[x + 12 * as], b[y + 12], s12);
            s13 = Math.fma(a[x + 13 * as], b[y + 13], s13);
            s14 = Math.fma(a[x + 14 * as], b[y + 14], s14);
            s15 = Math.fma(a[x + 15 * as], b[y + 15], s15);
        }
        // The last n mod 16 terms, each into its partial sum t mod 16 (at most 15 of them: s15 gets none).
        int rest = n - t;
        int x = ai + t * as;
        int y = bi + t;
        if (rest > 0) s0 = Math.fma(a[x], b[y], s0);
        if (rest > 1) s1 = Math.fma(a[x + 1 * as], b[y + 1], s1);
        if (rest > 2) s2 = Math.fma(a[x + 2 * as], b[y + 2], s2);
        if (rest > 3) s3 = Math.fma(a[x + 3 * as], b[y + 3], s3);
        if (rest > 4) s4 = Math.fma(a[x + 4 * as], b[y + 4], s4);
        if (rest > 5) s5 = Math.fma(a[x + 5 * as], b[y + 5], s5);
        if (rest > 6) s6 = Math.fma(a[x + 6 * as], b[y + 6], s6);
        if (rest > 7) s7 = Math.fma(a[x + 7 * as], b[y + 7], s7);
        if (rest > 8) s8 = Math.fma(a[x + 8 * as], b[y + 8], s8);
        if (rest > 9) s9 = Math.fma(a[x + 9 * as], b[y + 9], s9);
        if (rest > 10) s10 = Math.fma(a[x + 10 * as], b[y + 10], s10);
        if (rest > 11) s11 = Math.fma(a[x + 11 * as], b[y + 11], s11);
        if (rest > 12) s12 = Math.fma(a[x + 12 * as], b[y + 12], s12);
        if (rest > 13) s13 = Math.fma(a[x + 13 * as], b[y + 13], s13);
        if (rest > 14) s14 = Math.fma(a[x + 14 * as], b[y + 14], s14);
        s0 += s8;
        s1 += s9;
        s2 += s10;
        s3 += s11;
        s4 += s12;
        s5 += s13;
        s6 += s14;
        s7 += s15;
        s0 += s4;
        s1 += s5;
        s2 += s6;
        s3 += s7;
        s0 += s2;
        s1 += s3;
        return s0 + s1;
    }

    /** {@code out} plus the blocked order's block sums of {@code a[ai + t]·b[bi + t]}, {@code t < n}. */
    private static float blocked(float[] a, int ai, float[] b, int bi, int n, float out) {
        for (int t0 = 0; t0 < n; ) {
            int t1 = t0 + Math.min(MATMUL_BLOCK, n - t0);
            float s = 0f;
            for (int t = t0; t < t1; t++) {
                s = Math.fma(a[ai + t], b[bi + t], s);
            }
            out += s;
            t0 = t1;
        }
        return out;
    }

    /** {@link #blocked} for four rows of W (w0, w0 + ldW, ...) against one row of dY, into dX[x .. x + 3]. */
    private static void blocked4(float[] y, int yi, float[] w, int w0, int ldW, int n, float[] dX, int x) {
        int w1 = w0 + ldW;
        int w2 = w1 + ldW;
        int w3 = w2 + ldW;
        for (int t0 = 0; t0 < n; ) {
            int t1 = t0 + Math.min(MATMUL_BLOCK, n - t0);
            float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
            for (int t = t0; t < t1; t++) {
                float g = y[yi + t];
                s0 = Math.fma(g, w[w0 + t], s0);
                s1 = Math.fma(g, w[w1 + t], s1);
                s2 = Math.fma(g, w[w2 + t], s2);
                s3 = Math.fma(g, w[w3 + t], s3);
            }
            dX[x] += s0;
            dX[x + 1] += s1;
            dX[x + 2] += s2;
            dX[x + 3] += s3;
            t0 = t1;
        }
    }

    /**
     * Rows {@code [p0, p1)} of {@code dW[p][j] += Σ_i X[i][p]·dY[i][j]}, in the blocked order.
     *
     * @param x the forward input, m×k from {@code xOff}
     * @param xOff the index of element (0, 0) of X
     * @param ldX the distance between rows of X
     * @param dY the upstream gradient, m×n from {@code dYOff}
     * @param dYOff the index of element (0, 0) of dY
     * @param ldY the distance between rows of dY
     * @param dW the output, k×n from {@code dWOff}
     * @param dWOff the index of element (0, 0) of dW
     * @param ldW the distance between rows of dW
     * @param m the accumulation length
     * @param k the rows of dW
     * @param n the columns of dW
     * @param p0 the first row computed
     * @param p1 the row after the last one computed
     */
    public static void dW(float[] x, int xOff, int ldX, float[] dY, int dYOff, int ldY, float[] dW, int dWOff,
                          int ldW, int m, int k, int n, int p0, int p1) {
        // Blocks of the batch outermost, so that each element gets its block sums in block order; within a block,
        // a strip of 8 columns of dY (a few KiB) stays in L1 while every row p of dW takes its sums from it.
        if (m == 1) { // a rank-one update: each sum is one product, fma(x, dY, +0.0), in a loop C2 vectorizes
            for (int p = p0; p < p1; p++) {
                rankOneRow(x[xOff + p], dY, dYOff, dW, dWOff + p * ldW, n);
            }
            return;
        }
        for (int i0 = 0; i0 < m; ) {
            int i1 = i0 + Math.min(MATMUL_BLOCK, m - i0);
            int j = 0;
            for (; j <= n - DW_STRIP; j += DW_STRIP) {
                for (int p = p0; p < p1; p++) {
                    strip8(x, xOff + p, ldX, dY, dYOff + j, ldY, i0, i1, dW, dWOff + p * ldW + j);
                }
            }
            for (; j < n; j++) {
                for (int p = p0; p < p1; p++) {
                    float s = 0f;
                    for (int i = i0; i < i1; i++) {
                        s = Math.fma(x[xOff + i * ldX + p], dY[dYOff + i * ldY + j], s);
                    }
                    dW[dWOff + p * ldW + j] += s;
                }
            }
            i0 = i1;
        }
    }

    /** dW[row + j] += fma(a, dY[y + j], +0.0) for j &lt; n: a batch of one's block sums, added. */
    private static void rankOneRow(float a, float[] dY, int y, float[] dW, int row, int n) {
        for (int j = 0; j < n; j++) {
            dW[row + j] += Math.fma(a, dY[y + j], 0f);
        }
    }

    /** One block's sums for 8 columns of one row of dW: X's column at xCol (stride ldX), dY's strip at y0. */
    private static void strip8(float[] x, int xCol, int ldX, float[] dY, int y0, int ldY, int i0, int i1,
                               float[] dW, int out) {
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f, s4 = 0f, s5 = 0f, s6 = 0f, s7 = 0f;
        for (int i = i0; i < i1; i++) {
            float a = x[xCol + i * ldX];
            int y = y0 + i * ldY;
            s0 = Math.fma(a, dY[y], s0);
            s1 = Math.fma(a, dY[y + 1], s1);
            s2 = Math.fma(a, dY[y + 2], s2);
            s3 = Math.fma(a, dY[y + 3], s3);
            s4 = Math.fma(a, dY[y + 4], s4);
            s5 = Math.fma(a, dY[y + 5], s5);
            s6 = Math.fma(a, dY[y + 6], s6);
            s7 = Math.fma(a, dY[y + 7], s7);
        }
        dW[out] += s0;
        dW[out + 1] += s1;
        dW[out + 2] += s2;
        dW[out + 3] += s3;
        dW[out + 4] += s4;
        dW[out + 5] += s5;
        dW[out + 6] += s6;
        dW[out + 7] += s7;
    }

    /**
     * Whether sgemm sums in the dot order: a transposed B (so that each element of C is a dot product of two
     * rows as stored, the shape of matmulBackward's dX), a batch of at most {@code MATMUL_DOT_BATCH} rows and
     * sums at least {@code SGEMM_DOT_RATIO} times as long as the batch.
     *
     * @param transB whether B is stored transposed
     * @param m the rows of C
     * @param k the length of each sum
     * @return {@code transB && m <= MATMUL_DOT_BATCH && k >= SGEMM_DOT_RATIO * m}
     */
    public static boolean gemmInDotOrder(boolean transB, int m, int k) {
        return transB && m <= MATMUL_DOT_BATCH && k >= SGEMM_DOT_RATIO * m;
    }

    /**
     * Rows {@code [i0, i1)} of {@code C = alpha·op(A)·op(B) + beta·C} in the order of
     * {@link dev.backflow.BackwardKernels#sgemm}: beta first, then the blocked sums (or the dot order's one sum,
     * see {@link #gemmInDotOrder}), each added as {@code c + alpha * s}.
     *
     * @param m the rows of C
     * @param n the columns of C
     * @param k the length of each sum
     * @param alpha the factor of the product
     * @param a the matrix A
     * @param aOff the index of op(A)(0, 0)
     * @param aRs the distance between rows of op(A)
     * @param aCs the distance between columns of op(A)
     * @param b the matrix B
     * @param bOff the index of op(B)(0, 0)
     * @param bRs the distance between rows of op(B)
     * @param bCs the distance between columns of op(B)
     * @param beta the factor of C's old value
     * @param c the matrix C
     * @param cOff the index of C(0, 0)
     * @param ldc the distance between rows of C
     * @param dotOrder whether to sum in the dot order ({@link #gemmInDotOrder}); then {@code bRs} is 1
     * @param i0 the first row computed
     * @param i1 the row after the last one computed
     */
    public static void gemm(int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                            float[] b, int bOff, int bRs, int bCs, float beta, float[] c, int cOff, int ldc,
                            boolean dotOrder, int i0, int i1) {
        assert !dotOrder || bRs == 1;
        for (int i = i0; i < i1; i++) {
            scaleRow(beta, c, cOff + i * ldc, n);
        }
        if (alpha == 0f || k == 0) {
            return;
        }
        if (dotOrder) {
            for (int i = i0; i < i1; i++) {
                int cRow = cOff + i * ldc;
                for (int j = 0; j < n; j++) {
                    c[cRow + j] += alpha * dot16(a, aOff + i * aRs, aCs, b, bOff + j * bCs, k);
                }
            }
            return;
        }
        for (int p0 = 0; p0 < k; ) {
            int p1 = p0 + Math.min(MATMUL_BLOCK, k - p0);
            for (int i = i0; i < i1; i++) {
                int aRow = aOff + i * aRs;
                int cRow = cOff + i * ldc;
                int j = 0;
                for (; j <= n - 4; j += 4) {
                    float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
                    for (int p = p0; p < p1; p++) {
                        float av = a[aRow + p * aCs];
                        int bi = bOff + p * bRs + j * bCs;
                        s0 = Math.fma(av, b[bi], s0);
                        s1 = Math.fma(av, b[bi + bCs], s1);
                        s2 = Math.fma(av, b[bi + 2 * bCs], s2);
                        s3 = Math.fma(av, b[bi + 3 * bCs], s3);
                    }
                    c[cRow + j] += alpha * s0;
                    c[cRow + j + 1] += alpha * s1;
                    c[cRow + j + 2] += alpha * s2;
                    c[cRow + j + 3] += alpha * s3;
                }
                for (; j < n; j++) {
                    float s = 0f;
                    for (int p = p0; p < p1; p++) {
                        s = Math.fma(a[aRow + p * aCs], b[bOff + p * bRs + j * bCs], s);
                    }
                    c[cRow + j] += alpha * s;
                }
            }
            p0 = p1;
        }
    }

    /**
     * The beta step of {@link #gemm} on one row: {@code +0.0} for beta 0 (whatever the row held), nothing for 1,
     * else {@code beta * c}.
     *
     * @param beta the factor
     * @param c the matrix
     * @param from the row's first index
     * @param n the row's length
     */
    public static void scaleRow(float beta, float[] c, int from, int n) {
        if (beta == 0f) {
            Arrays.fill(c, from, from + n, 0f);
        } else if (beta != 1f) {
            for (int j = from; j < from + n; j++) {
                c[j] = beta * c[j];
            }
        }
    }
}
