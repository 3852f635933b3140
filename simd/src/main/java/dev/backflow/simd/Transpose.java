package dev.backflow.simd;

import static dev.backflow.simd.VectorKernels.LANES;
import static dev.backflow.simd.VectorKernels.SPECIES;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Transposes a LANES×LANES block of floats in vector registers, for {@link Gemm#packB} on a transposed B (dX's Wᵀ):
 * LANES loads, LANES stores and LANES·log2(LANES) two-vector selects (one {@code vpermt2d} each on AVX-512)
 * instead of a gather per step. Row i, lane l of the block is R_i[l]; each stage swaps one bit of the row number
 * with the same bit of the lane number, and after every bit is swapped, row l holds R_0[l], R_1[l], ... .
 *
 * <p>Two stages at a time, on four rows that differ only in those two bits, through a LANES² scratch: C2 keeps
 * the four rows in registers, where one method with all 16 rows and 64 selects would pass its inlining limits
 * and box the vectors (see {@link MicroKernel}).
 */
final class Transpose {
    private Transpose() {}

    /** 8 or 16 lanes: two passes of two stages (the 8-lane block's second pass has one stage). */
    static final boolean SUPPORTED = LANES == 8 || LANES == 16;

    /** The rows move as ints (the same bits): an int index vector needs no conversion at every select. */
    private static final VectorSpecies<Integer> INTS = SPECIES.withLanes(int.class);

    private static final IntVector LOW1 = swap(1, false), HIGH1 = swap(1, true);
    private static final IntVector LOW2 = swap(2, false), HIGH2 = swap(2, true);
    private static final IntVector LOW4 = swap(4, false), HIGH4 = swap(4, true);
    private static final IntVector LOW8 = LANES == 16 ? swap(8, false) : null;
    private static final IntVector HIGH8 = LANES == 16 ? swap(8, true) : null;

    /**
     * The select indices of one stage for a pair of rows (r, r + d), d = 2^b: the low row keeps its lanes with
     * bit b clear and takes the others from the high row's lane l - d; the high row keeps its lanes with bit b
     * set and takes the others from the low row's lane l + d. Indices from LANES on select from the second row.
     */
    private static IntVector swap(int d, boolean high) {
        int[] index = new int[LANES];
        for (int l = 0; l < LANES; l++) {
            boolean set = (l & d) != 0;
            index[l] = high ? (set ? LANES + l : l + d) : (set ? LANES + l - d : l);
        }
        return IntVector.fromArray(INTS, index, 0);
    }

    /**
     * dst[dOff + p*dStride + j] = src[sOff + j*sStride + p] for j, p &lt; LANES. The scratch holds LANES² floats.
     */
    static void block(float[] src, int sOff, int sStride, float[] dst, int dOff, int dStride, float[] scratch) {
        assert SUPPORTED && scratch.length >= LANES * LANES;
        for (int g = 0; g < LANES; g += 4) { // bits 0 and 1: rows g .. g+3
            quad(src, sOff + g * sStride, sStride, scratch, g * LANES, LANES, LOW1, HIGH1, LOW2, HIGH2);
        }
        if (LANES == 16) { // bits 2 and 3: rows g, g+4, g+8, g+12
            for (int g = 0; g < 4; g++) {
                quad(scratch, g * LANES, 4 * LANES, dst, dOff + g * dStride, 4 * dStride, LOW4, HIGH4, LOW8, HIGH8);
            }
        } else { // bit 2: rows g, g+4
            for (int g = 0; g < 4; g++) {
                IntVector r0 = load(scratch, g * LANES), r1 = load(scratch, (g + 4) * LANES);
                store(LOW4.selectFrom(r0, r1), dst, dOff + g * dStride);
                store(HIGH4.selectFrom(r0, r1), dst, dOff + (g + 4) * dStride);
            }
        }
    }

    /** Two stages on rows r0..r3 (src at off + i*stride): the first swaps r0 with r1 and r2 with r3, the second
     * r0 with r2 and r1 with r3; row i goes to dst at dOff + i*dStride. */
    private static void quad(float[] src, int off, int stride, float[] dst, int dOff, int dStride,
                             IntVector low, IntVector high, IntVector low2, IntVector high2) {
        IntVector r0 = load(src, off), r1 = load(src, off + stride);
        IntVector r2 = load(src, off + 2 * stride), r3 = load(src, off + 3 * stride);
        IntVector s0 = low.selectFrom(r0, r1), s1 = high.selectFrom(r0, r1);
        IntVector s2 = low.selectFrom(r2, r3), s3 = high.selectFrom(r2, r3);
        store(low2.selectFrom(s0, s2), dst, dOff);
        store(low2.selectFrom(s1, s3), dst, dOff + dStride);
        store(high2.selectFrom(s0, s2), dst, dOff + 2 * dStride);
        store(high2.selectFrom(s1, s3), dst, dOff + 3 * dStride);
    }

    private static IntVector load(float[] src, int off) {
        return FloatVector.fromArray(SPECIES, src, off).reinterpretAsInts();
    }

    private static void store(IntVector v, float[] dst, int off) {
        v.reinterpretAsFloats().intoArray(dst, off);
    }
}
