package dev.backflow.simd;

import static dev.backflow.simd.SmallMatmul.D;
import static dev.backflow.simd.SmallMatmul.DL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The dot order's last step for eight outputs at once, in vector registers: each output's 16 partial sums
 * (one 16-lane vector) combined by the contract's tree, s_r + s_(r+8), then + s_(r+4), + s_(r+2), s_0 + s_1.
 * Each level is one addition per lane of two vectors that two-vector selects (the last level: rearranges of one
 * vector) gather from pairs of outputs, so every sum is the tree's, bit for bit: 14 selects, 2 rearranges and 8
 * additions for eight outputs instead of eight stores and 120 scalar additions, which at a short row took most
 * of dX's time (2.8 GFLOP/s at 32³ on Zen 5, 21 with the tree). 16 lanes only; narrower vectors keep
 * {@link SmallMatmul#finish}.
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
     * The tree's sums of eight outputs whose 16 partials each lie in buf[16q .. 16q+16), q &lt; 8, written to
     * buf[0 .. 8) in that order. The partials come through the array, not as arguments: where C2 does not inline
     * this method, vectors passed to it would be boxed (allocated) at every call.
     */
    static void sums(float[] buf) {
        assert SUPPORTED && buf.length >= 8 * DL;
        FloatVector a = FloatVector.fromArray(D, buf, 0), b = FloatVector.fromArray(D, buf, DL);
        FloatVector c = FloatVector.fromArray(D, buf, 2 * DL), d = FloatVector.fromArray(D, buf, 3 * DL);
        FloatVector e = FloatVector.fromArray(D, buf, 4 * DL), f = FloatVector.fromArray(D, buf, 5 * DL);
        FloatVector g = FloatVector.fromArray(D, buf, 6 * DL), h = FloatVector.fromArray(D, buf, 7 * DL);
        FloatVector u1 = level(LOW2, HIGH2, level(LOW1, HIGH1, a, b), level(LOW1, HIGH1, c, d));
        FloatVector u2 = level(LOW2, HIGH2, level(LOW1, HIGH1, e, f), level(LOW1, HIGH1, g, h));
        IntVector v = level(LOW3, HIGH3, u1, u2).reinterpretAsInts(); // one vector: a rearrange, not a select
        v.rearrange(EVEN).reinterpretAsFloats().add(v.rearrange(ODD).reinterpretAsFloats()).intoArray(buf, 0);
    }

    /**
     * Adds the last terms t in [from, n), n - from &lt; 16, of a dot product of a and b into the partials at
     * buf[at + t - from], one fused multiply-add each, as the dot order adds them; the other partials stay.
     */
    static void tail(float[] buf, int at, float[] a, int ai, float[] b, int bi, int from, int n) {
        VectorMask<Float> terms = D.indexInRange(from, n);
        FloatVector p = FloatVector.fromArray(D, buf, at);
        FloatVector x = FloatVector.fromArray(D, a, ai + from, terms);
        FloatVector y = FloatVector.fromArray(D, b, bi + from, terms);
        p.blend(x.fma(y, p), terms).intoArray(buf, at);
    }

    /** Lane by lane, the lane low picks from (x, y) plus the lane high picks: the lower partial first. */
    private static FloatVector level(IntVector low, IntVector high, FloatVector x, FloatVector y) {
        IntVector xi = x.reinterpretAsInts(), yi = y.reinterpretAsInts();
        return low.selectFrom(xi, yi).reinterpretAsFloats().add(high.selectFrom(xi, yi).reinterpretAsFloats());
    }
}
