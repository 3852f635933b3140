package dev.backflow.testing;

import com.sun.management.ThreadMXBean;
import java.lang.management.ManagementFactory;

/** What a call allocates on the calling thread, by the JVM's per-thread allocation counter. */
public final class Allocation {
    private Allocation() {}

    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    /**
     * Whether this JVM counts each thread's allocated bytes (HotSpot does, by default).
     *
     * @return whether {@link #least} can measure
     */
    public static boolean measurable() {
        return THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled();
    }

    /**
     * Bytes this thread allocates over {@code calls} runs of {@code call}, after {@code warmUp} runs that compile
     * it: the least of up to {@code windows} such windows, stopping at a window of 0. A call that allocates every
     * time does so in each window; one window can instead catch the JIT still compiling (on a busy machine, C2's
     * queue runs late, and code running interpreted or compiled by C1 boxes its vectors), which is not what a
     * no-allocation test is about. So after a window that allocated, the next one waits until the JIT has been
     * quiet for {@value #QUIET_MILLIS} ms (at most {@value #MAX_WAIT_MILLIS} ms), then makes {@code warmUp} runs
     * again. (DotPathAllocationTest once failed so: at 2x33x17 the one-column dot product, though its warm-up called
     * it some 40,000 times, still ran C1's code, which allocates, and C2's code came 170 ms after the windows; why
     * so late was not found, a compile queue busy with other methods or a recompilation after a deoptimization.)
     *
     * @param call    the call, made ready before (creating it is not counted)
     * @param warmUp  runs before the first window, and again before each window after one that allocated
     * @param calls   runs in each window
     * @param windows windows at most
     * @return the least bytes over one window
     */
    public static long least(Runnable call, int warmUp, int calls, int windows) {
        for (int i = 0; i < warmUp; i++) {
            call.run();
        }
        long least = Long.MAX_VALUE;
        for (int window = 0; window < windows && least > 0; window++) {
            if (window > 0) {
                awaitQuietJit();
                for (int i = 0; i < warmUp; i++) {
                    call.run();
                }
            }
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }

    /** A quiet window: this long asleep while the rest of the process uses at most {@link #QUIET_CPU_MILLIS}. */
    static final long QUIET_MILLIS = 100;
    /** The CPU time others may use in a quiet window (the OS counts it in 10 ms ticks). */
    static final long QUIET_CPU_MILLIS = 10;
    /** The longest wait for a quiet JIT. */
    static final long MAX_WAIT_MILLIS = 5000;

    /**
     * Waits until the JIT (or anything else in the process) has been quiet: a window of {@link #QUIET_MILLIS} ms
     * asleep in which the process used at most {@link #QUIET_CPU_MILLIS} ms of CPU, which a compilation in progress
     * would not leave; at most {@link #MAX_WAIT_MILLIS} ms, or one window where the process's CPU time is unknown.
     */
    private static void awaitQuietJit() {
        var os = ManagementFactory.getOperatingSystemMXBean();
        com.sun.management.OperatingSystemMXBean hotspot = os instanceof com.sun.management.OperatingSystemMXBean h
                ? h : null;
        long deadline = System.nanoTime() + MAX_WAIT_MILLIS * 1_000_000;
        long last = hotspot == null ? -1 : hotspot.getProcessCpuTime();
        while (true) {
            try {
                Thread.sleep(QUIET_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = hotspot == null ? -1 : hotspot.getProcessCpuTime();
            if (now < 0 || last < 0 || now - last <= QUIET_CPU_MILLIS * 1_000_000 || System.nanoTime() > deadline) {
                return;
            }
            last = now;
        }
    }
}
