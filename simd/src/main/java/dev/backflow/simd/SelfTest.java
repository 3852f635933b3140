package dev.backflow.simd;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * A timed self-test, run once per JVM before the vector kernels are offered, that catches what {@link C2Check}'s
 * list of flags cannot know: any setting under which C2 compiles the Vector API without its intrinsics (a
 * {@code -XX:CompileCommand} that keeps it from inlining the Vector API, a disabled intrinsic, ...), where
 * each vector becomes a Java object and the vector kernels run tens of times slower than the scalar ones.
 *
 * <p>It calls {@code mulBackward} on {@value #N} floats in alternating batches of {@value #BATCH} calls of
 * the vector and the scalar kernels, and keeps each one's best time per call. The flags only change what C2
 * makes of the kernels, so only C2's code may be compared: interpreted or compiled by C1, the Vector API is
 * many times slower than the scalar loops on any JVM. Hence the two ways it ends before its budget:
 * <ul>
 * <li><b>passed</b>, as soon as the vector kernels' best is at most the scalar ones' (after
 *     {@value #SCALAR_CALLS_BEFORE_PASS} calls, and once the scalar kernels' best is a
 *     {@value #LEFT_INTERPRETER}th or less of the interpreter's time for their loop, taken from a private copy
 *     of it that nothing else calls and from their own first calls, so that they have surely left the
 *     interpreter: on a machine busy with other work, the compile queue once kept them interpreted for 3,648
 *     calls, where unintrinsified vectors ran at 0.70 us a call against their 1.65), or at most
 *     {@value #GROSSLY_SLOWER} times theirs once the JIT has been quiet for the two windows below (so that the
 *     scalar kernels compared are C2's too, not C1's, several times slower; where the JIT's quiet cannot be
 *     told, once both have been called as often as C2's thresholds ask). Interpreted or compiled by C1,
 *     the vector kernels are 20-40 times slower than the scalar ones (256-bit AVX2, JDK 25), so a pass
 *     comes once C2's code of the vector kernels runs;
 * <li><b>slow</b>, only when the vector kernels are still not within {@value #GROSSLY_SLOWER} times the scalar
 *     ones after the JIT has been quiet for two windows in a row: a first one in which the vector kernels were
 *     called as often as C2's thresholds ask before a method is compiled, and a second one that confirms it.
 *     Quiet means that the rest of the process used at most {@value #OTHERS_QUIET_MILLIS} ms of CPU while
 *     this thread used {@value #QUIET_WINDOW_MILLIS} ms (then {@value #CONFIRM_WINDOW_MILLIS} ms). A
 *     compilation in progress, ours or another's, shows as CPU time of a compiler thread and starts the
 *     windows again, so the vector kernels measured are the code C2 made of them.
 * </ul>
 * Otherwise it ends <b>inconclusive</b> after {@value #BUDGET_CPU_MILLIS} ms of this thread's CPU (or
 * {@value #BUDGET_WALL_MILLIS} ms of wall time; the system property {@value Budget#PROPERTY} sets both, in
 * milliseconds), and the vector kernels are offered: a measurement that could not conclude never takes them
 * away. So it is inconclusive (never slow) where other threads keep the CPU busy throughout, where the thread's
 * CPU time cannot be read (a virtual thread), or where the compile thresholds cannot be read.
 *
 * <p>Cost, measured on JDK 25, 256-bit AVX2, a 2-vCPU VM shared with other builds (load average 10-11): a
 * pass came after 2800-9500 calls of each, 110-210 ms of this thread's CPU (350-1250 ms of wall time on that
 * busy machine); {@code -XX:DisableIntrinsic=_VectorBinaryOp} (vector 19x slower than scalar) failed after 450
 * ms of CPU there, so past the default budget (inconclusive) on so busy a machine. Most of a pass's cost is the
 * Vector API run by the interpreter and C1 until C2 compiles it, which the first calls of the vector kernels
 * would pay anyway. Once the vector kernels are past C2's thresholds, the test pauses {@code PACE_NANOS} after
 * each batch, leaving the CPU to the compiler.
 */
final class SelfTest {
    private SelfTest() {}

    /** Floats per call: a few vectors, so a call costs little before C2 compiles it. */
    static final int N = 64;
    /** Calls per timed batch: long enough for the clock, short enough to follow the JIT's steps. */
    static final int BATCH = 64;
    /** The slowdown against scalar that takes the vector kernels away. */
    static final double GROSSLY_SLOWER = 3;
    /** Scalar calls before a pass: C1 compiles the scalar kernels after 200 (Tier3InvocationThreshold). */
    static final int SCALAR_CALLS_BEFORE_PASS = 1024;
    /**
     * How many times faster than the interpreter's loop the scalar kernels must run before an early pass compares
     * with them. Interpreted, a call on 64 floats took 1.65-1.7 us (some 26 ns a float, CI's busy 2-vCPU
     * machine); C1's code took 0.47 us with {@code CompileThresholdScaling=0.2}, so C1's code is near this
     * line and C2's, a tenth of that, well past it.
     */
    static final int LEFT_INTERPRETER = 4;
    /** The first JIT-quiet window, in this thread's CPU time. */
    static final long QUIET_WINDOW_MILLIS = 80;
    /** The second JIT-quiet window, that confirms the first. */
    static final long CONFIRM_WINDOW_MILLIS = 40;
    private static final long MILLI = 1_000_000;
    /** The rest of the process's CPU time allowed in a quiet window (the OS counts it in 10 ms ticks). */
    static final long OTHERS_QUIET_MILLIS = 20;
    /** This thread's CPU time after which the test gives up, inconclusive. */
    static final long BUDGET_CPU_MILLIS = 300;
    /** Wall time after which the test gives up, inconclusive (a machine too busy to tell). */
    static final long BUDGET_WALL_MILLIS = 2000;
    /** Calls after which the test paces itself: C1 has compiled the kernels, and C2 is on its way. */
    static final int PACE_AFTER_CALLS = 1024;
    /** The pause after each batch from then on. */
    static final long PACE_NANOS = 1_000_000;
    /** Calls between two of the JIT policy's looks at a method's counters (2^Tier2InvokeNotifyFreqLog). */
    static final int POLICY_NOTIFY_CALLS = 2048;

    enum Outcome { PASSED, SLOW, INCONCLUSIVE }

    /** The verdict and what was measured; times in nanoseconds per call. */
    record Result(Outcome outcome, double vectorNanos, double scalarNanos, long calls, long wallNanos,
                  long cpuNanos) {
        /** One phrase for the dispatcher's log line. */
        String summary() {
            String what = outcome == Outcome.INCONCLUSIVE ? "inconclusive" : outcome == Outcome.PASSED ? "passed"
                    : "failed";
            return String.format(Locale.ROOT, "self-test %s: mulBackward on %d floats took %.3f us a call,"
                    + " against %.3f us for scalar (best batches of %d calls, %d calls each, %.0f ms, %s of CPU)",
                    what, N, vectorNanos / 1e3, scalarNanos / 1e3, BATCH, calls, wallNanos / 1e6,
                    cpuNanos < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f ms", cpuNanos / 1e6));
        }
    }

    /** One batch of each: time per call, and the clocks read after it (CPU times -1 where unknown). */
    record Sample(double vectorNanos, double scalarNanos, long wallNanos, long threadCpuNanos,
                  long processCpuNanos) {}

    /**
     * The decision, fed one {@link Sample} at a time (a class of its own so that tests can feed it made-up
     * timings).
     */
    static final class Judge {
        private final long c2Calls;
        private final Budget budget;
        private final long startWall;
        private final long startCpu;
        private double bestVector = Double.POSITIVE_INFINITY;
        private double bestScalar = Double.POSITIVE_INFINITY;
        /** The interpreter's time for a call of the scalar loop (see {@link #offer}). */
        private double coldScalar;
        private long calls;
        /** The quiet window: its calls and the clocks at its start; {@code confirming} in the second one. */
        private long windowCalls;
        private long windowThreadCpu;
        private long windowProcessCpu;
        private boolean confirming;

        /**
         * @param c2Calls calls that surely take a method through C2's thresholds, or -1 if unknown (then the
         *     test is never {@link Outcome#SLOW})
         * @param budget when to give up
         * @param start the clocks before the first batch
         * @param coldLoopNanos the time of a call of a private copy of the scalar loop that nothing else calls,
         *     so still interpreted (see {@link SelfTest#coldLoop})
         */
        Judge(long c2Calls, Budget budget, Sample start, double coldLoopNanos) {
            this.c2Calls = c2Calls;
            this.coldScalar = coldLoopNanos;
            this.budget = budget;
            this.startWall = start.wallNanos();
            this.startCpu = start.threadCpuNanos();
            restartWindow(start);
        }

        long calls() {
            return calls;
        }

        /**
         * The result once there is one, else null: run another batch of each. The interpreter's time is the
         * slower of the cold copy's and the first sample's: the scalar kernels may have been compiled before the
         * test (a program that used {@link Kernels#scalar()} first), and the copy is compiled too under {@code
         * -Xcomp}, which then only loses the early pass.
         */
        Result offer(Sample s) {
            if (calls == 0) {
                coldScalar = Math.max(coldScalar, s.scalarNanos());
            }
            calls += BATCH;
            bestVector = Math.min(bestVector, s.vectorNanos());
            bestScalar = Math.min(bestScalar, s.scalarNanos());
            boolean scalarCompiled = bestScalar * LEFT_INTERPRETER <= coldScalar;
            if (calls >= SCALAR_CALLS_BEFORE_PASS && scalarCompiled && bestVector <= bestScalar) {
                return result(Outcome.PASSED, s);
            }
            boolean cpuKnown = s.threadCpuNanos() >= 0 && s.processCpuNanos() >= 0 && startCpu >= 0;
            if (c2Calls >= 0 && cpuKnown) {
                // Within GROSSLY_SLOWER only counts once the JIT is quiet: before that the scalar kernels may
                // still be C1's (with CompileThresholdScaling=0.2, unintrinsified vectors once passed at 1.7x
                // against a scalar best of C1's code, 0.47 us a call where C2's takes a tenth of that)
                if (quietLongEnough(s)) {
                    return result(bestVector <= GROSSLY_SLOWER * bestScalar ? Outcome.PASSED : Outcome.SLOW, s);
                }
            } else if (calls >= Math.max(c2Calls, SCALAR_CALLS_BEFORE_PASS) && scalarCompiled
                    && bestVector <= GROSSLY_SLOWER * bestScalar) {
                return result(Outcome.PASSED, s); // the JIT's quiet cannot be told: the old rule, by call counts
            }
            boolean overCpu = cpuKnown && s.threadCpuNanos() - startCpu >= budget.cpuMillis() * MILLI;
            if (overCpu || s.wallNanos() - startWall >= budget.wallMillis() * MILLI) {
                return result(Outcome.INCONCLUSIVE, s);
            }
            return null;
        }

        /**
         * Whether the JIT has been quiet for a first window with C2's thresholds crossed in it, then for a
         * second one: a compilation that began near the end of the first (ours, asked for by its last calls)
         * shows in the second, or has ended, and the next batches run its code.
         */
        private boolean quietLongEnough(Sample s) {
            windowCalls += BATCH;
            long ours = s.threadCpuNanos() - windowThreadCpu;
            long others = s.processCpuNanos() - windowProcessCpu - ours;
            if (others > OTHERS_QUIET_MILLIS * MILLI) { // the JIT (or another thread) is at work: start again
                confirming = false;
                restartWindow(s);
            } else if (!confirming && windowCalls >= c2Calls && ours >= QUIET_WINDOW_MILLIS * MILLI) {
                confirming = true;
                restartWindow(s);
            } else if (confirming && ours >= CONFIRM_WINDOW_MILLIS * MILLI) {
                return true;
            }
            return false;
        }

        private void restartWindow(Sample s) {
            windowCalls = 0;
            windowThreadCpu = s.threadCpuNanos();
            windowProcessCpu = s.processCpuNanos();
        }

        private Result result(Outcome outcome, Sample s) {
            long cpu = startCpu >= 0 && s.threadCpuNanos() >= 0 ? s.threadCpuNanos() - startCpu : -1;
            return new Result(outcome, bestVector, bestScalar, calls, s.wallNanos() - startWall, cpu);
        }
    }

    /** When the test gives up, inconclusive: after this much of this thread's CPU time, or of wall time. */
    record Budget(long cpuMillis, long wallMillis) {
        static final Budget DEFAULT = new Budget(BUDGET_CPU_MILLIS, BUDGET_WALL_MILLIS);

        /** {@link #DEFAULT}, or both limits at {@value #PROPERTY} milliseconds where that is set. */
        static Budget fromProperty() {
            String value = System.getProperty(PROPERTY);
            if (value == null) {
                return DEFAULT;
            }
            try {
                long ms = Long.parseLong(value.trim());
                return ms > 0 ? new Budget(ms, ms) : DEFAULT;
            } catch (NumberFormatException e) {
                return DEFAULT;
            }
        }

        /** The system property that sets the budget (tests on a busy machine use it). */
        static final String PROPERTY = "backflow.selftest.budget";
    }

    /**
     * The calls after which C2 has surely been asked to compile a method called in a loop: the invocation
     * thresholds of each tier on the way (the VM shows them already scaled by {@code CompileThresholdScaling}),
     * and one more look of the JIT policy; -1 if a flag cannot be read.
     */
    static long c2Calls(C2Check.VmFlags vm) {
        try {
            long threshold = "true".equals(vm.value("TieredCompilation"))
                    ? Long.parseLong(vm.value("Tier3InvocationThreshold"))
                            + Long.parseLong(vm.value("Tier4InvocationThreshold"))
                    : Long.parseLong(vm.value("CompileThreshold"));
            return threshold + POLICY_NOTIFY_CALLS;
        } catch (RuntimeException e) { // a flag this VM does not show (null), or not a number
            return -1;
        }
    }

    private static volatile Result done;

    /** The test's result, run on the first call in this JVM and kept, whatever its outcome. */
    static Result result(C2Check.VmFlags vm) {
        Result r = done;
        if (r == null) {
            synchronized (SelfTest.class) {
                r = done;
                if (r == null) {
                    done = r = run(new VectorKernels(1), Kernels.scalar(), c2Calls(vm));
                }
            }
        }
        return r;
    }

    /** The result, if the test has run in this JVM. */
    static Optional<Result> ifRun() {
        return Optional.ofNullable(done);
    }

    /** Why the vector kernels are not offered, naming this JVM's -X options; empty unless the test failed. */
    static Optional<String> problem(Result r) {
        if (r.outcome() != Outcome.SLOW) {
            return Optional.empty();
        }
        List<String> options = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("-X")).toList();
        return Optional.of(String.format(Locale.ROOT, "a timed self-test found the vector kernels %.0fx slower"
                + " than scalar after C2 compiled them (%s), so a JVM option keeps C2 from compiling the Vector"
                + " API to SIMD instructions; this JVM's -X options: %s", r.vectorNanos() / r.scalarNanos(),
                r.summary(), options.isEmpty() ? "none" : String.join(" ", options)));
    }

    static Result run(BackwardKernels vector, BackwardKernels scalar, long c2Calls) {
        float[][] arrays = new float[5][N]; // zeros: no denormals, no overflow, however many calls
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
        float[] z = arrays[0], x = arrays[1], y = arrays[2], dx = arrays[3], dy = arrays[4];
        double cold = fastestCall(() -> coldLoop(z, x, y, dx, dy));
        Judge judge = new Judge(c2Calls, Budget.fromProperty(),
                new Sample(0, 0, System.nanoTime(), threadCpu(threads), processCpu(os)), cold);
        boolean first = true;
        while (true) {
            double v = nanosPerCall(vector, arrays);
            double s = first ? fastestCall(() -> scalar.mulBackward(z, x, y, dx, dy)) : nanosPerCall(scalar, arrays);
            first = false;
            Result r = judge.offer(new Sample(v, s, System.nanoTime(), threadCpu(threads), processCpu(os)));
            if (r != null) {
                return r;
            }
            if (judge.calls() >= PACE_AFTER_CALLS) {
                // C1's code runs, C2's is on its way: leave the compiler the CPU rather than spin (parkNanos
                // returns at once, and keeps the status, if the thread is interrupted)
                LockSupport.parkNanos(PACE_NANOS);
            }
        }
    }

    private static double nanosPerCall(BackwardKernels k, float[][] a) {
        long start = System.nanoTime();
        for (int i = 0; i < BATCH; i++) {
            k.mulBackward(a[0], a[1], a[2], a[3], a[4]);
        }
        return (double) (System.nanoTime() - start) / BATCH;
    }

    /**
     * {@code mulBackward}'s loop as {@link dev.backflow.internal.ScalarLoops} writes it, without the argument
     * checks: timed by {@link #fastestCall} before the first batch, it gives the interpreter's time for a call of
     * the scalar kernels' loop (a little less than theirs, which only makes the early pass wait longer). Nothing
     * else calls it, so it is still interpreted: the test runs once per JVM, and its {@value #BATCH} calls stay
     * under C1's default thresholds (a second run in one JVM, which only tests make, passes them, and {@code
     * -Xcomp} compiles it before its first call; then the reference is lower and the early pass later or never,
     * never earlier).
     */
    private static void coldLoop(float[] dz, float[] x, float[] y, float[] dx, float[] dy) {
        for (int i = 0; i < dz.length; i++) {
            float g = dz[i];
            dx[i] += g * y[i];
            dy[i] += g * x[i];
        }
    }

    /**
     * The fastest of {@value #BATCH} calls timed one by one: the references for the interpreter (the cold copy's,
     * and the scalar kernels' first batch), which a preemption in the middle of the batch cannot inflate.
     */
    private static double fastestCall(Runnable call) {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < BATCH; i++) {
            long start = System.nanoTime();
            call.run();
            best = Math.min(best, System.nanoTime() - start);
        }
        return best;
    }

    /** This thread's CPU time, or -1 where it cannot be read (a virtual thread, a VM without it). */
    private static long threadCpu(ThreadMXBean threads) {
        try {
            return threads.isCurrentThreadCpuTimeSupported() ? threads.getCurrentThreadCpuTime() : -1;
        } catch (UnsupportedOperationException e) {
            return -1;
        }
    }

    /**
     * The whole process's CPU time, or -1 where it cannot be read. (com.sun.management's OperatingSystemMXBean is
     * named in full: java.lang.management's, imported, has the same simple name.)
     */
    private static long processCpu(OperatingSystemMXBean os) {
        return os instanceof com.sun.management.OperatingSystemMXBean hotspot ? hotspot.getProcessCpuTime() : -1;
    }
}
