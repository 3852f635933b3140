package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.L;
import static dev.backflow.simd.VectorKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * A packed GEMM, C += A·B, built as BLIS builds one: loops around two packing routines and one
 * register-blocked micro-kernel ({@link MicroKernel}).
 *
 * <pre>
 * for jc in N, step NC:                 B panel of NC columns
 *   for pc in K, step KC:               ... and KC rows: packed once, stays in L2
 *     pack B[pc:pc+KC, jc:jc+NC]
 *     for ir in M, step MR:             a sliver of MR rows of A, KC long: packed, stays in L1
 *       pack A[ir:ir+MR, pc:pc+KC]
 *       for jr in NC, step NR:          MR×NR tile of C, accumulated in registers over KC
 *         micro-kernel
 * </pre>
 *
 * Operands are addressed through row and column strides, so that a transposed operand is just another pair of
 * strides and the transpose happens while packing. Packing pads edge slivers with zeros, so the micro-kernel
 * always computes a full tile; an edge tile is computed into a small scratch tile and its valid part added to C.
 * Scratch buffers are per thread and reused: after a thread's first call, nothing is allocated.
 */
final class Gemm {
    private Gemm() {}

    static final int MR = MicroKernel.MR;
    static final int NR = MicroKernel.NR;
    /** Depth of a packed block: an A sliver (MR×KC floats) fits easily in L1. */
    static final int KC = 256;
    /** Width of a packed B panel: KC×NC floats take about {@link Caches#B_PANEL_BYTES}, half a typical L2. */
    static final int NC = Math.max(NR, (Caches.B_PANEL_BYTES / (KC * Float.BYTES)) / NR * NR);

    /** Per-thread packing buffers. */
    private static final class Scratch {
        final float[] a = new float[MR * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * C[i][j] += Σ_p A[i][p]·B[p][j] for i &lt; M, j &lt; N, p &lt; K, where A[i][p] = a[aOff + i*aRs + p*aCs],
     * B[p][j] = b[bOff + p*bRs + j*bCs] and C[i][j] = c[cOff + i*ldc + j]. Arguments are trusted.
     */
    static void multiply(int M, int N, int K, float[] a, int aOff, int aRs, int aCs,
                         float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc) {
        Scratch s = SCRATCH.get();
        for (int jc = 0; jc < N; jc += NC) {
            int nc = Math.min(NC, N - jc);
            for (int pc = 0; pc < K; pc += KC) {
                int kc = Math.min(KC, K - pc);
                packB(b, bOff + pc * bRs + jc * bCs, bRs, bCs, kc, nc, s.b);
                for (int ir = 0; ir < M; ir += MR) {
                    int mr = Math.min(MR, M - ir);
                    packA(a, aOff + ir * aRs + pc * aCs, aRs, aCs, mr, kc, s.a);
                    int cRow = cOff + ir * ldc + jc;
                    for (int jr = 0; jr < nc; jr += NR) {
                        int nr = Math.min(NR, nc - jr);
                        int bSliver = jr * kc;
                        if (mr == MR && nr == NR) {
                            MicroKernel.run(kc, s.a, s.b, bSliver, c, cRow + jr, ldc);
                        } else {
                            edgeTile(kc, s, bSliver, mr, nr, c, cRow + jr, ldc);
                        }
                    }
                }
            }
        }
    }

    private static void edgeTile(int kc, Scratch s, int bSliver, int mr, int nr, float[] c, int cIdx, int ldc) {
        Arrays.fill(s.tile, 0f);
        MicroKernel.run(kc, s.a, s.b, bSliver, s.tile, 0, NR);
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                c[cIdx + i * ldc + j] += s.tile[i * NR + j];
            }
        }
    }

    /** Packs an mr×kc block of A as dst[p*MR + i], padding rows mr..MR-1 with zeros. */
    static void packA(float[] a, int base, int rs, int cs, int mr, int kc, float[] dst) {
        if (mr < MR) {
            Arrays.fill(dst, 0, kc * MR, 0f);
        }
        for (int i = 0; i < mr; i++) {
            int src = base + i * rs;
            for (int p = 0; p < kc; p++) {
                dst[p * MR + i] = a[src + p * cs];
            }
        }
    }

    /**
     * Packs a kc×nc block of B as slivers of NR columns, each sliver kc rows of NR contiguous floats
     * (dst[jr*kc + p*NR + j]), padding columns past nc with zeros.
     */
    static void packB(float[] b, int base, int rs, int cs, int kc, int nc, float[] dst) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int out = jr * kc;
            if (cs == 1 && nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = base + p * rs + jr;
                    int o = out + p * NR;
                    for (int v = 0; v < NR; v += L) {
                        FloatVector.fromArray(S, b, src + v).intoArray(dst, o + v);
                    }
                }
                continue;
            }
            if (nr < NR) {
                Arrays.fill(dst, out, out + kc * NR, 0f);
            }
            for (int j = 0; j < nr; j++) {
                int src = base + (jr + j) * cs;
                for (int p = 0; p < kc; p++) {
                    dst[out + p * NR + j] = b[src + p * rs];
                }
            }
        }
    }
}
