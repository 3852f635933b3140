package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.L;
import static dev.backflow.simd.VectorKernels.S;

import jdk.incubator.vector.FloatVector;

/**
 * The two products of matmulBackward without packing, for a batch of a few rows, where packing would cost more
 * than it saves ({@link MatmulEngine} routes by m). Each output element is written once. Summation uses fused
 * multiply-add and lane-parallel partial sums, within the contract's error bound, and the lanes are added in a
 * fixed order ({@link #sumLanes}): never {@code reduceLanes(ADD)}, whose order the Vector API leaves open (the
 * interpreter's fallback and C2's intrinsic differ), so the bits do not depend on what the JIT has compiled.
 */
final class SmallMatmul {
    private SmallMatmul() {}

    /**
     * dX[i][p] += Σ_j dY[i][j]·W[p][j]: dot products of contiguous rows. Four rows of W are taken at a time
     * and every row of dY is run against them, two at a time, with eight sums in flight: W (the large operand
     * of a small batch) is read from memory once, and the few rows of dY stay in cache. Only columns
     * {@code [p0, p1)} of dX; every element gets the same bits whichever columns a call covers.
     */
    static void dX(float[] buf, float[] dY, int dYOff, float[] w, int wOff, float[] dX, int dXOff, int m, int k, int n,
                   int p0, int p1) {
        int p = p0;
        for (; p + 4 <= p1; p += 4) {
            int i = 0;
            for (; i + 2 <= m; i += 2) {
                dot2x4(buf, dY, dYOff + i * n, w, wOff + p * n, n, dX, dXOff + i * k + p, k);
            }
            for (; i < m; i++) {
                for (int q = p; q < p + 4; q++) {
                    dX[dXOff + i * k + q] += dot(buf, dY, dYOff + i * n, w, wOff + q * n, n);
                }
            }
        }
        for (; p < p1; p++) {
            for (int i = 0; i < m; i++) {
                dX[dXOff + i * k + p] += dot(buf, dY, dYOff + i * n, w, wOff + p * n, n);
            }
        }
    }

    /** Rows y, y+n of dY against rows w0 .. w0+3n of W: eight dot products, added to dX at x (and x+ldx). */
    private static void dot2x4(float[] buf, float[] dY, int y, float[] w, int w0, int n, float[] dX, int x, int ldx) {
        FloatVector s00 = FloatVector.zero(S), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            FloatVector g0 = FloatVector.fromArray(S, dY, y + j);
            FloatVector g1 = FloatVector.fromArray(S, dY, y + n + j);
            FloatVector v = FloatVector.fromArray(S, w, w0 + j);
            s00 = g0.fma(v, s00);
            s10 = g1.fma(v, s10);
            v = FloatVector.fromArray(S, w, w0 + n + j);
            s01 = g0.fma(v, s01);
            s11 = g1.fma(v, s11);
            v = FloatVector.fromArray(S, w, w0 + 2 * n + j);
            s02 = g0.fma(v, s02);
            s12 = g1.fma(v, s12);
            v = FloatVector.fromArray(S, w, w0 + 3 * n + j);
            s03 = g0.fma(v, s03);
            s13 = g1.fma(v, s13);
        }
        float t00 = sumLanes(s00, buf);
        float t01 = sumLanes(s01, buf);
        float t02 = sumLanes(s02, buf);
        float t03 = sumLanes(s03, buf);
        float t10 = sumLanes(s10, buf);
        float t11 = sumLanes(s11, buf);
        float t12 = sumLanes(s12, buf);
        float t13 = sumLanes(s13, buf);
        for (; j < n; j++) {
            float g0 = dY[y + j];
            float g1 = dY[y + n + j];
            t00 = Math.fma(g0, w[w0 + j], t00);
            t01 = Math.fma(g0, w[w0 + n + j], t01);
            t02 = Math.fma(g0, w[w0 + 2 * n + j], t02);
            t03 = Math.fma(g0, w[w0 + 3 * n + j], t03);
            t10 = Math.fma(g1, w[w0 + j], t10);
            t11 = Math.fma(g1, w[w0 + n + j], t11);
            t12 = Math.fma(g1, w[w0 + 2 * n + j], t12);
            t13 = Math.fma(g1, w[w0 + 3 * n + j], t13);
        }
        dX[x] += t00;
        dX[x + 1] += t01;
        dX[x + 2] += t02;
        dX[x + 3] += t03;
        dX[x + ldx] += t10;
        dX[x + ldx + 1] += t11;
        dX[x + ldx + 2] += t12;
        dX[x + ldx + 3] += t13;
    }

    /** One dot product of length n. */
    private static float dot(float[] buf, float[] a, int ai, float[] b, int bi, int n) {
        FloatVector s = FloatVector.zero(S);
        int j = 0;
        for (int bound = S.loopBound(n); j < bound; j += L) {
            s = FloatVector.fromArray(S, a, ai + j).fma(FloatVector.fromArray(S, b, bi + j), s);
        }
        float t = sumLanes(s, buf);
        for (; j < n; j++) {
            t = Math.fma(a[ai + j], b[bi + j], t);
        }
        return t;
    }

    /**
     * The lanes' sum in a fixed tree, through {@code buf} (at least L floats): stored, then lane i plus lane
     * i + L/2, then plus lane i + L/4 of that, and so on, in scalar code, so the interpreter and C2 add in the
     * same order and the bits do not depend on the JIT. Lane reads (by shuffles, or by {@code lane(i)}) boxed
     * the vector with AVX2 code (-XX:UseAVX=2) or at 128 and 256 bits, and allocated on every call.
     */
    static float sumLanes(FloatVector v, float[] buf) {
        v.intoArray(buf, 0);
        for (int h = L / 2; h >= 1; h /= 2) {
            for (int i = 0; i < h; i++) {
                buf[i] += buf[i + h];
            }
        }
        return buf[0];
    }

    /**
     * dW[p][j] += Σ_i X[i][p]·dY[i][j] for rows {@code [p0, p1)} of dW: for each row and each strip of
     * columns, the sum over the batch is kept in registers and added to dW once.
     */
    static void dW(float[] x, int xOff, float[] dY, int dYOff, float[] dW, int dWOff, int m, int k, int n,
                   int p0, int p1) {
        int jBound = S.loopBound(n);
        for (int p = p0; p < p1; p++) {
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
