package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.LANES;
import static dev.backflow.simd.VectorKernels.SPECIES;

import jdk.incubator.vector.FloatVector;

/**
 * The register-blocked micro-kernels of {@link Gemm}: an MR×NR tile of sums (NR = 2 vectors) held in registers
 * over kc steps of packed A and packed B, started from zero or from the tile buffer T, and stored back into T,
 * or, for a whole tile's last cache block where {@link Blocking#kernelAddsC} says so, added to C
 * ({@link #run6x32ToC}). Each step loads 2 vectors of B, broadcasts MR scalars of A and does 2·MR fused
 * multiply-adds. {@link Blocking} picks the shape for the register file:
 * {@link #run6x32} for 32 registers, {@link #run4x16} for 16; and, for an A packed as steps (a transposed A) where
 * the 6-row tile runs on 16 lanes, {@link #run8x32} ({@link Blocking#mrSteps}).
 *
 * <p>Named as BLIS names its kernels, by the tile's rows × columns in floats on the vector width each was made
 * for: 6x32 on 512-bit AVX-512, 4x16 on 256-bit AVX2. The code is the same at any width: the tile is always MR
 * rows by two vectors (6x8 on 128-bit NEON, 4x8 at 128 bits, 4x32 with {@code backflow.gemm.mr=4} on AVX-512),
 * and the dispatcher's log names the shape in use.
 *
 * <p>Both operands are packed, so every index is the loop counter times a constant plus an invariant: C2 then
 * proves them in bounds once, before the loop, instead of testing each of the MR loads of A at every step (with
 * A read in place through variable strides it did, and those tests and index computations doubled the
 * instructions per FMA).
 *
 * <p>Why no larger tile: a 6×3-vector, a 4×4 and an 8×3 tile and a two-step unrolled loop ran on boxed vectors, about
 * 100× slower, when they were tried (JDK 25, before 2026-12-03), which was put down to C2's node limits for more than
 * 12 fused multiply-adds in one method. On JDK 25.0.3 (2026-12-03; Zen 5, family 26 model 2, one thread, paired in one
 * JVM against the build before) the 8×2-vector tile ({@link #run8x32}, 16 of them) ran at 0.996-1.121 of the 6-row
 * tile's speed for a transposed A, and a four-step unrolled {@link #run6x32RowsToC} (48; tried, not kept) compiled to
 * vector code (its JIT code was read). A 12×2 tile ran at 0.62-0.86 of the 6-row tile there, not 100× slower (its JIT
 * code was not read; if C2 holds every broadcast of a step at once, as it did for the 4-row tile on Zen 3, 24
 * accumulators, 12 broadcasts and 2 vectors of B do not fit 32 registers).
 *
 * <p>The two kernels are written out, not one loop over MR rows: each accumulator must be a local variable for C2
 * to keep it in a register (vectors held in an array are boxed).
 *
 * <p>Each shape is written twice, deliberately: for A packed as steps (MR floats a step, {@link #run6x32}) and as
 * rows ({@link #run6x32Rows}), because one kernel with a step stride as a parameter would multiply the loop counter
 * by a variable, and C2 would again test every load of A. The 6-row shape has a third form that does exactly that,
 * {@link #run6x32Direct}, for operands small enough that skipping the packs pays for the tests.
 *
 * <p>Every element of the tile is summed in the same order, p = 0 .. kc-1, continuing the sum it had in T (or
 * from zero): the bits of an element do not depend on which kernel, which tile position or which edge computed it.
 */
final class MicroKernel {
    private MicroKernel() {}

    private static final int NR = Blocking.NV * LANES;

    /**
     * T[i][j] = (resume ? T[i][j] : +0.0) + Σ_p a[aIdx + p*6 + i]·b[bIdx + p*NR + j], one fused multiply-add per
     * step p &lt; kc in order, for i &lt; 6, j &lt; NR = 2 vectors, at t[tIdx + i*NR + j].
     */
    static void run6x32(int kc, float[] a, int aIdx, float[] b, int bIdx, float[] t, int tIdx, boolean resume) {
        FloatVector c00 = start(t, tIdx, resume), c01 = start(t, tIdx + LANES, resume);
        FloatVector c10 = start(t, tIdx + NR, resume), c11 = start(t, tIdx + NR + LANES, resume);
        FloatVector c20 = start(t, tIdx + 2 * NR, resume), c21 = start(t, tIdx + 2 * NR + LANES, resume);
        FloatVector c30 = start(t, tIdx + 3 * NR, resume), c31 = start(t, tIdx + 3 * NR + LANES, resume);
        FloatVector c40 = start(t, tIdx + 4 * NR, resume), c41 = start(t, tIdx + 4 * NR + LANES, resume);
        FloatVector c50 = start(t, tIdx + 5 * NR, resume), c51 = start(t, tIdx + 5 * NR + LANES, resume);
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * 6;
            int bi = bIdx + p * (2 * LANES);
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        c00.intoArray(t, tIdx);
        c01.intoArray(t, tIdx + LANES);
        c10.intoArray(t, tIdx + NR);
        c11.intoArray(t, tIdx + NR + LANES);
        c20.intoArray(t, tIdx + 2 * NR);
        c21.intoArray(t, tIdx + 2 * NR + LANES);
        c30.intoArray(t, tIdx + 3 * NR);
        c31.intoArray(t, tIdx + 3 * NR + LANES);
        c40.intoArray(t, tIdx + 4 * NR);
        c41.intoArray(t, tIdx + 4 * NR + LANES);
        c50.intoArray(t, tIdx + 5 * NR);
        c51.intoArray(t, tIdx + 5 * NR + LANES);
    }

    /**
     * T[i][j] = (resume ? T[i][j] : +0.0) + Σ_p a[aIdx + p*4 + i]·b[bIdx + p*NR + j], one fused multiply-add per
     * step p &lt; kc in order, for i &lt; 4, j &lt; NR = 2 vectors, at t[tIdx + i*NR + j].
     */
    static void run4x16(int kc, float[] a, int aIdx, float[] b, int bIdx, float[] t, int tIdx, boolean resume) {
        FloatVector c00 = start(t, tIdx, resume), c01 = start(t, tIdx + LANES, resume);
        FloatVector c10 = start(t, tIdx + NR, resume), c11 = start(t, tIdx + NR + LANES, resume);
        FloatVector c20 = start(t, tIdx + 2 * NR, resume), c21 = start(t, tIdx + 2 * NR + LANES, resume);
        FloatVector c30 = start(t, tIdx + 3 * NR, resume), c31 = start(t, tIdx + 3 * NR + LANES, resume);
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * 4;
            int bi = bIdx + p * (2 * LANES);
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        c00.intoArray(t, tIdx);
        c01.intoArray(t, tIdx + LANES);
        c10.intoArray(t, tIdx + NR);
        c11.intoArray(t, tIdx + NR + LANES);
        c20.intoArray(t, tIdx + 2 * NR);
        c21.intoArray(t, tIdx + 2 * NR + LANES);
        c30.intoArray(t, tIdx + 3 * NR);
        c31.intoArray(t, tIdx + 3 * NR + LANES);
    }

    /**
     * {@link #run6x32} on A and B read in place: a[aIdx + p*aStep + i] and b[bIdx + p*bStep + j]. The same fused
     * multiply-adds in the same order, so the same bits. The variable steps leave C2 testing the loads' bounds in
     * the loop; only {@link Gemm}'s small products, whose operands fit in L1 together, come here, where skipping
     * the packs saves more (dW at 64³ on Zen 5: 97 against 150 GFLOP/s).
     */
    static void run6x32Direct(int kc, float[] a, int aIdx, int aStep, float[] b, int bIdx, int bStep, float[] t,
                              int tIdx, boolean resume) {
        FloatVector c00 = start(t, tIdx, resume), c01 = start(t, tIdx + LANES, resume);
        FloatVector c10 = start(t, tIdx + NR, resume), c11 = start(t, tIdx + NR + LANES, resume);
        FloatVector c20 = start(t, tIdx + 2 * NR, resume), c21 = start(t, tIdx + 2 * NR + LANES, resume);
        FloatVector c30 = start(t, tIdx + 3 * NR, resume), c31 = start(t, tIdx + 3 * NR + LANES, resume);
        FloatVector c40 = start(t, tIdx + 4 * NR, resume), c41 = start(t, tIdx + 4 * NR + LANES, resume);
        FloatVector c50 = start(t, tIdx + 5 * NR, resume), c51 = start(t, tIdx + 5 * NR + LANES, resume);
        int ai = aIdx, bi = bIdx;
        for (int p = 0; p < kc; p++) {
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            ai += aStep;
            bi += bStep;
        }
        c00.intoArray(t, tIdx);
        c01.intoArray(t, tIdx + LANES);
        c10.intoArray(t, tIdx + NR);
        c11.intoArray(t, tIdx + NR + LANES);
        c20.intoArray(t, tIdx + 2 * NR);
        c21.intoArray(t, tIdx + 2 * NR + LANES);
        c30.intoArray(t, tIdx + 3 * NR);
        c31.intoArray(t, tIdx + 3 * NR + LANES);
        c40.intoArray(t, tIdx + 4 * NR);
        c41.intoArray(t, tIdx + 4 * NR + LANES);
        c50.intoArray(t, tIdx + 5 * NR);
        c51.intoArray(t, tIdx + 5 * NR + LANES);
    }

    /**
     * {@link #run6x32} on A packed as rows: a[aIdx + i*ars + p] instead of a[aIdx + p*6 + i]. The same fused
     * multiply-adds in the same order, so the same bits; each index is still the loop counter plus an invariant.
     */
    static void run6x32Rows(int kc, float[] a, int aIdx, int ars, float[] b, int bIdx, float[] t, int tIdx,
                                boolean resume) {
        FloatVector c00 = start(t, tIdx, resume), c01 = start(t, tIdx + LANES, resume);
        FloatVector c10 = start(t, tIdx + NR, resume), c11 = start(t, tIdx + NR + LANES, resume);
        FloatVector c20 = start(t, tIdx + 2 * NR, resume), c21 = start(t, tIdx + 2 * NR + LANES, resume);
        FloatVector c30 = start(t, tIdx + 3 * NR, resume), c31 = start(t, tIdx + 3 * NR + LANES, resume);
        FloatVector c40 = start(t, tIdx + 4 * NR, resume), c41 = start(t, tIdx + 4 * NR + LANES, resume);
        FloatVector c50 = start(t, tIdx + 5 * NR, resume), c51 = start(t, tIdx + 5 * NR + LANES, resume);
        int r0 = aIdx, r1 = aIdx + ars, r2 = aIdx + 2 * ars;
        int r3 = aIdx + 3 * ars, r4 = aIdx + 4 * ars, r5 = aIdx + 5 * ars;
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * (2 * LANES);
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[r0 + p]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[r1 + p]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[r2 + p]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[r3 + p]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[r4 + p]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[r5 + p]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        c00.intoArray(t, tIdx);
        c01.intoArray(t, tIdx + LANES);
        c10.intoArray(t, tIdx + NR);
        c11.intoArray(t, tIdx + NR + LANES);
        c20.intoArray(t, tIdx + 2 * NR);
        c21.intoArray(t, tIdx + 2 * NR + LANES);
        c30.intoArray(t, tIdx + 3 * NR);
        c31.intoArray(t, tIdx + 3 * NR + LANES);
        c40.intoArray(t, tIdx + 4 * NR);
        c41.intoArray(t, tIdx + 4 * NR + LANES);
        c50.intoArray(t, tIdx + 5 * NR);
        c51.intoArray(t, tIdx + 5 * NR + LANES);
    }

    /**
     * {@link #run4x16} on A packed as rows: a[aIdx + i*ars + p] instead of a[aIdx + p*4 + i]. The same fused
     * multiply-adds in the same order, so the same bits; each index is still the loop counter plus an invariant.
     */
    static void run4x16Rows(int kc, float[] a, int aIdx, int ars, float[] b, int bIdx, float[] t, int tIdx,
                                boolean resume) {
        FloatVector c00 = start(t, tIdx, resume), c01 = start(t, tIdx + LANES, resume);
        FloatVector c10 = start(t, tIdx + NR, resume), c11 = start(t, tIdx + NR + LANES, resume);
        FloatVector c20 = start(t, tIdx + 2 * NR, resume), c21 = start(t, tIdx + 2 * NR + LANES, resume);
        FloatVector c30 = start(t, tIdx + 3 * NR, resume), c31 = start(t, tIdx + 3 * NR + LANES, resume);
        int r0 = aIdx, r1 = aIdx + ars, r2 = aIdx + 2 * ars, r3 = aIdx + 3 * ars;
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * (2 * LANES);
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[r0 + p]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[r1 + p]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[r2 + p]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[r3 + p]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
        }
        c00.intoArray(t, tIdx);
        c01.intoArray(t, tIdx + LANES);
        c10.intoArray(t, tIdx + NR);
        c11.intoArray(t, tIdx + NR + LANES);
        c20.intoArray(t, tIdx + 2 * NR);
        c21.intoArray(t, tIdx + 2 * NR + LANES);
        c30.intoArray(t, tIdx + 3 * NR);
        c31.intoArray(t, tIdx + 3 * NR + LANES);
    }

    /**
     * {@link #run6x32} for the last cache block of a rounding block, its sums s then added to C instead of stored
     * into T: C[i][j] = C[i][j] + alpha·s (with alpha 1, c + s, one float addition), at c[cIdx + i*ldc + j], as
     * {@link Gemm#addColumns} adds T's sums, so the same bits. The adds are written out, not a helper method: C2
     * boxes vectors passed to a method it does not inline, and with a helper this kernel allocated at 128-bit
     * vectors (NoAllocationTest).
     */
    static void run6x32ToC(int kc, float[] a, int aIdx, float[] b, int bIdx, float[] t, int tIdx, boolean resume,
                           float alpha, float[] c, int cIdx, int ldc) {
        FloatVector c00 = start(t, tIdx, resume), c01 = start(t, tIdx + LANES, resume);
        FloatVector c10 = start(t, tIdx + NR, resume), c11 = start(t, tIdx + NR + LANES, resume);
        FloatVector c20 = start(t, tIdx + 2 * NR, resume), c21 = start(t, tIdx + 2 * NR + LANES, resume);
        FloatVector c30 = start(t, tIdx + 3 * NR, resume), c31 = start(t, tIdx + 3 * NR + LANES, resume);
        FloatVector c40 = start(t, tIdx + 4 * NR, resume), c41 = start(t, tIdx + 4 * NR + LANES, resume);
        FloatVector c50 = start(t, tIdx + 5 * NR, resume), c51 = start(t, tIdx + 5 * NR + LANES, resume);
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * 6;
            int bi = bIdx + p * (2 * LANES);
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        if (alpha != 1f) {
            c00 = c00.mul(alpha);
            c01 = c01.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c20 = c20.mul(alpha);
            c21 = c21.mul(alpha);
            c30 = c30.mul(alpha);
            c31 = c31.mul(alpha);
            c40 = c40.mul(alpha);
            c41 = c41.mul(alpha);
            c50 = c50.mul(alpha);
            c51 = c51.mul(alpha);
        }
        int r = cIdx;
        FloatVector.fromArray(SPECIES, c, r).add(c00).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c01).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c10).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c11).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c20).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c21).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c30).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c31).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c40).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c41).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c50).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c51).intoArray(c, r + LANES);
    }

    /** {@link #run6x32ToC} on A packed as rows, as {@link #run6x32Rows} reads it. */
    static void run6x32RowsToC(int kc, float[] a, int aIdx, int ars, float[] b, int bIdx, float[] t, int tIdx,
                               boolean resume, float alpha, float[] c, int cIdx, int ldc) {
        FloatVector c00 = start(t, tIdx, resume), c01 = start(t, tIdx + LANES, resume);
        FloatVector c10 = start(t, tIdx + NR, resume), c11 = start(t, tIdx + NR + LANES, resume);
        FloatVector c20 = start(t, tIdx + 2 * NR, resume), c21 = start(t, tIdx + 2 * NR + LANES, resume);
        FloatVector c30 = start(t, tIdx + 3 * NR, resume), c31 = start(t, tIdx + 3 * NR + LANES, resume);
        FloatVector c40 = start(t, tIdx + 4 * NR, resume), c41 = start(t, tIdx + 4 * NR + LANES, resume);
        FloatVector c50 = start(t, tIdx + 5 * NR, resume), c51 = start(t, tIdx + 5 * NR + LANES, resume);
        int r0 = aIdx, r1 = aIdx + ars, r2 = aIdx + 2 * ars;
        int r3 = aIdx + 3 * ars, r4 = aIdx + 4 * ars, r5 = aIdx + 5 * ars;
        for (int p = 0; p < kc; p++) {
            int bi = bIdx + p * (2 * LANES);
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[r0 + p]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[r1 + p]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[r2 + p]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[r3 + p]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[r4 + p]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[r5 + p]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
        }
        if (alpha != 1f) {
            c00 = c00.mul(alpha);
            c01 = c01.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c20 = c20.mul(alpha);
            c21 = c21.mul(alpha);
            c30 = c30.mul(alpha);
            c31 = c31.mul(alpha);
            c40 = c40.mul(alpha);
            c41 = c41.mul(alpha);
            c50 = c50.mul(alpha);
            c51 = c51.mul(alpha);
        }
        int r = cIdx;
        FloatVector.fromArray(SPECIES, c, r).add(c00).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c01).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c10).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c11).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c20).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c21).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c30).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c31).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c40).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c41).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c50).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c51).intoArray(c, r + LANES);
    }

    /**
     * {@link #run6x32} with 8 rows: T[i][j] = (resume ? T[i][j] : +0.0) + Σ_p a[aIdx + p*8 + i]·b[bIdx + p*NR + j],
     * one fused multiply-add per step p &lt; kc in order, for i &lt; 8, j &lt; NR, at t[tIdx + i*NR + j]: the tile
     * of an A packed as steps ({@link Blocking#mrSteps}). 16 accumulators, 2 vectors of B and 8 broadcasts fit 32
     * registers, and each load of B serves 8 rows instead of 6.
     */
    static void run8x32(int kc, float[] a, int aIdx, float[] b, int bIdx, float[] t, int tIdx, boolean resume) {
        FloatVector c00 = start(t, tIdx, resume), c01 = start(t, tIdx + LANES, resume);
        FloatVector c10 = start(t, tIdx + NR, resume), c11 = start(t, tIdx + NR + LANES, resume);
        FloatVector c20 = start(t, tIdx + 2 * NR, resume), c21 = start(t, tIdx + 2 * NR + LANES, resume);
        FloatVector c30 = start(t, tIdx + 3 * NR, resume), c31 = start(t, tIdx + 3 * NR + LANES, resume);
        FloatVector c40 = start(t, tIdx + 4 * NR, resume), c41 = start(t, tIdx + 4 * NR + LANES, resume);
        FloatVector c50 = start(t, tIdx + 5 * NR, resume), c51 = start(t, tIdx + 5 * NR + LANES, resume);
        FloatVector c60 = start(t, tIdx + 6 * NR, resume), c61 = start(t, tIdx + 6 * NR + LANES, resume);
        FloatVector c70 = start(t, tIdx + 7 * NR, resume), c71 = start(t, tIdx + 7 * NR + LANES, resume);
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * 8;
            int bi = bIdx + p * (2 * LANES);
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(SPECIES, a[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(SPECIES, a[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        c00.intoArray(t, tIdx);
        c01.intoArray(t, tIdx + LANES);
        c10.intoArray(t, tIdx + NR);
        c11.intoArray(t, tIdx + NR + LANES);
        c20.intoArray(t, tIdx + 2 * NR);
        c21.intoArray(t, tIdx + 2 * NR + LANES);
        c30.intoArray(t, tIdx + 3 * NR);
        c31.intoArray(t, tIdx + 3 * NR + LANES);
        c40.intoArray(t, tIdx + 4 * NR);
        c41.intoArray(t, tIdx + 4 * NR + LANES);
        c50.intoArray(t, tIdx + 5 * NR);
        c51.intoArray(t, tIdx + 5 * NR + LANES);
        c60.intoArray(t, tIdx + 6 * NR);
        c61.intoArray(t, tIdx + 6 * NR + LANES);
        c70.intoArray(t, tIdx + 7 * NR);
        c71.intoArray(t, tIdx + 7 * NR + LANES);
    }

    /**
     * {@link #run8x32} for the last cache block of a rounding block, its sums s then added to C instead of stored
     * into T, as {@link #run6x32ToC} adds them: C[i][j] = C[i][j] + alpha·s, at c[cIdx + i*ldc + j].
     */
    static void run8x32ToC(int kc, float[] a, int aIdx, float[] b, int bIdx, float[] t, int tIdx, boolean resume,
                           float alpha, float[] c, int cIdx, int ldc) {
        FloatVector c00 = start(t, tIdx, resume), c01 = start(t, tIdx + LANES, resume);
        FloatVector c10 = start(t, tIdx + NR, resume), c11 = start(t, tIdx + NR + LANES, resume);
        FloatVector c20 = start(t, tIdx + 2 * NR, resume), c21 = start(t, tIdx + 2 * NR + LANES, resume);
        FloatVector c30 = start(t, tIdx + 3 * NR, resume), c31 = start(t, tIdx + 3 * NR + LANES, resume);
        FloatVector c40 = start(t, tIdx + 4 * NR, resume), c41 = start(t, tIdx + 4 * NR + LANES, resume);
        FloatVector c50 = start(t, tIdx + 5 * NR, resume), c51 = start(t, tIdx + 5 * NR + LANES, resume);
        FloatVector c60 = start(t, tIdx + 6 * NR, resume), c61 = start(t, tIdx + 6 * NR + LANES, resume);
        FloatVector c70 = start(t, tIdx + 7 * NR, resume), c71 = start(t, tIdx + 7 * NR + LANES, resume);
        for (int p = 0; p < kc; p++) {
            int ai = aIdx + p * 8;
            int bi = bIdx + p * (2 * LANES);
            FloatVector b0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector b1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector a0 = FloatVector.broadcast(SPECIES, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            FloatVector a1 = FloatVector.broadcast(SPECIES, a[ai + 1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            FloatVector a2 = FloatVector.broadcast(SPECIES, a[ai + 2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            FloatVector a3 = FloatVector.broadcast(SPECIES, a[ai + 3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            FloatVector a4 = FloatVector.broadcast(SPECIES, a[ai + 4]);
            c40 = a4.fma(b0, c40);
            c41 = a4.fma(b1, c41);
            FloatVector a5 = FloatVector.broadcast(SPECIES, a[ai + 5]);
            c50 = a5.fma(b0, c50);
            c51 = a5.fma(b1, c51);
            FloatVector a6 = FloatVector.broadcast(SPECIES, a[ai + 6]);
            c60 = a6.fma(b0, c60);
            c61 = a6.fma(b1, c61);
            FloatVector a7 = FloatVector.broadcast(SPECIES, a[ai + 7]);
            c70 = a7.fma(b0, c70);
            c71 = a7.fma(b1, c71);
        }
        if (alpha != 1f) {
            c00 = c00.mul(alpha);
            c01 = c01.mul(alpha);
            c10 = c10.mul(alpha);
            c11 = c11.mul(alpha);
            c20 = c20.mul(alpha);
            c21 = c21.mul(alpha);
            c30 = c30.mul(alpha);
            c31 = c31.mul(alpha);
            c40 = c40.mul(alpha);
            c41 = c41.mul(alpha);
            c50 = c50.mul(alpha);
            c51 = c51.mul(alpha);
            c60 = c60.mul(alpha);
            c61 = c61.mul(alpha);
            c70 = c70.mul(alpha);
            c71 = c71.mul(alpha);
        }
        int r = cIdx;
        FloatVector.fromArray(SPECIES, c, r).add(c00).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c01).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c10).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c11).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c20).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c21).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c30).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c31).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c40).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c41).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c50).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c51).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c60).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c61).intoArray(c, r + LANES);
        r += ldc;
        FloatVector.fromArray(SPECIES, c, r).add(c70).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(c71).intoArray(c, r + LANES);
    }

    /**
     * A running sum's start: +0.0 in every lane for a new rounding block, else the sums paused in T. The kernels call
     * no helper that takes a vector after their loop: a call C2 leaves out of line boxes its vectors, and it does so
     * where the method has grown past its node-count cutoff by then. A store helper did that in the 8-row kernel
     * wherever a tile resumes (kc under the rounding block): sgemm TN at 256³ with kc 128 ran at 20.9 GFLOP/s against
     * 197.0 with the stores written out (Zen 5, family 26 model 2, one thread, the GEMM's GFLOP/s in paired runs, one
     * JVM each, against OpenBLAS before and the scalar kernels after). This helper comes first in each kernel, and
     * C2 inlined it in every compile that PrintInlining showed at kc 128 and 256; DotPathAllocationTest checks that
     * the kernels allocate nothing, kc 64 included.
     */
    private static FloatVector start(float[] t, int idx, boolean resume) {
        return resume ? FloatVector.fromArray(SPECIES, t, idx) : FloatVector.zero(SPECIES);
    }

}
