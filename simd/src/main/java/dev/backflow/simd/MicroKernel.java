package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.L;
import static dev.backflow.simd.VectorKernels.S;

import jdk.incubator.vector.FloatVector;

/**
 * The register-blocked micro-kernels of {@link Gemm}: an MR×NR tile of C (NR = 2 vectors) held in registers over
 * kc steps of packed A and packed B, then added to C. Each step loads 2 vectors of B, broadcasts MR scalars of A
 * and does 2·MR fused multiply-adds. {@link Blocking} picks the shape for the register file:
 * {@link #run6x2} for 32 registers, {@link #run4x2} for 16.
 *
 * <p>Both operands are packed, so every index is the loop counter times a constant plus an invariant: C2 then
 * proves them in bounds once, before the loop, instead of testing each of the MR loads of A at every step (with
 * A read in place through variable strides it did, and those tests and index computations doubled the
 * instructions per FMA).
 *
 * <p>Why no larger tile: with more than 12 fused multiply-adds in one method, C2's inlining of the Vector API
 * calls stops at its node limits and the kernel runs on boxed vectors, about 100× slower (measured on JDK 25 with
 * 6×3, 4×4 and 8×3 tiles and with a two-step unrolled loop).
 *
 * <p>Every element of the tile is summed in the same order, p = 0 .. kc-1, from zero, and only then added to C:
 * the bits of an element do not depend on which kernel, which tile position or which edge path computed it.
 */
final class MicroKernel {
    private MicroKernel() {}

    /**
     * C[i][j] += Σ_p a[aIdx + p*6 + i]·b[bIdx + p*NR + j] for i &lt; 6, j &lt; NR = 2 vectors, at
     * c[cIdx + i*ldc + j].
     */
    static void run6x2(int kc, float[] a, int aIdx, float[] b, int bIdx, float[] c, int cIdx, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * 6;
            int bi = bIdx + p * (2 * L);
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        addRow(c, cIdx, c00, c01);
        addRow(c, cIdx + ldc, c10, c11);
        addRow(c, cIdx + 2 * ldc, c20, c21);
        addRow(c, cIdx + 3 * ldc, c30, c31);
        addRow(c, cIdx + 4 * ldc, c40, c41);
        addRow(c, cIdx + 5 * ldc, c50, c51);
    }

    /**
     * C[i][j] += Σ_p a[aIdx + p*4 + i]·b[bIdx + p*NR + j] for i &lt; 4, j &lt; NR = 2 vectors, at
     * c[cIdx + i*ldc + j].
     */
    static void run4x2(int kc, float[] a, int aIdx, float[] b, int bIdx, float[] c, int cIdx, int ldc) {
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * 4;
            int bi = bIdx + p * (2 * L);
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        addRow(c, cIdx, c00, c01);
        addRow(c, cIdx + ldc, c10, c11);
        addRow(c, cIdx + 2 * ldc, c20, c21);
        addRow(c, cIdx + 3 * ldc, c30, c31);
    }

    private static void addRow(float[] c, int idx, FloatVector v0, FloatVector v1) {
        FloatVector.fromArray(S, c, idx).add(v0).intoArray(c, idx);
        FloatVector.fromArray(S, c, idx + L).add(v1).intoArray(c, idx + L);
    }
}
