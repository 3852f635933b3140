package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.L;
import static dev.backflow.simd.VectorKernels.S;

import jdk.incubator.vector.FloatVector;

/**
 * The register-blocked micro-kernel of {@link Gemm}: an MR×NR tile of C (MR rows, NR = 3 vectors) held in
 * twelve accumulators over kc steps, each step one broadcast of A per row, three loads of B and twelve
 * fused multiply-adds; then added to C. Twelve independent accumulators cover the FMA latency, and with the
 * three B vectors and a broadcast they fit the sixteen registers of AVX2 too.
 */
final class MicroKernel {
    private MicroKernel() {}

    static final int MR = 4;
    static final int NV = 3;
    static final int NR = NV * L;

    /**
     * C[i][j] += Σ_p a[p*MR + i]·b[bIdx + p*NR + j] for the full MR×NR tile at c[cIdx + i*ldc + j].
     */
    static void run(int kc, float[] a, float[] b, int bIdx, float[] c, int cIdx, int ldc) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        int ai = 0;
        int bi = bIdx;
        for (int p = 0; p < kc; p++, ai += MR, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, b, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
        }
        addRow(c, cIdx, c00, c01, c02);
        addRow(c, cIdx + ldc, c10, c11, c12);
        addRow(c, cIdx + 2 * ldc, c20, c21, c22);
        addRow(c, cIdx + 3 * ldc, c30, c31, c32);
    }

    private static void addRow(float[] c, int idx, FloatVector v0, FloatVector v1, FloatVector v2) {
        FloatVector.fromArray(S, c, idx).add(v0).intoArray(c, idx);
        FloatVector.fromArray(S, c, idx + L).add(v1).intoArray(c, idx + L);
        FloatVector.fromArray(S, c, idx + 2 * L).add(v2).intoArray(c, idx + 2 * L);
    }
}
