package dev.backflow.internal;

import dev.backflow.Kernels;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * Backflow's own worker threads, shared by every parallel kernels instance: daemon platform threads named
 * {@code backflow-worker-1}, {@code -2}, ..., started on first need. Their number is at most one less than the
 * largest thread count any call has asked for (the caller is the remaining thread), so it is fixed however
 * many threads call at once. One shared pool, rather than one per thread count, keeps that bound: a program
 * using 4- and 8-thread kernels gets 7 workers, not 3 + 7. {@link java.util.concurrent.ForkJoinPool#commonPool()}
 * is never used: the caller's own work runs there.
 *
 * <p>{@link #run} hands out the parts of one call: the caller posts up to {@code threads - 1} invitations to
 * the workers, then claims and runs parts itself until none is left unclaimed, then waits only for parts that
 * a worker has already started. So a call never waits on a part that nobody is running: nested calls, calls
 * from many threads at once while every worker is busy, and a pool with fewer workers than asked for (the OS
 * refused a thread, or a worker has just ended) cannot deadlock; at worst the caller runs every part itself.
 * A call made from inside a worker runs all its parts inline.
 *
 * <p>Bounded memory: at most {@link #SPLIT_CALLS} calls are split at once (admitted by {@link #tryEnter});
 * any other call runs its parts in order on its caller. A caller parked while workers finish its parts
 * therefore holds its per-part resources (the vector matmul's packing scratch) only while it is one of those.
 *
 * <p>Lifetime: a worker idle for the keep-alive ({@link Kernels#KEEP_ALIVE_PROPERTY}) ends, and {@link #shutdown}
 * ends them all; a later call starts workers again. A worker never dies of a part's failure (a dead one would be
 * replaced by the next call). Workers hold nothing of whoever started them: no inheritable thread-locals, the
 * system class loader as context class loader, the root thread group (and, on JDK 25, a thread has no inherited
 * access control context). So once they have ended, nothing here keeps the class loader that defined Backflow
 * reachable.
 */
public final class Workers {
    private Workers() {}

    /** The name of every worker thread starts with this. */
    public static final String NAME_PREFIX = "backflow-worker-";

    /** How long an idle worker waits for an invitation before it ends; also how long a refused start is not retried. */
    static final long KEEP_ALIVE_NANOS = TimeUnit.MILLISECONDS.toNanos(keepAliveMillis());

    /**
     * The most calls split at once: one per available processor. With that many in flight, every processor
     * already has a caller or worker busy, so splitting more calls would only add callers waiting for workers.
     */
    public static final int SPLIT_CALLS = Math.max(1, Runtime.getRuntime().availableProcessors());

    /**
     * The processors (as many as {@link #SPLIT_CALLS}): at most one fewer workers spin at once (the others park at
     * once), and a caller spins only for a call of at most this many threads, so that spinning never takes a
     * processor from a running part.
     */
    private static final int PROCESSORS = SPLIT_CALLS;

    /** Worker slots: at most one worker per thread beyond the caller's, for the largest thread count allowed. */
    private static final int MAX_WORKERS = Kernels.MAX_THREADS - 1;

    /**
     * Invitations waiting for a worker. Bounded: when it is full, an invitation is dropped and the caller runs
     * that part itself. An invitation to a call that has finished is discarded by the worker that takes it.
     */
    private static final ArrayBlockingQueue<Job> INVITATIONS = new ArrayBlockingQueue<>(1024);

    private static final AtomicInteger IN_FLIGHT = new AtomicInteger();

    /**
     * Counts the split calls that have posted invitations, raised after their invitations are in the queue: a
     * spinning worker watches it and takes the queue's lock only when it moves (and once as it starts to spin).
     */
    private static final AtomicInteger POSTED = new AtomicInteger();

    /**
     * How long a worker that finds no invitation, and a caller waiting for its parts, spin before they park. On a
     * 2-vCPU KVM guest (Zen 5, AMD EPYC family 26 model 2) a split call of two parts of 20 or 80 µs, calls back to
     * back in one JVM timed by a probe (WR.java in the folder below), took 28 and 56-65 µs longer on two threads
     * than a part takes (the worker woken from its park, then the caller from its own): as
     * long as a part of a 256³ product takes. With the spin, calls back to back, and matmulBackward's second
     * product after its first, find the worker still spinning (docs/results/2026-12-03-zen5-worker-spin). A
     * worker so spins up to this long after its last invitation before it parks.
     */
    static final long SPIN_NANOS = TimeUnit.MICROSECONDS.toNanos(100);

    /** Workers spinning now (at most PROCESSORS - 1). */
    private static final AtomicInteger SPINNING = new AtomicInteger();

    /** Guards the writes to the worker slots, their count, the refusal and the warning. */
    private static final Object LOCK = new Object();
    /** The running workers; worker {@code i} is named {@code backflow-worker-(i+1)}. */
    private static final Worker[] WORKERS = new Worker[MAX_WORKERS];
    private static volatile int live;
    /** When the OS last refused a worker thread ({@code System.nanoTime()}); valid while {@code refused}. */
    private static volatile long refusedAt;
    private static volatile boolean refused;
    private static boolean warned;

    /**
     * Runs {@code part.accept(p)} for every {@code p} in {@code [0, parts)}, on the calling thread and up to
     * {@code threads - 1} workers, and returns when all parts are done. Every part runs even when one fails;
     * then the first failure is rethrown (as it was thrown; later ones are added to it as suppressed where the
     * memory allows), so that no part is still running when this method returns or throws. With
     * {@code threads == 1}, one part, a call from a worker, or {@link #SPLIT_CALLS} calls already split, the
     * parts run in order on the calling thread and nothing is allocated here.
     *
     * @param threads the most threads the call may run on, the caller's included
     * @param parts the number of parts
     * @param part what to run for each part, given its index
     * @throws IllegalArgumentException if {@code threads < 1} or {@code parts < 0}
     * @throws NullPointerException if {@code part} is {@code null}
     */
    public static void run(int threads, int parts, IntConsumer part) {
        check(threads, parts, part);
        if (threads == 1 || parts <= 1 || !tryEnter()) {
            runInline(parts, part);
            return;
        }
        try {
            split(threads, parts, part);
        } finally {
            exit();
        }
    }

    /**
     * {@link #run} for a call that {@link #tryEnter} has already admitted: the same, without admitting it
     * again (a call that holds resources for its parts is admitted before it takes them, and may run several
     * rounds of parts on them).
     *
     * @param threads the most threads the call may run on, the caller's included
     * @param parts the number of parts
     * @param part what to run for each part, given its index
     * @throws IllegalArgumentException if {@code threads < 1} or {@code parts < 0}
     * @throws NullPointerException if {@code part} is {@code null}
     */
    public static void runAdmitted(int threads, int parts, IntConsumer part) {
        check(threads, parts, part);
        if (threads == 1 || parts <= 1 || Thread.currentThread() instanceof Worker) {
            runInline(parts, part);
            return;
        }
        split(threads, parts, part);
    }

    /**
     * Admits one split call if fewer than {@link #SPLIT_CALLS} are in flight; the caller must then call
     * {@link #exit} once the call is done, whatever happens. Never admits a call made from a worker (it runs
     * inline). Allocates nothing and never blocks, so nested calls cannot deadlock here.
     *
     * @return whether the call may split; if not, it runs on the calling thread alone
     */
    public static boolean tryEnter() {
        if (Thread.currentThread() instanceof Worker) {
            return false;
        }
        for (int n = IN_FLIGHT.get(); n < SPLIT_CALLS; n = IN_FLIGHT.get()) {
            if (IN_FLIGHT.compareAndSet(n, n + 1)) {
                return true;
            }
        }
        return false;
    }

    /** Ends a call admitted by {@link #tryEnter}. */
    public static void exit() {
        IN_FLIGHT.decrementAndGet();
    }

    /**
     * How many worker threads are running now.
     *
     * @return the number of workers
     */
    public static int workerCount() {
        return live;
    }

    /**
     * Ends every worker: idle ones at once, busy ones when the part they are running ends, and returns when
     * all have ended (or when the calling thread is interrupted, its interrupt status kept). Calls in flight
     * finish: their callers run the parts no worker has started. A later split call starts workers again.
     */
    public static void shutdown() {
        Worker[] ending;
        synchronized (LOCK) {
            ending = WORKERS.clone();
            Arrays.fill(WORKERS, null);
            live = 0;
            for (Worker w : ending) {
                if (w != null) {
                    w.retired = true;
                }
            }
            INVITATIONS.clear(); // their callers run those parts themselves
        }
        for (Worker w : ending) {
            if (w != null) {
                w.wakeIfIdle(); // a busy one sees it is retired when its part ends
            }
        }
        for (Worker w : ending) {
            if (w != null && w != Thread.currentThread()) {
                try {
                    w.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private static void check(int threads, int parts, IntConsumer part) {
        if (threads < 1 || parts < 0) {
            throw new IllegalArgumentException("threads = " + threads + " must be positive and parts = " + parts
                    + " not negative");
        }
        Objects.requireNonNull(part, "part");
    }

    private static void split(int threads, int parts, IntConsumer part) {
        startWorkers(threads - 1);
        int helpers = Math.min(Math.min(threads, parts) - 1, live); // no invitation that no worker could take
        if (helpers <= 0) {
            runInline(parts, part);
            return;
        }
        Job job = new Job(parts, part, Thread.currentThread());
        for (int i = 0; i < helpers && INVITATIONS.offer(job); i++) {
            // each accepted invitation may bring one worker
        }
        POSTED.incrementAndGet(); // after the offers: a spinning worker that sees it finds them queued
        job.work();
        // a virtual thread parks at once: spinning would hold its carrier, which other virtual threads may need
        job.awaitRemaining(threads <= PROCESSORS && !Thread.currentThread().isVirtual() ? SPIN_NANOS : 0);
        job.part = null; // the invitations still queued must not keep the caller's arrays alive
        Throwable failure = job.failure;
        if (failure != null) {
            throw rethrowable(failure);
        }
    }

    private static void runInline(int parts, IntConsumer part) {
        Throwable failure = null;
        for (int p = 0; p < parts; p++) {
            try {
                part.accept(p);
            } catch (Throwable t) {
                if (failure == null) {
                    failure = t;
                } else {
                    suppress(failure, t);
                }
            }
        }
        if (failure != null) {
            throw rethrowable(failure);
        }
    }

    /**
     * Adds a later failure to the first, if there is memory for it: {@code addSuppressed} allocates, and with
     * the heap full it throws, which must neither stop the other parts nor lose the first failure.
     */
    private static void suppress(Throwable first, Throwable next) {
        if (first != next) {
            try {
                first.addSuppressed(next);
            } catch (Throwable lost) {
                // no memory to record it: the first failure is what the call throws
            }
        }
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

    /**
     * Starts workers until {@code wanted} run. If the OS refuses a thread (OutOfMemoryError: unable to create
     * native thread, under a process limit), the call goes on with the workers there are, the refusal is
     * logged once, and no start is tried again for one keep-alive.
     */
    private static void startWorkers(int wanted) {
        wanted = Math.min(wanted, MAX_WORKERS);
        if (live >= wanted || refused && System.nanoTime() - refusedAt < KEEP_ALIVE_NANOS) {
            return;
        }
        OutOfMemoryError refusal = null;
        int running;
        synchronized (LOCK) {
            refused = false;
            for (int slot = 0; live < wanted && slot < MAX_WORKERS; slot++) {
                if (WORKERS[slot] != null) {
                    continue;
                }
                try {
                    Worker w = new Worker(slot);
                    w.start();
                    WORKERS[slot] = w; // before the lock is released, so an ending worker finds itself here
                    live = live + 1;
                } catch (OutOfMemoryError e) {
                    refused = true;
                    refusedAt = System.nanoTime();
                    if (!warned) {
                        warned = true;
                        refusal = e;
                    }
                    break;
                }
            }
            running = live;
        }
        if (refusal != null) {
            warn(refusal, wanted, running);
        }
    }

    private static void warn(OutOfMemoryError refusal, int wanted, int running) {
        String message = "Backflow: a worker thread could not be started (" + refusal + "); parallel calls run on"
                + " the calling thread and the " + running + " worker(s) already running instead of " + wanted
                + ", with the same results. Starting more is tried again after the keep-alive ("
                + TimeUnit.NANOSECONDS.toMillis(KEEP_ALIVE_NANOS) + " ms). This is logged once.";
        try {
            System.getLogger("dev.backflow").log(System.Logger.Level.WARNING, message);
        } catch (RuntimeException | Error e) {
            try {
                System.err.println("WARNING: " + message);
            } catch (RuntimeException | Error ignored) {
                // nothing left to say it with; the calls run regardless
            }
        }
    }

    private static long keepAliveMillis() {
        try {
            long ms = Long.parseLong(System.getProperty(Kernels.KEEP_ALIVE_PROPERTY, "").trim());
            return ms >= 1 ? ms : Kernels.DEFAULT_KEEP_ALIVE_MILLIS;
        } catch (NumberFormatException e) {
            return Kernels.DEFAULT_KEEP_ALIVE_MILLIS;
        }
    }

    /** The root of the thread groups: a worker belongs to no group of whoever happened to start it. */
    private static ThreadGroup rootGroup() {
        ThreadGroup g = Thread.currentThread().getThreadGroup();
        while (g.getParent() != null) {
            g = g.getParent();
        }
        return g;
    }

    /** A worker: takes invitations and runs parts of the calls they name, until idle for a keep-alive or retired. */
    private static final class Worker extends Thread {
        private final int slot;
        /** Set by {@link #shutdown}: this worker has left its slot and must end. */
        volatile boolean retired;
        /**
         * Held by the worker while it runs parts, and by {@link #wakeIfIdle} while it interrupts: so an
         * interrupt only ever reaches a waiting worker, never a part (a part's code may care about interrupts).
         */
        private final AtomicBoolean busy = new AtomicBoolean();

        Worker(int slot) {
            // no inheritable thread-locals of whoever started it; no caller's thread group or class loader
            super(rootGroup(), null, NAME_PREFIX + (slot + 1), 0, false);
            this.slot = slot;
            setDaemon(true);
            setContextClassLoader(ClassLoader.getSystemClassLoader());
        }

        @Override
        public void run() {
            try {
                serve();
            } finally {
                leave(); // however it ends, so that the next call starts a replacement
            }
        }

        private void serve() {
            while (!retired) {
                Job job;
                try {
                    job = spinForInvitation();
                    if (job == null && !retired) {
                        job = INVITATIONS.poll(KEEP_ALIVE_NANOS, TimeUnit.NANOSECONDS);
                    }
                } catch (InterruptedException e) {
                    continue; // shutdown() interrupts idle workers; nobody else should: look whether retired
                } catch (Throwable t) {
                    LockSupport.parkNanos(1_000_000); // the wait allocates: out of heap, try again shortly
                    continue;
                }
                if (job == null) {
                    if (endIfIdle()) {
                        return;
                    }
                    continue;
                }
                while (!busy.compareAndSet(false, true)) {
                    Thread.onSpinWait(); // wakeIfIdle() is interrupting this worker: a moment
                }
                try {
                    Thread.interrupted(); // an interrupt meant to wake it from its wait is not for the parts
                    if (retired) {
                        return; // the invitation is dropped: its caller runs the parts nobody claims
                    }
                    job.work(this);
                } catch (Throwable t) {
                    // work() records every part's failure for its caller; nothing may end the worker
                } finally {
                    busy.set(false);
                }
            }
        }

        /**
         * An invitation taken within {@link #SPIN_NANOS}, spinning rather than parked, or null; at once (one look
         * at the queue) where PROCESSORS - 1 workers spin already. POSTED is read before the queue is: an
         * invitation offered after that read raises it, one offered before is in the queue.
         */
        private Job spinForInvitation() {
            int seen = POSTED.get();
            Job job = INVITATIONS.poll();
            if (job != null || SPINNING.incrementAndGet() >= PROCESSORS) {
                if (job == null) {
                    SPINNING.decrementAndGet();
                }
                return job;
            }
            try {
                long start = System.nanoTime();
                while (job == null && !retired && System.nanoTime() - start < SPIN_NANOS) {
                    Thread.onSpinWait();
                    int now = POSTED.get();
                    if (now != seen) {
                        seen = now;
                        job = INVITATIONS.poll();
                    }
                }
                return job;
            } finally {
                SPINNING.decrementAndGet();
            }
        }

        /** Interrupts this (retired) worker out of its wait, unless it is running parts. */
        void wakeIfIdle() {
            if (busy.compareAndSet(false, true)) {
                try {
                    interrupt();
                } finally {
                    busy.set(false);
                }
            }
        }

        /** Ends this worker unless an invitation has come in meanwhile. */
        private boolean endIfIdle() {
            synchronized (LOCK) {
                if (!INVITATIONS.isEmpty()) {
                    return false;
                }
                leave();
                return true;
            }
        }

        private void leave() {
            synchronized (LOCK) {
                if (WORKERS[slot] == this) {
                    WORKERS[slot] = null;
                    live = live - 1;
                }
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

        /**
         * Claims and runs parts until none is left unclaimed; the thread that finishes the last wakes the caller.
         * Every claimed part is counted down, even when recording its failure fails, so the caller always wakes.
         */
        void work() {
            work(null);
        }

        /** {@link #work()}, on {@code worker} if not null: a worker that is retired claims no more parts. */
        void work(Worker worker) {
            int p;
            while ((worker == null || !worker.retired) && (p = (int) NEXT.getAndAdd(this, 1)) < parts) {
                try {
                    part.accept(p);
                } catch (Throwable t) {
                    if (!FAILURE.compareAndSet(this, null, t)) {
                        suppress(failure, t);
                    }
                } finally {
                    if ((int) REMAINING.getAndAdd(this, -1) == 1) {
                        LockSupport.unpark(caller);
                    }
                }
            }
        }

        /**
         * Waits for the parts that workers have claimed, spinning up to {@code spinNanos} before it parks; keeps an
         * interrupt for the caller to see afterwards.
         */
        void awaitRemaining(long spinNanos) {
            boolean interrupted = false;
            long start = System.nanoTime();
            while (remaining != 0 && System.nanoTime() - start < spinNanos) {
                Thread.onSpinWait(); // a part started with the caller's often ends soon after: see SPIN_NANOS
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
