package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;

/** The elements where a result differs from what it should be; fails listing the first few and the count. */
final class Differences {
    private static final int SHOWN = 8;

    private final String what;
    private final List<String> shown = new ArrayList<>();
    private int count;

    Differences(String what) {
        this.what = what;
    }

    void add(String description) {
        count++;
        if (shown.size() < SHOWN) {
            shown.add(description);
        }
    }

    /** Compares bits (any NaN matches any NaN) and records a difference with its context. */
    void sameBits(String element, float want, float got, String context) {
        if (!Values.sameBits(want, got)) {
            add(element + ": want " + show(want) + ", got " + show(got) + " (" + context + ")");
        }
    }

    void assertNone() {
        if (count > 0) {
            fail(what + ": " + count + " element(s) differ, first " + shown.size() + ":\n  "
                    + String.join("\n  ", shown));
        }
    }

    /** The first element where two arrays differ in bits (any NaN matching any NaN), described, or null. */
    static String firstBitDifference(String name, float[] want, float[] got) {
        for (int i = 0; i < want.length; i++) {
            if (!Values.sameBits(want[i], got[i])) {
                return name + "[" + i + "]: scalar gives " + show(want[i]) + ", vector " + show(got[i]);
            }
        }
        return null;
    }

    /** A float with its bits, so that -0.0, NaN payloads and subnormals are unambiguous in a message. */
    static String show(float v) {
        return v + " [0x" + Integer.toHexString(Float.floatToRawIntBits(v)) + "]";
    }
}
