package dev.backflow.bench.paired;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Where a row's operands lie in their arrays: at index 0 ({@link #zero}), or, with {@code --offsets swept}, at an
 * offset into an array {@link #MAX_OFFSET} floats longer, drawn again for every operand before every round
 * ({@link #draw}). A Java array's first element is 8-byte aligned at an address the program cannot see, so a run's
 * arrays sit wherever the allocator put them: one alignment to a 64-byte line per operand, fixed for the run. A
 * kernel whose vector loads span two lines where a row is not aligned read 0.83 to 0.91 in three JVMs against the
 * same peer, placement being one cause (4×784×256 NN, one thread, paired in one JVM, Zen 5: AMD EPYC family 26
 * model 2, 2026-12-03; docs/results/2026-12-03-zen5-nn-placement, where the host's state differed too). The even
 * offsets 0 to 14 move an operand by 8 bytes at a time through a whole line, so the eight places a fresh array's
 * start can have relative to a line are drawn alike, whatever the array's own address.
 *
 * <p>A zero placement shares the inputs (operands {@code [0, inputs)}) between the two sides and gives each side
 * outputs of its own, as the runner always did. A swept one shares the outputs too, so that both sides of a round
 * read and write the very same placement. Drawing moves every operand's values to its new offset in a new array
 * (outputs keep what the calls accumulated) and fills the rest of the array with NaN. Not thread-safe: one runner
 * thread.
 */
final class Placement {
    /** The largest offset drawn, in floats: offsets are 0, 2, .., 14 (8 bytes apart, 64 bytes in all). */
    static final int MAX_OFFSET = 14;

    /** NaN floats before and after each operand of a swept placement's {@link #fresh} arrays. */
    static final int GUARD = 16;

    private final int[] lengths;
    private final int inputs;
    private final float[][] shared;
    private final float[][][] outputs;
    private final int[] offsets;
    private final boolean swept;

    /**
     * A placement of operands with these starting values (inputs first), each side's outputs copies of theirs.
     * Operands of a zero placement are the arrays given (inputs) and copies of them (outputs), at index 0.
     */
    private Placement(float[][] start, int inputs, boolean swept) {
        this.inputs = inputs;
        this.swept = swept;
        int pad = swept ? MAX_OFFSET : 0;
        lengths = new int[start.length];
        offsets = new int[start.length];
        shared = new float[inputs][];
        outputs = new float[2][start.length - inputs][];
        for (int i = 0; i < start.length; i++) {
            lengths[i] = start[i].length;
            if (i < inputs) {
                shared[i] = swept ? padded(start[i], pad) : start[i];
            } else {
                outputs[0][i - inputs] = padded(start[i], pad);
                outputs[1][i - inputs] = swept ? outputs[0][i - inputs] : padded(start[i], pad);
            }
        }
    }

    /** Operands at index 0 of arrays of their own length. */
    static Placement zero(float[][] start, int inputs) {
        return new Placement(start, inputs, false);
    }

    /** Operands at offsets drawn by {@link #draw}; 0 until the first draw. */
    static Placement swept(float[][] start, int inputs) {
        return new Placement(start, inputs, true);
    }

    private static float[] padded(float[] values, int pad) {
        float[] a = new float[values.length + pad];
        Arrays.fill(a, Float.NaN);
        System.arraycopy(values, 0, a, 0, values.length);
        return a;
    }

    /** Whether the offsets are drawn (else every operand stays at index 0 and {@link #draw} does nothing). */
    boolean swept() {
        return swept;
    }

    /**
     * Moves every operand to a new even offset in [0, MAX_OFFSET], drawn from r, in a new array (the old one is
     * left to the collector); nothing for a zero placement. A new array each round, not the same one moved, so that
     * where the array lies in memory (which cache sets and pages it takes, out of the program's sight like its
     * alignment) may change from round to round too, for both sides alike, rather than stay fixed for the run. How
     * much it changes is the collector's affair: an array of half a G1 region or more starts at a region's start,
     * and a freed region may be reused. Why: at a batch of one, where B (784×256 floats, 802 KB) is read in place
     * against a 1 MiB L2, the dense side of one JVM ({@code --a vector-ld --b vector}) ran NN and TN at 85-88
     * GFLOP/s where five others ran them at 59-66, with the operands moved within the same arrays; placement or that
     * JVM's compiled code, not told apart (Zen 5, family 26 model 2, 2026-12-03;
     * docs/results/2026-12-03-zen5-tried-75bb334).
     */
    void draw(SplittableRandom r) {
        if (!swept) {
            return;
        }
        for (int i = 0; i < lengths.length; i++) {
            int to = 2 * r.nextInt(MAX_OFFSET / 2 + 1);
            float[] moved = moved(array(0, i), offsets[i], to, lengths[i]); // side 1's arrays are side 0's
            if (i < inputs) {
                shared[i] = moved;
            } else {
                outputs[0][i - inputs] = moved;
                outputs[1][i - inputs] = moved;
            }
            offsets[i] = to;
        }
    }

    private static float[] moved(float[] a, int from, int to, int length) {
        float[] b = new float[a.length];
        Arrays.fill(b, Float.NaN);
        System.arraycopy(a, from, b, to, length);
        return b;
    }

    /** Operand i's offset now. */
    int offset(int i) {
        return offsets[i];
    }

    /** Operand i's array for that side (0 for A, 1 for B): the shared one for an input. */
    float[] array(int side, int i) {
        return i < inputs ? shared[i] : outputs[side][i - inputs];
    }

    /** Every operand's array for that side, inputs first. */
    float[][] arrays(int side) {
        float[][] a = new float[lengths.length][];
        for (int i = 0; i < a.length; i++) {
            a[i] = array(side, i);
        }
        return a;
    }

    /** Every operand's offset now, inputs first (a copy). */
    int[] offsets() {
        return offsets.clone();
    }

    /** Operands for a check: an array each and the operand's offset in it. */
    record Fresh(float[][] arrays, int[] offsets) {}

    /**
     * Fresh arrays holding the values given (inputs first), for a check that the peers read and write at the
     * offsets and only there. Zero placement: copies at index 0, as long as the values. Swept: each operand at its
     * offset now plus {@link #GUARD}, with GUARD NaN floats past the longest placement, NaN all around it, so that
     * the offset's position in a line is this round's and a stray write on either side lands on a NaN.
     */
    Fresh fresh(float[][] values) {
        float[][] a = new float[values.length][];
        int[] at = new int[values.length];
        for (int i = 0; i < values.length; i++) {
            at[i] = swept ? offsets[i] + GUARD : 0;
            a[i] = new float[lengths[i] + (swept ? MAX_OFFSET + 2 * GUARD : 0)];
            Arrays.fill(a[i], Float.NaN);
            System.arraycopy(values[i], 0, a[i], at[i], lengths[i]);
        }
        return new Fresh(a, at);
    }

    /**
     * Operand i's values in fresh arrays after a call; throws if the call left a float other than NaN outside the
     * operand (a stray write of NaN goes unseen).
     */
    float[] values(String what, Fresh fresh, int i) {
        float[] array = fresh.arrays()[i];
        int off = fresh.offsets()[i];
        for (int j = 0; j < array.length; j++) {
            if ((j < off || j >= off + lengths[i]) && !Float.isNaN(array[j])) {
                throw new IllegalStateException(what + ": wrote index " + j + " of its array, outside the operand at "
                        + off + ".." + (off + lengths[i] - 1));
            }
        }
        return Arrays.copyOfRange(array, off, off + lengths[i]);
    }
}
