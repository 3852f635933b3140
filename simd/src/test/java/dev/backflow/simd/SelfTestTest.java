package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.simd.C2Check.Flag;
import dev.backflow.simd.SelfTest.Judge;
import dev.backflow.simd.SelfTest.Outcome;
import dev.backflow.simd.SelfTest.Result;
import dev.backflow.simd.SelfTest.Sample;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The self-test's decision on made-up timings: it passes only once the vector kernels are within reach of the
 * scalar ones, fails only after a window in which the JIT was quiet and C2's thresholds were crossed, and is
 * otherwise inconclusive. {@link LaunchCompilerFlagsTest} runs it in real JVMs.
 */
class SelfTestTest {

    static final long MS = 1_000_000;
    static final long C2_CALLS = 7248;

    /**
     * Feeds batches with these per-call times, each taking {@code cpuMs} of this thread and {@code othersMs}; the
     * interpreter's time for the scalar loop is {@link #INTERPRETED} unless given.
     */
    static final class Feed {
        static final double INTERPRETED = 20_000;
        final Judge judge;
        long wall;
        long cpu;
        long process;

        Feed(long c2Calls) {
            this(c2Calls, INTERPRETED);
        }

        Feed(long c2Calls, double coldScalarNs) {
            judge = new Judge(c2Calls, SelfTest.Budget.DEFAULT, new Sample(0, 0, 0, 0, 0), coldScalarNs);
        }

        Result batch(double vectorNs, double scalarNs, double cpuMs, double othersMs) {
            long ours = (long) (cpuMs * MS);
            wall += ours + (long) (othersMs * MS);
            cpu += ours;
            process += ours + (long) (othersMs * MS);
            return judge.offer(new Sample(vectorNs, scalarNs, wall, cpu, process));
        }

        /** Batches until a result, or fails after {@code max}. */
        Result until(int max, double vectorNs, double scalarNs, double cpuMs, double othersMs) {
            for (int i = 0; i < max; i++) {
                Result r = batch(vectorNs, scalarNs, cpuMs, othersMs);
                if (r != null) {
                    return r;
                }
            }
            throw new AssertionError("no result after " + max + " batches");
        }
    }

    @Test
    void passesOnlyOnceTheScalarKernelsHaveLeftTheInterpreter() {
        Feed f = new Feed(C2_CALLS);
        // vector as fast as scalar from the start: no pass before SCALAR_CALLS_BEFORE_PASS calls
        for (long calls = SelfTest.BATCH; calls < SelfTest.SCALAR_CALLS_BEFORE_PASS; calls += SelfTest.BATCH) {
            assertNull(f.batch(100, 100, 0.1, 0));
        }
        Result r = f.batch(100, 100, 0.1, 0);
        assertEquals(Outcome.PASSED, r.outcome());
        assertEquals(SelfTest.SCALAR_CALLS_BEFORE_PASS, r.calls());
    }

    @Test
    void noPassAgainstScalarKernelsTheCompileQueueKeepsInterpreted() {
        // seen in CI with vector intrinsics disabled, on a busy machine: unintrinsified vectors at 0.70 us a call
        // against 1.65 for scalar kernels still interpreted after 3,648 calls, the JIT at work throughout
        Feed f = new Feed(C2_CALLS, 1_700);
        for (int i = 0; i < 57; i++) {
            assertNull(f.batch(700, 1_650, 1, 1), "a pass against interpreted scalar kernels, batch " + i);
        }
        // then C1 compiles them, and once the JIT is quiet the vector kernels are found 4.7x slower
        assertNull(f.batch(700, 150, 1, 1));
        assertEquals(Outcome.SLOW, f.until(1000, 700, 150, 1, 0).outcome());
        // where the thresholds are unknown, no pass either until the scalar kernels are compiled
        Feed g = new Feed(-1, 1_700);
        for (int i = 0; i < 200; i++) {
            assertNull(g.batch(700, 1_650, 1, 1));
        }
    }

    @Test
    void anEarlyPassNeedsAQuarterOfTheInterpretersTimeOrLess() {
        // the JIT at work throughout, so only the early pass can end it: 1700 / 4 = 425 ns
        Feed over = new Feed(C2_CALLS, 1_700);
        for (int i = 0; i < 100; i++) {
            assertNull(over.batch(100, 426, 1, 1), "batch " + i);
        }
        assertEquals(SelfTest.SCALAR_CALLS_BEFORE_PASS, new Feed(C2_CALLS, 1_700).until(100, 100, 425, 1, 1).calls());
        // the interpreter's time is the slower of the cold copy's and the first batch's
        Feed firstSlower = new Feed(C2_CALLS, 1_000);
        assertNull(firstSlower.batch(100, 1_700, 1, 1));
        assertEquals(SelfTest.SCALAR_CALLS_BEFORE_PASS, firstSlower.until(100, 100, 425, 1, 1).calls());
    }

    @Test
    void theInterpretersTimeComesFromTheColdCopyWhereTheScalarKernelsRanBefore() {
        // a program that used the scalar kernels before asking for the best ones: C2's code from the first batch
        Feed f = new Feed(C2_CALLS, 1_700);
        assertEquals(SelfTest.SCALAR_CALLS_BEFORE_PASS, f.until(100, 100, 100, 1, 1).calls());
    }

    @Test
    void slowerButWithin3xPassesOnlyOnceTheJitIsQuiet() {
        // 2.5x the scalar kernels is not a pass while the JIT is at work, even past C2's thresholds: the scalar
        // best may still be C1's code, and the vector kernels 6x C2's
        Feed f = new Feed(C2_CALLS);
        long batches = (C2_CALLS + SelfTest.BATCH - 1) / SelfTest.BATCH;
        for (int i = 0; i < 2 * batches; i++) {
            assertNull(f.batch(250, 100, 0.1, 1));
        }
        // once the JIT is quiet for both windows, it passes
        Result r = f.until(1000, 250, 100, 1, 0);
        assertEquals(Outcome.PASSED, r.outcome());
        assertTrue(r.calls() >= 3 * batches * SelfTest.BATCH, "after both quiet windows: " + r.calls());
        // where the thresholds are unknown, after SCALAR_CALLS_BEFORE_PASS
        assertEquals(SelfTest.SCALAR_CALLS_BEFORE_PASS, new Feed(-1).until(100, 250, 100, 0.1, 1).calls());
    }

    @Test
    void passesWhenC2CompilesTheVectorKernelsAfterASlowStart() {
        Feed f = new Feed(C2_CALLS);
        for (int i = 0; i < 40; i++) { // interpreted, then C1: 20-50x slower than scalar, the JIT at work
            assertNull(f.batch(i < 5 ? 50_000 : 20_000, 1_000, 1, 1));
        }
        Result r = f.batch(500, 900, 0.1, 0);
        assertEquals(Outcome.PASSED, r.outcome());
        assertEquals(500, r.vectorNanos());
        assertEquals(900, r.scalarNanos());
        assertTrue(r.summary().startsWith("self-test passed: mulBackward on " + SelfTest.N
                + " floats took 0.500 us a call, against 0.900 us for scalar"), r.summary());
    }

    @Test
    void failsAfterAQuietWindowThatCrossedC2sThresholds() {
        Feed f = new Feed(C2_CALLS);
        // grossly slow, the JIT quiet: 1 ms of this thread per batch, nothing else
        long batchesForCalls = (C2_CALLS + SelfTest.BATCH - 1) / SelfTest.BATCH;
        long batchesForCpu = SelfTest.QUIET_WINDOW_MILLIS;
        Result r = f.until(1000, 10_000, 500, 1, 0);
        assertEquals(Outcome.SLOW, r.outcome());
        assertEquals((Math.max(batchesForCalls, batchesForCpu) + SelfTest.CONFIRM_WINDOW_MILLIS) * SelfTest.BATCH,
                r.calls());
        assertEquals(20.0, r.vectorNanos() / r.scalarNanos());
    }

    @Test
    void aCompilationStartingAtTheEndOfTheFirstWindowShowsInTheSecond() {
        Feed f = new Feed(C2_CALLS);
        long batchesForCalls = (C2_CALLS + SelfTest.BATCH - 1) / SelfTest.BATCH;
        for (int i = 0; i < batchesForCalls - 1; i++) {
            assertNull(f.batch(10_000, 500, 1, 0));
        }
        assertNull(f.batch(10_000, 500, 1, 10)); // the compilation's first 10 ms: the first window passes
        for (int i = 0; i < 5; i++) {
            assertNull(f.batch(10_000, 500, 1, 3)); // 15 ms more: 25 ms in the second window, which restarts
        }
        // then C2's code runs, and it is fast
        assertEquals(Outcome.PASSED, f.batch(400, 500, 1, 0).outcome());
    }

    @Test
    void aQuietWindowNeedsEnoughCpuNotOnlyEnoughCalls() {
        Feed f = new Feed(C2_CALLS);
        // cheap batches: C2's thresholds crossed long before 80 ms of CPU
        Result r = f.until(100_000, 1_000, 100, 0.05, 0);
        assertEquals(Outcome.SLOW, r.outcome());
        assertTrue(r.cpuNanos() >= SelfTest.QUIET_WINDOW_MILLIS * MS, r.toString());
    }

    @Test
    void theJitAtWorkRestartsTheWindowAndABusyJitIsNeverSlow() {
        Feed f = new Feed(C2_CALLS);
        // others use 0.5 ms for each 1 ms of ours throughout (a compilation, or another thread): never quiet
        Result r = f.until(10_000, 10_000, 500, 1, 0.5);
        assertEquals(Outcome.INCONCLUSIVE, r.outcome());
        assertTrue(r.cpuNanos() >= SelfTest.BUDGET_CPU_MILLIS * MS, r.toString());

        // quiet for a while, then one compilation of 30 ms: the window starts again after it
        Feed g = new Feed(C2_CALLS);
        for (int i = 0; i < 60; i++) {
            assertNull(g.batch(10_000, 500, 1, 0));
        }
        assertNull(g.batch(10_000, 500, 1, 30));
        long before = g.judge.calls();
        Result s = g.until(1000, 10_000, 500, 1, 0);
        assertEquals(Outcome.SLOW, s.outcome());
        assertEquals(before + (Math.max((C2_CALLS + SelfTest.BATCH - 1) / SelfTest.BATCH,
                SelfTest.QUIET_WINDOW_MILLIS) + SelfTest.CONFIRM_WINDOW_MILLIS) * SelfTest.BATCH, s.calls());
    }

    @Test
    void withoutThresholdsOrCpuTimesItIsNeverSlow() {
        assertEquals(Outcome.INCONCLUSIVE, new Feed(-1).until(10_000, 10_000, 500, 1, 0).outcome());
        // no CPU times (a virtual thread): only the wall-clock budget ends it
        Judge j = new Judge(C2_CALLS, SelfTest.Budget.DEFAULT, new Sample(0, 0, 0, -1, -1), Feed.INTERPRETED);
        Result r = null;
        long wall = 0;
        while (r == null) {
            wall += MS;
            r = j.offer(new Sample(10_000, 500, wall, -1, -1));
        }
        assertEquals(Outcome.INCONCLUSIVE, r.outcome());
        assertEquals(SelfTest.BUDGET_WALL_MILLIS * MS, r.wallNanos());
        assertTrue(r.summary().contains("unknown of CPU"), r.summary());
    }

    @Test
    void c2CallsFollowTheThresholdFlags() {
        // as the VM shows them (CompileThresholdScaling already applied)
        Map<String, Flag> tiered = new HashMap<>(Map.of("TieredCompilation", new Flag("true", false),
                "Tier3InvocationThreshold", new Flag("200", false), "Tier4InvocationThreshold", new Flag("5000", false),
                "CompileThreshold", new Flag("10000", false)));
        assertEquals(5200 + SelfTest.POLICY_NOTIFY_CALLS, SelfTest.c2Calls(new C2Check.VmFlags(tiered, "")));
        tiered.put("TieredCompilation", new Flag("false", true));
        assertEquals(10000 + SelfTest.POLICY_NOTIFY_CALLS, SelfTest.c2Calls(new C2Check.VmFlags(tiered, "")));
        tiered.remove("CompileThreshold");
        assertEquals(-1, SelfTest.c2Calls(new C2Check.VmFlags(tiered, "")));
        // the JVM running the tests shows them all
        assertTrue(SelfTest.c2Calls(HotSpotFlags.read().orElseThrow()) > 0);
    }

    @Test
    void aSlowResultNamesThisJvmsOptions() {
        Result slow = new Result(Outcome.SLOW, 20_000, 500, 8000, 300 * MS, 200 * MS);
        String reason = SelfTest.problem(slow).orElseThrow();
        assertTrue(reason.contains("40x slower than scalar") && reason.contains("this JVM's -X options: "), reason);
        assertTrue(SelfTest.problem(new Result(Outcome.INCONCLUSIVE, 20_000, 500, 8000, 300 * MS, 200 * MS))
                .isEmpty());
        assertTrue(SelfTest.problem(new Result(Outcome.PASSED, 400, 500, 8000, 300 * MS, 200 * MS)).isEmpty());
    }
}
