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
 * for jc in N, step NC:                    a panel of B: KC×NC, packed once (L3)
 *   for pc in K, step KC:
 *     pack B[pc:pc+KC, jc:jc+NC]
 *     for ic in M, step MC:                a block of A: MC×KC, packed once per panel (L2)
 *       pack A[ic:ic+MC, pc:pc+KC]
 *       for jr in NC, step NR:             one sliver of B, KC×NR, stays in L1 ...
 *         for ir in MC, step MR:           ... while the slivers of A stream past it
 *           micro-kernel: C[ir:ir+MR, jr:jr+NR] += A sliver · B sliver
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
    /**
     * Depth of a packed block. A B sliver is KC×NR floats (48 KiB at 512 bits): it streams from L2 while the
     * A slivers pass; on Zen 5 192-256 measured best, and 80 (a sliver in half of L1) was 10% slower.
     */
    static final int KC = 256;
    /** Rows of a packed A block: MC×KC floats take about half of L2. */
    static final int MC = Math.max(MR, Caches.L2_BYTES / 2 / (KC * Float.BYTES) / MR * MR);
    /** Columns of a packed B panel: KC×NC floats, a few MiB, for L3. */
    static final int NC = 4096 / NR * NR;

    /** Per-thread packing buffers. */
    private static final class Scratch {
        final float[] a = new float[MC * KC];
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
                for (int ic = 0; ic < M; ic += MC) {
                    int mc = Math.min(MC, M - ic);
                    packA(a, aOff + ic * aRs + pc * aCs, aRs, aCs, mc, kc, s.a);
                    macroKernel(s, mc, nc, kc, c, cOff + ic * ldc + jc, ldc);
                }
            }
        }
    }

    /** All MR×NR tiles of one packed A block against one packed B panel. */
    private static void macroKernel(Scratch s, int mc, int nc, int kc, float[] c, int cIdx, int ldc) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bSliver = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int aSliver = ir * kc;
                int cTile = cIdx + ir * ldc + jr;
                if (mr == MR && nr == NR) {
                    MicroKernel.run(kc, s.a, aSliver, s.b, bSliver, c, cTile, ldc);
                } else {
                    edgeTile(kc, s, aSliver, bSliver, mr, nr, c, cTile, ldc);
                }
            }
        }
    }

    private static void edgeTile(int kc, Scratch s, int aSliver, int bSliver, int mr, int nr,
                                 float[] c, int cIdx, int ldc) {
        Arrays.fill(s.tile, 0f);
        MicroKernel.run(kc, s.a, aSliver, s.b, bSliver, s.tile, 0, NR);
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                c[cIdx + i * ldc + j] += s.tile[i * NR + j];
            }
        }
    }

    /**
     * Packs an mc×kc block of A as slivers of MR rows, each sliver kc columns of MR contiguous floats
     * (dst[ir*kc + p*MR + i]), padding rows past mc with zeros. Reads follow whichever stride is 1.
     */
    static void packA(float[] a, int base, int rs, int cs, int mc, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int out = ir * kc;
            int src = base + ir * rs;
            if (mr < MR) {
                Arrays.fill(dst, out, out + kc * MR, 0f);
            }
            if (rs == 1) { // A is a transposed operand: MR consecutive floats per column
                for (int p = 0; p < kc; p++) {
                    for (int i = 0; i < mr; i++) {
                        dst[out + p * MR + i] = a[src + p * cs + i];
                    }
                }
            } else {
                for (int i = 0; i < mr; i++) {
                    for (int p = 0; p < kc; p++) {
                        dst[out + p * MR + i] = a[src + i * rs + p * cs];
                    }
                }
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
