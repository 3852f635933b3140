package dev.backflow.simd;

import java.util.SplittableRandom;

/** Float values drawn from mixes of ordinary numbers and every special kind the contract names. */
final class Values {
    private Values() {}

    static final float[] SPECIAL = {
        0f, -0f, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, Float.NaN,
        Float.intBitsToFloat(0x7fc12345), // a NaN with a payload
        Float.MIN_VALUE, -Float.MIN_VALUE, Float.MIN_NORMAL, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, 0.5f,
    };

    /** One value: mostly ordinary, often tiny, huge or subnormal, sometimes special, depending on {@code spice}. */
    static float any(SplittableRandom r, double spice) {
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

    /** An ordinary value for matmul: small integers, zeros and random fractions. */
    static float ordinary(SplittableRandom r) {
        double u = r.nextDouble();
        if (u < 0.1) {
            return r.nextBoolean() ? 0f : -0f;
        }
        if (u < 0.2) {
            return r.nextInt(-3, 4);
        }
        return (float) r.nextDouble(-1, 1);
    }

    static boolean sameBits(float a, float b) {
        return Float.floatToIntBits(a) == Float.floatToIntBits(b); // every NaN is one NaN here
    }
}
