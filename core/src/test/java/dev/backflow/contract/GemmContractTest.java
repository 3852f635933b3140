package dev.backflow.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import dev.backflow.internal.Split;
import dev.backflow.testing.Bits;
import dev.backflow.testing.RandomFloats;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * sgemm: every transpose combination, leading dimensions above the row length, offsets, alpha and beta (0, 1,
 * others), k around the rounding block, gives bit for bit what the contract's order ({@link MatmulOrder})
 * gives, on one thread and split over several; bad arguments are rejected before anything is written.
 * Subclasses run it on other implementations.
 */
public class GemmContractTest extends ContractTestCase {

    @Test
    void everyTransposeLeadingDimensionAlphaAndBetaGivesTheContractsBits() {
        SplittableRandom r = new SplittableRandom(16);
        int[] sizes = {1, 2, 3, 5, 7, 16, 17, 33, 64, 65, 100};
        float[] factors = {1f, 0f, -1.5f, 0.25f};
        int cases = 0;
        for (int t = 0; t < 4; t++) {
            boolean ta = (t & 1) != 0;
            boolean tb = (t & 2) != 0;
            for (int c = 0; c < 30; c++) {
                int m = sizes[r.nextInt(sizes.length)];
                int n = sizes[r.nextInt(sizes.length)];
                int k = c % 10 == 0 ? 250 + r.nextInt(20) : c % 10 == 1 ? 0 : sizes[r.nextInt(sizes.length)];
                float alpha = factors[r.nextInt(factors.length)];
                float beta = factors[r.nextInt(factors.length)];
                int threads = 1 + r.nextInt(4);
                check(r, ta, tb, m, n, k, alpha, beta, threads);
                cases++;
            }
        }
        assertTrue(cases == 120);
    }

    @Test
    void largeShapesThatTakeEveryBlockGiveTheContractsBits() {
        SplittableRandom r = new SplittableRandom(17);
        check(r, false, false, 67, 1030, 257, 1f, 1f, 1);
        check(r, true, false, 70, 90, 530, 2f, 0.5f, 2);
        check(r, false, true, 9, 300, 257, 1f, 0f, 3); // blocked: k below 32·m
        check(r, false, true, 8, 300, 256, 1f, 0f, 3); // dot: k at 32·m
        check(r, false, true, 16, 100, 1000, 1f, 1f, 1); // dot: A past 48 KiB (L1), B within 512 KiB (L2)
        check(r, false, true, 19, 101, 1000, 0.5f, 0.25f, 2); // the same, a last block of 3 rows, 1 column left
        check(r, true, true, 100, 40, 600, -1f, 1f, 1);
        check(r, false, false, 5, 1030, 600, 0.5f, 2f, 2); // fewer rows than a tile: B read in place
        check(r, false, false, 4, 1030, 600, -1.5f, 0.25f, 1); // four rows or fewer: B row by row, unpacked
        check(r, true, false, 3, 200, 300, 1f, 1f, 1); // three rows of op(A): 6 vectors a step, single columns
        check(r, false, false, 4, 370, 257, 0.5f, 1f, 1); // four rows: 6, 4 and 1 vectors a step, single columns
        // the kernels named below are FewRows's at 512 bits; narrower vectors take one row 8 vectors a step
        check(r, false, false, 1, 340, 600, 1f, 1f, 1); // one row: 16 vectors a step, then 4, 1 and single columns
        check(r, true, false, 1, 300, 600, -1.5f, 0.25f, 2); // one row of op(A) from a column of A
        check(r, false, false, 1, 2100, 600, 0.5f, 0f, 1); // one row, B past L2: still read row by row
        check(r, false, false, 1, 200, 300, 1f, 1f, 1); // one row: 8 vectors a step, then 4 and single columns
        check(r, false, false, 2, 300, 600, 0.25f, 2f, 1); // two rows: 8 vectors a step, then 1 and single
        check(r, true, false, 2, 200, 300, -1f, 1f, 1); // two rows of op(A): 8 vectors, then 4 and single columns
        check(r, true, false, 6, 300, 300, 1f, 1f, 1); // one tile of rows, B past L1: B read in place
        check(r, true, true, 20, 300, 700, 0.5f, 2f, 3); // the dot order with A's rows copied, split
        check(r, true, true, 3, 50, 700, 1f, 1f, 1); // the dot order, three rows of A copied one by one
        check(r, true, true, 2, 3, 600_000, 1f, 1f, 2); // op(A) past the copy limit: read in place
    }

    /**
     * With B transposed, sgemm is matmulBackward's dX product (A = dY, B = W, alpha and beta 1), so it gets dX's
     * bits wherever both take the same order: the dot order up to the dot batch with sums of at least 32 terms a
     * row of the batch (here 300 terms: m up to 9), the blocked one above the dot batch.
     */
    @Test
    void transposedBIsDxBitForBitWhereTheOrdersAgree() {
        SplittableRandom r = new SplittableRandom(18);
        for (int m : new int[] {1, 7, 9, 33, 70}) {
            int k = 45;
            int n = 300;
            float[] dY = fill(r, m * n);
            float[] w = fill(r, k * n);
            float[] dX = fill(r, m * k);
            float[] c = dX.clone();
            BackwardKernels kernels = Kernels.named(implementation());
            kernels.matmulBackward(dY, 0, n, null, 0, k, w, 0, n, dX, 0, k, null, 0, n, m, k, n);
            kernels.sgemm(false, true, m, k, n, 1f, dY, 0, n, w, 0, n, 1f, c, 0, k);
            Bits.assertSame(implementation() + " sgemm(false, true) against dX at m=" + m, dX, c);
        }
    }

    void check(SplittableRandom r, boolean ta, boolean tb, int m, int n, int k, float alpha, float beta, int threads) {
        int aRows = ta ? k : m;
        int aCols = ta ? m : k;
        int bRows = tb ? n : k;
        int bCols = tb ? k : n;
        int lda = Math.max(1, aCols) + r.nextInt(3);
        int ldb = Math.max(1, bCols) + r.nextInt(3);
        int ldc = Math.max(1, n) + r.nextInt(3);
        int aOff = r.nextInt(4);
        int bOff = r.nextInt(4);
        int cOff = r.nextInt(4);
        float[] a = fill(r, aOff + aRows * lda + 2);
        float[] b = fill(r, bOff + bRows * ldb + 2);
        float[] c = fill(r, cOff + m * ldc + 2);
        if (r.nextInt(8) == 0 && c.length > cOff) {
            c[cOff] = Float.NaN; // beta == 0 must clear it
        }
        float[] want = c.clone();
        MatmulOrder.CONTRACT.gemm(tb, m, n, k, alpha, a, aOff, ta ? 1 : lda, ta ? lda : 1, b, bOff, tb ? 1 : ldb,
                tb ? ldb : 1, beta, want, cOff, ldc);
        for (int t : new int[] {1, threads}) {
            Split.overrideGrainForTests(t == 1 ? 0 : 1);
            BackwardKernels kernels = t == 1 ? Kernels.named(implementation()) : Kernels.parallel(implementation(), t);
            float[] got = c.clone();
            float[] a0 = a.clone();
            float[] b0 = b.clone();
            kernels.sgemm(ta, tb, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc);
            String what = implementation() + " sgemm(" + ta + ", " + tb + ", m=" + m + ", n=" + n + ", k=" + k
                    + ", alpha=" + alpha + ", beta=" + beta + ", lda=" + lda + ", ldb=" + ldb + ", ldc=" + ldc
                    + ") on " + t + " thread(s)";
            Bits.assertSame(what + ", c (want: the contract's order)", want, got);
            assertArrayEquals(a0, a, what + " wrote a");
            assertArrayEquals(b0, b, what + " wrote b");
        }
    }

    /** Fractions in [-1, 1), a tenth small integers. */
    static float[] fill(SplittableRandom r, int len) {
        return RandomFloats.fill(r, len, x -> x.nextInt(10) == 0 ? x.nextInt(-3, 4) : (float) x.nextDouble(-1, 1));
    }

    @Test
    void badArgumentsAreRejectedBeforeAnythingIsWritten() {
        BackwardKernels k = Kernels.named(implementation());
        float[] a = new float[12];
        float[] b = new float[12];
        float[] c = new float[12];
        Arrays.fill(c, 7f);
        float[] c0 = c.clone();
        // A 3×4 (lda 4), B 4×3 (ldb 3), C 3×3 (ldc 3)
        assertThrows(NullPointerException.class,
                () -> k.sgemm(false, false, 3, 3, 4, 1f, null, 0, 4, b, 0, 3, 1f, c, 0, 3));
        assertThrows(NullPointerException.class,
                () -> k.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, null, 0, 3, 1f, c, 0, 3));
        assertThrows(NullPointerException.class,
                () -> k.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 1f, null, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> k.sgemm(false, false, -1, 3, 4, 1f, a, 0, 4, b, 0, 3, 1f, c, 0, 3));
        assertThrows(IllegalArgumentException.class,
                () -> k.sgemm(false, false, 3, 3, 4, 1f, a, 0, 3, b, 0, 3, 1f, c, 0, 3),
                "lda below the row length");
        assertThrows(IllegalArgumentException.class,
                () -> k.sgemm(true, false, 3, 3, 4, 1f, a, 0, 2, b, 0, 3, 1f, c, 0, 3),
                "transposed A: lda below m");
        assertThrows(IllegalArgumentException.class,
                () -> k.sgemm(false, true, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 1f, c, 0, 3),
                "transposed B: ldb below k");
        assertThrows(IllegalArgumentException.class,
                () -> k.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 1f, c, 0, 2),
                "ldc below n");
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.sgemm(false, false, 3, 3, 4, 1f, a, 1, 4, b, 0, 3, 1f, c, 0, 3),
                "A too short from its offset");
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.sgemm(true, false, 4, 3, 4, 1f, a, 0, 4, b, 0, 3, 1f, c, 0, 3),
                "a transposed A too short: stored k×m = 4×4, 16 floats, in 12");
        assertThrows(IndexOutOfBoundsException.class,
                () -> k.sgemm(false, false, 3, 3, 4, 1f, a, 0, 4, b, 0, 3, 1f, c, 4, 3),
                "C too short");
        assertThrows(IllegalArgumentException.class,
                () -> k.sgemm(false, false, 2, 2, 2, 1f, c, 0, 2, b, 0, 2, 1f, c, 2, 2),
                "C overlapping A");
        assertThrows(IllegalArgumentException.class,
                () -> k.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, c, 3, 2, 1f, c, 0, 2),
                "C overlapping B");
        assertThrows(IllegalArgumentException.class,
                () -> k.sgemm(false, false, 2, 2, 2, 1f, a, 0, 2, b, 0, 2, 1f, c, 0, Integer.MAX_VALUE),
                "an extent past Integer.MAX_VALUE");
        assertArrayEquals(c0, c, "a rejected call wrote C");
        // empty products: nothing read past the offsets, C untouched when m or n is 0; k = 0 scales by beta only
        k.sgemm(false, false, 0, 3, 4, 1f, a, 0, 4, b, 0, 3, 0f, c, 0, 3);
        assertArrayEquals(c0, c);
        k.sgemm(false, false, 1, 2, 0, 1f, a, 0, 1, b, 0, 2, 2f, c, 0, 2);
        assertArrayEquals(new float[] {14f, 14f}, Arrays.copyOf(c, 2));
    }
}
