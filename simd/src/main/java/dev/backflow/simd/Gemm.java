package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.LANES;
import static dev.backflow.simd.VectorKernels.SPECIES;

import dev.backflow.BackwardKernels;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * A GEMM, C += A·B, in the contract's blocked summation order, built as BLIS builds one: loops around packing
 * and one register-blocked micro-kernel ({@link MicroKernel}), with the blocking of {@link Blocking#CURRENT}.
 *
 * <pre>
 * for jc in 0..n, step NC:                     a panel of B, nc columns, packed once (L3)
 *   for pc in 0..k, step RB (= MATMUL_BLOCK):  one rounding block of the sum, kb deep
 *     pack B[pc:pc+kb, jc:jc+nc]
 *     for ic in 0..m, step MC:                 a block of A, mc rows, packed (L2)
 *       pack A[ic:ic+mc, pc:pc+kb]
 *       for jr in 0..nc, step NR:              one sliver of B ...
 *         for qc in 0..kb, step KC:            ... a cache block of it, kc deep, stays in L1 ...
 *           for ir in 0..mc, step MR:          ... while the slivers of A pass by
 *             micro-kernel: T[ir, jr] (+)= A sliver · B sliver over qc:qc+kc,
 *                           and at the last qc of a whole tile, C[ir, jr] += those sums   (KERNEL_ADDS_C)
 *         the sliver's edge tiles:             C[edge rows, jr] += T, row by row          (KERNEL_ADDS_C)
 *         or every ADD_COLUMNS columns done:   C[ic:ic+mc, those columns] += T, row by row (otherwise)
 * </pre>
 * (Operands read in place, {@link #multiplyInPlace}, send every tile through T, added after each block.)
 *
 * <p>The names are BLIS's, and the code's: m, n, k are the product's sizes (C is m×n, each sum k terms long);
 * upper case are the blocking's sizes (MC, NC, KC, MR, NR) and the rounding block RB; jc, pc, ic, jr, qc, ir are
 * the loops; lower case mc, nc, kb, kc (and mr, nr in the packing) are the current block's extent at that loop:
 * the upper-case size, or what is left at an edge ({@code nc = min(NC, n - jc)}).
 *
 * <p>The order of every element: within a rounding block, its sum starts at +0.0 and takes its terms in order
 * with fused multiply-adds; a cache block shallower than the rounding block leaves the running sum in the tile
 * buffer T and the next one resumes it (storing and loading a float rounds nothing); at the block's end the sum
 * is added to C once. So the bits depend on neither the tile shape, nor the cache blocks, nor edge tiles (whole
 * tiles are computed into T from zero-padded slivers, and only their valid part is added).
 *
 * <p>Where the sums go to C depends on the tile ({@link Blocking#kernelAddsC}). With the 4-row tile (16 registers) the
 * micro-kernel never touches C: on Zen 3, updating a 4-row tile of C, rows far apart, at the end of every tile cost a
 * third of the macro-kernel's time and made its speed depend on where C happened to lie; staged in T and added row by
 * row, the sums reach C in order (docs/tuning.md). Added a group of slivers at a time, while the group's T is still in
 * cache, rather than the whole panel after the block: 3-6% at 1024³ on Zen 5 (family 26 model 2, one thread, paired in
 * one JVM; {@code addSlivers}). With the 6-row tile (32 registers), and the 8-row one beside it for an A packed as
 * steps ({@link #MR_STEPS}), the micro-kernel adds a whole tile to C itself in its last cache block, which saves
 * storing T and reading it back: 1.005-1.067 on Zen 5 (family 26 model 2; 6-row tiles) at 128³ to 1024³, one
 * thread, paired in one JVM against the tile buffer (dW at 512×1024×1024 read 0.91-1.03 across runs; docs/tuning.md,
 * {@code kernelAddsC}). Either way each sum is added to C by the same one addition.
 *
 * <p>Operands are addressed through row and column strides, so that a transposed operand is just another pair of
 * strides, absorbed by packing. The buffers come from the caller (a {@link Scratch}), so this class holds no
 * state. Loops advance by the length of the current block ({@code jc += nc}), never past the bound, so no index
 * overflows for any size up to {@link Integer#MAX_VALUE}.
 */
final class Gemm {
    private Gemm() {}

    static final int MR = Blocking.CURRENT.mr();
    /** Rows of the tile for an A packed as steps (any A but a row-major one): {@link Blocking#mrSteps}. */
    static final int MR_STEPS = Blocking.CURRENT.mrSteps();
    static final int NR = Blocking.CURRENT.nr();
    static final int KC = Blocking.CURRENT.kc();
    static final int MC = Blocking.CURRENT.mc();
    /** Rows of a packed A block for the {@link #MR_STEPS} tile. */
    static final int MC_STEPS = Blocking.CURRENT.mcSteps();
    static final int NC = Blocking.CURRENT.nc();
    /** The rounding block: a constant of the contract, so no tuning changes the bits. */
    static final int RB = BackwardKernels.MATMUL_BLOCK;
    static final boolean GATHER = Blocking.CURRENT.transposePack() == Blocking.TransposePack.GATHER;
    static final boolean TRANSPOSE = Blocking.CURRENT.transposePack() == Blocking.TransposePack.TRANSPOSE
            && Transpose.SUPPORTED;

    /** A transposed B whose columns lie this many floats apart or more is packed by copies even with gathers. */
    static final int GATHER_STRIDE_LIMIT = Blocking.CURRENT.gatherStrideLimit();

    /**
     * A column-major A and a row-major B that span this many bytes together are read in place (0: never); a C
     * of fewer than MR rows reads a row-major B in place whatever this is (see {@link #multiplyInPlace}).
     */
    static final int DIRECT_BYTES = Blocking.CURRENT.directBytes();

    /**
     * The micro-kernel adds a whole tile's sums to C at the end of its rounding block (the 6-row tile and the 8-row
     * one beside it), and only the edge tiles go through T: {@link Blocking#kernelAddsC}.
     */
    static final boolean KERNEL_ADDS_C = Blocking.CURRENT.kernelAddsC();

    /** Without {@link #KERNEL_ADDS_C}, the macro-kernel adds T to C this many columns at a time (a multiple of NR). */
    static final int ADD_COLUMNS = Blocking.CURRENT.addSlivers() * NR;

    /**
     * The vector that copies one step of a column-major A sliver ({@link #MR_STEPS} contiguous floats, or MR for the
     * in-place path's 6-row steps under a second mask) in {@link #packA}, as {@link Blocking#stepBits} says (masked
     * where it is wider than the step), or none: the step is copied a float at a time. At 64³ on Zen 5 the scalar
     * copies took as long as a third of the micro-kernel's time. Where the step vector is exactly MR_STEPS floats
     * (128 bits for 4 rows) the step is a {@code System.arraycopy} instead: a C2
     * compile of this method without tiered profiles left that vector's store unintrinsified under
     * {@code -XX:UseAVX=2}, and every step allocated (45 KB a call for dW at 32×128×64; DotPathAllocationTest).
     * The copy cost 2-3% at 128³ to 64×784×256 and 10% at 64³ for dW there (Zen 5, family 26 model 2, under
     * -XX:UseAVX=2, one thread, paired in one JVM).
     */
    private static final VectorSpecies<Float> STEP = Blocking.CURRENT.stepBits() == 0 ? null
            : VectorSpecies.of(float.class, VectorShape.forBitSize(Blocking.CURRENT.stepBits()));
    private static final boolean STEP_EXACT = STEP != null && STEP.length() == MR_STEPS;
    private static final VectorMask<Float> STEP_MASK = STEP == null ? null
            : VectorMask.fromLong(STEP, (1L << MR_STEPS) - 1);
    /**
     * {@link #STEP} masked to MR floats: the 6-row tile's steps of an A read in place ({@link #multiplyInPlace}).
     * MR is never more than MR_STEPS, so STEP holds it wherever STEP exists.
     */
    private static final VectorMask<Float> STEP_MASK_MR = STEP == null ? null
            : VectorMask.fromLong(STEP, (1L << MR) - 1);

    /** Rows of the tile for an A that is row-major (packed as rows) or not (packed as steps). */
    static int tileRows(boolean aRowMajor) {
        return aRowMajor ? MR : MR_STEPS;
    }

    /** Floats of packed A that {@link #multiply} needs for an m×k A. */
    static int packedAFloats(int m, int k) {
        return blockRows(m) * Math.min(RB, k);
    }

    /** Rows of the largest packed A block for an m-row A, padded, whichever tile packs it. */
    private static int blockRows(int m) {
        return Math.max(roundUp(Math.min(MC, m), MR), roundUp(Math.min(MC_STEPS, m), MR_STEPS));
    }

    /** Floats of packed B that {@link #multiply} needs for a k×n B. */
    static int packedBFloats(int k, int n) {
        return Math.min(RB, k) * roundUp(Math.min(NC, n), NR);
    }

    /** Floats of tile buffer that {@link #multiply} needs for an m×n C. */
    static int tileFloats(int m, int n) {
        return blockRows(m) * roundUp(Math.min(NC, n), NR);
    }

    private static int roundUp(int v, int step) {
        return (int) (((long) v + step - 1) / step * step);
    }

    /**
     * C[i][j] += alpha·Σ_p A[i][p]·B[p][j] for i &lt; m, j &lt; n, p &lt; k, where
     * A[i][p] = a[aOff + i*aRs + p*aCs], B[p][j] = b[bOff + p*bRs + j*bCs] and C[i][j] = c[cOff + i*ldc + j],
     * in the contract's blocked order: each
     * block's sum s is added as {@code c + alpha * s} (with alpha 1, as matmulBackward's order wants, c + s).
     * Arguments are trusted; the scratch must hold {@link #packedAFloats}, {@link #packedBFloats} and
     * {@link #tileFloats} floats. With {@code cTransposed}, the same product into a C stored transposed,
     * C[i][j] = c[cOff + j*ldc + i]: every tile's sums wait in T and reach C through {@link #addTransposed}, the
     * same one addition each, so the same bits (B is then packed, never read in place). Every tile's sums are in C
     * when a macro-kernel returns: the tile buffer then stages the next block's A ({@link #packA}), so no change may
     * keep sums in it from one block of A to the next.
     */
    static void multiply(Scratch s, int m, int n, int k, float alpha, float[] a, int aOff, int aRs, int aCs,
                         float[] b, int bOff, int bRs, int bCs, float[] c, int cOff, int ldc, boolean cTransposed) {
        assert s.a.length >= packedAFloats(m, k) && s.b.length >= packedBFloats(k, n) && s.t.length >= tileFloats(m, n);
        boolean direct = aRs == 1 && aCs != 1 && bCs == 1 && MR == 6
                && 4L * (((long) k - 1) * aCs + m + ((long) k - 1) * bRs + n) <= DIRECT_BYTES;
        if (!cTransposed && (direct || (bCs == 1 && MR == 6 && (m < MR || (m == MR && 4L * k * n > DIRECT_BYTES))))) {
            multiplyInPlace(s, m, n, k, alpha, a, aOff, aRs, aCs, b, bOff, bRs, c, cOff, ldc, direct);
            return;
        }
        for (int jc = 0, nc; jc < n; jc += nc) {
            nc = Math.min(NC, n - jc);
            boolean aRows = aCs == 1; // a row-major A keeps its rows, any other is packed as steps: see packA
            int mr = tileRows(aRows);
            int mcMax = aRows ? MC : MC_STEPS;
            for (int pc = 0, kb; pc < k; pc += kb) {
                kb = Math.min(RB, k - pc);
                packB(b, bOff + pc * bRs + jc * bCs, bRs, bCs, kb, nc, s);
                for (int ic = 0, mc; ic < m; ic += mc) {
                    mc = Math.min(mcMax, m - ic);
                    packA(a, aOff + ic * aRs + pc * aCs, aRs, aCs, mc, kb, s.a, aRows, s.t, mr);
                    macroKernel(s, mc, nc, kb, aRows, alpha, c,
                            cTransposed ? cOff + jc * ldc + ic : cOff + ic * ldc + jc, ldc, cTransposed);
                }
            }
        }
    }

    /**
     * {@link #multiply} with a row-major B read in place by the micro-kernel, where only the slivers at its edge
     * (fewer than NR columns) are packed, as {@link #multiply} packs them: for a column-major A (dW's Xᵀ, sgemm's
     * transposed A) that spans at most {@link #DIRECT_BYTES} together with B ({@code aDirect}: A's whole slivers
     * are read in place too), and for a C of fewer than MR rows, or MR rows and a B larger than DIRECT_BYTES,
     * whose one row of tiles reads each sliver of B once, so that packing B would only copy it; A is then
     * packed. On Zen 5 (family 26 model 2), one thread, paired against packing B: 1.27-2.0× for NN and TN at m
     * 2 to 6 with k×n 784×256, 256×1024 and 4096×1000; 4×64×64 NN 0.91 and 1.00 in two runs;
     * 0.85× at 6×64×64 NN, where the packed path (its kernel
     * adds whole tiles to C) stays (docs/results/2026-12-02-zen5-b-in-place). The same blocks, tiles and sums in
     * the same order, so the same bits.
     */
    private static void multiplyInPlace(Scratch s, int m, int n, int k, float alpha, float[] a, int aOff, int aRs,
                                        int aCs, float[] b, int bOff, int bRs, float[] c, int cOff, int ldc,
                                        boolean aDirect) {
        for (int jc = 0, nc; jc < n; jc += nc) {
            nc = Math.min(NC, n - jc);
            int nFull = nc - nc % NR;
            for (int pc = 0, kb; pc < k; pc += kb) {
                kb = Math.min(RB, k - pc);
                int bAt = bOff + pc * bRs + jc;
                if (nFull < nc) {
                    packB(b, bAt + nFull, bRs, 1, kb, nc - nFull, s);
                }
                for (int ic = 0, mc; ic < m; ic += mc) {
                    mc = Math.min(MC, m - ic);
                    int mFull = aDirect ? mc - mc % MR : 0; // the slivers read in place
                    int aAt = aOff + ic * aRs + pc * aCs;
                    if (mFull < mc) {
                        packA(a, aAt + mFull * aRs, aRs, aCs, mc - mFull, kb, s.a, false, null, MR);
                    }
                    int mcPad = roundUp(mc, MR);
                    for (int jr = 0; jr < nc; jr += NR) {
                        boolean bFull = jr < nFull;
                        float[] bArr = bFull ? b : s.b;
                        int bStep = bFull ? bRs : NR;
                        int bBase = bFull ? bAt + jr : 0;
                        int tSliver = jr * mcPad;
                        for (int qc = 0, kc; qc < kb; qc += kc) {
                            kc = Math.min(KC, kb - qc);
                            for (int ir = 0; ir < mc; ir += MR) {
                                boolean aFull = ir < mFull;
                                MicroKernel.run6x32Direct(kc, aFull ? a : s.a,
                                        aFull ? aAt + ir + qc * aCs : (ir - mFull) * kb + qc * MR, aFull ? aCs : MR,
                                        bArr, bBase + qc * bStep, bStep, s.t, tSliver + ir * NR, qc > 0);
                            }
                        }
                    }
                    addColumns(s.t, alpha, 0, mc, roundUp(mc, MR), 0, nc, c, cOff + ic * ldc + jc, ldc);
                }
            }
        }
    }

    /**
     * Every MR×NR tile of one packed block of A against one packed panel of B, kb steps deep. With
     * {@link #KERNEL_ADDS_C} the last cache block of a whole tile adds its sums to C itself, and only the tiles at
     * the block's edges (rows past the last whole tile, a sliver past nc) wait in T, added to C as their sliver
     * is done; otherwise every tile ends in T, and each {@link #ADD_COLUMNS} columns of T are added to C as soon as
     * they are done.
     */
    private static void macroKernel(Scratch s, int mc, int nc, int kb, boolean aRows, float alpha, float[] c,
                                    int cIdx, int ldc, boolean cTransposed) {
        int mr = tileRows(aRows);
        int mcPad = roundUp(mc, mr);
        int mFull = mc - mc % mr;
        for (int jr = 0; jr < nc; jr += NR) {
            int tSliver = jr * mcPad; // T holds, per sliver of NR columns, mcPad rows of NR floats
            int end = Math.min(nc, jr + NR);
            // rows whose tiles the kernel adds to C
            int toC = KERNEL_ADDS_C && !cTransposed && end - jr == NR ? mFull : 0;
            for (int qc = 0, kc; qc < kb; qc += kc) {
                kc = Math.min(KC, kb - qc);
                boolean resume = qc > 0;
                int last = qc + kc == kb ? toC : 0;
                int bSliver = jr * kb + qc * NR;
                for (int ir = 0; ir < mc; ir += mr) {
                    int tAt = tSliver + ir * NR;
                    if (ir < last) { // a whole tile's last cache block: the kernel adds it to C (6- and 8-row tiles)
                        if (aRows) {
                            MicroKernel.run6x32RowsToC(kc, s.a, ir * kb + qc, kb, s.b, bSliver, s.t, tAt, resume,
                                    alpha, c, cIdx + ir * ldc + jr, ldc);
                        } else if (mr == Blocking.MR_STEPS_WIDE) {
                            MicroKernel.run8x32ToC(kc, s.a, ir * kb + qc * mr, s.b, bSliver, s.t, tAt, resume, alpha,
                                    c, cIdx + ir * ldc + jr, ldc);
                        } else {
                            MicroKernel.run6x32ToC(kc, s.a, ir * kb + qc * mr, s.b, bSliver, s.t, tAt, resume, alpha,
                                    c, cIdx + ir * ldc + jr, ldc);
                        }
                    } else if (aRows) {
                        kernelRows(kc, s.a, ir * kb + qc, kb, s.b, bSliver, s.t, tAt, resume);
                    } else {
                        kernel(mr, kc, s.a, ir * kb + qc * mr, s.b, bSliver, s.t, tAt, resume);
                    }
                }
            }
            if (cTransposed) { // each sliver as it is done, while its T is in cache
                addTransposed(s, alpha, mc, mcPad, jr, end, c, cIdx, ldc);
            } else if (KERNEL_ADDS_C) {
                if (toC < mc) { // the edge rows, or a whole edge sliver, from T
                    addColumns(s.t, alpha, toC, mc, mcPad, jr, end, c, cIdx, ldc);
                }
            } else if (end == nc || end % ADD_COLUMNS == 0) { // a group of slivers is done: its sums go to C
                addColumns(s.t, alpha, 0, mc, mcPad, (end - 1) / ADD_COLUMNS * ADD_COLUMNS, end, c, cIdx, ldc);
            }
        }
    }

    /**
     * C[i][j] = C[i][j] + alpha·T's sum for (i, j), row by row along C, for i0 &lt;= i &lt; mc,
     * j0 &lt;= j &lt; j1 (j0 a multiple of NR): with alpha 1 exactly one float addition each (1·s is s), as
     * matmulBackward's order wants; sgemm's alpha otherwise.
     */
    static void addColumns(float[] t, float alpha, int i0, int mc, int mcPad, int j0, int j1, float[] c, int cIdx,
                           int ldc) {
        int full = j0 + (j1 - j0) / NR * NR;
        boolean scale = alpha != 1f; // loop-invariant: C2 unswitches the loop on it
        for (int i = i0; i < mc; i++) {
            int row = cIdx + i * ldc;
            int jr = j0;
            for (; jr < full; jr += NR) {
                int ti = jr * mcPad + i * NR;
                FloatVector t0 = FloatVector.fromArray(SPECIES, t, ti);
                FloatVector t1 = FloatVector.fromArray(SPECIES, t, ti + LANES);
                if (scale) {
                    t0 = t0.mul(alpha);
                    t1 = t1.mul(alpha);
                }
                FloatVector.fromArray(SPECIES, c, row + jr).add(t0).intoArray(c, row + jr);
                FloatVector.fromArray(SPECIES, c, row + jr + LANES).add(t1).intoArray(c, row + jr + LANES);
            }
            for (int j = jr; j < j1; j++) {
                c[row + j] += alpha * t[jr * mcPad + i * NR + (j - jr)];
            }
        }
    }

    /**
     * {@link #addColumns} for a C stored transposed, C[i][j] = c[cIdx + j*ldc + i], i &lt; mc, one sliver's
     * columns j0 &lt;= j &lt; j1 (j0 a multiple of NR, j1 - j0 &lt;= NR): a row of T goes to a column of C, so
     * LANES×LANES blocks of T are transposed in registers ({@link Transpose#block}, into {@code s.block}) and
     * added along C's rows; the rows and columns past the last whole block a float at a time. Each element is
     * c + alpha·s, the product rounded first, as in addColumns.
     */
    static void addTransposed(Scratch s, float alpha, int mc, int mcPad, int j0, int j1, float[] c, int cIdx,
                              int ldc) {
        float[] t = s.t;
        int sliver = j0 * mcPad;
        int iFull = Transpose.SUPPORTED ? mc - mc % LANES : 0;
        int jFull = Transpose.SUPPORTED ? j0 + (j1 - j0) / LANES * LANES : j0;
        boolean scale = alpha != 1f; // loop-invariant: C2 unswitches the loop on it
        for (int i = 0; i < iFull; i += LANES) {
            for (int j = j0; j < jFull; j += LANES) {
                // block[q*LANES + r] = T[i + r][j + q]: column j + q of C from row i on
                Transpose.block(t, sliver + i * NR + (j - j0), NR, s.block, 0, LANES, s.transposed);
                for (int q = 0; q < LANES; q++) {
                    FloatVector v = FloatVector.fromArray(SPECIES, s.block, q * LANES);
                    if (scale) {
                        v = v.mul(alpha);
                    }
                    int at = cIdx + (j + q) * ldc + i;
                    FloatVector.fromArray(SPECIES, c, at).add(v).intoArray(c, at);
                }
            }
            for (int j = jFull; j < j1; j++) {
                int at = cIdx + j * ldc;
                for (int r = i; r < i + LANES; r++) {
                    c[at + r] += alpha * t[sliver + r * NR + (j - j0)];
                }
            }
        }
        for (int j = j0; j < j1; j++) {
            int at = cIdx + j * ldc;
            for (int r = iFull; r < mc; r++) {
                c[at + r] += alpha * t[sliver + r * NR + (j - j0)];
            }
        }
    }

    private static void kernel(int mr, int kc, float[] a, int aIdx, float[] b, int bIdx, float[] t, int tIdx,
                               boolean resume) {
        if (mr == Blocking.MR_STEPS_WIDE) {
            MicroKernel.run8x32(kc, a, aIdx, b, bIdx, t, tIdx, resume);
        } else if (mr == Blocking.MR_WIDE_FILE) {
            MicroKernel.run6x32(kc, a, aIdx, b, bIdx, t, tIdx, resume);
        } else {
            MicroKernel.run4x16(kc, a, aIdx, b, bIdx, t, tIdx, resume);
        }
    }

    private static void kernelRows(int kc, float[] a, int aIdx, int ars, float[] b, int bIdx, float[] t, int tIdx,
                                   boolean resume) {
        if (MR == 6) {
            MicroKernel.run6x32Rows(kc, a, aIdx, ars, b, bIdx, t, tIdx, resume);
        } else {
            MicroKernel.run4x16Rows(kc, a, aIdx, ars, b, bIdx, t, tIdx, resume);
        }
    }

    /**
     * Packs an mc×kb block of A as slivers of {@code tile} rows (MR for a row-major A and for the in-place path's
     * steps, {@link #MR_STEPS} for the GEMM's steps), padding rows past mc with zeros. With {@code rows} (a
     * row-major A, cs 1, as {@link #multiply} packs every row-major A) A keeps its rows: each sliver is MR rows of
     * kb contiguous floats (dst[ir*kb + i*kb + p]), copied a row at a time, and the macro-kernel reads it with
     * {@link MicroKernel#run6x32Rows}'s row stride (a transposing pack, MR floats a step, cost as much as a third
     * of the micro-kernel's time at 64³ on Zen 5 (family 26 model 2), and 1.4-7% of dX, NN and NT at 1024³ and
     * 512×1024×1024 there, one thread, paired in one JVM).
     * Otherwise A is packed as kb steps of tile floats (dst[ir*kb + p*tile + i]), for any strides; a column-major A's
     * step is one vector copy where {@link #STEP} allows. Where such an A's columns lie {@link #STAGE_STRIDE}
     * floats apart or more and a {@code stage} is given (the tile buffer, whose sums are all in C between
     * macro-kernels, at least {@link #STAGE_STEPS}·mc floats), its whole slivers are staged: for
     * {@link #STAGE_STEPS} columns at a time, each column's part in the whole slivers (up to mc floats) is
     * copied into the stage, then split into steps from there, so that each column's part is read once, in order,
     * not MR floats at a time in every sliver's pass over the columns (a page apart at 1024 floats). Paired in one
     * JVM against the pass per sliver, both builds as jars, each order (Zen 5, family 26 model 2, one thread): dW at
     * 1024³ 1.02-1.05, at 512×1024×1024 1.02-1.04, at 2048×1024×512 1.04-1.05; under {@code -XX:UseAVX=2} (4-row
     * tile) 0.99-1.00. With a stride of 256 floats, staging read 0.95-0.97 for dW at 256³ and 64×784×256 (columns
     * 1 and 3 KiB apart) in both orders, and level at 512³: hence a page (docs/results/2026-12-03-zen5-stage-a).
     */
    static void packA(float[] a, int base, int rs, int cs, int mc, int kb, float[] dst, boolean rows, float[] stage,
                      int tile) {
        assert !rows || cs == 1;
        assert stage == null || stage.length >= STAGE_STEPS * mc;
        assert (tile == MR || tile == MR_STEPS) && MR <= MR_STEPS; // so STEP, if any, holds either tile
        int ir = 0;
        if (!rows && rs == 1 && STEP != null && stage != null && cs >= STAGE_STRIDE && mc >= tile) {
            // column-major, columns a page or more apart: STAGE_STEPS columns' whole slivers copied into the stage
            // (contiguous reads), then split into steps there (in L1)
            int full = mc - mc % tile;
            for (int p0 = 0; p0 < kb; p0 += STAGE_STEPS) {
                int steps = Math.min(STAGE_STEPS, kb - p0);
                for (int p = 0; p < steps; p++) {
                    System.arraycopy(a, base + (p0 + p) * cs, stage, p * full, full);
                }
                for (int i = 0; i < full; i += tile) {
                    int out = i * kb + p0 * tile;
                    for (int p = 0; p < steps; p++) {
                        copyStep(tile, stage, p * full + i, dst, out + p * tile);
                    }
                }
            }
            ir = full;
        }
        for (; ir < mc; ir += tile) {
            int mr = Math.min(tile, mc - ir);
            int out = ir * kb;
            int sliver = base + ir * rs;
            if (mr < tile) {
                Arrays.fill(dst, out, out + kb * tile, 0f);
            }
            if (rows) { // row-major: each row is contiguous, and stays a row (the padding is zeroed above)
                for (int i = 0; i < mr; i++) {
                    System.arraycopy(a, sliver + i * rs, dst, out + i * kb, kb);
                }
            } else if (rs == 1 && mr == tile && STEP != null) { // column-major, tile contiguous values a step
                for (int p = 0; p < kb; p++) {
                    copyStep(tile, a, sliver + p * cs, dst, out + p * tile);
                }
            } else { // column-major (a transposed operand): each step's values are contiguous when rs == 1
                for (int p = 0; p < kb; p++) {
                    int col = sliver + p * cs;
                    for (int i = 0; i < mr; i++) {
                        dst[out + p * tile + i] = a[col + i * rs];
                    }
                }
            }
        }
    }

    /**
     * One step of {@code tile} floats (MR_STEPS, or MR for an A read in place), src[from ..) to dst[to ..), by
     * {@link #STEP}; it takes and returns no vector.
     */
    private static void copyStep(int tile, float[] src, int from, float[] dst, int to) {
        if (tile != MR_STEPS) { // the 6-row tile's steps where MR_STEPS is 8: the same move, masked to MR floats
            FloatVector.fromArray(STEP, src, from, STEP_MASK_MR).intoArray(dst, to, STEP_MASK_MR);
        } else if (STEP_EXACT) { // no Vector API here: see STEP
            System.arraycopy(src, from, dst, to, MR_STEPS);
        } else {
            FloatVector.fromArray(STEP, src, from, STEP_MASK).intoArray(dst, to, STEP_MASK);
        }
    }

    /**
     * Steps (columns) of a column-major A that {@link #packA} stages at a time: 16, or NR where that is fewer (8
     * for the 4-row tile at 128 bits), so that the tile buffer, at least mc×NR floats, holds them.
     */
    static final int STAGE_STEPS = Math.min(16, NR);

    /** A column-major A whose columns lie this many floats apart or more is staged by {@link #packA}. */
    static final int STAGE_STRIDE = Blocking.STAGE_STRIDE;

    /**
     * Packs a kb×nc block of B as slivers of NR columns, each kb rows of NR contiguous floats
     * (dst[jr*kb + p*NR + j]), padding columns past nc with zeros. A row-major B is copied a vector at a time;
     * a transposed one (dX's Wᵀ) as {@link Blocking#transposePack} says: transposed LANES×LANES blocks at a time
     * in registers ({@link Transpose}, for a B whose rows are contiguous), gathered a vector at a time where its
     * columns lie less than {@link #GATHER_STRIDE_LIMIT} floats apart, else copied along W's rows.
     */
    static void packB(float[] b, int base, int rs, int cs, int kb, int nc, Scratch s) {
        float[] dst = s.b;
        if (cs != 1 && s.columnStride != cs) {
            for (int j = 0; j < NR; j++) {
                s.columns[j] = j * cs;
            }
            s.columnStride = cs;
        }
        boolean transposeBlocks = cs != 1 && rs == 1 && TRANSPOSE;
        boolean copyTransposed = cs != 1 && (!GATHER || cs >= GATHER_STRIDE_LIMIT);
        for (int jr = 0; jr < nc; jr += NR) {
            int nr = Math.min(NR, nc - jr);
            int out = jr * kb;
            if (nr == NR && transposeBlocks) { // LANES×LANES blocks through registers, the last steps copied
                int blocked = kb - kb % LANES;
                for (int half = 0; half < NR; half += LANES) {
                    for (int p = 0; p < blocked; p += LANES) {
                        Transpose.block(b, base + (jr + half) * cs + p, cs, dst, out + p * NR + half, NR,
                                s.transposed);
                    }
                }
                for (int j = 0; j < NR; j++) {
                    int src = base + (jr + j) * cs;
                    for (int p = blocked; p < kb; p++) {
                        dst[out + p * NR + j] = b[src + p];
                    }
                }
                continue;
            }
            if (nr == NR && copyTransposed) {
                for (int j = 0; j < NR; j++) {
                    int src = base + (jr + j) * cs;
                    for (int p = 0; p < kb; p++) {
                        dst[out + p * NR + j] = b[src + p * rs];
                    }
                }
                continue;
            }
            if (nr == NR) {
                for (int p = 0; p < kb; p++) {
                    int src = base + p * rs + jr * cs;
                    int o = out + p * NR;
                    for (int v = 0; v < NR; v += LANES) {
                        if (cs == 1) {
                            FloatVector.fromArray(SPECIES, b, src + v).intoArray(dst, o + v);
                        } else {
                            FloatVector.fromArray(SPECIES, b, src + v * cs, s.columns, 0).intoArray(dst, o + v);
                        }
                    }
                }
                continue;
            }
            Arrays.fill(dst, out, out + kb * NR, 0f);
            for (int j = 0; j < nr; j++) {
                int src = base + (jr + j) * cs;
                for (int p = 0; p < kb; p++) {
                    dst[out + p * NR + j] = b[src + p * rs];
                }
            }
        }
    }
}
