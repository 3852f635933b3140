package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.L;
import static dev.backflow.simd.VectorKernels.S;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;

/**
 * The two products of matmulBackward without packing, for shapes where packing would cost more than it saves
 * (a batch of a few rows, or any dimension below the block sizes). Each output element is written once.
 * Summation uses fused multiply-add and lane-parallel partial sums, within the contract's error bound.
 */
final class SmallMatmul {
    private SmallMatmul() {}

    /**
     * dX[i][p] += Σ_j dY[i][j]·W[p][j]: a dot product of two contiguous rows. Four rows of W at a time share
     * each load of a dY row, and keep four independent sums in flight.
     */
    static void dX(float[] dY, int dYOff, float[] w, int wOff, float[] dX, int dXOff, int m, int k, int n) {
        int jBound = S.loopBound(n);
        for (int i = 0; i < m; i++) {
            int yRow = dYOff + i * n;
            int xRow = dXOff + i * k;
            int p = 0;
            for (; p + 4 <= k; p += 4) {
                int w0 = wOff + p * n;
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = s0;
                FloatVector s2 = s0;
                FloatVector s3 = s0;
                int j = 0;
                for (; j < jBound; j += L) {
                    FloatVector g = FloatVector.fromArray(S, dY, yRow + j);
                    s0 = g.fma(FloatVector.fromArray(S, w, w0 + j), s0);
                    s1 = g.fma(FloatVector.fromArray(S, w, w0 + n + j), s1);
                    s2 = g.fma(FloatVector.fromArray(S, w, w0 + 2 * n + j), s2);
                    s3 = g.fma(FloatVector.fromArray(S, w, w0 + 3 * n + j), s3);
                }
                float t0 = s0.reduceLanes(VectorOperators.ADD);
                float t1 = s1.reduceLanes(VectorOperators.ADD);
                float t2 = s2.reduceLanes(VectorOperators.ADD);
                float t3 = s3.reduceLanes(VectorOperators.ADD);
                for (; j < n; j++) {
                    float g = dY[yRow + j];
                    t0 = Math.fma(g, w[w0 + j], t0);
                    t1 = Math.fma(g, w[w0 + n + j], t1);
                    t2 = Math.fma(g, w[w0 + 2 * n + j], t2);
                    t3 = Math.fma(g, w[w0 + 3 * n + j], t3);
                }
                dX[xRow + p] += t0;
                dX[xRow + p + 1] += t1;
                dX[xRow + p + 2] += t2;
                dX[xRow + p + 3] += t3;
            }
            for (; p < k; p++) {
                int w0 = wOff + p * n;
                FloatVector s0 = FloatVector.zero(S);
                int j = 0;
                for (; j < jBound; j += L) {
                    s0 = FloatVector.fromArray(S, dY, yRow + j).fma(FloatVector.fromArray(S, w, w0 + j), s0);
                }
                float t0 = s0.reduceLanes(VectorOperators.ADD);
                for (; j < n; j++) {
                    t0 = Math.fma(dY[yRow + j], w[w0 + j], t0);
                }
                dX[xRow + p] += t0;
            }
        }
    }

    /**
     * dW[p][j] += Σ_i X[i][p]·dY[i][j]: for each row p of dW and each strip of columns, the sum over the
     * batch is kept in registers and added to dW once.
     */
    static void dW(float[] x, int xOff, float[] dY, int dYOff, float[] dW, int dWOff, int m, int k, int n) {
        int jBound = S.loopBound(n);
        for (int p = 0; p < k; p++) {
            int wRow = dWOff + p * n;
            int j = 0;
            for (; j + 2 * L <= jBound; j += 2 * L) {
                FloatVector s0 = FloatVector.zero(S);
                FloatVector s1 = s0;
                for (int i = 0; i < m; i++) {
                    FloatVector a = FloatVector.broadcast(S, x[xOff + i * k + p]);
                    int yRow = dYOff + i * n + j;
                    s0 = a.fma(FloatVector.fromArray(S, dY, yRow), s0);
                    s1 = a.fma(FloatVector.fromArray(S, dY, yRow + L), s1);
                }
                FloatVector.fromArray(S, dW, wRow + j).add(s0).intoArray(dW, wRow + j);
                FloatVector.fromArray(S, dW, wRow + j + L).add(s1).intoArray(dW, wRow + j + L);
            }
            for (; j < jBound; j += L) {
                FloatVector s0 = FloatVector.zero(S);
                for (int i = 0; i < m; i++) {
                    s0 = FloatVector.broadcast(S, x[xOff + i * k + p]).fma(FloatVector.fromArray(S, dY, dYOff + i * n + j), s0);
                }
                FloatVector.fromArray(S, dW, wRow + j).add(s0).intoArray(dW, wRow + j);
            }
            for (; j < n; j++) {
                float s = 0f;
                for (int i = 0; i < m; i++) {
                    s = Math.fma(x[xOff + i * k + p], dY[dYOff + i * n + j], s);
                }
                dW[wRow + j] += s;
            }
        }
    }
}
