package dev.backflow.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.BackwardKernels;
import dev.backflow.Kernels;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The worker pool: every part runs exactly once, the caller takes part in the work, nested calls and calls
 * from workers finish, many callers at once leave the number of workers as it was, a failing part reaches the
 * caller after the other parts have finished, and the pool works on afterwards.
 */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // a deadlock fails, not hangs, the test
class WorkersTest {

    static final Duration LIMIT = Duration.ofSeconds(60);

    @BeforeEach
    void splitEvenSmallCalls() {
        Split.overrideGrainForTests(1);
    }

    @AfterEach
    void restoreTheMeasuredGrain() {
        Split.overrideGrainForTests(0);
    }

    @Test
    void everyPartRunsOnceAndTheCallerTakesPart() {
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        for (int parts : new int[] {0, 1, 2, 3, 8, 100}) {
            AtomicIntegerArray count = new AtomicIntegerArray(Math.max(parts, 1));
            Workers.run(4, parts, p -> {
                count.incrementAndGet(p);
                ran.add(Thread.currentThread());
            });
            for (int p = 0; p < parts; p++) {
                assertEquals(1, count.get(p), "part " + p + " of " + parts);
            }
        }
        assertTrue(ran.contains(Thread.currentThread()), "the caller runs parts too");
        for (Thread t : ran) {
            assertTrue(t == Thread.currentThread() || t.getName().startsWith(Workers.NAME_PREFIX) && t.isDaemon(),
                    t + " is neither the caller nor a daemon worker");
        }
    }

    @Test
    void badArgumentsAreRejectedBeforeAnyPartRuns() {
        assertThrows(IllegalArgumentException.class, () -> Workers.run(0, 2, p -> {
            throw new AssertionError("ran");
        }));
        assertThrows(IllegalArgumentException.class, () -> Workers.run(2, -1, p -> {
            throw new AssertionError("ran");
        }));
        assertThrows(NullPointerException.class, () -> Workers.run(2, 2, null));
    }

    @Test
    void aCallFromInsideAWorkerRunsItsPartsInlineOnThatWorker() {
        assertTimeoutPreemptively(LIMIT, () -> {
            List<String> problems = Collections.synchronizedList(new ArrayList<>());
            Set<Thread> outerThreads = ConcurrentHashMap.newKeySet();
            for (int round = 0; round < 50 && !outerThreads.stream().anyMatch(WorkersTest::isWorker); round++) {
                // two outer parts on eight threads: six workers stay idle and would take nested parts
                Workers.run(8, 2, p -> {
                    Thread outer = Thread.currentThread();
                    outerThreads.add(outer);
                    Workers.run(8, 8, q -> {
                        if (isWorker(outer) && Thread.currentThread() != outer) {
                            problems.add("a part nested in worker " + outer.getName() + " ran on "
                                    + Thread.currentThread().getName());
                        }
                        sleep(1);
                    });
                });
            }
            assertTrue(outerThreads.stream().anyMatch(WorkersTest::isWorker), "no part ever ran on a worker");
            assertEquals(List.of(), problems);
        });
    }

    @Test
    void nestedCallsFinishEvenWhenEveryWorkerIsBusy() {
        BackwardKernels k = Kernels.parallel("scalar", 8);
        assertTimeoutPreemptively(LIMIT, () -> {
            // three levels, 8 parts each, every level on 8 threads: far more waiting callers than workers
            int n = 512;
            float[] dz = new float[8 * 8 * n];
            Arrays.fill(dz, 1f);
            float[] dx = new float[8 * 8 * n];
            float[] dy = new float[8 * 8 * n];
            Workers.run(8, 8, p -> Workers.run(8, 8, q -> {
                int off = (p * 8 + q) * n;
                k.addBackward(dz, off, dx, off, dy, off, n); // itself split into 8 parts
            }));
            float[] ones = dz.clone();
            assertArrayEquals(ones, dx);
            assertArrayEquals(ones, dy);
        });
    }

    @Test
    void manyCallersAtOnceFinishAndTheWorkerCountStaysFixed() throws Exception {
        BackwardKernels k8 = Kernels.parallel("scalar", 8);
        BackwardKernels k3 = Kernels.parallel("scalar", 3);
        int n = 4096;
        float[] dz = new float[n];
        for (int i = 0; i < n; i++) {
            dz[i] = i * 0.25f;
        }
        k8.reluBackward(dz, 0, dz, 0, new float[n], 0, n); // the pool now has its 7 workers
        // Workers left over from earlier tests with more threads may end meanwhile (idle for a keep-alive), and
        // one of the 7 that did, be started again: so the counts may fall, or come back to 7, but never grow.
        int workers = Math.max(Workers.workerCount(), 7);
        int threads = Math.max(liveWorkers(), 7);
        assertTrue(Workers.workerCount() >= 7, "workers: " + Workers.workerCount());
        assertTimeoutPreemptively(LIMIT, () -> {
            List<String> problems = Collections.synchronizedList(new ArrayList<>());
            List<Thread> callers = new ArrayList<>();
            CountDownLatch start = new CountDownLatch(1);
            for (int c = 0; c < 1032; c++) {
                BackwardKernels k = c % 2 == 0 ? k8 : k3;
                Runnable call = () -> {
                    try {
                        start.await();
                        float[] dx = new float[n];
                        float[] dy = new float[n];
                        for (int rep = 0; rep < 3; rep++) {
                            k.addBackward(dz, 0, dx, 0, dy, 0, n);
                        }
                        for (int i = 0; i < n; i++) {
                            if (dx[i] != 3 * dz[i] || dy[i] != 3 * dz[i]) {
                                problems.add(Thread.currentThread() + " got dx[" + i + "] = " + dx[i]);
                                return;
                            }
                        }
                    } catch (Throwable t) {
                        problems.add(Thread.currentThread() + " threw " + t);
                    }
                };
                callers.add(c < 32 ? Thread.ofPlatform().start(call) : Thread.ofVirtual().start(call));
            }
            start.countDown();
            for (Thread t : callers) {
                t.join();
            }
            assertEquals(List.of(), problems);
        });
        assertTrue(Workers.workerCount() <= workers, "workers: " + Workers.workerCount() + ", before: " + workers);
        assertTrue(liveWorkers() <= threads, "worker threads: " + liveWorkers() + ", before: " + threads);
    }

    @Test
    void beyondOneSplitCallPerProcessorACallRunsOnItsCallerAlone() throws Exception {
        // Hold SPLIT_CALLS calls in flight (their parts blocked, on their callers or on workers), then make one
        // more, on enough threads that some workers are idle for it: it must not use them.
        CountDownLatch inFlight = new CountDownLatch(Workers.SPLIT_CALLS);
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> holders = new ArrayList<>();
        for (int c = 0; c < Workers.SPLIT_CALLS; c++) {
            AtomicBoolean started = new AtomicBoolean();
            holders.add(Thread.ofPlatform().start(() -> Workers.run(2, 2, p -> {
                if (started.compareAndSet(false, true)) {
                    inFlight.countDown(); // a part has started: the call is in flight until it ends
                }
                await(release);
            })));
        }
        int threads = Math.min(Kernels.MAX_THREADS, 2 * Workers.SPLIT_CALLS + 4);
        try {
            assertTrue(inFlight.await(30, TimeUnit.SECONDS), "calls in flight");
            Set<Thread> ran = ConcurrentHashMap.newKeySet();
            Workers.run(threads, threads, p -> {
                ran.add(Thread.currentThread());
                sleep(5); // idle workers would surely take some of these parts if the call were split
            });
            assertEquals(Set.of(Thread.currentThread()), ran);
        } finally {
            release.countDown();
            for (Thread t : holders) {
                t.join();
            }
        }
        Set<Thread> ran = ConcurrentHashMap.newKeySet();
        for (int round = 0; round < 50 && ran.size() < 2; round++) {
            Workers.run(4, 8, p -> {
                ran.add(Thread.currentThread());
                sleep(1);
            });
        }
        assertTrue(ran.size() >= 2, "once the others have returned, calls split again");
    }

    /**
     * A worker spins for the next invitation only {@link Workers#SPIN_NANOS} after its last part, then parks: an
     * idle pool does not keep a processor busy. (Spinning without that bound fails here after five seconds.)
     */
    @Test
    void idleWorkersParkAfterTheirSpin() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Workers.run(4, 8, p -> sleep(1));
            assertTrue(Workers.workerCount() >= 3, "workers: " + Workers.workerCount());
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            List<String> spinning = runnableWorkers();
            while (!spinning.isEmpty() && System.nanoTime() < deadline) {
                sleep(1);
                spinning = runnableWorkers();
            }
            assertEquals(List.of(), spinning, "workers still running 5 s after their last part");
        });
    }

    private static List<String> runnableWorkers() {
        List<String> names = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (isWorker(t) && t.getState() == Thread.State.RUNNABLE) {
                names.add(t.getName());
            }
        }
        return names;
    }

    @Test
    void shutdownEndsEveryWorkerAndALaterCallStartsThemAgain() {
        assertTimeoutPreemptively(LIMIT, () -> {
            Workers.run(4, 8, p -> sleep(1));
            assertTrue(Workers.workerCount() >= 3, "workers: " + Workers.workerCount());
            Kernels.shutdownWorkers();
            assertEquals(0, Workers.workerCount());
            assertEquals(0, liveWorkers(), "worker threads alive after the shutdown returned");
            AtomicIntegerArray ran = new AtomicIntegerArray(8);
            Workers.run(4, 8, p -> ran.set(p, 1));
            for (int p = 0; p < 8; p++) {
                assertEquals(1, ran.get(p), "part " + p + " after the shutdown");
            }
            assertTrue(Workers.workerCount() >= 3, "workers started again: " + Workers.workerCount());
        });
    }

    @Test
    void aCallInFlightDuringAShutdownStillRunsEveryPart() {
        assertTimeoutPreemptively(LIMIT, () -> {
            CountDownLatch onWorker = new CountDownLatch(1);
            AtomicIntegerArray done = new AtomicIntegerArray(8);
            AtomicInteger interrupted = new AtomicInteger();
            Thread call = Thread.ofPlatform().start(() -> Workers.run(4, 8, p -> {
                if (isWorker(Thread.currentThread())) {
                    onWorker.countDown();
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    interrupted.incrementAndGet(); // the shutdown must wake idle workers only, never a part
                }
                done.set(p, 1);
            }));
            assertTrue(onWorker.await(30, TimeUnit.SECONDS), "no part ran on a worker");
            Kernels.shutdownWorkers(); // waits for the parts the workers are running
            assertEquals(0, liveWorkers(), "worker threads alive after the shutdown returned");
            call.join();
            for (int p = 0; p < 8; p++) {
                assertEquals(1, done.get(p), "part " + p);
            }
            assertEquals(0, interrupted.get(), "parts interrupted");
        });
    }

    @Test
    void aFailingPartReachesTheCallerAfterTheOthersFinishAndThePoolWorksOn() {
        assertTimeoutPreemptively(LIMIT, () -> {
            for (int failing = 0; failing < 6; failing++) {
                int bad = failing;
                AtomicIntegerArray done = new AtomicIntegerArray(6);
                RuntimeException boom = new IllegalStateException("boom in part " + bad);
                RuntimeException thrown = assertThrows(RuntimeException.class, () -> Workers.run(4, 6, p -> {
                    if (p == bad) {
                        throw boom;
                    }
                    sleep(5); // the failing part ends first: the call must still wait for these
                    done.set(p, 1);
                }));
                assertSame(boom, thrown);
                for (int p = 0; p < 6; p++) {
                    assertEquals(p == bad ? 0 : 1, done.get(p), "part " + p + " when part " + bad + " fails");
                }
            }
            AtomicIntegerArray after = new AtomicIntegerArray(16);
            Workers.run(8, 16, p -> after.set(p, 1));
            for (int p = 0; p < 16; p++) {
                assertEquals(1, after.get(p));
            }
        });
    }

    @Test
    void anErrorStaysAnErrorAndLaterFailuresAreSuppressed() {
        AssertionError first = new AssertionError("first");
        AssertionError thrown = assertThrows(AssertionError.class, () -> Workers.run(1, 3, p -> {
            throw p == 0 ? first : new AssertionError("later " + p);
        }));
        assertSame(first, thrown);
        assertEquals(2, thrown.getSuppressed().length);
    }

    @Test
    void anInterruptedCallerStillWaitsForEveryPartAndKeepsItsInterrupt() {
        assertTimeoutPreemptively(LIMIT, () -> {
            AtomicIntegerArray done = new AtomicIntegerArray(4);
            Thread.currentThread().interrupt();
            try {
                Workers.run(4, 4, p -> {
                    if (Thread.currentThread().getName().startsWith(Workers.NAME_PREFIX)) {
                        sleep(20);
                    }
                    done.set(p, 1);
                });
                for (int p = 0; p < 4; p++) {
                    assertEquals(1, done.get(p), "part " + p);
                }
                assertTrue(Thread.currentThread().isInterrupted());
            } finally {
                Thread.interrupted();
            }
        });
    }

    static boolean isWorker(Thread t) {
        return t.getName().startsWith(Workers.NAME_PREFIX);
    }

    static int liveWorkers() {
        Set<String> names = new HashSet<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (isWorker(t)) {
                assertTrue(t.isDaemon(), t + " is not a daemon");
                names.add(t.getName());
            }
        }
        return names.size();
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
