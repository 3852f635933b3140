package dev.backflow.simd;

import java.util.stream.LongStream;

/**
 * Seeds for the property tests. {@code -Dbackflow.test.seed=S} makes S the first case's seed (a failure prints
 * its own seed, so {@code -Dbackflow.test.seed=S -Dbackflow.test.cases=1} reruns exactly that case);
 * {@code -Dbackflow.test.cases=N} sets the number of cases per property (a nightly run can ask for 100×).
 * Without a seed each run draws a fresh one, printed, so that runs explore different cases.
 */
final class PropertyRun {
    private PropertyRun() {}

    static final long MASTER_SEED = Long.getLong("backflow.test.seed", System.nanoTime() * 0x9E3779B97F4A7C15L);

    static {
        System.out.println("property tests: -Dbackflow.test.seed=" + MASTER_SEED + " reruns this run's cases");
    }

    static LongStream seeds(int defaultCases) {
        int cases = Integer.getInteger("backflow.test.cases", defaultCases);
        return LongStream.range(0, cases).map(i -> MASTER_SEED + i * 0x9E3779B97F4A7C15L);
    }

    static String rerun(long caseSeed) {
        return "rerun it with -Dbackflow.test.seed=" + caseSeed + " -Dbackflow.test.cases=1";
    }
}
