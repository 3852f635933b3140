package dev.backflow.simd;

import static dev.backflow.simd.SmallMatmul.D;
import static dev.backflow.simd.SmallMatmul.DL;

import dev.backflow.BackwardKernels;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dot order's last step for eight outputs at once, in vector registers: each output's 16 partial sums
 * (one 16-lane vector) combined by the contract's tree, s_r + s_(r+8), then + s_(r+4), + s_(r+2), s_0 + s_1.
 * Each level is one addition per lane of two vectors that two-vector selects gather from pairs of outputs, so
 * every sum is the tree's, bit for bit; eight loads, 14 selects, 2 rearranges and 8 additions replace 120 scalar
 * additions and their loads and stores, which at a short row (n = 32) took most of dX's time (5.6 GFLOP/s at 32³ on
 * Zen 5, family 26 model 2, one thread). 16 lanes only.
 */
final class DotTree {
    private DotTree() {}

    static final boolean SUPPORTED = DL == 16;

    /** The rows move as ints, so the select indices need no conversion (as in {@link Transpose}). */
    private static final VectorSpecies<Integer> INTS = D.withLanes(int.class);

    // level 1: two outputs' 16 partials -> their 8 sums s_r + s_(r+8), one output in each half
    private static final IntVector LOW1 = index(0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23);
    private static final IntVector HIGH1 = index(8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31);
    // level 2: two vectors of two outputs' 8 -> four outputs' 4 each, t_r + t_(r+4)
    private static final IntVector LOW2 = index(0, 1, 2, 3, 8, 9, 10, 11, 16, 17, 18, 19, 24, 25, 26, 27);
    private static final IntVector HIGH2 = index(4, 5, 6, 7, 12, 13, 14, 15, 20, 21, 22, 23, 28, 29, 30, 31);
    // level 3: two vectors of four outputs' 4 -> eight outputs' 2 each, u_r + u_(r+2)
    private static final IntVector LOW3 = index(0, 1, 4, 5, 8, 9, 12, 13, 16, 17, 20, 21, 24, 25, 28, 29);
    private static final IntVector HIGH3 = index(2, 3, 6, 7, 10, 11, 14, 15, 18, 19, 22, 23, 26, 27, 30, 31);
    // level 4: eight outputs' 2 -> their sums v_0 + v_1 in lanes 0..7 (8..15 repeat them), from one vector
    private static final VectorShuffle<Integer> EVEN = shuffle(0, 2, 4, 6, 8, 10, 12, 14, 0, 2, 4, 6, 8, 10, 12, 14);
    private static final VectorShuffle<Integer> ODD = shuffle(1, 3, 5, 7, 9, 11, 13, 15, 1, 3, 5, 7, 9, 11, 13, 15);

    private static VectorShuffle<Integer> shuffle(int... lanes) {
        return SUPPORTED ? VectorShuffle.fromArray(INTS, lanes, 0) : null;
    }

    private static IntVector index(int... lanes) {
        return SUPPORTED ? IntVector.fromArray(INTS, lanes, 0) : null;
    }

    /**
     * The tree's sums of eight outputs whose 16 partials each lie in buf[at + 16q .. at + 16q+16), q &lt; 8, written
     * to buf[at .. at + 8) in that order. No method here takes or returns a vector (but the two that build the
     * constants while the class loads), and the selects are written out rather than put in a helper: where C2 does
     * not inline a method, the vectors it is passed or returns are boxed (allocated) at every call, and whether it
     * inlines depends on what it compiled first (a helper per level allocated 11.5 KB a call at 8×8×8 in one CI run,
     * 0c35e00).
     */
    static void sums(float[] buf, int at) {
        assert SUPPORTED && buf.length >= at + 8 * DL;
        IntVector a = FloatVector.fromArray(D, buf, at).reinterpretAsInts();
        IntVector b = FloatVector.fromArray(D, buf, at + DL).reinterpretAsInts();
        IntVector c = FloatVector.fromArray(D, buf, at + 2 * DL).reinterpretAsInts();
        IntVector d = FloatVector.fromArray(D, buf, at + 3 * DL).reinterpretAsInts();
        IntVector e = FloatVector.fromArray(D, buf, at + 4 * DL).reinterpretAsInts();
        IntVector f = FloatVector.fromArray(D, buf, at + 5 * DL).reinterpretAsInts();
        IntVector g = FloatVector.fromArray(D, buf, at + 6 * DL).reinterpretAsInts();
        IntVector h = FloatVector.fromArray(D, buf, at + 7 * DL).reinterpretAsInts();
        // level 1, each vector two outputs' eight sums; a level's sum is the low pick plus the high pick
        IntVector ab = LOW1.selectFrom(a, b).reinterpretAsFloats()
                .add(HIGH1.selectFrom(a, b).reinterpretAsFloats()).reinterpretAsInts();
        IntVector cd = LOW1.selectFrom(c, d).reinterpretAsFloats()
                .add(HIGH1.selectFrom(c, d).reinterpretAsFloats()).reinterpretAsInts();
        IntVector ef = LOW1.selectFrom(e, f).reinterpretAsFloats()
                .add(HIGH1.selectFrom(e, f).reinterpretAsFloats()).reinterpretAsInts();
        IntVector gh = LOW1.selectFrom(g, h).reinterpretAsFloats()
                .add(HIGH1.selectFrom(g, h).reinterpretAsFloats()).reinterpretAsInts();
        // level 2, each vector four outputs' four sums
        IntVector u1 = LOW2.selectFrom(ab, cd).reinterpretAsFloats()
                .add(HIGH2.selectFrom(ab, cd).reinterpretAsFloats()).reinterpretAsInts();
        IntVector u2 = LOW2.selectFrom(ef, gh).reinterpretAsFloats()
                .add(HIGH2.selectFrom(ef, gh).reinterpretAsFloats()).reinterpretAsInts();
        // level 3, eight outputs' two sums in one vector; level 4 needs no second vector: a rearrange
        IntVector v = LOW3.selectFrom(u1, u2).reinterpretAsFloats()
                .add(HIGH3.selectFrom(u1, u2).reinterpretAsFloats()).reinterpretAsInts();
        v.rearrange(EVEN).reinterpretAsFloats().add(v.rearrange(ODD).reinterpretAsFloats()).intoArray(buf, at);
    }

    /**
     * Adds the last terms t in [from, n), n - from &lt; 16, of a dot product of a and b into the partials at
     * buf[at + t - from], one fused multiply-add each, as the dot order adds them; the other partials stay.
     */
    static void tail(float[] buf, int at, float[] a, int ai, float[] b, int bi, int from, int n) {
        for (int t = from; t < n; t++) {
            buf[at + t - from] = Math.fma(a[ai + t], b[bi + t], buf[at + t - from]);
        }
    }

    /** The contract's tree over the 16 partials at buf[at .. at+16), in scalar code; the sum is returned. */
    static float tree(float[] buf, int at) {
        for (int h = BackwardKernels.MATMUL_PARTIALS / 2; h >= 1; h /= 2) {
            for (int r = at; r < at + h; r++) {
                buf[r] += buf[r + h];
            }
        }
        return buf[at];
    }
}
