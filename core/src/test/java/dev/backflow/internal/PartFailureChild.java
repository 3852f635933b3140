package dev.backflow.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Child-JVM program for {@link WorkersFaultTest}, run with a small heap: a part fails while another part's
 * failure is already recorded, with the heap full, so that recording the second failure
 * ({@code Throwable.addSuppressed} allocates) fails too. Three cases, each printing one line:
 * <ul>
 *   <li>{@code inline: ...}: three parts on the calling thread alone; part 0 fails, part 1 fills the heap and
 *       fails, part 2 must still run and the call must throw part 0's failure.</li>
 *   <li>{@code caller: ...}: two parts, one on a worker (fails first), one on the caller (fills the heap and
 *       fails): the call must throw the worker's failure.</li>
 *   <li>{@code worker: ...}: two parts, one on the caller (fails first), one on a worker (fills the heap and
 *       fails): the call must return, throwing the caller's failure, and the worker must live on.</li>
 * </ul>
 * Then {@code pool works} if a later call runs every part. A call that does not return within 15 s halts the
 * JVM with exit status 3 (the caller parked forever).
 */
public final class PartFailureChild {
    private PartFailureChild() {}

    /** The heap, kept full while the failures are recorded; cleared by the caller once the call has returned. */
    static volatile List<Object> ballast;

    public static void main(String[] args) throws Exception {
        Object[] reserve = {new byte[1 << 20]}; // freed before halting, which allocates, with the heap full
        Thread watchdog = new Thread(() -> {
            long deadline = System.nanoTime() + 15_000_000_000L;
            while (System.nanoTime() - deadline < 0) {
                LockSupport.parkNanos(100_000_000L);
            }
            reserve[0] = null;
            Runtime.getRuntime().halt(3);
        });
        watchdog.setDaemon(true);
        watchdog.start();
        Workers.run(2, 2, p -> { }); // a worker started, the classes loaded

        inline();
        onCallerAndWorker("caller", false);
        onCallerAndWorker("worker", true);

        AtomicIntegerArray ran = new AtomicIntegerArray(16);
        Workers.run(4, 16, p -> ran.set(p, 1));
        for (int p = 0; p < 16; p++) {
            if (ran.get(p) != 1) {
                System.out.println("part " + p + " of a later call did not run");
                return;
            }
        }
        System.out.println("pool works");
    }

    static void inline() {
        RuntimeException first = new IllegalStateException("first");
        RuntimeException second = new IllegalArgumentException("second");
        AtomicIntegerArray ran = new AtomicIntegerArray(3);
        Throwable thrown = null;
        try {
            Workers.run(1, 3, p -> {
                ran.set(p, 1);
                if (p == 0) {
                    throw first;
                }
                if (p == 1) {
                    ballast = fillHeap();
                    throw second;
                }
            });
        } catch (Throwable t) {
            thrown = t;
        }
        ballast = null;
        System.out.println("inline: " + (thrown == first ? "threw first" : "threw " + thrown)
                + (ran.get(2) == 1 ? ", every part ran" : ", part 2 did not run"));
    }

    /**
     * Two parts on two threads. {@code laterOnWorker}: the caller's part fails first and the worker's part
     * fills the heap; otherwise the other way round.
     */
    static void onCallerAndWorker(String name, boolean laterOnWorker) throws InterruptedException {
        Thread caller = Thread.currentThread();
        RuntimeException first = new IllegalStateException("first");
        RuntimeException second = new IllegalArgumentException("second");
        CountDownLatch workerStarted = new CountDownLatch(1);
        CountDownLatch firstThrowing = new CountDownLatch(1);
        AtomicReference<Thread> worker = new AtomicReference<>();
        Throwable thrown = null;
        try {
            Workers.run(2, 2, p -> {
                boolean onCaller = Thread.currentThread() == caller;
                if (onCaller) {
                    await(workerStarted); // so that the other part surely runs on the worker
                } else {
                    worker.set(Thread.currentThread());
                    workerStarted.countDown();
                }
                if (onCaller != laterOnWorker) { // this part fails second, with the heap full
                    await(firstThrowing);
                    WorkersTest.sleep(200); // the first failure is recorded meanwhile
                    ballast = fillHeap();
                    throw second;
                }
                firstThrowing.countDown();
                throw first;
            });
        } catch (Throwable t) {
            thrown = t;
        }
        ballast = null;
        WorkersTest.sleep(100); // a worker that died of the failure has ended by now
        Thread w = worker.get();
        System.out.println(name + ": " + (thrown == first ? "threw first" : "threw " + thrown)
                + (w == null ? ", no part ran on a worker" : w.isAlive() ? ", worker alive" : ", worker died"));
    }

    /** Takes all the heap it can get, down to the smallest objects, and returns it so that it stays reachable. */
    static List<Object> fillHeap() {
        List<Object> blocks = new ArrayList<>(1 << 20);
        for (int size = 1 << 20; size >= 1; size >>= 1) {
            try {
                while (true) {
                    blocks.add(new byte[size]);
                }
            } catch (OutOfMemoryError e) {
                // next, smaller size
            }
        }
        while (true) {
            try {
                blocks.add(new Object()); // fails once even the list cannot grow: nothing is left
            } catch (OutOfMemoryError e) {
                return blocks;
            }
        }
    }

    static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
