package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.L;
import static dev.backflow.simd.VectorKernels.S;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;

/**
 * A GEMM, C += A·B, built as BLIS builds one: loops around packing and one register-blocked micro-kernel
 * ({@link MicroKernel}).
 *
 * <pre>
 * for jc in N, step NC:                    a panel of B: KC×NC, packed once (L3)
 *   for pc in K, step KC:
 *     pack B[pc:pc+KC, jc:jc+NC]
 *     for ic in M, step MC:                a block of A: MC×KC, in place or packed, in L2
 *       for jr in NC, step NR:             one sliver of B, KC×NR, stays in L1 ...
 *         for ir in MC, step MR:           ... while the slivers of A pass by
 *           micro-kernel: C[ir:ir+MR, jr:jr+NR] += A sliver · B sliver
 * </pre>
 *
 * Operands are addressed through row and column strides, so that a transposed operand is just another pair of
 * strides. B is always packed: the micro-kernel loads whole vectors of it, and dX's Wᵀ is transposed there.
 * A is read in place: the micro-kernel only broadcasts MR scalars of it per step, and skipping that pack
 * (10-30% of the time) made the products up to 40% faster, except where A's column stride is a multiple of
 * 4 KiB (dW's Xᵀ with k = 1024), which would map every step to the same L1 set: such an A is packed.
 * Edge slivers are zero-padded (a sliver of fewer than MR rows is packed, a sliver of B narrower than NR is
 * padded) and an edge tile is computed into a small scratch tile whose valid part is added to C.
 * Scratch buffers are per thread and reused: after a thread's first call, nothing is allocated.
 */
final class Gemm {
    private Gemm() {}

    static final int MR = MicroKernel.MR;
    static final int NR = MicroKernel.NR;
    /**
     * Depth of a packed block. A B sliver is KC×NR floats (32 KiB at 512 bits); on Zen 5 a KC of 192-256
     * measured best, and 80-128 (a sliver in half of L1) up to 10% slower.
     */
    static final int KC = 256;
    /** Rows of an A block: MC×KC floats take about half of L2. */
    static final int MC = Math.max(MR, Caches.L2_BYTES / 2 / (KC * Float.BYTES) / MR * MR);
    /**
     * Columns of a packed B panel: KC×NC floats, 1 MiB, for L2/L3. It bounds the scratch each calling thread
     * keeps (about 1.3 MiB with the A block). Every benchmarked shape has N &lt;= 1024, one panel.
     */
    static final int NC = 1024 / NR * NR;

    /**
     * A column stride of A that is a multiple of this many floats (4 KiB) maps every step of the micro-kernel
     * to the same L1 set; such an A is packed. (dW at 1024×1024×1024: 130 GFLOP/s in place, 174 packed;
     * at 128³ in place was faster, 183 against 124, since packing costs more than it saves there.)
     */
    static final int ALIASING_STRIDE = 1024;

    /** Per-thread packing buffers. */
    static final class Scratch {
        /** A packed block of a transposed A, or one packed edge sliver of a row-major A. */
        final float[] a = new float[MC * KC];
        final float[] b = new float[KC * NC];
        final float[] tile = new float[MR * NR];
        /** Gather offsets of one B sliver row when B is transposed: j * cs for j &lt; NR. */
        final int[] columns = new int[NR];
        int columnStride = -1;
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
                packB(b, bOff + pc * bRs + jc * bCs, bRs, bCs, kc, nc, s);
                for (int ic = 0; ic < M; ic += MC) {
                    int mc = Math.min(MC, M - ic);
                    int aBlock = aOff + ic * aRs + pc * aCs;
                    int cBlock = cOff + ic * ldc + jc;
                    if (aCs % ALIASING_STRIDE != 0) { // A read in place, each sliver's MR rows at its strides
                        macroKernel(s, a, aBlock, aRs, aRs, aCs, false, mc, nc, kc, c, cBlock, ldc);
                    } else { // packed: each step would land in the same L1 set
                        packA(a, aBlock, aRs, aCs, mc, kc, s.a);
                        macroKernel(s, s.a, 0, kc, 1, MR, true, mc, nc, kc, c, cBlock, ldc);
                    }
                }
            }
        }
    }

    /**
     * All MR×NR tiles of one block of A against one packed B panel. Sliver ir of A starts at
     * aBase + ir*sliverStride and is read as a[start + i*ars + p*acs]; a padded A already has zero rows
     * past mc, an unpadded one gets its edge sliver packed.
     */
    private static void macroKernel(Scratch s, float[] a, int aBase, int sliverStride, int ars, int acs,
                                    boolean padded, int mc, int nc, int kc, float[] c, int cIdx, int ldc) {
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int bSliver = jr * kc;
            for (int ir = 0; ir < mc; ir += MR) {
                int mr = Math.min(MR, mc - ir);
                int cTile = cIdx + ir * ldc + jr;
                float[] aArr = a;
                int aIdx = aBase + ir * sliverStride;
                int r = ars;
                int q = acs;
                if (mr < MR && !padded) { // rows past the edge must read as zeros
                    packEdge(a, aIdx, ars, acs, mr, kc, s.a);
                    aArr = s.a;
                    aIdx = 0;
                    r = 1;
                    q = MR;
                }
                if (mr == MR && nr == NR) {
                    MicroKernel.run(kc, aArr, aIdx, r, q, s.b, bSliver, c, cTile, ldc);
                } else {
                    edgeTile(kc, s, aArr, aIdx, r, q, bSliver, mr, nr, c, cTile, ldc);
                }
            }
        }
    }

    private static void edgeTile(int kc, Scratch s, float[] a, int aIdx, int ars, int acs, int bSliver,
                                 int mr, int nr, float[] c, int cIdx, int ldc) {
        Arrays.fill(s.tile, 0f);
        MicroKernel.run(kc, a, aIdx, ars, acs, s.b, bSliver, s.tile, 0, NR);
        for (int i = 0; i < mr; i++) {
            for (int j = 0; j < nr; j++) {
                c[cIdx + i * ldc + j] += s.tile[i * NR + j];
            }
        }
    }

    /**
     * Packs an mc×kc block of A as slivers of MR rows, each sliver kc columns of MR contiguous floats
     * (dst[ir*kc + p*MR + i]), padding rows past mc with zeros.
     */
    static void packA(float[] a, int base, int rs, int cs, int mc, int kc, float[] dst) {
        for (int ir = 0; ir < mc; ir += MR) {
            int mr = Math.min(MR, mc - ir);
            int out = ir * kc;
            if (mr < MR) {
                Arrays.fill(dst, out, out + kc * MR, 0f);
            }
            pack(a, base + ir * rs, rs, cs, mr, kc, dst, out);
        }
    }

    /** Packs an edge sliver of mr &lt; MR rows of a row-major A as dst[p*MR + i], the missing rows as zeros. */
    static void packEdge(float[] a, int base, int rs, int cs, int mr, int kc, float[] dst) {
        Arrays.fill(dst, 0, kc * MR, 0f);
        pack(a, base, rs, cs, mr, kc, dst, 0);
    }

    private static void pack(float[] a, int base, int rs, int cs, int mr, int kc, float[] dst, int out) {
        for (int p = 0; p < kc; p++) {
            int col = base + p * cs;
            for (int i = 0; i < mr; i++) {
                dst[out + p * MR + i] = a[col + i * rs];
            }
        }
    }

    /**
     * Packs a kc×nc block of B as slivers of NR columns, each sliver kc rows of NR contiguous floats
     * (dst[jr*kc + p*NR + j]), padding columns past nc with zeros. A row-major B is copied a vector at a time;
     * a transposed one (dX's Wᵀ) is gathered a vector at a time (about 15% faster than a scalar transpose).
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
            if (nr == NR) {
                for (int p = 0; p < kc; p++) {
                    int src = base + p * rs + jr * cs;
                    int o = out + p * NR;
                    for (int v = 0; v < NR; v += L) {
                        if (cs == 1) {
                            FloatVector.fromArray(S, b, src + v).intoArray(dst, o + v);
                        } else {
                            FloatVector.fromArray(S, b, src, s.columns, v).intoArray(dst, o + v);
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
