package dev.backflow;

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

/**
 * The dispatcher: finds the implementations of {@link BackwardKernels} on the class path and module path
 * (through {@link KernelProvider}) and hands out the fastest one that can run on this JVM.
 *
 * <p>The choice is made once, on first use, and logged in one line through {@link System.Logger} (logger
 * {@code dev.backflow}): which implementation, why, and, when it fell back to {@code "scalar"}, how to get the
 * fast path. The system property {@value #PROPERTY} ({@code scalar} or {@code vector}) forces the choice;
 * forcing one that cannot run here is an error, never a silent fallback.
 *
 * <p>Run {@code java -cp ... dev.backflow.Kernels} (or {@code -m dev.backflow.core/dev.backflow.Kernels}) to
 * print what this JVM would choose.
 */
public final class Kernels {

    /** The system property that forces an implementation by name. */
    public static final String PROPERTY = "backflow.kernels";

    private static final System.Logger LOG = System.getLogger("dev.backflow");

    private static volatile BackwardKernels best;

    private Kernels() {}

    /**
     * The fastest implementation usable here, or the one named by {@value #PROPERTY}; chosen once and cached.
     *
     * @throws IllegalStateException if {@value #PROPERTY} names an implementation that is unknown or cannot
     *     run here (the message says why)
     */
    public static BackwardKernels best() {
        BackwardKernels b = best;
        if (b == null) {
            synchronized (Kernels.class) {
                b = best;
                if (b == null) {
                    Choice choice = Registry.INSTANCE.choose(System.getProperty(PROPERTY));
                    LOG.log(choice.level(), choice.message());
                    best = b = choice.kernels();
                }
            }
        }
        return b;
    }

    /** The scalar reference implementation, usable everywhere. */
    public static BackwardKernels scalar() {
        return ScalarKernels.INSTANCE;
    }

    /**
     * The implementation of that name.
     *
     * @throws IllegalArgumentException if no implementation has that name, or it cannot run here; the message
     *     lists the available names and, for a known one, why it cannot run
     */
    public static BackwardKernels named(String name) {
        return Registry.INSTANCE.named(name);
    }

    /** The names of the implementations usable here, fastest first; always includes {@code "scalar"}. */
    public static List<String> available() {
        return Registry.INSTANCE.usableNames();
    }

    /** Prints every implementation found, whether it can run here, and what {@link #best()} chooses (and logs). */
    public static void main(String[] args) {
        for (Map.Entry<String, String> e : Registry.INSTANCE.report().entrySet()) {
            System.out.println(e.getKey() + ": " + e.getValue());
        }
        System.out.println("best: " + best().name());
    }

    /** What {@link #best()} picked and the line it logs. */
    record Choice(BackwardKernels kernels, Level level, String message) {}

    /** The providers found, each asked once whether it can run. */
    static final class Registry {
        static final Registry INSTANCE = new Registry(discover());

        /** A provider with its verdict; {@code kernels} is null when unusable. */
        record Entry(String name, int priority, String reason, String description, BackwardKernels kernels) {}

        private final List<Entry> entries; // by priority, highest first; scalar last

        Registry(List<Entry> found) {
            List<Entry> all = new ArrayList<>(found);
            all.add(new Entry("scalar", 0, null, "the scalar reference", ScalarKernels.INSTANCE));
            all.sort(Comparator.comparingInt(Entry::priority).reversed());
            this.entries = List.copyOf(all);
        }

        private static List<Entry> discover() {
            List<Entry> found = new ArrayList<>();
            var it = ServiceLoader.load(KernelProvider.class, Kernels.class.getClassLoader()).iterator();
            while (true) {
                KernelProvider p;
                try {
                    if (!it.hasNext()) {
                        break;
                    }
                    p = it.next();
                } catch (ServiceConfigurationError | LinkageError e) {
                    LOG.log(Level.WARNING, "Backflow: a kernel provider could not be loaded and is ignored: " + e);
                    continue;
                }
                found.add(evaluate(p));
            }
            return found;
        }

        static Entry evaluate(KernelProvider p) {
            try {
                Optional<String> reason = p.unusableReason();
                if (reason.isPresent()) {
                    return new Entry(p.name(), p.priority(), reason.get(), null, null);
                }
                return new Entry(p.name(), p.priority(), null, p.describe(), p.create());
            } catch (RuntimeException | LinkageError e) {
                return new Entry(p.name(), p.priority(), "its provider failed: " + e, null, null);
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
            if (skipped.isEmpty()) {
                String why = chosen.name().equals("scalar")
                        ? "no faster implementation is on the class path or module path; add backflow-simd for the Vector API kernels"
                        : "the fastest usable implementation";
                return new Choice(chosen.kernels(), Level.INFO,
                        "Backflow: using '" + chosen.name() + "' kernels (" + chosen.description() + "): " + why);
            }
            StringBuilder msg = new StringBuilder("Backflow: using '" + chosen.name() + "' kernels ("
                    + chosen.description() + ") because ");
            for (int i = 0; i < skipped.size(); i++) {
                Entry s = skipped.get(i);
                msg.append(i == 0 ? "" : "; and ").append("'").append(s.name()).append("' cannot run here: ")
                        .append(s.reason());
            }
            boolean fellBelowSkipped = skipped.stream().anyMatch(s -> s.priority() > chosen.priority());
            return new Choice(chosen.kernels(), fellBelowSkipped ? Level.WARNING : Level.INFO, msg.toString());
        }

        BackwardKernels named(String name) {
            Entry e = name == null ? null : find(name);
            if (e == null || e.kernels() == null) {
                throw new IllegalArgumentException(whyNot(name, e));
            }
            return e.kernels();
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
            return out;
        }
    }
}
