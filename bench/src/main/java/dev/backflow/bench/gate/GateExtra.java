package dev.backflow.bench.gate;

/**
 * A TEST DEVICE, never part of the library: the gate's {@code --cand-extra ROW=PCT} makes the candidate's
 * forks do PCT% more of a row's own work, so that the gate's power can be measured against a known slowdown
 * without a slowed build. After each measured call it says how many extra calls of the same kernel on the
 * same data to make: PCT/100 on average, spread evenly (an error accumulator, as Bresenham's line), so that
 * over any run of calls the extra calls are within one of PCT% of them.
 */
final class GateExtra {

    private final int pct;
    private int owed;

    /** pct from 0 (no extra work) to 1000. */
    GateExtra(int pct) {
        if (pct < 0 || pct > 1000) {
            throw new IllegalArgumentException("pct " + pct);
        }
        this.pct = pct;
    }

    /** The extra calls owed after one more call. */
    int next() {
        owed += pct;
        int extra = owed / 100;
        owed -= extra * 100;
        return extra;
    }
}
