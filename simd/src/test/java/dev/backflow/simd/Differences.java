package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.fail;

import dev.backflow.testing.Bits;
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
        if (!Bits.same(want, got)) {
            add(element + ": want " + Bits.show(want) + ", got " + Bits.show(got) + " (" + context + ")");
        }
    }

    void assertNone() {
        if (count > 0) {
            fail(what + ": " + count + " element(s) differ, first " + shown.size() + ":\n  "
                    + String.join("\n  ", shown));
        }
    }
}
