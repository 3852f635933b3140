package dev.backflow.testing;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Bit-for-bit float comparison as the contract states it: the same bits, any NaN matching any NaN (Java leaves a
 * NaN's sign and payload to the hardware, and the JIT compilers may swap the operands of {@code +} and
 * {@code *}, which changes which NaN x86 returns). {@code -0.0} and {@code +0.0} differ.
 */
public final class Bits {
    private Bits() {}

    /**
     * Whether two floats have the same bits, every NaN counting as one NaN.
     *
     * @param a a float
     * @param b another
     * @return {@code floatToIntBits(a) == floatToIntBits(b)}
     */
    public static boolean same(float a, float b) {
        return Float.floatToIntBits(a) == Float.floatToIntBits(b);
    }

    /**
     * A float with its raw bits, so that {@code -0.0}, NaN payloads and subnormals are unambiguous in a message.
     *
     * @param v the float
     * @return such as {@code -0.0 [0x80000000]}
     */
    public static String show(float v) {
        return v + " [0x" + Integer.toHexString(Float.floatToRawIntBits(v)) + "]";
    }

    /**
     * The first element where two arrays differ in bits (or in length), described, or null when they are the same.
     *
     * @param name the arrays' name, for the description
     * @param want the array expected
     * @param got the array to check
     * @return such as {@code dx[3]: want 1.0 [0x3f800000], got -0.0 [0x80000000]}, or null
     */
    public static String firstDifference(String name, float[] want, float[] got) {
        if (want.length != got.length) {
            return name + ": want " + want.length + " elements, got " + got.length;
        }
        for (int i = 0; i < want.length; i++) {
            if (!same(want[i], got[i])) {
                return name + "[" + i + "]: want " + show(want[i]) + ", got " + show(got[i]);
            }
        }
        return null;
    }

    /**
     * Fails, naming the first element that differs, unless the arrays have the same length and bits.
     *
     * @param what what was computed, for the message
     * @param want the array expected
     * @param got the array to check
     */
    public static void assertSame(String what, float[] want, float[] got) {
        String d = firstDifference("element", want, got);
        if (d != null) {
            fail(what + ": " + d);
        }
    }
}
