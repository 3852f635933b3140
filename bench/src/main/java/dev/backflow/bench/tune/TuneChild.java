package dev.backflow.bench.tune;

import dev.backflow.bench.report.PairedAnalysis;
import dev.backflow.bench.report.PairedData;
import dev.backflow.bench.report.PairedReport;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tune command's measurements: the GEMM's settings are read once per JVM, so each setting runs in a
 * child JVM of its own (this JVM's java, {@code --add-modules jdk.incubator.vector}, the setting's
 * {@code -Dbackflow.gemm.X=V} options) that runs the {@code paired} command: the vector kernels against the
 * yardstick, on one thread, at the plan's shapes. The child's paired.json, paired.md and log stay in
 * DIR/candidates/NN. The child's own description of its blocking (paired.json's aDescription) must show the
 * setting asked for, value by value: a property the child ignored fails the run.
 *
 * <p>Unless the plan fixes the rounds, the defaults' child runs {@value #FIRST_ROUNDS} rounds, and every later
 * child as many (from {@value #MIN_ROUNDS} to {@value #MAX_ROUNDS}) as let the first pass of the search fit the
 * time left, from the defaults' child's time per round and its fixed cost (start, warm-ups, checks).
 */
final class TuneChild implements TuneSearch.Measurer {

    /**
     * The jar's entry point, which each child runs with the paired command: named, not referenced, so that tune
     * does not depend on the command line above it (TuneCommandTest checks the name).
     */
    static final String MAIN = "dev.backflow.bench.BenchMain";

    static final int FIRST_ROUNDS = 20;
    static final int MIN_ROUNDS = 8;
    static final int MAX_ROUNDS = 60;

    /** The blocking a child reports: Blocking.describe() inside the vector provider's description. */
    static final Pattern BLOCKING = Pattern.compile("(\\d+)-bit vectors, (\\d+) registers: micro-kernel (\\d+)x(\\d+), "
            + "kc (\\d+), mc (\\d+), nc (\\d+), transposed B by (gather|copy|transpose)");
    /** The CPU kind Blocking keys its tuned defaults by, as its description names it. */
    static final Pattern KIND = Pattern.compile("(?:defaults for|no tune run for) (\\S+) family (\\d+) model (\\d+), "
            + "\\d+-bit, \\d+ registers");
    /** Where the defaults came from, as Blocking says. */
    static final Pattern SOURCE = Pattern.compile(
            "defaults for [^;]*? \\(tune run [0-9-]+\\)|derived from cache sizes");

    /**
     * What a child said of its vector kernels.
     *
     * @param setting   the blocking it ran with
     * @param bits      vector width
     * @param registers vector registers
     * @param nr        the tile's columns
     * @param vendor    the CPU kind's vendor, or null where Blocking did not know the CPU
     * @param family    its family
     * @param model     its model
     * @param defaults  where its defaults came from, as Blocking says ("derived from cache sizes ...")
     */
    record Described(TuneSetting setting, int bits, int registers, int nr, String vendor, int family, int model,
                     String defaults) {

        static Described parse(String description) {
            Matcher m = BLOCKING.matcher(description);
            if (!m.find()) {
                throw new IllegalStateException("the child's vector kernels do not describe their blocking as this "
                        + "bench expects: " + description);
            }
            TuneSetting s = new TuneSetting(Integer.parseInt(m.group(3)), Integer.parseInt(m.group(5)),
                    Integer.parseInt(m.group(6)), Integer.parseInt(m.group(7)), m.group(8));
            Matcher k = KIND.matcher(description);
            boolean known = k.find();
            Matcher source = SOURCE.matcher(description);
            String defaults = source.find() ? source.group() : "not said (an older build?)";
            return new Described(s, Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(4)), known ? k.group(1) : null, known ? Integer.parseInt(k.group(2)) : 0,
                    known ? Integer.parseInt(k.group(3)) : 0, defaults);
        }
    }

    /**
     * One child's measurement.
     *
     * @param index   its number, from 0 for the defaults
     * @param setting the setting
     * @param run     its paired run
     * @param seconds the child's wall time
     * @param dir     where its files are
     */
    record Measured(int index, TuneSetting setting, PairedData.Run run, double seconds, Path dir) {}

    private final TunePlan plan;
    private final Path dir;
    private final PrintStream out;
    private final long start = System.nanoTime();
    private final Map<TuneSetting, Measured> runs = new LinkedHashMap<>();
    private final Map<TuneSetting, TuneScore> scores = new LinkedHashMap<>();
    private Described described;
    private int rounds;
    private double lastSeconds;
    private volatile Process running;

    TuneChild(TunePlan plan, Path dir, PrintStream out) {
        this.plan = plan;
        this.dir = dir;
        this.out = out;
        this.rounds = plan.rounds() > 0 ? plan.rounds() : FIRST_ROUNDS;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            Process p = running;
            if (p != null) {
                p.destroyForcibly(); // an interrupted tune leaves no child measuring behind it
            }
        }, "tune: stop the child JVM"));
    }

    /** Measures the defaults (no property set) and learns from the child what they and the machine are. */
    Described measureDefaults() {
        Measured m = child(null, null);
        described = Described.parse(String.valueOf(m.run().environment().get("aDescription")));
        m = new Measured(m.index(), described.setting(), m.run(), m.seconds(), m.dir());
        runs.put(described.setting(), m);
        if (plan.rounds() == 0) {
            adaptRounds(m);
        }
        report(m);
        return described;
    }

    @Override
    public void measure(TuneSetting setting) {
        if (runs.containsKey(setting)) {
            throw new IllegalStateException(setting + " was measured already");
        }
        Measured m = child(setting, setting.options(described.setting()));
        Described got = Described.parse(String.valueOf(m.run().environment().get("aDescription")));
        if (!got.setting().equals(setting)) {
            throw new IllegalStateException("the child JVM for " + setting.label(described.setting()) + " ran with "
                    + got.setting().label(described.setting()) + " instead: its blocking is "
                    + m.run().environment().get("aDescription"));
        }
        runs.put(setting, m);
        report(m);
    }

    /** The scores judged against the current threshold; judged again only once another child has run. */
    @Override
    public Map<TuneSetting, TuneScore> scores() {
        if (scores.size() != runs.size()) {
            double threshold = threshold();
            scores.clear();
            runs.forEach((s, m) -> scores.put(s, TuneScore.of(m.run(), threshold)));
        }
        return java.util.Collections.unmodifiableMap(scores);
    }

    @Override
    public boolean timeForAnother() {
        return elapsedSeconds() + lastSeconds <= plan.minutes() * 60;
    }

    /** The probe reading from which a round is fast: one threshold over every child's readings. */
    double threshold() {
        return threshold(runs.values().stream().map(Measured::run).toList());
    }

    /**
     * {@link PairedAnalysis}'s rule over several runs together: {@value PairedAnalysis#FAST_FRACTION} × the
     * {@value PairedAnalysis#HIGH_QUANTILE} quantile of all their probe readings.
     */
    static double threshold(List<PairedData.Run> pairedRuns) {
        List<Double> probes = new ArrayList<>();
        for (PairedData.Run run : pairedRuns) {
            for (PairedData.Row r : run.rows()) {
                for (PairedData.Round x : r.rounds()) {
                    probes.add(x.probeBefore());
                    probes.add(x.probeAfter());
                }
            }
        }
        double[] sorted = probes.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return PairedAnalysis.FAST_FRACTION * PairedAnalysis.quantile(sorted, PairedAnalysis.HIGH_QUANTILE);
    }

    Map<TuneSetting, Measured> runs() {
        return runs;
    }

    int rounds() {
        return rounds;
    }

    double elapsedSeconds() {
        return (System.nanoTime() - start) / 1e9;
    }

    /**
     * Rounds for the later children: the time left shared among the first pass's settings, less each child's
     * fixed cost (its wall time less its rounds' time), over the time of one round.
     */
    private void adaptRounds(Measured first) {
        double roundSeconds = 0;
        int n = 0;
        for (PairedData.Row r : first.run().rows()) {
            for (PairedData.Round x : r.rounds()) {
                roundSeconds += (x.aNanos() * r.aCalls() + x.bNanos() * r.bCalls()) / 1e9 + plan.probeMs() / 1e3;
            }
            n = Math.max(n, r.rounds().size());
        }
        double perRound = roundSeconds / Math.max(1, n);
        double fixed = Math.max(0, first.seconds() - roundSeconds);
        int settings = 0;
        for (TuneSetting.Coordinate c : plan.search()) {
            settings += described.setting().neighbours(c, described.nr(), described.registers()).size();
        }
        double perChild = (plan.minutes() * 60 - elapsedSeconds()) / Math.max(1, settings);
        rounds = (int) Math.max(MIN_ROUNDS, Math.min(MAX_ROUNDS, Math.floor((perChild - fixed) / perRound)));
        lastSeconds = fixed + rounds * perRound;
        out.printf(Locale.ROOT, "tune: %d settings to try in the first pass; %d rounds each (a round took %.2f s, "
                + "a child's fixed cost %.1f s)%n", settings, rounds, perRound, fixed);
    }

    private void report(Measured m) {
        TuneScore s = TuneScore.of(m.run(), threshold());
        PairedAnalysis.Interval all = s.geomean(false);
        PairedAnalysis.Interval fast = s.geomean(true);
        out.printf(Locale.ROOT, "tune: %2d %-28s vector/%s %.3f [%.3f, %.3f] over all rounds, %s in the fast ones; "
                        + "%.1f s, %.0f s elapsed%n", m.index(), m.setting().label(described.setting()),
                plan.against(), all.median(), all.lo(), all.hi(),
                Double.isNaN(fast.median()) ? "none" : String.format(Locale.ROOT, "%.3f", fast.median()),
                m.seconds(), elapsedSeconds());
        out.flush();
    }

    /** Runs the paired command in a child JVM with those options (none for the defaults, whose setting is null). */
    private Measured child(TuneSetting setting, List<String> options) {
        int index = runs.size();
        Path where = dir.resolve("candidates").resolve(String.format(Locale.ROOT, "%02d", index));
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules", "jdk.incubator.vector"));
        if (options != null) {
            cmd.addAll(options);
        }
        for (String passed : List.of("backflow.openblas", "backflow.commit")) {
            if (System.getProperty(passed) != null) {
                cmd.add("-D" + passed + "=" + System.getProperty(passed));
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), MAIN, "paired",
                "--a", "vector", "--b", plan.against(), "--shape", String.join(",", plan.shapes()),
                "--products", String.join(",", plan.products()), "--threads", "1", "--rounds", Integer.toString(rounds),
                "--batch-ms", Double.toString(plan.batchMs()), "--probe-ms", Double.toString(plan.probeMs()),
                "--warmup-ms", Double.toString(plan.warmupMs()), "--seed", Long.toString(plan.seed() + index),
                "--out", where.toString()));
        Path log = where.resolve("child.log");
        long begin = System.nanoTime();
        int exit;
        try {
            Files.createDirectories(where);
            Files.writeString(log, String.join(" ", cmd) + System.lineSeparator());
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            pb.environment().put("OPENBLAS_NUM_THREADS", "1");
            Process p = pb.start();
            running = p;
            double allowed = Math.max(0, plan.minutes() * 60 - elapsedSeconds()) + 600;
            if (!p.waitFor((long) allowed, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("the child JVM for " + label(setting) + " ran past the budget and 10 "
                        + "minutes more; its log: " + log);
            }
            exit = p.exitValue();
        } catch (IOException e) {
            throw new IllegalStateException("cannot run the child JVM for " + label(setting) + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the child JVM for " + label(setting) + " ran");
        } finally {
            running = null;
        }
        double seconds = (System.nanoTime() - begin) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("the child JVM for " + label(setting) + " failed (exit " + exit + "): "
                    + lastLine(log) + " (its log: " + log + ")");
        }
        lastSeconds = seconds;
        return new Measured(index, setting, PairedData.read(where.resolve(PairedReport.FILE)), seconds, where);
    }

    private String label(TuneSetting setting) {
        return setting == null ? "the defaults" : setting.label(described.setting());
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (!lines.get(i).isBlank() && !lines.get(i).startsWith("WARNING: Using incubator modules")) {
                    return lines.get(i).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "(its log cannot be read: " + e + ")";
        }
        return "(no output)";
    }
}
