package dev.backflow;

import dev.backflow.internal.Checks;
import dev.backflow.internal.Workers;
import dev.backflow.spi.KernelProvider;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntFunction;

/**
 * The dispatcher: finds the implementations of {@link BackwardKernels} on the class path and module path
 * (through {@link KernelProvider}) and hands out the fastest one that can run on this JVM.
 *
 * <p>The choice is made once, on first use, and logged in one line through {@link System.Logger} (logger
 * {@code dev.backflow}): which implementation, why, and, when it fell back to {@code "scalar"}, how to get the
 * fast path. The system property {@value #PROPERTY} ({@code scalar} or {@code vector}) forces the choice;
 * forcing one that cannot run here is an error, never a silent fallback.
 *
 * <p>{@link #parallel(int)} and its variants hand out the same implementations running each large call on
 * several threads, with the same bits as on one (see {@link BackwardKernels}, "Threads").
 *
 * <p>Run {@code java -cp ... dev.backflow.Kernels} (or {@code -m dev.backflow.core/dev.backflow.Kernels}) to
 * print what this JVM would choose.
 */
public final class Kernels {

    /** The system property that forces an implementation by name. */
    public static final String PROPERTY = "backflow.kernels";

    /** The system property that sets the thread count of {@link #parallel()}. */
    public static final String THREADS_PROPERTY = "backflow.threads";

    /**
     * The largest thread count accepted: more threads than this only adds overhead on any machine Backflow
     * targets, and Backflow starts one worker thread per thread asked for beyond the first.
     */
    public static final int MAX_THREADS = 256;

    /**
     * The system property that sets how long, in milliseconds, an idle worker thread waits for work before it
     * ends ({@link #parallel(int)}); read once, when the first call is split. A value that is not a whole
     * number of at least 1 is ignored.
     */
    public static final String KEEP_ALIVE_PROPERTY = "backflow.keepAliveMillis";

    /** The keep-alive of idle worker threads when {@value #KEEP_ALIVE_PROPERTY} is not set: 30 seconds. */
    public static final long DEFAULT_KEEP_ALIVE_MILLIS = 30_000;

    private static final System.Logger LOG = System.getLogger("dev.backflow");

    private static volatile BackwardKernels best;

    private Kernels() {}

    /**
     * The fastest implementation usable here, or the one named by {@value #PROPERTY}; chosen once and cached.
     *
     * @return the same instance on every call
     * @throws IllegalStateException if {@value #PROPERTY} names an implementation that is unknown or cannot
     *     run here (the message says why)
     */
    public static BackwardKernels best() {
        BackwardKernels b = best;
        if (b == null) {
            synchronized (Kernels.class) {
                b = best;
                if (b == null) {
                    Choice choice = Registry.instance().choose(System.getProperty(PROPERTY));
                    log(choice);
                    best = b = choice.kernels();
                }
            }
        }
        return b;
    }

    /**
     * Logs the choice. If logging throws (its first use can run out of heap, and leave the JDK's logging
     * classes unusable for good), prints the line to stderr instead; if that fails too, the choice stands
     * unsaid rather than fail the call.
     */
    private static void log(Choice choice) {
        try {
            LOG.log(choice.level(), choice.message());
        } catch (RuntimeException | Error e) {
            try {
                System.err.println(choice.level() + ": " + choice.message() + " (logging failed: " + e + ")");
            } catch (RuntimeException | Error ignored) {
                // nothing left to say it with
            }
        }
    }

    /**
     * The scalar reference implementation, usable everywhere.
     *
     * @return the implementation named {@code "scalar"}
     */
    public static BackwardKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * The implementation of that name.
     *
     * @param name an implementation's name, such as {@code "scalar"} or {@code "vector"}
     * @return that implementation
     * @throws IllegalArgumentException if no implementation has that name, or it cannot run here; the message
     *     lists the available names and, for a known one, why it cannot run
     */
    public static BackwardKernels named(String name) {
        return Registry.instance().named(name);
    }

    /**
     * {@link #best()}, running each large call on up to {@code threads} threads: the calling thread and
     * Backflow's own worker threads (daemon threads named {@code backflow-worker-N}, started on first need and
     * shared by every parallel instance; never {@link java.util.concurrent.ForkJoinPool#commonPool()}). Calls
     * too small for a split to pay run on the calling thread alone, and so does any call made while one split
     * call per available processor is already in flight (that bounds what waiting callers hold: see
     * {@link BackwardKernels}, "Threads"). Every call gives the same bits at every thread count.
     * {@code threads == 1} returns {@link #best()} itself; the same arguments return the same instance. Its
     * {@link BackwardKernels#name() name()} is the implementation's ({@code "vector"}, ...); its
     * {@code toString()} gives the thread count.
     *
     * <p>A worker that finds no parts to run spins for up to 100 µs for the next split call before it parks (at
     * most one fewer workers than available processors spin at once), so calls back to back (and the two products
     * of one matmulBackward) need not wake it. A worker idle for
     * {@value #KEEP_ALIVE_PROPERTY} milliseconds (default {@value #DEFAULT_KEEP_ALIVE_MILLIS}) ends, and
     * {@link #shutdownWorkers()} ends them all at once; a later split call starts workers again. If the OS refuses a
     * new thread (a process limit), calls run on the calling thread and the workers already running, with the same
     * bits; that is logged once (logger {@code dev.backflow}).
     *
     * @param threads the most threads one call may run on
     * @return the parallel form of {@link #best()}
     * @throws IllegalArgumentException if {@code threads} is not in {@code [1, }{@value #MAX_THREADS}{@code ]}
     * @throws IllegalStateException as {@link #best()} does
     */
    public static BackwardKernels parallel(int threads) {
        Checks.threadCount(threads);
        return parallel(best().name(), threads);
    }

    /**
     * The implementation of that name ({@link #named}), running each large call on up to {@code threads}
     * threads as {@link #parallel(int)} says. {@code threads == 1} returns {@code named(name)} itself.
     *
     * @param name an implementation's name, such as {@code "scalar"} or {@code "vector"}
     * @param threads the most threads one call may run on
     * @return the parallel form of that implementation
     * @throws IllegalArgumentException if {@code threads} is not in {@code [1, }{@value #MAX_THREADS}{@code ]},
     *     or as {@link #named} does
     */
    public static BackwardKernels parallel(String name, int threads) {
        Checks.threadCount(threads);
        return Registry.instance().parallel(name, threads);
    }

    /**
     * Ends Backflow's worker threads, for a program or container about to drop the class loader that loaded
     * Backflow (an application server undeploying, a test runner reloading): idle workers end at once, a busy
     * one when the part of a call it is running ends, and this method returns when all have ended, or early,
     * with its interrupt status kept, if the calling thread is interrupted. Once they have ended nothing of
     * Backflow's keeps that class loader reachable (a worker pins no caller's class loader, thread group or
     * inheritable thread-locals), and idle workers end by themselves after the keep-alive anyway
     * ({@value #KEEP_ALIVE_PROPERTY}).
     *
     * <p>Calls are never refused: calls in flight finish, their callers running the parts no worker has started,
     * and a split call made afterwards starts workers again, as on first use. Safe to call at any time, from any
     * thread, any number of times.
     */
    public static void shutdownWorkers() {
        Workers.shutdown();
    }

    /**
     * {@link #parallel(int)} with the thread count of the system property {@value #THREADS_PROPERTY}, read
     * on each call, or, where it is not set, {@link Runtime#availableProcessors()} (at most
     * {@value #MAX_THREADS}).
     *
     * @return the parallel form of {@link #best()} at that thread count
     * @throws IllegalStateException if {@value #THREADS_PROPERTY} is not a whole number in
     *     {@code [1, }{@value #MAX_THREADS}{@code ]} (the message names the property), or as {@link #best()} does
     */
    public static BackwardKernels parallel() {
        return parallel(defaultThreads());
    }

    /** The thread count {@link #parallel()} uses. */
    static int defaultThreads() {
        String value = System.getProperty(THREADS_PROPERTY);
        if (value == null) {
            return Math.min(Runtime.getRuntime().availableProcessors(), MAX_THREADS);
        }
        int threads;
        try {
            threads = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            threads = 0;
        }
        if (threads < 1 || threads > MAX_THREADS) {
            throw new IllegalStateException("-D" + THREADS_PROPERTY + "=" + value + " is not a thread count: it must"
                    + " be a whole number from 1 to " + MAX_THREADS);
        }
        return threads;
    }

    /**
     * The names of the implementations usable here.
     *
     * @return the names, fastest first; always includes {@code "scalar"}
     */
    public static List<String> available() {
        return Registry.instance().usableNames();
    }

    /**
     * Prints every implementation found, whether it can run here, and what {@link #best()} chooses (and logs).
     *
     * @param args ignored
     */
    public static void main(String[] args) {
        for (Map.Entry<String, String> e : Registry.instance().report().entrySet()) {
            System.out.println(e.getKey() + ": " + e.getValue());
        }
        System.out.println("best: " + best().name());
    }

    /** What {@link #best()} picked and the line it logs. */
    record Choice(BackwardKernels kernels, Level level, String message) {}

    /**
     * The providers found, each asked once whether it can run.
     *
     * <p>A provider is code from another jar, run while the dispatcher is being set up, so any failure of it
     * (any unchecked exception or {@link Error}) is caught and makes it unusable, with the failure as the
     * reason. An {@link OutOfMemoryError} while the vector kernels initialise is the case in point; a
     * {@link LinkageError} (a class missing or left uninitialised), a {@link StackOverflowError} (a first call
     * deep in a caller's stack) or an {@link AssertionError} (a provider's bug) is treated the same way: letting
     * one escape would fail every call of {@link #best()}, while the fallback keeps every kernel working and
     * says why in the log. The registry itself is built on first use and kept only once built, so a failure in
     * the dispatcher's own code while building it (the heap exhausted there) fails that call, and the next
     * call tries again.
     */
    static final class Registry {
        private static volatile Registry instance;

        static Registry instance() {
            Registry r = instance;
            if (r == null) {
                synchronized (Registry.class) {
                    r = instance;
                    if (r == null) {
                        instance = r = discover();
                    }
                }
            }
            return r;
        }

        /**
         * A provider with its verdict; {@code kernels} (one thread) and {@code factory} are null when unusable.
         * {@code byThreads} keeps the instance made for each thread count.
         */
        record Entry(String name, int priority, String reason, String description, BackwardKernels kernels,
                     IntFunction<BackwardKernels> factory, AtomicReferenceArray<BackwardKernels> byThreads) {
            Entry(String name, int priority, String reason) {
                this(name, priority, reason, null, null, null, null);
            }

            Entry(String name, int priority, String description, BackwardKernels kernels,
                  IntFunction<BackwardKernels> factory) {
                this(name, priority, null, description, kernels, factory, new AtomicReferenceArray<>(MAX_THREADS + 1));
            }
        }

        private final List<Entry> entries; // by priority, highest first; scalar last
        /** Providers that failed before they could be named: any of them might have been the fastest. */
        private final List<String> unnamedFailures;

        Registry(List<Entry> found) {
            this(found, List.of());
        }

        Registry(List<Entry> found, List<String> unnamedFailures) {
            List<Entry> all = new ArrayList<>(found);
            all.add(new Entry("scalar", 0, "the scalar reference", ScalarKernels.INSTANCE, ScalarKernels::new));
            all.sort(Comparator.comparingInt(Entry::priority).reversed());
            this.entries = List.copyOf(all);
            this.unnamedFailures = List.copyOf(unnamedFailures);
        }

        private static Registry discover() {
            List<Entry> found = new ArrayList<>();
            List<String> failures = new ArrayList<>();
            var it = ServiceLoader.load(KernelProvider.class, Kernels.class.getClassLoader()).iterator();
            while (true) {
                KernelProvider p;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    p = it.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    failures.add("a kernel provider could not be loaded: " + e);
                    continue; // the iterator moves on to the next provider
                } catch (RuntimeException | Error e) {
                    failures.add("the search for kernel providers failed: " + e);
                    break; // the iterator's state after it is unknown: do not loop on it
                }
                try {
                    found.add(evaluate(p));
                } catch (RuntimeException | Error e) {
                    failures.add("a kernel provider (" + p.getClass().getName() + ") failed to give its name"
                            + " or priority: " + e);
                }
            }
            return new Registry(found, failures);
        }

        /**
         * The provider's verdict: usable with its kernels, or not with the reason. A failure of its checks or
         * of {@code describe()} or {@code create(1)} makes it unusable (see the class comment); a failure of
         * {@code name()} or {@code priority()} is thrown, since the entry could not be named.
         */
        static Entry evaluate(KernelProvider p) {
            String name = p.name();
            int priority = p.priority();
            Optional<String> reason;
            try {
                reason = p.unusableReason();
            } catch (RuntimeException | Error e) {
                return new Entry(name, priority, "its provider's checks failed: " + e);
            }
            if (reason.isPresent()) {
                return new Entry(name, priority, reason.get());
            }
            try {
                return new Entry(name, priority, p.describe(), p.create(1), p::create);
            } catch (RuntimeException | Error e) {
                return new Entry(name, priority, "creating its kernels failed: " + e);
            }
        }

        Choice choose(String forced) {
            if (forced != null && !forced.isBlank()) {
                Entry e = find(forced.trim());
                if (e == null || e.kernels() == null) {
                    throw new IllegalStateException("-D" + PROPERTY + "=" + forced + " cannot be honoured: "
                            + whyNot(forced.trim(), e));
                }
                return new Choice(e.kernels(), Level.INFO, "Backflow: using '" + e.name() + "' kernels ("
                        + e.description() + "), forced by -D" + PROPERTY + "=" + forced);
            }
            Entry chosen = entries.stream().filter(e -> e.kernels() != null).findFirst().orElseThrow();
            List<Entry> skipped = entries.stream().filter(e -> e.kernels() == null).toList();
            if (skipped.isEmpty() && unnamedFailures.isEmpty()) {
                String why = chosen.name().equals("scalar")
                        ? "no faster implementation is on the class path or module path; add backflow-simd for the"
                                + " Vector API kernels"
                        : "the fastest usable implementation";
                return new Choice(chosen.kernels(), Level.INFO,
                        "Backflow: using '" + chosen.name() + "' kernels (" + chosen.description() + "): " + why);
            }
            StringBuilder msg = new StringBuilder("Backflow: using '" + chosen.name() + "' kernels ("
                    + chosen.description() + ") because ");
            String and = "";
            for (Entry s : skipped) {
                msg.append(and).append("'").append(s.name()).append("' cannot run here: ").append(s.reason());
                and = "; and ";
            }
            for (String failure : unnamedFailures) {
                msg.append(and).append(failure);
                and = "; and ";
            }
            boolean fellBelowSkipped = skipped.stream().anyMatch(s -> s.priority() > chosen.priority())
                    || !unnamedFailures.isEmpty();
            return new Choice(chosen.kernels(), fellBelowSkipped ? Level.WARNING : Level.INFO, msg.toString());
        }

        BackwardKernels named(String name) {
            Entry e = name == null ? null : find(name);
            if (e == null || e.kernels() == null) {
                throw new IllegalArgumentException(whyNot(name, e));
            }
            return e.kernels();
        }

        /** The instance for that name and thread count, made once (threads already checked). */
        BackwardKernels parallel(String name, int threads) {
            BackwardKernels one = named(name);
            if (threads == 1) {
                return one;
            }
            Entry e = find(name);
            BackwardKernels made = e.byThreads().get(threads);
            if (made != null) {
                return made;
            }
            synchronized (e.byThreads()) { // the provider is asked at most once per thread count
                made = e.byThreads().get(threads);
                if (made == null) {
                    made = make(e, threads);
                    e.byThreads().set(threads, made);
                }
                return made;
            }
        }

        private static BackwardKernels make(Entry e, int threads) {
            BackwardKernels made;
            try {
                made = e.factory().apply(threads);
            } catch (RuntimeException | LinkageError failure) {
                throw new IllegalStateException("'" + e.name() + "' could not make kernels for " + threads
                        + " threads: " + failure, failure);
            }
            if (made == null || !made.name().equals(e.name())) {
                throw new IllegalStateException("'" + e.name() + "' made " + made + " for " + threads + " threads");
            }
            return made;
        }

        private String whyNot(String name, Entry e) {
            String known = e == null ? "no implementation is named '" + name + "'"
                    : "'" + name + "' cannot run here: " + e.reason();
            return known + " (available here: " + String.join(", ", usableNames()) + ")";
        }

        private Entry find(String name) {
            return entries.stream().filter(e -> e.name().equals(name)).findFirst().orElse(null);
        }

        List<String> usableNames() {
            return entries.stream().filter(e -> e.kernels() != null).map(Entry::name).toList();
        }

        Map<String, String> report() {
            Map<String, String> out = new LinkedHashMap<>();
            for (Entry e : entries) {
                out.put(e.name(), e.kernels() != null ? "usable, " + e.description() : "not usable: " + e.reason());
            }
            for (int i = 0; i < unnamedFailures.size(); i++) {
                out.put("unnamed provider " + (i + 1), "not usable: " + unnamedFailures.get(i));
            }
            return out;
        }
    }
}
