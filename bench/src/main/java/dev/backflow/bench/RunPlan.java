package dev.backflow.bench;

import dev.backflow.Kernels;
import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.MatmulPeer;
import dev.backflow.bench.harness.OpenBlasThreads;
import dev.backflow.bench.harness.Shapes;
import dev.backflow.bench.jmh.Profile;
import dev.backflow.bench.report.Environment;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.openjdk.jmh.profile.ProfilerException;
import org.openjdk.jmh.profile.ProfilerFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.BenchmarkListEntry;
import org.openjdk.jmh.runner.format.OutputFormat;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.ProfilerConfig;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * The {@code run} command's arguments turned into JMH options per suite, every one checked before anything
 * runs or is written.
 *
 * <p>Backflow's own options ({@code --profile}, {@code --out}, {@code --suite}) come out first; everything
 * else is JMH's command line, parsed by JMH's own {@link CommandLineOptions}. The profile's settings lie
 * underneath: each suite's options take the JMH command line as parent and set a profile value only where
 * the command line gave none, so an explicit {@code -f 1} or {@code -p shape=64} wins. A JMH benchmark regex
 * selects among the profile's suites. Unknown suites, profiles, parameters, parameter values and profilers
 * are {@link BadInput} naming them.
 */
record RunPlan(Profile profile, Path out, Path extraResult, CommandLineOptions jmh, List<SuitePlan> suites,
               List<String> notes) {

    static final String PACKAGE = Profile.class.getPackageName() + ".";

    /** Backflow's options of the run command, each with a value; every other argument is JMH's. */
    static final List<String> OWN_OPTIONS = List.of("--profile", "--out", "--suite");

    /**
     * Parameters whose values are not a closed list: any matching value is accepted (threads up to 256, checked
     * apart).
     */
    static final Map<String, Pattern> OPEN_PARAMS = Map.of("shape", Shapes.FORM,
            "threads", Pattern.compile("[1-9][0-9]{0,2}"));

    /** Per fork, on top of warm-up and measurement: JVM start, setup and its checks (measured on 2 cores). */
    static final double FORK_OVERHEAD_SECONDS = 1.5;

    /** One suite's JMH options, how many benchmarks (parameter combinations) it runs and their planned time. */
    record SuitePlan(String benchmarkClass, ChainedOptionsBuilder options, int benchmarks, double secondsEach) {}

    static RunPlan parse(List<String> args) throws CommandLineOptionException {
        List<String> rest = new ArrayList<>(args);
        String profileName = Args.option(rest, "--profile", "quick");
        Path out = Path.of(Args.option(rest, "--out", "results/" + profileName));
        List<String> onlySuites = new ArrayList<>();
        for (String s = Args.option(rest, "--suite", null); s != null; s = Args.option(rest, "--suite", null)) {
            onlySuites.add(s);
        }
        for (String a : rest) {
            if (a.startsWith("--")) {
                throw new BadInput("unknown option " + a + " (Backflow's are " + String.join(", ", OWN_OPTIONS)
                        + "; JMH's start with one dash: -h lists them)");
            }
        }
        CommandLineOptions jmh = new CommandLineOptions(rest.toArray(String[]::new));
        Profile profile = Profile.named(profileName);
        List<String> suiteNames = profile.suites().stream().map(Profile.Suite::benchmarkClass).toList();
        for (String s : onlySuites) {
            if (!suiteNames.contains(s)) {
                throw new BadInput("unknown suite '" + s + "': the " + profile.name() + " profile has "
                        + String.join(", ", suiteNames));
            }
        }
        Path extra = null;
        if (jmh.getResultFormat().hasValue() && jmh.getResultFormat().get() != ResultFormatType.JSON) {
            throw new BadInput("-rf " + jmh.getResultFormat().get() + ": results are always JMH JSON (results.json "
                    + "in the --out directory)");
        }
        if (jmh.getResult().hasValue()) {
            extra = Path.of(jmh.getResult().get());
        }
        checkProfilers(jmh.getProfilers());

        List<String> notes = new ArrayList<>();
        List<String> jvmPrepend = new ArrayList<>();
        boolean openBlas = openBlasUsable(notes, jvmPrepend);
        jvmPrepend.addAll(jmh.getJvmArgsPrepend().orElse(List.of()));

        Map<String, List<BenchmarkListEntry>> selected = select(jmh, profile, onlySuites);
        checkParams(rest, jmh, selected);

        List<SuitePlan> plans = new ArrayList<>();
        for (Profile.Suite suite : profile.suites()) {
            List<BenchmarkListEntry> entries = selected.get(suite.benchmarkClass());
            if (entries == null || entries.isEmpty()) {
                continue;
            }
            ChainedOptionsBuilder o = layer(profile, jmh);
            String prefix = PACKAGE + suite.benchmarkClass() + ".";
            // JMH unites the command line's includes with ours; an exclude of every other class narrows them.
            o.exclude("^(?!" + Pattern.quote(prefix) + ")");
            Map<String, List<String>> params = new LinkedHashMap<>(suite.params());
            if (!openBlas) {
                withoutOpenBlas(entries, jmh, params, notes);
            }
            params.forEach((name, values) -> {
                if (!jmh.getParameter(name).hasValue()) {
                    o.param(name, values.toArray(String[]::new));
                }
            });
            oneThreadPeersAtOneThread(suite.benchmarkClass(), entries.get(0), jmh, params);
            if (!jvmPrepend.isEmpty()) {
                // Prepend, never append: an append replaces each benchmark's own --add-modules and -XX:-UseSuperWord.
                o.jvmArgsPrepend(jvmPrepend.toArray(String[]::new));
            }
            if (jmh.getJvmArgsAppend().hasValue()) {
                // JMH lets a command-line -jvmArgsAppend replace the class's own; keep both.
                List<String> append = new ArrayList<>(jmh.getJvmArgsAppend().get());
                append.addAll(entries.get(0).getJvmArgsAppend().orElse(List.of()));
                o.jvmArgsAppend(append.toArray(String[]::new));
            }
            Options built = o.build();
            checkShapes(suite.benchmarkClass(), entries.get(0), jmh, params, built);
            int count = 0;
            for (BenchmarkListEntry e : entries) {
                count += combinations(e, built);
            }
            plans.add(new SuitePlan(suite.benchmarkClass(), o, count, secondsEach(built)));
        }
        return new RunPlan(profile, out, extra, jmh, plans, notes);
    }

    /** The profile's settings wherever the JMH command line has none. */
    private static ChainedOptionsBuilder layer(Profile p, CommandLineOptions jmh) {
        ChainedOptionsBuilder o = new OptionsBuilder().parent(jmh);
        if (!jmh.getForkCount().hasValue()) {
            o.forks(p.forks());
        }
        if (!jmh.getWarmupIterations().hasValue()) {
            o.warmupIterations(p.warmups());
        }
        if (!jmh.getWarmupTime().hasValue()) {
            o.warmupTime(TimeValue.milliseconds(p.warmupMillis()));
        }
        if (!jmh.getMeasurementIterations().hasValue()) {
            o.measurementIterations(p.iterations());
        }
        if (!jmh.getMeasurementTime().hasValue()) {
            o.measurementTime(TimeValue.milliseconds(p.iterationMillis()));
        }
        if (!jmh.shouldFailOnError().hasValue()) {
            o.shouldFailOnError(true);
        }
        return o;
    }

    /** The selected benchmarks of each suite of the profile, by class name; at least one, or BadInput. */
    private static Map<String, List<BenchmarkListEntry>> select(CommandLineOptions jmh, Profile profile,
                                                               List<String> onlySuites) {
        OutputFormat silent = OutputFormatFactory.createFormatInstance(
                new PrintStream(OutputStream.nullOutputStream()), VerboseMode.SILENT);
        List<String> includes = jmh.getIncludes().isEmpty() ? List.of(".*") : jmh.getIncludes();
        Set<BenchmarkListEntry> found = BenchmarkList.defaultList().find(silent, includes, jmh.getExcludes());
        Map<String, List<BenchmarkListEntry>> bySuite = new LinkedHashMap<>();
        for (Profile.Suite s : profile.suites()) {
            if (!onlySuites.isEmpty() && !onlySuites.contains(s.benchmarkClass())) {
                continue;
            }
            List<BenchmarkListEntry> entries = found.stream()
                    .filter(e -> e.getUserClassQName().equals(PACKAGE + s.benchmarkClass())).toList();
            if (!entries.isEmpty()) {
                bySuite.put(s.benchmarkClass(), entries);
            }
        }
        if (bySuite.isEmpty()) {
            throw new BadInput("no benchmark of the " + profile.name() + " profile"
                    + (onlySuites.isEmpty() ? "" : " in " + String.join(", ", onlySuites)) + " matches "
                    + String.join(" ", includes) + (jmh.getExcludes().isEmpty() ? "" : " without " + jmh.getExcludes())
                    + " (its suites: "
                    + String.join(", ", profile.suites().stream().map(Profile.Suite::benchmarkClass).toList()) + ")");
        }
        return bySuite;
    }

    /**
     * Every {@code -p NAME=...} on the command line must name a parameter of a selected benchmark, with values
     * that benchmark declares (or, for an open parameter such as shape, values of the right form).
     */
    private static void checkParams(List<String> args, CommandLineOptions jmh,
                                    Map<String, List<BenchmarkListEntry>> selected) {
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < args.size(); i++) {
            if (args.get(i).equals("-p") && i + 1 < args.size()) {
                String a = args.get(i + 1);
                names.add(a.contains("=") ? a.substring(0, a.indexOf('=')) : a);
            }
        }
        Set<String> known = new TreeSet<>();
        selected.values().forEach(es -> es.forEach(e -> known.addAll(e.getParams().orElse(Map.of()).keySet())));
        for (String name : names) {
            if (!known.contains(name)) {
                throw new BadInput("unknown parameter '" + name + "': the selected benchmarks have "
                        + String.join(", ", known));
            }
            Collection<String> values = jmh.getParameter(name).orElse(List.of());
            for (List<BenchmarkListEntry> es : selected.values()) {
                for (BenchmarkListEntry e : es) {
                    String[] declared = e.getParams().hasValue() ? e.getParams().get().get(name) : null;
                    if (declared == null) {
                        continue;
                    }
                    for (String v : values) {
                        boolean ok = OPEN_PARAMS.containsKey(name) ? OPEN_PARAMS.get(name).matcher(v).matches()
                                && (!name.equals("threads") || Integer.parseInt(v) <= Kernels.MAX_THREADS)
                                : List.of(declared).contains(v);
                        if (!ok) {
                            throw new BadInput("unknown value '" + v + "' for parameter " + name + " of "
                                    + e.getUserClassQName().substring(PACKAGE.length())
                                    + (name.equals("threads")
                                    ? " (a thread count from 1 to " + Kernels.MAX_THREADS + ")"
                                    : OPEN_PARAMS.containsKey(name) ? " (expected the form "
                                    + OPEN_PARAMS.get(name).pattern() + ")"
                                    : " (" + String.join(", ", declared) + ")"));
                        }
                    }
                }
            }
        }
    }

    /**
     * EJML and VectorBLAS run on one thread only: a suite that would measure them at another thread count is
     * BadInput, naming the implementations that can.
     */
    private static void oneThreadPeersAtOneThread(String suite, BenchmarkListEntry entry, CommandLineOptions jmh,
                                                  Map<String, List<String>> params) {
        List<String> threads = values("threads", entry, jmh, params);
        List<String> impls = values("impl", entry, jmh, params);
        List<String> oneThread = impls.stream().filter(MatmulPeer.ONE_THREAD_ONLY::contains).toList();
        List<String> more = threads.stream().filter(t -> !t.equals("1")).toList();
        if (!oneThread.isEmpty() && !more.isEmpty()) {
            throw new BadInput(suite + ": " + String.join(" and ", oneThread) + " run on one thread only, not "
                    + String.join(",", more) + " (for other thread counts give -p impl="
                    + String.join(",", impls.stream().filter(i -> !oneThread.contains(i)).toList()) + ")");
        }
    }

    /** A parameter's values in a suite: the command line's, else the profile's, else the benchmark's own. */
    private static List<String> values(String name, BenchmarkListEntry entry, CommandLineOptions jmh,
                                       Map<String, List<String>> params) {
        if (jmh.getParameter(name).hasValue()) {
            return List.copyOf(jmh.getParameter(name).get());
        }
        if (params.containsKey(name)) {
            return params.get(name);
        }
        String[] declared = entry.getParams().hasValue() ? entry.getParams().get().get(name) : null;
        return declared == null ? List.of() : List.of(declared);
    }

    /**
     * Every shape the suite would run must fit a Java array and the fork's heap: otherwise its fork would fail
     * at setup (or run out of memory) after the suites before it have run. BadInput names the value and the
     * largest square shape the heap allows.
     */
    private static void checkShapes(String suite, BenchmarkListEntry entry, CommandLineOptions jmh,
                                    Map<String, List<String>> params, Options built) {
        List<String> shapes = values("shape", entry, jmh, params);
        if (shapes.isEmpty()) {
            return;
        }
        long heap = Shapes.forkHeap(forkJvmArgs(entry, built));
        for (String shape : shapes) {
            String why = Shapes.tooLarge(shape, heap);
            if (why != null) {
                throw new BadInput("-p shape=" + shape + " cannot run in " + suite + "'s fork: " + why + "; the "
                        + "largest square shape its heap of " + Shapes.mib(heap) + " allows is "
                        + Shapes.largestSquare(heap) + " (-jvmArgsAppend -Xmx... gives the forks more)");
            }
        }
    }

    /** The JVM arguments JMH starts the suite's forks with: prepended, the JVM's own (or given), appended. */
    private static List<String> forkJvmArgs(BenchmarkListEntry entry, Options built) {
        List<String> args = new ArrayList<>();
        args.addAll(built.getJvmArgsPrepend().orElse(entry.getJvmArgsPrepend().orElse(List.of())));
        args.addAll(built.getJvmArgs().orElse(entry.getJvmArgs().orElse(
                java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments())));
        args.addAll(built.getJvmArgsAppend().orElse(entry.getJvmArgsAppend().orElse(List.of())));
        return args;
    }

    /** Profilers JMH cannot load or use here, named before anything runs. */
    private static void checkProfilers(List<ProfilerConfig> profilers) {
        for (ProfilerConfig p : profilers) {
            try {
                ProfilerFactory.getProfilerOrException(p);
            } catch (ProfilerException e) {
                if (e.getCause() instanceof ClassNotFoundException
                        || String.valueOf(e.getMessage()).contains("ClassNotFoundException")) {
                    throw new BadInput("unknown profiler '" + p.getKlass() + "' (-lprof lists them)");
                }
                String why = String.valueOf(e.getMessage()).lines().map(String::strip).filter(l -> !l.isEmpty())
                        .findFirst().orElse("");
                throw new BadInput("profiler '" + p.getKlass() + "' cannot be used: " + why + " (-lprof lists them)");
            }
        }
    }

    /** Matmul suites without the openblas row (unless the command line asks for it, which cannot run here). */
    private static void withoutOpenBlas(List<BenchmarkListEntry> entries, CommandLineOptions jmh,
                                        Map<String, List<String>> params, List<String> notes) {
        String[] impls = entries.get(0).getParams().hasValue() ? entries.get(0).getParams().get().get("impl") : null;
        if (impls == null || !List.of(impls).contains("openblas")) {
            return;
        }
        if (jmh.getParameter("impl").hasValue()) {
            if (jmh.getParameter("impl").get().contains("openblas")) {
                throw new BadInput("impl=openblas cannot run here: " + notes.get(0));
            }
            return;
        }
        List<String> from = params.getOrDefault("impl", List.of(impls));
        params.put("impl", from.stream().filter(i -> !i.equals("openblas")).toList());
    }

    /**
     * OpenBLAS is measured only where it is installed and the forks start it on one thread (each row then sets
     * its own thread count, see {@link OpenBlasThreads}); otherwise its rows say why not.
     */
    private static boolean openBlasUsable(List<String> notes, List<String> jvmArgs) {
        var path = Environment.openBlas();
        if (path.isEmpty()) {
            notes.add("OpenBLAS rows skipped: no OpenBLAS library found (Debian: apt-get install libopenblas0; "
                    + "or -Dbackflow.openblas=PATH)");
            return false;
        }
        if (!"1".equals(System.getenv("OPENBLAS_NUM_THREADS"))) {
            notes.add("OpenBLAS rows skipped: OPENBLAS_NUM_THREADS is not 1; every fork must start OpenBLAS on one "
                    + "thread, and each row then sets its own thread count (scripts/bench.sh sets it)");
            return false;
        }
        jvmArgs.add("-D" + MatmulPeer.NATIVE_LIB_PATH + "=" + path.get());
        return true;
    }

    /** The benchmark's parameter combinations under these options: the product of each parameter's value count. */
    private static int combinations(BenchmarkListEntry e, Options o) {
        int n = 1;
        if (e.getParams().hasValue()) {
            for (Map.Entry<String, String[]> p : e.getParams().get().entrySet()) {
                n *= o.getParameter(p.getKey()).hasValue() ? o.getParameter(p.getKey()).get().size()
                        : p.getValue().length;
            }
        }
        return n;
    }

    /** Planned seconds for one benchmark: every fork (warm-up forks too) starts, warms up and measures. */
    private static double secondsEach(Options o) {
        double warm = o.getWarmupIterations().orElse(0) * seconds(o.getWarmupTime().orElse(TimeValue.seconds(10)));
        double measure = o.getMeasurementIterations().orElse(0)
                * seconds(o.getMeasurementTime().orElse(TimeValue.seconds(10)));
        int forks = Math.max(1, o.getForkCount().orElse(1)) + o.getWarmupForkCount().orElse(0);
        return forks * (FORK_OVERHEAD_SECONDS + warm + measure);
    }

    private static double seconds(TimeValue t) {
        return t.convertTo(java.util.concurrent.TimeUnit.MICROSECONDS) / 1e6;
    }
}
