package dev.backflow.testing;

import java.util.SplittableRandom;

/**
 * Seeded float arrays: one fill, given the mix of values a test draws from, and the mixes that more than one
 * test draws from. The same seed gives the same array, so a failing case reruns from its seed.
 */
public final class RandomFloats {
    private RandomFloats() {}

    /** One value drawn from a seeded generator. */
    @FunctionalInterface
    public interface Draw {
        /**
         * The next value.
         *
         * @param r the generator
         * @return the value
         */
        float next(SplittableRandom r);
    }

    /**
     * An array of {@code len} values, drawn in index order.
     *
     * @param r the generator
     * @param len the array's length
     * @param draw the mix of values
     * @return the array
     */
    public static float[] fill(SplittableRandom r, int len, Draw draw) {
        float[] out = new float[len];
        for (int i = 0; i < len; i++) {
            out[i] = draw.next(r);
        }
        return out;
    }

    /** Every special kind of value the contract names, with ordinary ones for contrast. */
    public static final float[] SPECIAL = {
        0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0x7fc12345), // a NaN with a payload
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 0.5f,
    };

    /**
     * One value: mostly ordinary, often tiny, huge or subnormal, sometimes special, as {@code spice} says.
     *
     * @param r the generator
     * @param spice from 0 (ordinary values in [-4, 4) only) to 1 (70% unusual)
     * @return the value
     */
    public static float any(SplittableRandom r, double spice) {
        double u = r.nextDouble();
        if (u < spice * 0.3) {
            return SPECIAL[r.nextInt(SPECIAL.length)];
        }
        if (u < spice * 0.45) {
            return Float.intBitsToFloat(r.nextInt(1, 0x800000) | (r.nextBoolean() ? 0x80000000 : 0)); // subnormal
        }
        if (u < spice * 0.6) {
            return (float) (r.nextDouble(-1, 1) * Math.scalb(1.0, r.nextInt(-149, 128))); // any magnitude
        }
        if (u < spice * 0.7) {
            return Float.intBitsToFloat(r.nextInt()); // any bit pattern
        }
        return (float) r.nextDouble(-4, 4);
    }

    /**
     * An ordinary value for matmul: signed zeros, small integers and random fractions in [-1, 1).
     *
     * @param r the generator
     * @return the value
     */
    public static float ordinary(SplittableRandom r) {
        double u = r.nextDouble();
        if (u < 0.1) {
            return r.nextBoolean() ? 0f : -0f;
        }
        if (u < 0.2) {
            return r.nextInt(-3, 4);
        }
        return (float) r.nextDouble(-1, 1);
    }
}
