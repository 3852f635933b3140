package dev.backflow.bench.tune;

import dev.backflow.bench.harness.Args;
import dev.backflow.bench.harness.OutputDir;
import dev.backflow.bench.report.Environment;
import dev.backflow.bench.report.JmhJson;
import dev.backflow.bench.report.PairedAnalysis;
import dev.backflow.bench.report.PairedReport;
import dev.backflow.bench.report.Units;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The {@code tune} command: searches the vector GEMM's bit-neutral settings on this machine ({@link TuneSearch}),
 * each setting measured in a child JVM against a yardstick ({@link TuneChild}), then prints the best setting
 * next to the defaults, the JVM options that select it and the line that makes it the defaults of this CPU
 * kind, and writes tune.json and tune.md into the output directory. None of the settings changes a bit of any
 * result. A child that fails (a failed check, an ignored property) is exit 1 with one line, and tune.json is
 * not written.
 */
public final class Tune {
    private Tune() {}

    static final String FILE = "tune.json";
    static final String KIND = "backflow-tune";

    public static int run(List<String> args, PrintStream out, PrintStream err) throws IOException {
        TunePlan plan = TunePlan.parse(args);
        Path target = OutputDir.prepare(plan.out()); // the checks `run` makes: not a file, writable (tried)
        clearCandidates(target.resolve("candidates"));
        out.printf(Locale.ROOT, "tune: vector against %s on one thread, shapes %s, products %s; about %s minutes; "
                        + "each setting in a child JVM; into %s%n", plan.against(), String.join(",", plan.shapes()),
                String.join(",", plan.products()), Units.significant(plan.minutes(), 3), target);
        if (!plan.note().isEmpty()) {
            out.println("tune: " + plan.note());
        }
        TuneChild children = new TuneChild(plan, target, out);
        TuneChild.Described defaults;
        TuneSearch.Outcome outcome;
        try {
            defaults = children.measureDefaults();
            out.println("tune: the defaults: " + defaults.setting().describe() + " (" + defaults.defaults() + ")");
            outcome = TuneSearch.search(defaults.setting(), plan.search(), defaults.nr(), defaults.registers(),
                    plan.marginPct(), children, out::println);
        } catch (RuntimeException e) {
            String why = e instanceof IllegalStateException && e.getMessage() != null ? e.getMessage() : e.toString();
            err.println("tune: " + Args.firstLine(why) + "; " + FILE + " not written");
            return 1;
        }
        String summary = summary(plan, children, defaults, outcome);
        Files.writeString(target.resolve("tune.md"), summary);
        JmhJson.write(target.resolve(FILE), json(plan, children, defaults, outcome));
        out.println();
        out.print(summary);
        out.println();
        out.println("Written: " + target.resolve(FILE) + " and tune.md (each setting's paired run under candidates/)");
        return 0;
    }

    /** The printed summary: the best setting against the defaults row by row, its options, the table's row. */
    static String summary(TunePlan plan, TuneChild children, TuneChild.Described defaults,
                          TuneSearch.Outcome outcome) {
        Map<TuneSetting, TuneScore> scores = children.scores();
        TuneSetting base = defaults.setting();
        TuneSetting best = outcome.best();
        TuneScore d = scores.get(base);
        TuneScore b = scores.get(best);
        boolean fast = d.enoughFast() && b.enoughFast();
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "### Tune: %s (%d settings measured%s)%n%n", best.label(base),
                scores.size(), outcome.outOfTime() ? ", stopped by the time budget" : ", search complete"));
        md.append(String.format(Locale.ROOT, "Paired ratio speed(vector) / speed(%s), one thread, median [95%% "
                + "interval] over %s rounds:%n%n", plan.against(), fast ? "the fast" : "all"));
        md.append("| row | defaults | ").append(best.equals(base) ? "best (the defaults)" : best.label(base))
                .append(" |\n|---|---|---|\n");
        for (int i = 0; i < d.parts().size(); i++) {
            TuneScore.Part dp = d.parts().get(i);
            TuneScore.Part bp = b.parts().get(i);
            md.append("| ").append(dp.row()).append(" | ").append(cell(fast ? dp.fast() : dp.all())).append(" | ")
                    .append(cell(fast ? bp.fast() : bp.all())).append(" |\n");
        }
        md.append("| geometric mean | ").append(cell(d.geomean(fast))).append(" | ").append(cell(b.geomean(fast)))
                .append(" |\n\n");
        List<String> options = best.options(base);
        md.append("JVM options: ").append(options.isEmpty() ? "none (no setting beat the defaults by the margin)"
                : String.join(" ", options)).append("\n\n");
        if (defaults.vendor() != null) {
            md.append("Row for simd's TunedDefaults.ROWS (docs/tuning.md), making this the defaults of ")
                    .append(defaults.vendor()).append(" family ").append(defaults.family()).append(" model ")
                    .append(defaults.model()).append(", ").append(defaults.bits()).append("-bit, ")
                    .append(defaults.registers()).append(" registers:\n\n    ")
                    .append(best.row(defaults.vendor(), defaults.family(), defaults.model(), defaults.bits(),
                            defaults.registers(), LocalDate.now().toString())).append("\n");
        } else {
            md.append("No row for TunedDefaults: Blocking could not tell this CPU's kind (no /proc/cpuinfo).\n");
        }
        return md.toString();
    }

    private static String cell(PairedAnalysis.Interval i) {
        if (i == null || Double.isNaN(i.median())) {
            return "-";
        }
        return Double.isNaN(i.lo()) ? String.format(Locale.ROOT, "%.3f", i.median())
                : String.format(Locale.ROOT, "%.3f [%.3f, %.3f]", i.median(), i.lo(), i.hi());
    }

    private static Map<String, Object> json(TunePlan plan, TuneChild children, TuneChild.Described defaults,
                                            TuneSearch.Outcome outcome) {
        Map<TuneSetting, TuneScore> scores = children.scores();
        TuneSetting base = defaults.setting();
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("kind", KIND);
        o.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("modelName", Environment.cpuModel());
        cpu.put("vendor", defaults.vendor());
        cpu.put("family", defaults.family());
        cpu.put("model", defaults.model());
        cpu.put("cores", Runtime.getRuntime().availableProcessors());
        o.put("cpu", cpu);
        o.put("vectorBits", defaults.bits());
        o.put("vectorRegisters", defaults.registers());
        o.put("tileColumns", defaults.nr());
        o.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
        o.put("commit", Environment.commit());
        o.put("settings", plan.settings());
        o.put("roundsPerChild", children.rounds());
        o.put("probeThreshold", children.threshold());
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("setting", setting(base));
        d.put("source", defaults.defaults());
        o.put("defaults", d);
        TuneSetting best = outcome.best();
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("setting", setting(best));
        b.put("label", best.label(base));
        b.put("options", String.join(" ", best.options(base)));
        if (defaults.vendor() != null) {
            b.put("row", best.row(defaults.vendor(), defaults.family(), defaults.model(), defaults.bits(),
                    defaults.registers(), LocalDate.now().toString()));
        }
        o.put("best", b);
        o.put("outOfTime", outcome.outOfTime());
        o.put("elapsedSeconds", children.elapsedSeconds());
        List<Object> steps = new ArrayList<>();
        for (TuneSearch.Step s : outcome.steps()) {
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("coordinate", s.coordinate().property);
            step.put("from", s.incumbent().value(s.coordinate()));
            step.put("tried", s.tried().stream().map(t -> t.value(s.coordinate())).toList());
            step.put("chosen", s.chosen().value(s.coordinate()));
            step.put("complete", s.complete());
            steps.add(step);
        }
        o.put("steps", steps);
        List<Object> candidates = new ArrayList<>();
        for (TuneChild.Measured m : children.runs().values()) {
            TuneScore score = scores.get(m.setting());
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("index", m.index());
            c.put("label", m.setting().label(base));
            c.put("setting", setting(m.setting()));
            c.put("options", String.join(" ", m.setting().options(base)));
            c.put("seconds", m.seconds());
            c.put("dir", m.dir().toString());
            c.put("enoughFast", score.enoughFast());
            c.put("geomeanAll", interval(score.geomean(false), -1));
            c.put("geomeanFast", interval(score.geomean(true), -1));
            List<Object> rows = new ArrayList<>();
            for (TuneScore.Part p : score.parts()) {
                Map<String, Object> r = new LinkedHashMap<>();
                r.put("row", p.row());
                r.put("all", interval(p.all(), p.rounds()));
                r.put("fast", interval(p.fast(), p.fastRounds()));
                rows.add(r);
            }
            c.put("rows", rows);
            candidates.add(c);
        }
        o.put("candidates", candidates);
        return o;
    }

    private static Map<String, Object> setting(TuneSetting s) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (TuneSetting.Coordinate c : TuneSetting.Coordinate.values()) {
            m.put(c.property, c == TuneSetting.Coordinate.TRANSPOSE_PACK ? s.transposePack()
                    : Integer.parseInt(s.value(c)));
        }
        return m;
    }

    /** An interval as JSON: NaN (no interval, no rounds) is null, which JSON can hold. */
    private static Map<String, Object> interval(PairedAnalysis.Interval i, int rounds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("median", i == null ? null : finite(i.median()));
        m.put("lo", i == null ? null : finite(i.lo()));
        m.put("hi", i == null ? null : finite(i.hi()));
        if (rounds >= 0) {
            m.put("rounds", rounds);
        }
        return m;
    }

    private static Double finite(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Removes an earlier tune's children's files (only those) from candidates/NN: none passes for this run's. */
    private static void clearCandidates(Path candidates) throws IOException {
        if (!Files.isDirectory(candidates)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(candidates)) {
            List<Path> numbered = dirs.filter(p -> p.getFileName().toString().matches("\\d+") && Files.isDirectory(p))
                    .toList();
            for (Path d : numbered) {
                for (String f : List.of("child.log", PairedReport.FILE, "paired.md", "paired-t1.svg")) {
                    Files.deleteIfExists(d.resolve(f));
                }
                try (Stream<Path> left = Files.list(d)) {
                    if (left.findAny().isEmpty()) {
                        Files.delete(d);
                    }
                }
            }
        }
    }
}
