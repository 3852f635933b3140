package dev.backflow.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Backflow's own worker threads, shared by every parallel kernels instance: daemon platform threads named
 * {@code backflow-worker-1}, {@code -2}, ..., started on first need and then kept. Their number is one less
 * than the largest thread count any call has asked for (the caller is the remaining thread), so it is fixed
 * however many threads call at once. One shared pool, rather than one per thread count, keeps that bound: a
 * program using 4- and 8-thread kernels gets 7 workers, not 3 + 7. {@link java.util.concurrent.ForkJoinPool#commonPool()}
 * is never used: the caller's own work runs there.
 *
 * <p>{@link #run} hands out the parts of one call: the caller posts up to {@code threads - 1} invitations to
 * the workers, then claims and runs parts itself until none is left unclaimed, then waits only for parts that
 * a worker has already started. So a call never waits on a part that nobody is running: nested calls, and
 * calls from many threads at once while every worker is busy, cannot deadlock; at worst the caller runs every
 * part itself. A call made from inside a worker runs all its parts inline.
 */
public final class Workers {
    private Workers() {}

    /** The name of every worker thread starts with this. */
    public static final String NAME_PREFIX = "backflow-worker-";

    /**
     * Invitations waiting for a worker. Bounded: when it is full, an invitation is dropped and the caller runs
     * that part itself. An invitation to a call that has finished is discarded by the worker that takes it.
     */
    private static final ArrayBlockingQueue<Job> INVITATIONS = new ArrayBlockingQueue<>(1024);

    private static final Object START_LOCK = new Object();
    private static volatile int started;

    /**
     * Runs {@code part.accept(p)} for every {@code p} in {@code [0, parts)}, on the calling thread and up to
     * {@code threads - 1} workers, and returns when all parts are done. Every part runs even when one fails;
     * then the first failure is rethrown (as it was thrown; later ones are added to it as suppressed), so that
     * no part is still running when this method returns or throws. With {@code threads == 1}, one part, or a
     * call from a worker, the parts run in order on the calling thread and nothing is allocated here.
     *
     * @param threads the most threads the call may run on, the caller's included
     * @param parts the number of parts
     * @param part what to run for each part, given its index
     * @throws IllegalArgumentException if {@code threads < 1} or {@code parts < 0}
     * @throws NullPointerException if {@code part} is {@code null}
     */
    public static void run(int threads, int parts, IntConsumer part) {
        if (threads < 1 || parts < 0) {
            throw new IllegalArgumentException("threads = " + threads + " must be positive and parts = " + parts
                    + " not negative");
        }
        Objects.requireNonNull(part, "part");
        if (threads == 1 || parts <= 1 || Thread.currentThread() instanceof Worker) {
            runInline(parts, part);
            return;
        }
        int helpers = Math.min(threads, parts) - 1;
        startWorkers(threads - 1);
        Job job = new Job(parts, part, Thread.currentThread());
        for (int i = 0; i < helpers && INVITATIONS.offer(job); i++) {
            // each accepted invitation may bring one worker
        }
        job.work();
        job.awaitRemaining();
        job.part = null; // the invitations still queued must not keep the caller's arrays alive
        Throwable failure = job.failure;
        if (failure != null) {
            throw rethrowable(failure);
        }
    }

    /**
     * How many worker threads have been started (they are never stopped).
     *
     * @return the number of workers
     */
    public static int workerCount() {
        return started;
    }

    private static void runInline(int parts, IntConsumer part) {
        Throwable failure = null;
        for (int p = 0; p < parts; p++) {
            try {
                part.accept(p);
            } catch (Throwable t) {
                failure = combine(failure, t);
            }
        }
        if (failure != null) {
            throw rethrowable(failure);
        }
    }

    private static Throwable combine(Throwable first, Throwable next) {
        if (first == null) {
            return next;
        }
        if (first != next) {
            first.addSuppressed(next);
        }
        return first;
    }

    private static RuntimeException rethrowable(Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new IllegalStateException("a part failed", t); // a checked exception thrown sneakily
    }

    private static void startWorkers(int wanted) {
        if (started >= wanted) {
            return;
        }
        synchronized (START_LOCK) {
            while (started < wanted) {
                Worker w = new Worker(NAME_PREFIX + (started + 1));
                w.start();
                started = started + 1;
            }
        }
    }

    /** A worker: takes invitations and runs parts of the calls they name, forever. */
    private static final class Worker extends Thread {
        Worker(String name) {
            super(null, null, name, 0, false); // inherits no inheritable thread-locals of whoever started it
            setDaemon(true);
            setContextClassLoader(Workers.class.getClassLoader()); // pins no caller's class loader
        }

        @Override
        public void run() {
            while (true) {
                Job job;
                try {
                    job = INVITATIONS.take();
                } catch (InterruptedException e) {
                    continue; // nobody but Backflow should interrupt its workers; keep serving
                }
                job.work();
            }
        }
    }

    /** One call's parts: claimed one at a time by whoever gets to them, counted down as they finish. */
    private static final class Job {
        private static final VarHandle NEXT;
        private static final VarHandle REMAINING;
        private static final VarHandle FAILURE;

        static {
            try {
                MethodHandles.Lookup l = MethodHandles.lookup();
                NEXT = l.findVarHandle(Job.class, "next", int.class);
                REMAINING = l.findVarHandle(Job.class, "remaining", int.class);
                FAILURE = l.findVarHandle(Job.class, "failure", Throwable.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final int parts;
        private final Thread caller;
        /** Cleared by the caller once every part is done; read only by whoever has claimed a part before then. */
        IntConsumer part;
        private volatile int next;
        private volatile int remaining;
        volatile Throwable failure;

        Job(int parts, IntConsumer part, Thread caller) {
            this.parts = parts;
            this.part = part;
            this.caller = caller;
            this.remaining = parts;
        }

        /** Claims and runs parts until none is left unclaimed; the thread that finishes the last wakes the caller. */
        void work() {
            int p;
            while ((p = (int) NEXT.getAndAdd(this, 1)) < parts) {
                try {
                    part.accept(p);
                } catch (Throwable t) {
                    if (!FAILURE.compareAndSet(this, null, t)) {
                        combine(failure, t);
                    }
                }
                if ((int) REMAINING.getAndAdd(this, -1) == 1) {
                    LockSupport.unpark(caller);
                }
            }
        }

        /** Waits for the parts that workers have claimed; keeps an interrupt for the caller to see afterwards. */
        void awaitRemaining() {
            boolean interrupted = false;
            for (int spins = 0; remaining != 0 && spins < 256; spins++) {
                Thread.onSpinWait(); // parts are short: the last one often ends within a few microseconds
            }
            while (remaining != 0) {
                LockSupport.park(this);
                if (Thread.interrupted()) {
                    interrupted = true;
                }
            }
            if (interrupted) {
                caller.interrupt();
            }
        }
    }
}
