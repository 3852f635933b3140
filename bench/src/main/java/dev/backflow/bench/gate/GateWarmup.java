package dev.backflow.bench.gate;

import java.util.List;

/**
 * The gate's warm-up, decided from the data: a row warms in iterations of the measured length until its
 * iteration times stop falling, or until a cap. A row is warm once it has at least {@value #MIN_ITERATIONS}
 * iterations and the best of its last {@value #WINDOW} is no more than {@value #FALL_PCT}% faster than the
 * best of all before them: the last few set no new record, so C2 has nothing left to speed up. Noise can only
 * lengthen a warm-up (a lucky fast iteration is a new record), never end it early by more than the margin.
 */
final class GateWarmup {
    private GateWarmup() {}

    static final int MIN_ITERATIONS = 5;
    static final int WINDOW = 3;
    static final int FALL_PCT = 2;

    /** Whether iterations with these times (in order, any unit) have stopped falling. */
    static boolean settled(List<Double> times) {
        int n = times.size();
        if (n < Math.max(MIN_ITERATIONS, WINDOW + 1)) {
            return false;
        }
        double before = times.subList(0, n - WINDOW).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double last = times.subList(n - WINDOW, n).stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return last >= before * (1 - FALL_PCT / 100.0);
    }
}
