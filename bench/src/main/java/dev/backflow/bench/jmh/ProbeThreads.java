package dev.backflow.bench.jmh;

import java.util.concurrent.Phaser;
import java.util.function.IntConsumer;

/**
 * The bandwidth probe's own threads: {@code threads - 1} platform daemon threads named
 * {@code bandwidth-probe-N}, started once, plus the calling thread. Backflow's worker pool is internal to the
 * library, so the probe brings its own; it is started at setup and kept, like Backflow's, so that no call
 * pays for starting a thread.
 *
 * <p>{@link #run(int)} runs {@code part.accept(p)} for every {@code p} in {@code [0, parts)} at once: part 0
 * on the caller, part {@code p} on worker {@code p}. The workers wait for the next call on a {@link Phaser}
 * (a short spin, then a park).
 */
final class ProbeThreads implements AutoCloseable {

    private final Thread[] workers;
    private final Phaser phaser;
    private final IntConsumer part;
    private volatile int parts;
    private volatile boolean closed;
    private volatile Throwable failure;

    /**
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    ProbeThreads(int threads, IntConsumer part) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads = " + threads + " must be at least 1");
        }
        this.part = part;
        this.phaser = new Phaser(threads);
        this.workers = new Thread[threads - 1];
        for (int i = 0; i < workers.length; i++) {
            int index = i + 1;
            workers[i] = Thread.ofPlatform().daemon().name("bandwidth-probe-" + index).start(() -> work(index));
        }
    }

    int threads() {
        return workers.length + 1;
    }

    private void work(int index) {
        while (true) {
            phaser.arriveAndAwaitAdvance(); // a call has started, or close() was called
            if (closed) {
                return;
            }
            try {
                if (index < parts) {
                    part.accept(index);
                }
            } catch (Throwable t) {
                failure = t;
            } finally {
                phaser.arriveAndAwaitAdvance(); // this part is done
            }
        }
    }

    /**
     * Runs parts {@code 0} to {@code parts - 1} at once and returns when every one is done; a part's exception
     * reaches the caller once all have finished.
     *
     * @throws IllegalArgumentException if {@code parts} is not in {@code [1, threads()]}
     */
    void run(int parts) {
        if (parts < 1 || parts > threads()) {
            throw new IllegalArgumentException("parts = " + parts + " for " + threads() + " threads");
        }
        if (parts == 1) {
            part.accept(0);
            return;
        }
        this.parts = parts;
        phaser.arriveAndAwaitAdvance();
        try {
            part.accept(0);
        } finally {
            phaser.arriveAndAwaitAdvance();
        }
        Throwable t = failure;
        if (t != null) {
            failure = null;
            throw new IllegalStateException("a bandwidth probe thread failed: " + t, t);
        }
    }

    /** Stops and joins the workers. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (workers.length > 0) {
            phaser.arriveAndAwaitAdvance();
        }
        for (Thread w : workers) {
            try {
                w.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
