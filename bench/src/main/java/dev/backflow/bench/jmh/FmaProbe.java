package dev.backflow.bench.jmh;

/**
 * The machine's state between the rounds of a paired measurement: {@link FmaPeakBench}'s register-only FMA
 * loop (ten independent chains at the preferred width, no memory traffic) called as a plain method for a few
 * milliseconds on the calling thread. Its GFLOP/s depend on nothing but how much of the core's FP pipes this
 * thread gets, so a drop while the clock stays the same means another tenant shares them.
 */
public final class FmaProbe {

    /** Flops of one call of the kernel: STEPS × ACCUMULATORS vector FMAs of 2 flops per lane. */
    static final double FLOPS_PER_CALL = 2.0 * FmaPeakBench.STEPS * FmaPeakBench.ACCUMULATORS
            * FmaPeakBench.PREFERRED.length();

    private final FmaPeakBench kernel = new FmaPeakBench();
    private int calls = 1;
    /** Every result is added here, so that C2 cannot drop the loop. */
    private float sink;

    /**
     * Checks the kernel against the scalar recurrence, lets C2 compile it (about 300 ms of calls), and sets
     * the calls per reading so that one reading takes about {@code millis}.
     */
    public void calibrate(double millis) {
        kernel.check();
        long end = System.nanoTime() + 300_000_000L;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 100; i++) {
                sink += kernel.preferred();
            }
        }
        int n = 1000;
        long start = System.nanoTime();
        for (int i = 0; i < n; i++) {
            sink += kernel.preferred();
        }
        double nanosPerCall = Math.max(1, System.nanoTime() - start) / (double) n;
        calls = (int) Math.max(1, Math.min(Integer.MAX_VALUE, Math.round(millis * 1e6 / nanosPerCall)));
    }

    /** One reading in GFLOP/s. */
    public double gflops() {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink += kernel.preferred();
        }
        long nanos = Math.max(1, System.nanoTime() - start);
        return calls * FLOPS_PER_CALL / nanos;
    }

}
