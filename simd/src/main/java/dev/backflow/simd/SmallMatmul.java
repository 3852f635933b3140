package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.LANES;
import static dev.backflow.simd.VectorKernels.SPECIES;

import dev.backflow.BackwardKernels;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The two products of matmulBackward without packing, for a batch of a few rows, where packing would cost more
 * than it saves ({@link MatmulEngine} routes by m, as the contract does). dX is summed in the contract's dot
 * order: 16 interleaved partial sums, held in 16 lanes whatever the vector width (one 16-lane vector, two of 8
 * or four of 4), stored to the scratch's buffer, the last {@code n mod 16} terms added there in scalar code to their
 * partial sums, and the 16 combined by the contract's tree ({@link DotTree}: in vector registers eight outputs at
 * a time at 512 bits, else in scalar code), so the bits depend on neither the width nor the JIT (never
 * {@code reduceLanes(ADD)}, whose order the Vector API leaves open). No method here passes a vector to another:
 * C2 boxes such arguments where it does not inline the callee, which depends on compile order. dW (a batch of
 * one) is the blocked order's single block.
 */
final class SmallMatmul {
    private SmallMatmul() {}

    /** The dot order's species: the preferred one, or 512 bits where vectors hold more than 16 floats. */
    static final VectorSpecies<Float> D = LANES <= 16 ? SPECIES : FloatVector.SPECIES_512;
    static final int DL = D.length();
    private static final int P = BackwardKernels.MATMUL_PARTIALS;
    /** Rows of W per block of dot2x4 and dot1x4 (dot1x2 takes 2): the tuning table's, and their shape. */
    private static final int ROWS = Blocking.CURRENT.dotRows();

    /**
     * dX[i][p] += alpha·Σ_j dY[i][j]·W[p][j] for columns {@code [p0, p1)} of dX: dot products of contiguous rows
     * (alpha 1 for matmulBackward, where {@code 1·s} is {@code s}; sgemm's alpha with B transposed).
     * {@link #ROWS} rows of W (half as many at 128 bits; at 512 bits first six, against four rows of dY at a time,
     * {@link #dXRows}) are taken at a time and every row of dY (four, then two at a time at 512 bits) is run
     * against them with several accumulators in flight: W, the large operand of a
     * small batch, is read from memory once, and the few rows of dY stay in cache (at 512 bits, where they do
     * not fit in L1, blocks of them are taken in turn: {@link #rowBlock}). Every element gets the same bits
     * whichever columns and rows a call covers.
     */
    static void dX(float[] buf, float alpha, float[] dY, int dYOff, int ldY, float[] w, int wOff, int ldW, float[] dX,
                   int dXOff, int ldX, int m, int n, int p0, int p1) {
        int rows = rowBlock(m, n, p1 - p0);
        for (int i0 = 0; i0 < m; i0 += rows) {
            dXRows(buf, alpha, dY, dYOff, ldY, w, wOff, ldW, dX, dXOff, ldX, i0, Math.min(m, i0 + rows), n, p0, p1);
        }
    }

    /**
     * Rows of dY taken together against the whole of W's rows {@code [p0, p1)}: all m, unless the vectors are of 512
     * bits (the only width measured with blocks) and dY's rows overflow L1 while those of W fit in L2. Then the rows of
     * W, taken a group at a time, would push dY's rows out of L1 before the next group comes to them, and every group
     * would read all of dY again from L2; blocks of dY's rows that fill a third of L1 (at least 4 rows, a multiple of
     * 4) are each run against all of W instead, which reads W from L2 once per block. Against the build before, run
     * both ways round in one JVM (Zen 5, family 26 model 2, one thread;
     * docs/results/2026-12-02-zen5-dot-row-blocks-l1-l2): dX at 16×256×784 1.10 and 1.14, sgemm TT at 16×784×256 1.09
     * and 1.05, NT 1.03 and 1.02; shapes this does not change read 0.96-1.17 in the same runs, so smaller differences
     * are not resolved. The condition keeps the earlier trial's losses out
     * (docs/results/2026-12-02-zen5-dot-row-blocks-tried): dY in L1 (0.95 at 8 rows of 784) and W past L2 (0.79 to 0.85
     * with an 8 MB W, read from memory once per block).
     */
    static int rowBlock(int m, int n, int wRows) {
        Caches caches = Blocking.CURRENT.caches();
        if (DL != 16 || 4L * m * n <= caches.l1d() || 4L * wRows * n > caches.l2()) {
            return Math.max(1, m);
        }
        long rows = caches.l1d() / 3 / (4L * n) / 4 * 4;
        return (int) Math.max(4, Math.min(m, rows));
    }

    /**
     * {@link #dX} for dY's rows {@code [i0, i1)}: at 512 bits and n &gt;= 16, a single row against eight rows of W
     * at a time ({@link #dot1x8}), or four rows of dY at a time against six rows of W ({@link #dot4x6}) for
     * {@link #sixes} blocks of W's rows; then the rest in groups of {@link #ROWS} rows of W ({@link #dXGroups}).
     */
    private static void dXRows(float[] buf, float alpha, float[] dY, int dYOff, int ldY, float[] w, int wOff,
                               int ldW, float[] dX, int dXOff, int ldX, int i0, int i1, int n, int p0, int p1) {
        int p = p0;
        if (DL == 16 && n >= P && i1 - i0 == 1) { // one row: eight rows of W at a time, eight outputs a tree
            for (; p <= p1 - 8; p += 8) {
                dot1x8(buf, alpha, dY, dYOff + i0 * ldY, w, wOff + p * ldW, ldW, n, dX, dXOff + i0 * ldX + p);
            }
        }
        if (DL == 16 && n >= P && i1 - i0 >= 4) {
            int fours = i0 + (i1 - i0) / 4 * 4;
            for (int end = p0 + 6 * sixes(p1 - p0, ROWS); p < end; p += 6) {
                for (int i = i0; i < fours; i += 4) {
                    dot4x6(buf, alpha, dY, dYOff + i * ldY, ldY, w, wOff + p * ldW, ldW, n, dX, dXOff + i * ldX + p,
                            ldX);
                }
            }
            if (fours < i1) { // the last rows of dY against the rows of W that dot4x6 took
                dXGroups(buf, alpha, dY, dYOff, ldY, w, wOff, ldW, dX, dXOff, ldX, fours, i1, n, p0, p);
            }
        }
        dXGroups(buf, alpha, dY, dYOff, ldY, w, wOff, ldW, dX, dXOff, ldX, i0, i1, n, p, p1);
    }

    /**
     * How many blocks of six of {@code rows} rows of W {@link #dot4x6} takes, the rest going in groups of
     * {@code group}: as many as leave the fewest rows over for the one-output {@link #dot} (never more than groups
     * alone would leave, rows mod group). At 128 rows and groups of four, 20 blocks and two groups rather than 21
     * blocks and two rows over.
     */
    static int sixes(int rows, int group) {
        int best = rows / 6;
        for (int g = rows / 6; g >= 0 && g >= rows / 6 - group; g--) {
            if ((rows - 6 * g) % group < (rows - 6 * best) % group) {
                best = g;
            }
        }
        return best;
    }

    /** {@link #dX} for dY's rows {@code [i0, i1)} against W's rows {@code [p0, p1)}, {@link #ROWS} of W at a time. */
    private static void dXGroups(float[] buf, float alpha, float[] dY, int dYOff, int ldY, float[] w, int wOff,
                                 int ldW, float[] dX, int dXOff, int ldX, int i0, int i1, int n, int p0, int p1) {
        int m = i1;
        int group = DL == 4 ? 2 : ROWS;
        int p = p0;
        for (; p <= p1 - group; p += group) {
            int i = i0;
            if (DL == 16) {
                for (; i <= m - 4; i += 4) {
                    dot4x4(buf, alpha, dY, dYOff + i * ldY, ldY, w, wOff + p * ldW, ldW, n, dX, dXOff + i * ldX + p,
                            ldX);
                }
                for (; i <= m - 2; i += 2) {
                    dot2x4(buf, alpha, dY, dYOff + i * ldY, ldY, w, wOff + p * ldW, ldW, n, dX, dXOff + i * ldX + p,
                            ldX);
                }
            }
            for (; i < m; i++) {
                if (DL == 4) {
                    dot1x2(buf, alpha, dY, dYOff + i * ldY, w, wOff + p * ldW, ldW, n, dX, dXOff + i * ldX + p);
                } else {
                    dot1x4(buf, alpha, dY, dYOff + i * ldY, w, wOff + p * ldW, ldW, n, dX, dXOff + i * ldX + p);
                }
            }
        }
        for (; p < p1; p++) {
            for (int i = i0; i < m; i++) {
                dX[dXOff + i * ldX + p] += alpha * dot(buf, dY, dYOff + i * ldY, w, wOff + p * ldW, n);
            }
        }
    }

    // dot2x4, dot1x4 and dot1x2 are one kernel per vector width, written out rather than one loop over an array
    // of partial-sum vectors: C2 keeps local vectors in registers, and boxes vectors held in an array.

    /**
     * 512 bits, n &gt;= 16: rows y .. y+3n of dY against rows w0 .. w0+5n of W, one 16-lane vector of partial sums
     * each (24 accumulators; with the four rows of dY and one of W, 29 of the 32 registers): 10 loads for 24 fused
     * multiply-adds, where {@link #dot4x4} takes 8 for 16. Each output's partial sums, tail and tree are those of
     * the other kernels, so its bits are too. All 24 vectors are stored before the first finishing call, as in
     * dot4x4: a vector live across a call that C2 does not inline is spilled and reloaded around it.
     */
    private static void dot4x6(float[] buf, float alpha, float[] dY, int y, int ldY, float[] w, int w0, int ldW, int n,
                               float[] dX, int x, int ldx) {
        assert n >= P;
        FloatVector s00 = FloatVector.zero(D), s01 = s00, s02 = s00, s03 = s00, s04 = s00, s05 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00, s14 = s00, s15 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00, s24 = s00, s25 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00, s34 = s00, s35 = s00;
        int w1 = w0 + ldW, w2 = w1 + ldW, w3 = w2 + ldW, w4 = w3 + ldW, w5 = w4 + ldW;
        int y1 = y + ldY, y2 = y1 + ldY, y3 = y2 + ldY;
        int j = 0;
        for (; j <= n - P; j += P) {
            FloatVector g0 = FloatVector.fromArray(D, dY, y + j);
            FloatVector g1 = FloatVector.fromArray(D, dY, y1 + j);
            FloatVector g2 = FloatVector.fromArray(D, dY, y2 + j);
            FloatVector g3 = FloatVector.fromArray(D, dY, y3 + j);
            FloatVector v = FloatVector.fromArray(D, w, w0 + j);
            s00 = g0.fma(v, s00);
            s10 = g1.fma(v, s10);
            s20 = g2.fma(v, s20);
            s30 = g3.fma(v, s30);
            v = FloatVector.fromArray(D, w, w1 + j);
            s01 = g0.fma(v, s01);
            s11 = g1.fma(v, s11);
            s21 = g2.fma(v, s21);
            s31 = g3.fma(v, s31);
            v = FloatVector.fromArray(D, w, w2 + j);
            s02 = g0.fma(v, s02);
            s12 = g1.fma(v, s12);
            s22 = g2.fma(v, s22);
            s32 = g3.fma(v, s32);
            v = FloatVector.fromArray(D, w, w3 + j);
            s03 = g0.fma(v, s03);
            s13 = g1.fma(v, s13);
            s23 = g2.fma(v, s23);
            s33 = g3.fma(v, s33);
            v = FloatVector.fromArray(D, w, w4 + j);
            s04 = g0.fma(v, s04);
            s14 = g1.fma(v, s14);
            s24 = g2.fma(v, s24);
            s34 = g3.fma(v, s34);
            v = FloatVector.fromArray(D, w, w5 + j);
            s05 = g0.fma(v, s05);
            s15 = g1.fma(v, s15);
            s25 = g2.fma(v, s25);
            s35 = g3.fma(v, s35);
        }
        s00.intoArray(buf, 0);
        s01.intoArray(buf, P);
        s02.intoArray(buf, 2 * P);
        s03.intoArray(buf, 3 * P);
        s10.intoArray(buf, 4 * P);
        s11.intoArray(buf, 5 * P);
        s12.intoArray(buf, 6 * P);
        s13.intoArray(buf, 7 * P);
        s20.intoArray(buf, 8 * P);
        s21.intoArray(buf, 9 * P);
        s22.intoArray(buf, 10 * P);
        s23.intoArray(buf, 11 * P);
        s30.intoArray(buf, 12 * P);
        s31.intoArray(buf, 13 * P);
        s32.intoArray(buf, 14 * P);
        s33.intoArray(buf, 15 * P);
        s04.intoArray(buf, 16 * P);
        s05.intoArray(buf, 17 * P);
        s14.intoArray(buf, 18 * P);
        s15.intoArray(buf, 19 * P);
        s24.intoArray(buf, 20 * P);
        s25.intoArray(buf, 21 * P);
        s34.intoArray(buf, 22 * P);
        s35.intoArray(buf, 23 * P);
        finish2x4(buf, 0, alpha, dY, y, y1, w, w0, ldW, j, n, dX, x, ldx);
        finish2x4(buf, 8 * P, alpha, dY, y2, y3, w, w0, ldW, j, n, dX, x + 2 * ldx, ldx);
        finish4x2(buf, 16 * P, alpha, dY, y, ldY, w, w0 + 4 * ldW, ldW, j, n, dX, x + 4, ldx);
    }

    /**
     * The end of a 4×2 block of dot products whose 16-lane partial sums lie in buf from {@code at} (rows y .. y+3n
     * of dY against rows w4, w4+n of W, row by row): as {@link #finish2x4}, each sum added to dX at (row r,
     * x + 0 or 1).
     */
    private static void finish4x2(float[] buf, int at, float alpha, float[] dY, int y, int ldY, float[] w, int w4,
                                  int ldW, int j, int n, float[] dX, int x, int ldx) {
        if (j < n) { // the last n - j < 16 terms, one into each of the first partials
            for (int r = 0; r < 4; r++) {
                DotTree.tail(buf, at + 2 * r * P, dY, y + r * ldY, w, w4, j, n);
                DotTree.tail(buf, at + (2 * r + 1) * P, dY, y + r * ldY, w, w4 + ldW, j, n);
            }
        }
        DotTree.sums(buf, at);
        for (int r = 0; r < 4; r++) {
            dX[x + r * ldx] += alpha * buf[at + 2 * r];
            dX[x + r * ldx + 1] += alpha * buf[at + 2 * r + 1];
        }
    }

    /**
     * 512 bits: rows y .. y+3n of dY against rows w0 .. w0+3n of W, one 16-lane vector of partial sums each: 8
     * loads for 16 fused multiply-adds, where {@link #dot2x4} takes 6 for 8. All 16 vectors are stored (rows y,
     * y+1 at buf[0 .. 8·16), rows y+2, y+3 after them) before the first finishing call: a vector live across a
     * call that C2 does not inline is spilled and reloaded around it. Against the kernel that stored and finished
     * the first eight before storing the others, with {@link #dot4x6}, paired in one JVM each order (Zen 5, family
     * 26 model 2, one thread; docs/results/2026-12-03-zen5-dot-store-all): sgemm NT 1.11-1.13 at 4×784×256 and
     * 1.07-1.08 at 16×784×256, dX 1.12-1.15 at 16×784×256, 1.15-1.20 at 32×256×256 and 1.18-1.29 at 8×64×64; sgemm
     * TT at 16×784×256 read 0.96 and 1.12.
     */
    private static void dot4x4(float[] buf, float alpha, float[] dY, int y, int ldY, float[] w, int w0, int ldW, int n,
                               float[] dX, int x, int ldx) {
        if (n < P) { // no whole step, so no vector: C2, compiling this kernel from calls that all were shorter
            // than a step, boxed its zero accumulators at each call (96 bytes at 8x8x8; DotPathAllocationTest)
            Arrays.fill(buf, 0, 8 * P, 0f);
            finish2x4(buf, 0, alpha, dY, y, y + ldY, w, w0, ldW, 0, n, dX, x, ldx);
            Arrays.fill(buf, 0, 8 * P, 0f);
            finish2x4(buf, 0, alpha, dY, y + 2 * ldY, y + 3 * ldY, w, w0, ldW, 0, n, dX, x + 2 * ldx, ldx);
            return;
        }
        FloatVector s00 = FloatVector.zero(D), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        FloatVector s20 = s00, s21 = s00, s22 = s00, s23 = s00;
        FloatVector s30 = s00, s31 = s00, s32 = s00, s33 = s00;
        int w1 = w0 + ldW, w2 = w1 + ldW, w3 = w2 + ldW;
        int y1 = y + ldY, y2 = y1 + ldY, y3 = y2 + ldY;
        int j = 0;
        for (; j <= n - P; j += P) {
            FloatVector g0 = FloatVector.fromArray(D, dY, y + j);
            FloatVector g1 = FloatVector.fromArray(D, dY, y1 + j);
            FloatVector g2 = FloatVector.fromArray(D, dY, y2 + j);
            FloatVector g3 = FloatVector.fromArray(D, dY, y3 + j);
            FloatVector v = FloatVector.fromArray(D, w, w0 + j);
            s00 = g0.fma(v, s00);
            s10 = g1.fma(v, s10);
            s20 = g2.fma(v, s20);
            s30 = g3.fma(v, s30);
            v = FloatVector.fromArray(D, w, w1 + j);
            s01 = g0.fma(v, s01);
            s11 = g1.fma(v, s11);
            s21 = g2.fma(v, s21);
            s31 = g3.fma(v, s31);
            v = FloatVector.fromArray(D, w, w2 + j);
            s02 = g0.fma(v, s02);
            s12 = g1.fma(v, s12);
            s22 = g2.fma(v, s22);
            s32 = g3.fma(v, s32);
            v = FloatVector.fromArray(D, w, w3 + j);
            s03 = g0.fma(v, s03);
            s13 = g1.fma(v, s13);
            s23 = g2.fma(v, s23);
            s33 = g3.fma(v, s33);
        }
        s00.intoArray(buf, 0);
        s01.intoArray(buf, P);
        s02.intoArray(buf, 2 * P);
        s03.intoArray(buf, 3 * P);
        s10.intoArray(buf, 4 * P);
        s11.intoArray(buf, 5 * P);
        s12.intoArray(buf, 6 * P);
        s13.intoArray(buf, 7 * P);
        s20.intoArray(buf, 8 * P);
        s21.intoArray(buf, 9 * P);
        s22.intoArray(buf, 10 * P);
        s23.intoArray(buf, 11 * P);
        s30.intoArray(buf, 12 * P);
        s31.intoArray(buf, 13 * P);
        s32.intoArray(buf, 14 * P);
        s33.intoArray(buf, 15 * P);
        finish2x4(buf, 0, alpha, dY, y, y1, w, w0, ldW, j, n, dX, x, ldx);
        finish2x4(buf, 8 * P, alpha, dY, y2, y3, w, w0, ldW, j, n, dX, x + 2 * ldx, ldx);
    }

    /**
     * The end of a 2×4 block of dot products whose 16-lane partial sums lie in buf (rows ya, yb of dY against rows
     * w0 .. w0+3n of W, at buf[at .. at + 8·16) in that order): the last n - j &lt; 16 terms into the first partials,
     * the contract's tree, and each sum added to dX (row xa, and the row ldx after it). No vector passes in or
     * out: a vector passed to a method that C2 does not inline is boxed.
     */
    private static void finish2x4(float[] buf, int at, float alpha, float[] dY, int ya, int yb, float[] w, int w0,
                                  int ldW, int j, int n, float[] dX, int xa, int ldx) {
        if (j < n) { // the last n - j < 16 terms, one into each of the first partials
            int w1 = w0 + ldW, w2 = w1 + ldW, w3 = w2 + ldW;
            DotTree.tail(buf, at, dY, ya, w, w0, j, n);
            DotTree.tail(buf, at + P, dY, ya, w, w1, j, n);
            DotTree.tail(buf, at + 2 * P, dY, ya, w, w2, j, n);
            DotTree.tail(buf, at + 3 * P, dY, ya, w, w3, j, n);
            DotTree.tail(buf, at + 4 * P, dY, yb, w, w0, j, n);
            DotTree.tail(buf, at + 5 * P, dY, yb, w, w1, j, n);
            DotTree.tail(buf, at + 6 * P, dY, yb, w, w2, j, n);
            DotTree.tail(buf, at + 7 * P, dY, yb, w, w3, j, n);
        }
        DotTree.sums(buf, at);
        for (int q = 0; q < 4; q++) {
            dX[xa + q] += alpha * buf[at + q];
            dX[xa + ldx + q] += alpha * buf[at + 4 + q];
        }
    }

    /** 512 bits: rows y, y+n of dY against rows w0 .. w0+3n of W, one 16-lane vector of partial sums each. */
    private static void dot2x4(float[] buf, float alpha, float[] dY, int y, int ldY, float[] w, int w0, int ldW, int n,
                               float[] dX,
                               int x, int ldx) {
        FloatVector s00 = FloatVector.zero(D), s01 = s00, s02 = s00, s03 = s00;
        FloatVector s10 = s00, s11 = s00, s12 = s00, s13 = s00;
        int w1 = w0 + ldW, w2 = w1 + ldW, w3 = w2 + ldW;
        int j = 0;
        for (; j <= n - P; j += P) {
            FloatVector g0 = FloatVector.fromArray(D, dY, y + j);
            FloatVector g1 = FloatVector.fromArray(D, dY, y + ldY + j);
            FloatVector v = FloatVector.fromArray(D, w, w0 + j);
            s00 = g0.fma(v, s00);
            s10 = g1.fma(v, s10);
            v = FloatVector.fromArray(D, w, w1 + j);
            s01 = g0.fma(v, s01);
            s11 = g1.fma(v, s11);
            v = FloatVector.fromArray(D, w, w2 + j);
            s02 = g0.fma(v, s02);
            s12 = g1.fma(v, s12);
            v = FloatVector.fromArray(D, w, w3 + j);
            s03 = g0.fma(v, s03);
            s13 = g1.fma(v, s13);
        }
        s00.intoArray(buf, 0);
        s01.intoArray(buf, P);
        s02.intoArray(buf, 2 * P);
        s03.intoArray(buf, 3 * P);
        s10.intoArray(buf, 4 * P);
        s11.intoArray(buf, 5 * P);
        s12.intoArray(buf, 6 * P);
        s13.intoArray(buf, 7 * P);
        finish2x4(buf, 0, alpha, dY, y, y + ldY, w, w0, ldW, j, n, dX, x, ldx);
    }

    /**
     * 512 bits, n &gt;= 16: one row of dY against rows w0 .. w0+7n of W, one 16-lane vector of partial sums each:
     * every output of the tree ({@link DotTree#sums}, eight at a time) is used, where {@link #dot1x4} uses half.
     * Each output's partial sums, tail and tree are those of the other kernels, so its bits are too. Against
     * dot1x4 alone, paired in one JVM each order (Zen 5, family 26 model 2, one thread, offsets swept;
     * docs/results/2026-12-03-zen5-dot-one-row-eight): sgemm NT 1.07-1.11 at 1×784×256 and 1.41-1.51 at 1×64×64,
     * dX 1.06-1.09 at 1×256×784 and 1.17-1.19 at 1×784×256.
     */
    private static void dot1x8(float[] buf, float alpha, float[] dY, int y, float[] w, int w0, int ldW, int n,
                               float[] dX, int x) {
        assert n >= P;
        FloatVector s0 = FloatVector.zero(D), s1 = s0, s2 = s0, s3 = s0, s4 = s0, s5 = s0, s6 = s0, s7 = s0;
        int w1 = w0 + ldW, w2 = w1 + ldW, w3 = w2 + ldW, w4 = w3 + ldW, w5 = w4 + ldW, w6 = w5 + ldW, w7 = w6 + ldW;
        int j = 0;
        for (; j <= n - P; j += P) {
            FloatVector g = FloatVector.fromArray(D, dY, y + j);
            s0 = g.fma(FloatVector.fromArray(D, w, w0 + j), s0);
            s1 = g.fma(FloatVector.fromArray(D, w, w1 + j), s1);
            s2 = g.fma(FloatVector.fromArray(D, w, w2 + j), s2);
            s3 = g.fma(FloatVector.fromArray(D, w, w3 + j), s3);
            s4 = g.fma(FloatVector.fromArray(D, w, w4 + j), s4);
            s5 = g.fma(FloatVector.fromArray(D, w, w5 + j), s5);
            s6 = g.fma(FloatVector.fromArray(D, w, w6 + j), s6);
            s7 = g.fma(FloatVector.fromArray(D, w, w7 + j), s7);
        }
        s0.intoArray(buf, 0);
        s1.intoArray(buf, P);
        s2.intoArray(buf, 2 * P);
        s3.intoArray(buf, 3 * P);
        s4.intoArray(buf, 4 * P);
        s5.intoArray(buf, 5 * P);
        s6.intoArray(buf, 6 * P);
        s7.intoArray(buf, 7 * P);
        finish1x8(buf, alpha, dY, y, w, w0, ldW, j, n, dX, x);
    }

    /** The end of {@link #dot1x8}: the last n - j &lt; 16 terms, the tree, and the eight sums added to dX. */
    private static void finish1x8(float[] buf, float alpha, float[] dY, int y, float[] w, int w0, int ldW, int j,
                                  int n, float[] dX, int x) {
        if (j < n) {
            for (int q = 0; q < 8; q++) {
                DotTree.tail(buf, q * P, dY, y, w, w0 + q * ldW, j, n);
            }
        }
        DotTree.sums(buf, 0);
        for (int q = 0; q < 8; q++) {
            dX[x + q] += alpha * buf[q];
        }
    }

    /**
     * 256 and 512 bits: one row of dY against rows w0 .. w0+3n of W; at 256 bits each dot product's 16 partial
     * sums are two vectors (lo: terms ≡ 0..7 mod 16, hi: 8..15), at 512 bits one (hi unused).
     */
    private static void dot1x4(float[] buf, float alpha, float[] dY, int y, float[] w, int w0, int ldW, int n,
                               float[] dX, int x) {
        FloatVector l0 = FloatVector.zero(D), l1 = l0, l2 = l0, l3 = l0;
        FloatVector h0 = l0, h1 = l0, h2 = l0, h3 = l0;
        int w1 = w0 + ldW, w2 = w1 + ldW, w3 = w2 + ldW;
        int j = 0;
        for (; j <= n - P; j += P) {
            FloatVector g = FloatVector.fromArray(D, dY, y + j);
            l0 = g.fma(FloatVector.fromArray(D, w, w0 + j), l0);
            l1 = g.fma(FloatVector.fromArray(D, w, w1 + j), l1);
            l2 = g.fma(FloatVector.fromArray(D, w, w2 + j), l2);
            l3 = g.fma(FloatVector.fromArray(D, w, w3 + j), l3);
            if (DL == 8) {
                FloatVector gh = FloatVector.fromArray(D, dY, y + j + 8);
                h0 = gh.fma(FloatVector.fromArray(D, w, w0 + j + 8), h0);
                h1 = gh.fma(FloatVector.fromArray(D, w, w1 + j + 8), h1);
                h2 = gh.fma(FloatVector.fromArray(D, w, w2 + j + 8), h2);
                h3 = gh.fma(FloatVector.fromArray(D, w, w3 + j + 8), h3);
            }
        }
        l0.intoArray(buf, 0);
        l1.intoArray(buf, P);
        l2.intoArray(buf, 2 * P);
        l3.intoArray(buf, 3 * P);
        if (DL == 8) {
            h0.intoArray(buf, 8);
            h1.intoArray(buf, P + 8);
            h2.intoArray(buf, 2 * P + 8);
            h3.intoArray(buf, 3 * P + 8);
        }
        if (j < n) {
            DotTree.tail(buf, 0, dY, y, w, w0, j, n);
            DotTree.tail(buf, P, dY, y, w, w1, j, n);
            DotTree.tail(buf, 2 * P, dY, y, w, w2, j, n);
            DotTree.tail(buf, 3 * P, dY, y, w, w3, j, n);
        }
        if (DotTree.SUPPORTED) { // outputs 4 to 7 of the tree are whatever buf held: their sums are not read
            DotTree.sums(buf, 0);
            for (int q = 0; q < 4; q++) {
                dX[x + q] += alpha * buf[q];
            }
        } else {
            for (int q = 0; q < 4; q++) {
                dX[x + q] += alpha * DotTree.tree(buf, q * P);
            }
        }
    }

    /** 128 bits: one row of dY against rows w0 and w0+n of W, four 4-lane vectors of partial sums each. */
    private static void dot1x2(float[] buf, float alpha, float[] dY, int y, float[] w, int w0, int ldW, int n,
                               float[] dX, int x) {
        FloatVector a0 = FloatVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        FloatVector b0 = a0, b1 = a0, b2 = a0, b3 = a0;
        int w1 = w0 + ldW;
        int j = 0;
        for (; j <= n - P; j += P) {
            FloatVector g = FloatVector.fromArray(D, dY, y + j);
            a0 = g.fma(FloatVector.fromArray(D, w, w0 + j), a0);
            b0 = g.fma(FloatVector.fromArray(D, w, w1 + j), b0);
            g = FloatVector.fromArray(D, dY, y + j + 4);
            a1 = g.fma(FloatVector.fromArray(D, w, w0 + j + 4), a1);
            b1 = g.fma(FloatVector.fromArray(D, w, w1 + j + 4), b1);
            g = FloatVector.fromArray(D, dY, y + j + 8);
            a2 = g.fma(FloatVector.fromArray(D, w, w0 + j + 8), a2);
            b2 = g.fma(FloatVector.fromArray(D, w, w1 + j + 8), b2);
            g = FloatVector.fromArray(D, dY, y + j + 12);
            a3 = g.fma(FloatVector.fromArray(D, w, w0 + j + 12), a3);
            b3 = g.fma(FloatVector.fromArray(D, w, w1 + j + 12), b3);
        }
        a0.intoArray(buf, 0);
        a1.intoArray(buf, 4);
        a2.intoArray(buf, 8);
        a3.intoArray(buf, 12);
        b0.intoArray(buf, P);
        b1.intoArray(buf, P + 4);
        b2.intoArray(buf, P + 8);
        b3.intoArray(buf, P + 12);
        DotTree.tail(buf, 0, dY, y, w, w0, j, n);
        DotTree.tail(buf, P, dY, y, w, w1, j, n);
        dX[x] += alpha * DotTree.tree(buf, 0);
        dX[x + 1] += alpha * DotTree.tree(buf, P);
    }

    /** One dot product of length n, at any width. */
    private static float dot(float[] buf, float[] a, int ai, float[] b, int bi, int n) {
        FloatVector s0 = FloatVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        int j = 0;
        for (; j <= n - P; j += P) {
            s0 = FloatVector.fromArray(D, a, ai + j).fma(FloatVector.fromArray(D, b, bi + j), s0);
            if (DL <= 8) {
                s1 = FloatVector.fromArray(D, a, ai + j + DL).fma(FloatVector.fromArray(D, b, bi + j + DL), s1);
            }
            if (DL == 4) {
                s2 = FloatVector.fromArray(D, a, ai + j + 8).fma(FloatVector.fromArray(D, b, bi + j + 8), s2);
                s3 = FloatVector.fromArray(D, a, ai + j + 12).fma(FloatVector.fromArray(D, b, bi + j + 12), s3);
            }
        }
        s0.intoArray(buf, 0);
        if (DL <= 8) {
            s1.intoArray(buf, DL);
        }
        if (DL == 4) {
            s2.intoArray(buf, 8);
            s3.intoArray(buf, 12);
        }
        DotTree.tail(buf, 0, a, ai, b, bi, j, n);
        return DotTree.tree(buf, 0);
    }

    /**
     * dW[p][j] += Σ_i X[i][p]·dY[i][j] for rows {@code [p0, p1)} of dW: for each row and each strip of
     * columns, the sum over the batch is kept in registers from +0.0 and added to dW once: the blocked order for
     * a batch of at most one block.
     */
    static void dW(float[] x, int xOff, int ldX, float[] dY, int dYOff, int ldY, float[] dW, int dWOff, int ldW,
                   int m, int n, int p0, int p1) {
        assert m <= BackwardKernels.MATMUL_BLOCK;
        int jBound = SPECIES.loopBound(n);
        for (int p = p0; p < p1; p++) {
            int wRow = dWOff + p * ldW;
            int j = 0;
            for (; j <= jBound - 2 * LANES; j += 2 * LANES) {
                FloatVector s0 = FloatVector.zero(SPECIES);
                FloatVector s1 = s0;
                for (int i = 0; i < m; i++) {
                    FloatVector a = FloatVector.broadcast(SPECIES, x[xOff + i * ldX + p]);
                    int yRow = dYOff + i * ldY + j;
                    s0 = a.fma(FloatVector.fromArray(SPECIES, dY, yRow), s0);
                    s1 = a.fma(FloatVector.fromArray(SPECIES, dY, yRow + LANES), s1);
                }
                FloatVector.fromArray(SPECIES, dW, wRow + j).add(s0).intoArray(dW, wRow + j);
                FloatVector.fromArray(SPECIES, dW, wRow + j + LANES).add(s1).intoArray(dW, wRow + j + LANES);
            }
            for (; j < jBound; j += LANES) {
                FloatVector s0 = FloatVector.zero(SPECIES);
                for (int i = 0; i < m; i++) {
                    FloatVector a = FloatVector.broadcast(SPECIES, x[xOff + i * ldX + p]);
                    s0 = a.fma(FloatVector.fromArray(SPECIES, dY, dYOff + i * ldY + j), s0);
                }
                FloatVector.fromArray(SPECIES, dW, wRow + j).add(s0).intoArray(dW, wRow + j);
            }
            for (; j < n; j++) {
                float s = 0f;
                for (int i = 0; i < m; i++) {
                    s = Math.fma(x[xOff + i * ldX + p], dY[dYOff + i * ldY + j], s);
                }
                dW[wRow + j] += s;
            }
        }
    }
}
