package dev.backflow.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.internal.Split;
import dev.backflow.testing.ChildJvm;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The GEMM's packing scratch: bounded by the calls that can run at once, not by the threads that ever called,
 * and taken before anything is written, so that a call that cannot get it changes nothing.
 */
class ScratchTest {

    static final String PATH = SimdPaths.WITH_TESTS;

    @Test
    void thousandsOfLiveVirtualThreadsThatCalledFitASmallHeap() throws Exception {
        // 3000 threads × 0.5 MiB would need 1.5 GiB if each kept its scratch; the heap has 96 MiB.
        ChildJvm.Result r = ChildJvm.java("--add-modules", "jdk.incubator.vector", "-Xmx96m", "-cp", PATH,
                ScratchMemory.class.getName(), "virtual", "3000");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().startsWith("ok"), r.out() + r.err());
    }

    @Test
    void parkedCallersHoldNoScratchBeyondTheSplitCallsThePoolAdmits() throws Exception {
        // 100 virtual callers on one processor, each call split into 16 parts. A caller that parks while
        // workers finish its parts lets the next one start; when every call could split, 9 to 29 of them were
        // in flight at once here (206 of 300 callers once, out of a 64 MiB heap), each holding 16 parts'
        // scratch (issue 17, item 12: 345 in flight, 955 MiB). Now one split call per processor is admitted
        // and every other call runs alone on its caller, with one scratch, and never parks: at most that one
        // call and the one running on the one carrier are in flight.
        ChildJvm.Result r = ChildJvm.java("--add-modules", "jdk.incubator.vector", "-XX:ActiveProcessorCount=1",
                "-Xmx64m", "-cp", PATH, ScratchMemory.class.getName(), "parked", "100");
        assertEquals(0, r.exit(), r.out() + r.err());
        Matcher line = Pattern.compile("ok peak=(\\d+) processors=1").matcher(r.out());
        assertTrue(line.find(), r.out() + r.err());
        int peak = Integer.parseInt(line.group(1));
        assertTrue(peak <= 2, peak + " calls in flight at once on one processor");
    }

    @Test
    void aCallThatCannotGetScratchLeavesEveryBufferAsItWas() throws Exception {
        ChildJvm.Result r = ChildJvm.java("--add-modules", "jdk.incubator.vector", "-Xmx48m", "-XX:+UseSerialGC",
                "-cp", PATH, ScratchMemory.class.getName(), "oom");
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(r.out().contains("threw untouched"), r.out() + r.err());
        assertTrue(r.out().contains("retried"), r.out() + r.err());
    }

    @Test
    void anSgemmThatCannotGetScratchLeavesCAsItWas() throws Exception {
        ChildJvm.Result r = ChildJvm.java("--add-modules", "jdk.incubator.vector", "-Xmx48m", "-XX:+UseSerialGC",
                "-cp", PATH, ScratchMemory.class.getName(), "oom-sgemm");
        assertEquals(0, r.exit(), r.out() + r.err());
        for (String route : new String[] {"packed", "dot-copy"}) {
            assertTrue(r.out().contains(route + " threw untouched"), r.out() + r.err());
            assertTrue(r.out().contains(route + " retried"), r.out() + r.err());
        }
    }

    @Test
    void aSplitCallOnAsManyThreadsAsProcessorsTakesNoFreshScratch() {
        // Both products split over every processor: the parts of dX and of dW share the pool's scratches, so
        // after warm-up a call allocates only its small bookkeeping (parts, lambdas), never packing buffers.
        int threads = ScratchPool.SLOTS;
        // With one processor there is nothing to split, and the test would pass without testing anything.
        org.junit.jupiter.api.Assumptions.assumeTrue(threads >= 2, "needs at least 2 processors");
        VectorKernels k = new VectorKernels(threads);
        int m = 96;
        int kk = 200;
        int n = 200;
        float[] dY = new float[m * n];
        float[] x = new float[m * kk];
        float[] w = new float[kk * n];
        float[] dX = new float[m * kk];
        float[] dW = new float[kk * n];
        var bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        Split.overrideGrainForTests(1);
        try {
            for (int i = 0; i < 200; i++) {
                k.matmulBackward(dY, x, w, dX, dW, m, kk, n);
            }
            long before = bean.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 20; i++) {
                k.matmulBackward(dY, x, w, dX, dW, m, kk, n);
            }
            long perCall = (bean.getCurrentThreadAllocatedBytes() - before) / 20;
            assertTrue(perCall < 4096, perCall + " bytes per call on " + threads + " threads");
        } finally {
            Split.overrideGrainForTests(0);
        }
    }

    @Test
    void thePoolKeepsAtMostOneScratchPerSlot() throws Exception {
        Thread[] threads = new Thread[4 * ScratchPool.SLOTS + 4];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = Thread.ofPlatform().start(() -> {
                Scratch s = ScratchPool.acquire(10, 10, 10);
                ScratchPool.release(s);
            });
        }
        for (Thread t : threads) {
            t.join();
        }
        assertTrue(ScratchPool.idle() <= ScratchPool.SLOTS);
        Scratch a = ScratchPool.acquire(5, 5, 5);
        Scratch b = ScratchPool.acquire(5, 5, 5);
        assertTrue(a != b, "two concurrent holders never share a scratch");
        ScratchPool.release(a);
        ScratchPool.release(b);
    }
}
