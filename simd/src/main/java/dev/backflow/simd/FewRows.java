package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.LANES;
import static dev.backflow.simd.VectorKernels.SPECIES;

import dev.backflow.BackwardKernels;
import jdk.incubator.vector.FloatVector;

/**
 * C += alpha·A·B for a C of at most {@link #ROWS} rows and a row-major B, without packing, in the contract's
 * blocked order: for each rounding block, the sums s start at +0.0, take one fused multiply-add per step of the
 * block in order, and are added as {@code c + alpha * s}. The kernels read one row of B a step, so the vector
 * columns of B are read once for the call. One row of C: 16 vectors of columns at 512 bits ({@link #row}, a
 * kilobyte of B a step, 16 accumulators), then 8 at any width ({@link #row8}, 8 accumulators). At 512 bits
 * only: two rows against 8 vectors ({@link #pair}, 16 accumulators), three or four rows against 6 ({@link #six},
 * 24), then up to four rows against 4 ({@link #wide}, 16, a quarter of a kilobyte), which also takes the columns
 * that the wider kernels leave. Then, at any width, one vector at a time ({@link #narrow}), and the last n mod LANES
 * columns one element at a time. A kernel given fewer rows than its shape repeats the last row and stores only the
 * rows that exist.
 *
 * <p>B is read where it lies, so its loads are as aligned as the caller's array: where a row of B does not start
 * on a 64-byte boundary, every 64-byte load spans two cache lines. On Zen 5 (family 26 model 2, one thread)
 * rows that started on one ran 1.27-1.40 times as fast as the median of the other offsets, and OpenBLAS's NN
 * kernels 1.24-1.27 times (docs/results/2026-12-02-zen5-few-rows-one-two). The GEMM's 6×32 tile at such a
 * batch pads A with zero rows and reads two vectors of a B row a step (at 4×784×256 NN it ran at 79 GFLOP/s,
 * OpenBLAS at 132: Zen 5, family 26 model 2, one thread, paired in one JVM). Two to four rows only at 512 bits,
 * where 32 registers hold the accumulators, B's vectors and the broadcast; one row at any width, below 512 bits
 * through {@link #row8} (eight accumulators, within 16 registers). No method here passes a vector to another
 * (see {@link MicroKernel}).
 */
final class FewRows {
    private FewRows() {}

    /** The most rows of C this path takes. */
    static final int ROWS = 4;

    /** Whether this path takes more than one row: 16-lane vectors (512 bits, 32 registers). */
    static final boolean SUPPORTED = LANES == 16;

    private static final int RB = BackwardKernels.MATMUL_BLOCK;
    private static final long L2 = Blocking.CURRENT.caches().l2();

    private static final int SIX = 6 * LANES;
    private static final int WIDE = 4 * LANES;
    private static final int PAIR = 8 * LANES;
    private static final int ROW = 16 * LANES;
    private static final int ROW8 = 8 * LANES;

    /**
     * Whether this path takes an m-row C with a k×n B (on one thread; a call cut into parts takes the GEMM): one
     * row at any size of B and any vector width, since {@link #row}, {@link #pair} and {@link #row8} read B in
     * order, up to a kilobyte at a time (at 1×4096×1024, a 16 MB B, 3.1 times the speed of the rank-one kernel of
     * dW, two vectors a step, that the one-row route used before, at 512 bits; 2.05 at 256 bits under
     * {@code -XX:UseAVX=2}, docs/results/2026-12-02-zen5-one-row-avx2); more rows only at 512 bits and while B
     * fits in L2: a B in memory read a column strip at a time ran at 0.90 of the GEMM's in-place path, which
     * reads it in narrower strips (4×4096×1000 NN and TN). Both on Zen 5, family 26 model 2, one thread, paired in
     * one JVM.
     */
    static boolean takes(int m, int k, int n) {
        return m == 1 || SUPPORTED && m <= ROWS && 4L * k * n <= L2;
    }

    /**
     * C(i, j) += alpha·Σ_q A(i, q)·B(q, j) for i &lt; m, j &lt; n, q &lt; k, A(i, q) = a[aOff + i*aRs + q*aCs],
     * B(q, j) = b[bOff + q*bRs + j], C(i, j) = c[cOff + i*ldc + j]. Arguments are trusted: 1 &lt;= m &lt;= ROWS,
     * k &gt;= 1, alpha != 0.
     */
    static void multiply(int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs, float[] b, int bOff,
                         int bRs, float[] c, int cOff, int ldc) {
        assert (SUPPORTED || m == 1) && m >= 1 && m <= ROWS && k >= 1;
        // rows past m repeat row m - 1 of A (valid indices); their sums are not stored
        int a1 = aOff + Math.min(1, m - 1) * aRs;
        int a2 = aOff + Math.min(2, m - 1) * aRs;
        int a3 = aOff + Math.min(3, m - 1) * aRs;
        for (int q0 = 0; q0 < k; q0 += RB) {
            int kb = Math.min(RB, k - q0);
            int aq = q0 * aCs;
            int bq = bOff + q0 * bRs;
            int j = 0;
            for (; SUPPORTED && m == 1 && j <= n - ROW; j += ROW) {
                row(kb, alpha, a, aOff + aq, aCs, b, bq + j, bRs, c, cOff + j);
            }
            for (; m == 1 && j <= n - ROW8; j += ROW8) {
                row8(kb, alpha, a, aOff + aq, aCs, b, bq + j, bRs, c, cOff + j);
            }
            for (; SUPPORTED && m == 2 && j <= n - PAIR; j += PAIR) {
                pair(kb, alpha, a, aOff + aq, a1 + aq, aCs, b, bq + j, bRs, c, cOff + j, ldc);
            }
            for (; SUPPORTED && m > 2 && j <= n - SIX; j += SIX) {
                six(kb, alpha, a, aOff + aq, a1 + aq, a2 + aq, a3 + aq, aCs, b, bq + j, bRs, c, cOff + j, ldc, m);
            }
            for (; SUPPORTED && j <= n - WIDE; j += WIDE) {
                wide(kb, alpha, a, aOff + aq, a1 + aq, a2 + aq, a3 + aq, aCs, b, bq + j, bRs, c, cOff + j, ldc, m);
            }
            for (; j <= n - LANES; j += LANES) {
                narrow(kb, alpha, a, aOff + aq, a1 + aq, a2 + aq, a3 + aq, aCs, b, bq + j, bRs, c, cOff + j, ldc, m);
            }
            for (; j < n; j++) {
                for (int i = 0; i < m; i++) {
                    int ai = aOff + i * aRs + aq;
                    float s = 0f;
                    for (int q = 0; q < kb; q++) {
                        s = Math.fma(a[ai + q * aCs], b[bq + q * bRs + j], s);
                    }
                    c[cOff + i * ldc + j] += alpha * s;
                }
            }
        }
    }

    /**
     * Four rows (a0 .. a3 at step 0) against {@link #SIX} columns of B from b0, kb steps; rows below m (3 or 4)
     * stored. Six vectors a step into 24 accumulators (with the four broadcasts and one vector of B, 29 of the 32
     * registers):
     * each broadcast serves six multiply-adds rather than {@link #wide}'s four, and the loop's bounds checks and
     * index arithmetic are spread over 24. It gains most where the rows of B do not start on a 64-byte boundary (each
     * load then spans two cache lines): on Zen 5 (family 26 model 2, one thread, one JVM, B's offset swept over 16
     * floats, rounds 2 to 6 of docs/results/2026-12-03-zen5-four-rows-six/sweep-784x256.txt) 4×784×256 NN read
     * 131-175 GFLOP/s at the 15 unaligned offsets against 122-153 for {@code wide} alone, and 173-222 against
     * 194-206 at the aligned one. A copy of A interleaved by step read 149-189 unaligned, but needs a scratch buffer.
     */
    private static void six(int kb, float alpha, float[] a, int a0, int a1, int a2, int a3, int aCs, float[] b,
                            int b0, int bRs, float[] c, int c0, int ldc, int m) {
        assert m > 2;
        FloatVector s00 = FloatVector.zero(SPECIES), s01 = s00, s02 = s00, s03 = s00, s04 = s00, s05 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00, s14 = s00, s15 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s24 = s00, s25 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00, s34 = s00, s35 = s00;
        int bi = b0;
        // The same loop twice: where A's rows are contiguous (NN), A is indexed by the loop's counter, and C2 then
        // drops the four bounds checks a step that A's strided index (q·aCs, a scale C2 does not know) keeps
        // (docs/results/2026-12-03-zen5-few-rows-unit-a)
        if (aCs == 1) {
            for (int q = 0; q < kb; q++) {
                FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + q]);
                FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + q]);
                FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + q]);
                FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + q]);
                FloatVector v0 = FloatVector.fromArray(SPECIES, b, bi);
                s00 = x0.fma(v0, s00); s10 = x1.fma(v0, s10); s20 = x2.fma(v0, s20); s30 = x3.fma(v0, s30);
                FloatVector v1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
                s01 = x0.fma(v1, s01); s11 = x1.fma(v1, s11); s21 = x2.fma(v1, s21); s31 = x3.fma(v1, s31);
                FloatVector v2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
                s02 = x0.fma(v2, s02); s12 = x1.fma(v2, s12); s22 = x2.fma(v2, s22); s32 = x3.fma(v2, s32);
                FloatVector v3 = FloatVector.fromArray(SPECIES, b, bi + 3 * LANES);
                s03 = x0.fma(v3, s03); s13 = x1.fma(v3, s13); s23 = x2.fma(v3, s23); s33 = x3.fma(v3, s33);
                FloatVector v4 = FloatVector.fromArray(SPECIES, b, bi + 4 * LANES);
                s04 = x0.fma(v4, s04); s14 = x1.fma(v4, s14); s24 = x2.fma(v4, s24); s34 = x3.fma(v4, s34);
                FloatVector v5 = FloatVector.fromArray(SPECIES, b, bi + 5 * LANES);
                s05 = x0.fma(v5, s05); s15 = x1.fma(v5, s15); s25 = x2.fma(v5, s25); s35 = x3.fma(v5, s35);
                bi += bRs;
            }
        } else {
            int ai = 0;
            for (int q = 0; q < kb; q++) {
                FloatVector x0 = FloatVector.broadcast(SPECIES, a[a0 + ai]);
                FloatVector x1 = FloatVector.broadcast(SPECIES, a[a1 + ai]);
                FloatVector x2 = FloatVector.broadcast(SPECIES, a[a2 + ai]);
                FloatVector x3 = FloatVector.broadcast(SPECIES, a[a3 + ai]);
                FloatVector v0 = FloatVector.fromArray(SPECIES, b, bi);
                s00 = x0.fma(v0, s00); s10 = x1.fma(v0, s10); s20 = x2.fma(v0, s20); s30 = x3.fma(v0, s30);
                FloatVector v1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
                s01 = x0.fma(v1, s01); s11 = x1.fma(v1, s11); s21 = x2.fma(v1, s21); s31 = x3.fma(v1, s31);
                FloatVector v2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
                s02 = x0.fma(v2, s02); s12 = x1.fma(v2, s12); s22 = x2.fma(v2, s22); s32 = x3.fma(v2, s32);
                FloatVector v3 = FloatVector.fromArray(SPECIES, b, bi + 3 * LANES);
                s03 = x0.fma(v3, s03); s13 = x1.fma(v3, s13); s23 = x2.fma(v3, s23); s33 = x3.fma(v3, s33);
                FloatVector v4 = FloatVector.fromArray(SPECIES, b, bi + 4 * LANES);
                s04 = x0.fma(v4, s04); s14 = x1.fma(v4, s14); s24 = x2.fma(v4, s24); s34 = x3.fma(v4, s34);
                FloatVector v5 = FloatVector.fromArray(SPECIES, b, bi + 5 * LANES);
                s05 = x0.fma(v5, s05); s15 = x1.fma(v5, s15); s25 = x2.fma(v5, s25); s35 = x3.fma(v5, s35);
                bi += bRs;
                ai += aCs;
            }
        }
        // c + alpha·s: the product rounded, then the sum (never a fused multiply-add), as the contract orders
        FloatVector.fromArray(SPECIES, c, c0).add(s00.mul(alpha)).intoArray(c, c0);
        FloatVector.fromArray(SPECIES, c, c0 + LANES).add(s01.mul(alpha)).intoArray(c, c0 + LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 2 * LANES).add(s02.mul(alpha)).intoArray(c, c0 + 2 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 3 * LANES).add(s03.mul(alpha)).intoArray(c, c0 + 3 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 4 * LANES).add(s04.mul(alpha)).intoArray(c, c0 + 4 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 5 * LANES).add(s05.mul(alpha)).intoArray(c, c0 + 5 * LANES);
        int r1 = c0 + ldc;
        FloatVector.fromArray(SPECIES, c, r1).add(s10.mul(alpha)).intoArray(c, r1);
        FloatVector.fromArray(SPECIES, c, r1 + LANES).add(s11.mul(alpha)).intoArray(c, r1 + LANES);
        FloatVector.fromArray(SPECIES, c, r1 + 2 * LANES).add(s12.mul(alpha)).intoArray(c, r1 + 2 * LANES);
        FloatVector.fromArray(SPECIES, c, r1 + 3 * LANES).add(s13.mul(alpha)).intoArray(c, r1 + 3 * LANES);
        FloatVector.fromArray(SPECIES, c, r1 + 4 * LANES).add(s14.mul(alpha)).intoArray(c, r1 + 4 * LANES);
        FloatVector.fromArray(SPECIES, c, r1 + 5 * LANES).add(s15.mul(alpha)).intoArray(c, r1 + 5 * LANES);
        int r2 = c0 + 2 * ldc;
        FloatVector.fromArray(SPECIES, c, r2).add(s20.mul(alpha)).intoArray(c, r2);
        FloatVector.fromArray(SPECIES, c, r2 + LANES).add(s21.mul(alpha)).intoArray(c, r2 + LANES);
        FloatVector.fromArray(SPECIES, c, r2 + 2 * LANES).add(s22.mul(alpha)).intoArray(c, r2 + 2 * LANES);
        FloatVector.fromArray(SPECIES, c, r2 + 3 * LANES).add(s23.mul(alpha)).intoArray(c, r2 + 3 * LANES);
        FloatVector.fromArray(SPECIES, c, r2 + 4 * LANES).add(s24.mul(alpha)).intoArray(c, r2 + 4 * LANES);
        FloatVector.fromArray(SPECIES, c, r2 + 5 * LANES).add(s25.mul(alpha)).intoArray(c, r2 + 5 * LANES);
        if (m > 3) {
            int r = c0 + 3 * ldc;
            FloatVector.fromArray(SPECIES, c, r).add(s30.mul(alpha)).intoArray(c, r);
            FloatVector.fromArray(SPECIES, c, r + LANES).add(s31.mul(alpha)).intoArray(c, r + LANES);
            FloatVector.fromArray(SPECIES, c, r + 2 * LANES).add(s32.mul(alpha)).intoArray(c, r + 2 * LANES);
            FloatVector.fromArray(SPECIES, c, r + 3 * LANES).add(s33.mul(alpha)).intoArray(c, r + 3 * LANES);
            FloatVector.fromArray(SPECIES, c, r + 4 * LANES).add(s34.mul(alpha)).intoArray(c, r + 4 * LANES);
            FloatVector.fromArray(SPECIES, c, r + 5 * LANES).add(s35.mul(alpha)).intoArray(c, r + 5 * LANES);
        }
    }

    /** Four rows (a0 .. a3 at step 0) against 4·LANES columns of B from b0, kb steps; rows below m stored. */
    private static void wide(int kb, float alpha, float[] a, int a0, int a1, int a2, int a3, int aCs, float[] b,
                             int b0, int bRs, float[] c, int c0, int ldc, int m) {
        FloatVector s00 = FloatVector.zero(SPECIES), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        for (int q = 0; q < kb; q++) {
            int bi = b0 + q * bRs;
            int ai = q * aCs;
            FloatVector v0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector v1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector v2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
            FloatVector v3 = FloatVector.fromArray(SPECIES, b, bi + 3 * LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + ai]);
            s00 = x.fma(v0, s00);
            s01 = x.fma(v1, s01);
            s02 = x.fma(v2, s02);
            s03 = x.fma(v3, s03);
            x = FloatVector.broadcast(SPECIES, a[a1 + ai]);
            s10 = x.fma(v0, s10);
            s11 = x.fma(v1, s11);
            s12 = x.fma(v2, s12);
            s13 = x.fma(v3, s13);
            x = FloatVector.broadcast(SPECIES, a[a2 + ai]);
            s20 = x.fma(v0, s20);
            s21 = x.fma(v1, s21);
            s22 = x.fma(v2, s22);
            s23 = x.fma(v3, s23);
            x = FloatVector.broadcast(SPECIES, a[a3 + ai]);
            s30 = x.fma(v0, s30);
            s31 = x.fma(v1, s31);
            s32 = x.fma(v2, s32);
            s33 = x.fma(v3, s33);
        }
        // c + alpha·s: the product rounded, then the sum (never a fused multiply-add), as the contract orders
        FloatVector.fromArray(SPECIES, c, c0).add(s00.mul(alpha)).intoArray(c, c0);
        FloatVector.fromArray(SPECIES, c, c0 + LANES).add(s01.mul(alpha)).intoArray(c, c0 + LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 2 * LANES).add(s02.mul(alpha)).intoArray(c, c0 + 2 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 3 * LANES).add(s03.mul(alpha)).intoArray(c, c0 + 3 * LANES);
        if (m > 1) {
            int r = c0 + ldc;
            FloatVector.fromArray(SPECIES, c, r).add(s10.mul(alpha)).intoArray(c, r);
            FloatVector.fromArray(SPECIES, c, r + LANES).add(s11.mul(alpha)).intoArray(c, r + LANES);
            FloatVector.fromArray(SPECIES, c, r + 2 * LANES).add(s12.mul(alpha)).intoArray(c, r + 2 * LANES);
            FloatVector.fromArray(SPECIES, c, r + 3 * LANES).add(s13.mul(alpha)).intoArray(c, r + 3 * LANES);
        }
        if (m > 2) {
            int r = c0 + 2 * ldc;
            FloatVector.fromArray(SPECIES, c, r).add(s20.mul(alpha)).intoArray(c, r);
            FloatVector.fromArray(SPECIES, c, r + LANES).add(s21.mul(alpha)).intoArray(c, r + LANES);
            FloatVector.fromArray(SPECIES, c, r + 2 * LANES).add(s22.mul(alpha)).intoArray(c, r + 2 * LANES);
            FloatVector.fromArray(SPECIES, c, r + 3 * LANES).add(s23.mul(alpha)).intoArray(c, r + 3 * LANES);
        }
        if (m > 3) {
            int r = c0 + 3 * ldc;
            FloatVector.fromArray(SPECIES, c, r).add(s30.mul(alpha)).intoArray(c, r);
            FloatVector.fromArray(SPECIES, c, r + LANES).add(s31.mul(alpha)).intoArray(c, r + LANES);
            FloatVector.fromArray(SPECIES, c, r + 2 * LANES).add(s32.mul(alpha)).intoArray(c, r + 2 * LANES);
            FloatVector.fromArray(SPECIES, c, r + 3 * LANES).add(s33.mul(alpha)).intoArray(c, r + 3 * LANES);
        }
    }

    /**
     * One row of C against {@link #ROW} columns of B from b0, kb steps: each step reads ROW contiguous
     * floats of one row of B (a kilobyte), so B streams in order through the caches, into 16 accumulators.
     */
    private static void row(int kb, float alpha, float[] a, int a0, int aCs, float[] b, int b0, int bRs, float[] c,
                            int c0) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        FloatVector s8 = s0, s9 = s0, s10 = s0, s11 = s0, s12 = s0, s13 = s0, s14 = s0, s15 = s0;
        for (int q = 0; q < kb; q++) {
            int bi = b0 + q * bRs;
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + q * aCs]);
            s0 = x.fma(FloatVector.fromArray(SPECIES, b, bi), s0);
            s1 = x.fma(FloatVector.fromArray(SPECIES, b, bi + LANES), s1);
            s2 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 2 * LANES), s2);
            s3 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 3 * LANES), s3);
            s4 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 4 * LANES), s4);
            s5 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 5 * LANES), s5);
            s6 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 6 * LANES), s6);
            s7 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 7 * LANES), s7);
            s8 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 8 * LANES), s8);
            s9 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 9 * LANES), s9);
            s10 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 10 * LANES), s10);
            s11 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 11 * LANES), s11);
            s12 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 12 * LANES), s12);
            s13 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 13 * LANES), s13);
            s14 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 14 * LANES), s14);
            s15 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 15 * LANES), s15);
        }
        FloatVector.fromArray(SPECIES, c, c0).add(s0.mul(alpha)).intoArray(c, c0);
        FloatVector.fromArray(SPECIES, c, c0 + LANES).add(s1.mul(alpha)).intoArray(c, c0 + LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 2 * LANES).add(s2.mul(alpha)).intoArray(c, c0 + 2 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 3 * LANES).add(s3.mul(alpha)).intoArray(c, c0 + 3 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 4 * LANES).add(s4.mul(alpha)).intoArray(c, c0 + 4 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 5 * LANES).add(s5.mul(alpha)).intoArray(c, c0 + 5 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 6 * LANES).add(s6.mul(alpha)).intoArray(c, c0 + 6 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 7 * LANES).add(s7.mul(alpha)).intoArray(c, c0 + 7 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 8 * LANES).add(s8.mul(alpha)).intoArray(c, c0 + 8 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 9 * LANES).add(s9.mul(alpha)).intoArray(c, c0 + 9 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 10 * LANES).add(s10.mul(alpha)).intoArray(c, c0 + 10 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 11 * LANES).add(s11.mul(alpha)).intoArray(c, c0 + 11 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 12 * LANES).add(s12.mul(alpha)).intoArray(c, c0 + 12 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 13 * LANES).add(s13.mul(alpha)).intoArray(c, c0 + 13 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 14 * LANES).add(s14.mul(alpha)).intoArray(c, c0 + 14 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 15 * LANES).add(s15.mul(alpha)).intoArray(c, c0 + 15 * LANES);
    }

    /**
     * One row of C against {@link #ROW8} columns, eight accumulators, each step reading eight vectors of one row
     * of B: the columns {@link #row} leaves at 512 bits, and all of them below 512 bits, where 16 accumulators
     * would not fit in 16 registers (at 512 bits it replaced two-row kernels run on a repeated row for one row's
     * leftover columns: 1.09-1.19 at 1×784×128, 1.00-1.06 at 1×784×384 and 1×1000×1000; Zen 5, family 26
     * model 2, one thread, paired in one JVM).
     */
    private static void row8(int kb, float alpha, float[] a, int a0, int aCs, float[] b, int b0, int bRs, float[] c,
                             int c0) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        for (int q = 0; q < kb; q++) {
            int bi = b0 + q * bRs;
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + q * aCs]);
            s0 = x.fma(FloatVector.fromArray(SPECIES, b, bi), s0);
            s1 = x.fma(FloatVector.fromArray(SPECIES, b, bi + LANES), s1);
            s2 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 2 * LANES), s2);
            s3 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 3 * LANES), s3);
            s4 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 4 * LANES), s4);
            s5 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 5 * LANES), s5);
            s6 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 6 * LANES), s6);
            s7 = x.fma(FloatVector.fromArray(SPECIES, b, bi + 7 * LANES), s7);
        }
        FloatVector.fromArray(SPECIES, c, c0).add(s0.mul(alpha)).intoArray(c, c0);
        FloatVector.fromArray(SPECIES, c, c0 + LANES).add(s1.mul(alpha)).intoArray(c, c0 + LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 2 * LANES).add(s2.mul(alpha)).intoArray(c, c0 + 2 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 3 * LANES).add(s3.mul(alpha)).intoArray(c, c0 + 3 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 4 * LANES).add(s4.mul(alpha)).intoArray(c, c0 + 4 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 5 * LANES).add(s5.mul(alpha)).intoArray(c, c0 + 5 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 6 * LANES).add(s6.mul(alpha)).intoArray(c, c0 + 6 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 7 * LANES).add(s7.mul(alpha)).intoArray(c, c0 + 7 * LANES);
    }

    /**
     * Two rows (a0, a1 at step 0) against {@link #PAIR} columns of B from b0, kb steps: 16 accumulators, each step
     * reading half a kilobyte of one row of B.
     */
    private static void pair(int kb, float alpha, float[] a, int a0, int a1, int aCs, float[] b, int b0, int bRs,
                             float[] c, int c0, int ldc) {
        FloatVector s00 = FloatVector.zero(SPECIES);
        FloatVector s01 = s00, s02 = s00, s03 = s00, s04 = s00, s05 = s00, s06 = s00, s07 = s00, s10 = s00;
        FloatVector s11 = s00, s12 = s00, s13 = s00, s14 = s00, s15 = s00, s16 = s00, s17 = s00;
        for (int q = 0; q < kb; q++) {
            int bi = b0 + q * bRs;
            int ai = q * aCs;
            FloatVector v0 = FloatVector.fromArray(SPECIES, b, bi);
            FloatVector v1 = FloatVector.fromArray(SPECIES, b, bi + LANES);
            FloatVector v2 = FloatVector.fromArray(SPECIES, b, bi + 2 * LANES);
            FloatVector v3 = FloatVector.fromArray(SPECIES, b, bi + 3 * LANES);
            FloatVector v4 = FloatVector.fromArray(SPECIES, b, bi + 4 * LANES);
            FloatVector v5 = FloatVector.fromArray(SPECIES, b, bi + 5 * LANES);
            FloatVector v6 = FloatVector.fromArray(SPECIES, b, bi + 6 * LANES);
            FloatVector v7 = FloatVector.fromArray(SPECIES, b, bi + 7 * LANES);
            FloatVector x = FloatVector.broadcast(SPECIES, a[a0 + ai]);
            s00 = x.fma(v0, s00);
            s01 = x.fma(v1, s01);
            s02 = x.fma(v2, s02);
            s03 = x.fma(v3, s03);
            s04 = x.fma(v4, s04);
            s05 = x.fma(v5, s05);
            s06 = x.fma(v6, s06);
            s07 = x.fma(v7, s07);
            x = FloatVector.broadcast(SPECIES, a[a1 + ai]);
            s10 = x.fma(v0, s10);
            s11 = x.fma(v1, s11);
            s12 = x.fma(v2, s12);
            s13 = x.fma(v3, s13);
            s14 = x.fma(v4, s14);
            s15 = x.fma(v5, s15);
            s16 = x.fma(v6, s16);
            s17 = x.fma(v7, s17);
        }
        FloatVector.fromArray(SPECIES, c, c0).add(s00.mul(alpha)).intoArray(c, c0);
        FloatVector.fromArray(SPECIES, c, c0 + LANES).add(s01.mul(alpha)).intoArray(c, c0 + LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 2 * LANES).add(s02.mul(alpha)).intoArray(c, c0 + 2 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 3 * LANES).add(s03.mul(alpha)).intoArray(c, c0 + 3 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 4 * LANES).add(s04.mul(alpha)).intoArray(c, c0 + 4 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 5 * LANES).add(s05.mul(alpha)).intoArray(c, c0 + 5 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 6 * LANES).add(s06.mul(alpha)).intoArray(c, c0 + 6 * LANES);
        FloatVector.fromArray(SPECIES, c, c0 + 7 * LANES).add(s07.mul(alpha)).intoArray(c, c0 + 7 * LANES);
        int r = c0 + ldc;
        FloatVector.fromArray(SPECIES, c, r).add(s10.mul(alpha)).intoArray(c, r);
        FloatVector.fromArray(SPECIES, c, r + LANES).add(s11.mul(alpha)).intoArray(c, r + LANES);
        FloatVector.fromArray(SPECIES, c, r + 2 * LANES).add(s12.mul(alpha)).intoArray(c, r + 2 * LANES);
        FloatVector.fromArray(SPECIES, c, r + 3 * LANES).add(s13.mul(alpha)).intoArray(c, r + 3 * LANES);
        FloatVector.fromArray(SPECIES, c, r + 4 * LANES).add(s14.mul(alpha)).intoArray(c, r + 4 * LANES);
        FloatVector.fromArray(SPECIES, c, r + 5 * LANES).add(s15.mul(alpha)).intoArray(c, r + 5 * LANES);
        FloatVector.fromArray(SPECIES, c, r + 6 * LANES).add(s16.mul(alpha)).intoArray(c, r + 6 * LANES);
        FloatVector.fromArray(SPECIES, c, r + 7 * LANES).add(s17.mul(alpha)).intoArray(c, r + 7 * LANES);
    }

    /** {@link #wide} for one vector of columns. */
    private static void narrow(int kb, float alpha, float[] a, int a0, int a1, int a2, int a3, int aCs, float[] b,
                               int b0, int bRs, float[] c, int c0, int ldc, int m) {
        FloatVector s0 = FloatVector.zero(SPECIES), s1 = s0, s2 = s0, s3 = s0;
        for (int q = 0; q < kb; q++) {
            FloatVector v = FloatVector.fromArray(SPECIES, b, b0 + q * bRs);
            int ai = q * aCs;
            s0 = FloatVector.broadcast(SPECIES, a[a0 + ai]).fma(v, s0);
            s1 = FloatVector.broadcast(SPECIES, a[a1 + ai]).fma(v, s1);
            s2 = FloatVector.broadcast(SPECIES, a[a2 + ai]).fma(v, s2);
            s3 = FloatVector.broadcast(SPECIES, a[a3 + ai]).fma(v, s3);
        }
        FloatVector.fromArray(SPECIES, c, c0).add(s0.mul(alpha)).intoArray(c, c0);
        if (m > 1) {
            FloatVector.fromArray(SPECIES, c, c0 + ldc).add(s1.mul(alpha)).intoArray(c, c0 + ldc);
        }
        if (m > 2) {
            FloatVector.fromArray(SPECIES, c, c0 + 2 * ldc).add(s2.mul(alpha)).intoArray(c, c0 + 2 * ldc);
        }
        if (m > 3) {
            FloatVector.fromArray(SPECIES, c, c0 + 3 * ldc).add(s3.mul(alpha)).intoArray(c, c0 + 3 * ldc);
        }
    }
}
