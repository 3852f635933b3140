package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.L;
import static dev.backflow.simd.VectorKernels.S;

import jdk.incubator.vector.FloatVector;

/**
 * The register-blocked micro-kernel of {@link Gemm}: an MR×NR tile of C (6 rows, NR = 2 vectors) held in
 * 12 accumulators over kc steps; each step is 2 loads of B, 6 broadcasts of A and 12 fused multiply-adds.
 * Then the tile is added to C.
 *
 * <p>Why 6×2: twelve independent accumulators cover the FMA latency on two pipes, and with the two B
 * vectors and one broadcast they fit the sixteen registers of AVX2 as well as the 32 of AVX-512 and NEON.
 * NR = 2 vectors divides the power-of-two widths of common layers, so few tiles are edge tiles; 4×3 was as
 * fast on full tiles. Larger tiles (6×3, 4×4, 8×3) and a two-step unrolled loop were measured on JDK 25:
 * C2 then stops inlining the Vector API calls (the method outgrows its inlining budget) and the kernel runs
 * about 100× slower, on boxed vectors.
 */
final class MicroKernel {
    private MicroKernel() {}

    static final int MR = 6;
    static final int NV = 2;
    static final int NR = NV * L;

    /**
     * C[i][j] += Σ_p a[aIdx + i*ars + p*acs]·b[bIdx + p*NR + j] for the full MR×NR tile at c[cIdx + i*ldc + j].
     * A is read in place through its strides (row-major, transposed, or a packed edge sliver), B from its
     * packed sliver.
     */
    static void run(int kc, float[] a, int aIdx, int ars, int acs, float[] b, int bIdx, float[] c, int cIdx, int ldc) {
        int r1 = ars;
        int r2 = 2 * ars;
        int r3 = 3 * ars;
        int r4 = 4 * ars;
        int r5 = 5 * ars;
        FloatVector zero = FloatVector.zero(S);
        FloatVector c00 = zero, c01 = zero;
        FloatVector c10 = zero, c11 = zero;
        FloatVector c20 = zero, c21 = zero;
        FloatVector c30 = zero, c31 = zero;
        FloatVector c40 = zero, c41 = zero;
        FloatVector c50 = zero, c51 = zero;
        int ai = aIdx;
        int bi = bIdx;
        for (int p = 0; p < kc; p++, ai += acs, bi += NR) {
            FloatVector b0 = FloatVector.fromArray(S, b, bi);
            FloatVector b1 = FloatVector.fromArray(S, b, bi + 1 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai + 0]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + r1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + r2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + r3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(S, a[ai + r4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(S, a[ai + r5]);
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

    private static void addRow(float[] c, int idx, FloatVector v0, FloatVector v1) {
        FloatVector.fromArray(S, c, idx).add(v0).intoArray(c, idx);
        FloatVector.fromArray(S, c, idx + L).add(v1).intoArray(c, idx + L);
    }
}
