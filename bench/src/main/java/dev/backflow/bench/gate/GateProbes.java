package dev.backflow.bench.gate;

import dev.backflow.bench.harness.Kernel;
import dev.backflow.bench.harness.Sizes;
import dev.backflow.bench.jmh.BandwidthBench;
import dev.backflow.bench.jmh.FmaProbe;

/**
 * The machine's state as a gate fork reads it between its measured iterations: the register-only FMA probe
 * ({@link FmaProbe}, GFLOP/s: how much of the core's FP pipes this thread gets) and a bandwidth probe
 * ({@link BandwidthBench}'s loop with relu's mix of streams at the L2 working set, GB/s: how fast this
 * thread streams the elementwise rows' arrays). Each reading takes about the calibrated time.
 */
final class GateProbes implements AutoCloseable {

    static final Kernel BANDWIDTH_KERNEL = Kernel.RELU;

    private final FmaProbe fma = new FmaProbe();
    private final BandwidthBench bandwidth = new BandwidthBench();
    private final long bytesPerCall;
    private int calls = 1;
    /** Every result is added here, so that C2 cannot drop the loop. */
    private float sink;

    /** Checks and compiles both probes and sizes each reading to about {@code millis}. */
    GateProbes(double millis) {
        fma.calibrate(millis);
        bandwidth.kernel = BANDWIDTH_KERNEL.id();
        bandwidth.size = GateRow.LEVEL.id();
        bandwidth.threads = 1;
        bandwidth.setup();
        bytesPerCall = Sizes.probeBytes(BANDWIDTH_KERNEL, GateRow.LEVEL);
        long end = System.nanoTime() + 300_000_000L;
        long n = 0;
        long start = System.nanoTime();
        while (System.nanoTime() < end) {
            sink += bandwidth.probe();
            n++;
        }
        double nanosPerCall = (System.nanoTime() - start) / (double) n;
        calls = (int) Math.max(1, Math.min(1_000_000, Math.round(millis * 1e6 / nanosPerCall)));
    }

    /** One FMA reading, GFLOP/s. */
    double fma() {
        return fma.gflops();
    }

    /** One bandwidth reading, GB/s. */
    double bandwidth() {
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            sink += bandwidth.probe();
        }
        return calls * (double) bytesPerCall / Math.max(1, System.nanoTime() - start);
    }

    @Override
    public void close() {
        bandwidth.tearDown();
    }
}
