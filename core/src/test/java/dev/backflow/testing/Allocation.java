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
     * queue runs late, and code running interpreted boxes its vectors), which is not what a no-allocation test is
     * about.
     *
     * @param call    the call, made ready before (creating it is not counted)
     * @param warmUp  runs before the first window
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
            long before = THREADS.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < calls; i++) {
                call.run();
            }
            least = Math.min(least, THREADS.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
