package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.L;
import static dev.backflow.simd.VectorKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * A GEMM, C += A·B, built as BLIS builds one: loops around packing and one register-blocked micro-kernel
 * ({@link MicroKernel}), with the block sizes of {@link Blocking#CURRENT}.
 *
 * <pre>
 * for jc in N, step NC:                    a panel of B: KC×NC, packed once (L3)
 *   for pc in K, step KC:
 *     pack B[pc:pc+KC, jc:jc+NC]
 *     for ic in M, step MC:                a block of A: MC×KC, packed (L2)
 *       pack A[ic:ic+MC, pc:pc+KC]
 *       for jr in NC, step NR:             one sliver of B, KC×NR, stays in L1 ...
 *         for ir in MC, step MR:           ... while the slivers of A pass by
 *           micro-kernel: C[ir:ir+MR, jr:jr+NR] += A sliver · B sliver
 * </pre>
 *
 * Operands are addressed through row and column strides, so that a transposed operand is just another pair of
 * strides, absorbed by packing. Packed slivers are zero-padded past the edge of A or B; a tile that sticks out of
 * C is computed into a small scratch tile whose valid part is added to C. The packing buffers come from the
 * caller (a {@link Scratch} of the {@link ScratchPool}), so this class holds no state.
 */
final class Gemm {
    private Gemm() {}

    static final int MR = Blocking.CURRENT.mr();
    static final int NR = Blocking.CURRENT.nr();
    static final int KC = Blocking.CURRENT.kc();
    static final int MC = Blocking.CURRENT.mc();
    static final int NC = Blocking.CURRENT.nc();

    /**
     * A transposed B whose columns lie this many floats (4 KiB) apart or more is packed by scalar copies along
     * its rows, not by gathers: a gather would touch a new page for every lane. Zen 4, dX GEMM at m = 64: with
     * W rows of 256 floats, gathers 72-74 GFLOP/s against scalar 66; with rows of 1024, gathers 41-55 against
     * scalar 55-63. The transposing pack is still 20% of dX's time at m = 64 (perf); an in-register transpose
     * is the next step.
     */
    static final int GATHER_STRIDE_LIMIT = 1024;

    /** Floats of packed A that {@link #multiply} needs for an M×K A. */
    static int packedAFloats(int M, int K) {
        return roundUp(Math.min(MC, M), MR) * Math.min(KC, K);
    }

    /** Floats of packed B that {@link #multiply} needs for a K×N B. */
    static int packedBFloats(int K, int N) {
        return Math.min(KC, K) * roundUp(Math.min(NC, N), NR);
    }

    private static int roundUp(int v, int step) {
        return (v + step - 1) / step * step;
    }

    /**
     * C[i][j] += Σ_p A[i][p]·B[p][j] for i &lt; M, j &lt; N, p &lt; K, where A[i][p] = a[aOff + i*aRs + p*aCs],
     * B[p][j] = b[bOff + p*bRs + j*bCs] and C[i][j] = c[cOff + i*ldc + j]. Each C element gets, per block of
     * KC steps in order, the sum over that block from zero in order p, added to it. Arguments are trusted; the
     * scratch must hold {@link #packedAFloats} and {@link #packedBFloats} floats.
     */
    static void multiply(Scratch s, int M, int N, int K, float[] a, int aOff, int aRs, int aCs,
                         float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc) {
        assert s.a.length >= packedAFloats(M, K) && s.b.length >= packedBFloats(K, N);
        for (int jc = 0; jc < N; jc += NC) {
            int nc = Math.min(NC, N - jc);
            for (int pc = 0; pc < K; pc += KC) {
                int kc = Math.min(KC, K - pc);
                packB(b, bOff + pc * bRs + jc * bCs, bRs, bCs, kc, nc, s);
                for (int ic = 0; ic < M; ic += MC) {
                    int mc = Math.min(MC, M - ic);
                    packA(a, aOff + ic * aRs + pc * aCs, aRs, aCs, mc, kc, s.a);
                    macroKernel(s, mc, nc, kc, c, cOff + ic * ldc + jc, ldc);
                }
            }
        }
    }

    /** All MR×NR tiles of one packed block of A against one packed panel of B. */
    private static void macroKernel(Scratch s, int mc, int nc, int kc, float[] c, int cIdx, int ldc) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bSliver = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int aSliver = ir * kc;
                int cTile = cIdx + ir * ldc + jr;
                // One call site for full and edge tiles: with two, C2 inlined the micro-kernel twice, ran out
                // of its node budget on the second copy and boxed its vectors (with AVX2 code: 117 KB per call).
                boolean edge = mr < MR || nr < NR;
                if (edge) {
                    Arrays.fill(s.tile, 0f);
                }
                kernel(kc, s.a, aSliver, s.b, bSliver, edge ? s.tile : c, edge ? 0 : cTile, edge ? NR : ldc);
                if (edge) {
                    for (int i = 0; i < mr; i++) {
                        for (int j = 0; j < nr; j++) {
                            c[cTile + i * ldc + j] += s.tile[i * NR + j];
                        }
                    }
                }
            }
        }
    }

    private static void kernel(int kc, float[] a, int aIdx, float[] b, int bIdx, float[] c, int cIdx, int ldc) {
        if (MR == 6) {
            MicroKernel.run6x2(kc, a, aIdx, b, bIdx, c, cIdx, ldc);
        } else {
            MicroKernel.run4x2(kc, a, aIdx, b, bIdx, c, cIdx, ldc);
        }
    }

    /**
     * Packs an mc×kc block of A as slivers of MR rows, each kc columns of MR contiguous floats
     * (dst[ir*kc + p*MR + i]), padding rows past mc with zeros. The loop runs along A's unit stride.
     */
    static void packA(float[] a, int base, int rs, int cs, int mc, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int out = ir * kc;
            int sliver = base + ir * rs;
            if (mr < MR) {
                Arrays.fill(dst, out, out + kc * MR, 0f);
            }
            if (cs == 1) { // row-major: each row is contiguous
                for (int i = 0; i < mr; i++) {
                    int row = sliver + i * rs;
                    for (int p = 0; p < kc; p++) {
                        dst[out + p * MR + i] = a[row + p];
                    }
                }
            } else { // column-major (a transposed operand): each step's MR values are contiguous when rs == 1
                for (int p = 0; p < kc; p++) {
                    int col = sliver + p * cs;
                    for (int i = 0; i < mr; i++) {
                        dst[out + p * MR + i] = a[col + i * rs];
                    }
                }
            }
        }
    }

    /**
     * Packs a kc×nc block of B as slivers of NR columns, each kc rows of NR contiguous floats
     * (dst[jr*kc + p*NR + j]), padding columns past nc with zeros. A row-major B is copied a vector at a time;
     * a transposed one (dX's Wᵀ) is gathered a vector at a time, or, when its rows lie
     * {@link #GATHER_STRIDE_LIMIT} floats apart or more, transposed by scalar copies along its rows.
     */
    static void packB(float[] b, int base, int rs, int cs, int kc, int nc, Scratch s) {
        float[] dst = s.b;
        if (cs != 1 && s.columnStride != cs) {
            for (int j = 0; j < NR; j++) {
                s.columns[j] = j * cs;
            }
            s.columnStride = cs;
        }
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int out = jr * kc;
            if (nr == NR && cs >= GATHER_STRIDE_LIMIT) {
                for (int j = 0; j < NR; j++) {
                    int src = base + (jr + j) * cs;
                    for (int p = 0; p < kc; p++) {
                        dst[out + p * NR + j] = b[src + p * rs];
                    }
                }
                continue;
            }
            if (nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = base + p * rs + jr * cs;
                    int o = out + p * NR;
                    for (int v = 0; v < NR; v += L) {
                        if (cs == 1) {
                            FloatVector.fromArray(S, b, src + v).intoArray(dst, o + v);
                        } else {
                            FloatVector.fromArray(S, b, src + v * cs, s.columns, 0).intoArray(dst, o + v);
                        }
                    }
                }
                continue;
            }
            Arrays.fill(dst, out, out + kc * NR, 0f);
            for (int j = 0; j < nr; j++) {
                int src = base + (jr + j) * cs;
                for (int p = 0; p < kc; p++) {
                    dst[out + p * NR + j] = b[src + p * rs];
                }
            }
        }
    }
}
