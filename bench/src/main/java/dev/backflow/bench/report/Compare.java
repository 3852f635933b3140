package dev.backflow.bench.report;

import dev.backflow.bench.harness.BadInput;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The CI regression gate: compares a candidate's JMH results with a baseline's, row by row, from JMH's
 * per-iteration data.
 *
 * <p>The unit of evidence is the fork: each fork's median time per operation over its iterations (the median,
 * so that a burst of another process during one iteration does not move it). Iterations within one fork share
 * that JVM's compilation decisions and memory layout, so they vary less than forks do and are not independent
 * samples of a run; a test on them would call two runs of the same code different. With several result files
 * on a side (runs interleaved with the other side's), their forks are pooled. For each row the gate
 * takes the logarithms of the fork medians on each side and computes Welch's two-sided {@value #CONFIDENCE_PCT}%
 * interval for their difference, which is the interval for candidate time / baseline time once
 * exponentiated. The threshold is the smallest change that counts:
 * <ul>
 *   <li>regression: the whole interval lies above 1 + threshold (slower by more than the threshold, with
 *       {@value #CONFIDENCE_PCT}% confidence);</li>
 *   <li>improvement: the whole interval lies below 1 − threshold;</li>
 *   <li>unchanged: anything else (no change shown beyond the threshold);</li>
 *   <li>cannot judge: a row with fewer than two forks on a side (no interval), or without per-iteration
 *       data, or in a unit that is not a time or a throughput.</li>
 * </ul>
 * Exit status: {@value #EXIT_OK} every row judged and none regressed; {@value #EXIT_REGRESSION} at least one
 * regression; {@value #EXIT_UNUSABLE} unusable input (a file missing or malformed, the two files holding
 * different rows, a bad threshold); {@value #EXIT_CANNOT_JUDGE} no regression, but some row could not be
 * judged.
 */
public final class Compare {
    private Compare() {}

    public static final double DEFAULT_THRESHOLD_PCT = 10;
    public static final int CONFIDENCE_PCT = 95;
    static final int EXIT_OK = 0;
    static final int EXIT_REGRESSION = 1;
    static final int EXIT_UNUSABLE = 2;
    static final int EXIT_CANNOT_JUDGE = 3;

    enum Verdict {
        REGRESSION("**regression**"), CANNOT_JUDGE("cannot judge"), IMPROVEMENT("improvement"), UNCHANGED("unchanged");

        final String label;

        Verdict(String label) {
            this.label = label;
        }
    }

    /**
     * One row's verdict. Times are nanoseconds per operation, the geometric mean of the fork medians (JMH's score
     * where the row cannot be judged); ratio, lo and hi are candidate over baseline time, NaN where not judged.
     */
    record Row(String key, Verdict verdict, double baseNanos, double nextNanos, double ratio, double lo, double hi,
               String note) {}

    /**
     * Compares the baseline's runs with the candidate's. Several files on a side are runs of the same code
     * (interleaved with the other side's in time): each row's forks are pooled, so that drift between runs
     * widens the interval instead of passing for a change.
     */
    public static int run(List<Path> basePaths, List<Path> nextPaths, double thresholdPct, PrintStream out) {
        checkThreshold(thresholdPct);
        Map<String, Result> b = pooled(basePaths);
        Map<String, Result> n = pooled(nextPaths);
        sameRows(basePaths.get(0), b, nextPaths.get(0), n);
        List<Row> rows = new ArrayList<>();
        for (String key : b.keySet()) {
            rows.add(judge(key, b.get(key), n.get(key), thresholdPct));
        }
        String paired = PairedCompare.beside(basePaths, nextPaths);
        out.print(markdown(rows, thresholdPct));
        out.print(paired);
        long regressions = rows.stream().filter(r -> r.verdict() == Verdict.REGRESSION).count();
        long unjudged = rows.stream().filter(r -> r.verdict() == Verdict.CANNOT_JUDGE).count();
        return regressions > 0 ? EXIT_REGRESSION : unjudged > 0 ? EXIT_CANNOT_JUDGE : EXIT_OK;
    }

    static void checkThreshold(double pct) {
        if (!(pct >= 0) || Double.isInfinite(pct)) {
            throw new BadInput("--threshold must be a finite percentage of 0 or more, not " + pct);
        }
    }

    /** Each row of the files, pooled across them; every file must hold the same rows as the first. */
    private static Map<String, Result> pooled(List<Path> files) {
        Map<String, List<Result>> runs = new LinkedHashMap<>();
        for (Path f : files) {
            Map<String, Result> rows = new LinkedHashMap<>();
            Result.read(f).forEach(r -> rows.put(r.key(), r));
            if (!runs.isEmpty() && !runs.keySet().equals(rows.keySet())) {
                throw new BadInput(f + " holds other benchmarks than " + files.get(0) + ": runs of one side must "
                        + "use the same profile");
            }
            rows.forEach((k, r) -> runs.computeIfAbsent(k, x -> new ArrayList<>()).add(r));
        }
        Map<String, Result> m = new LinkedHashMap<>();
        runs.forEach((k, rs) -> m.put(k, Result.pool(rs)));
        return m;
    }

    private static void sameRows(Path basePath, Map<String, Result> b, Path nextPath, Map<String, Result> n) {
        if (b.isEmpty()) {
            throw new BadInput(basePath + ": the baseline holds no benchmark");
        }
        TreeSet<String> onlyBase = new TreeSet<>(b.keySet());
        onlyBase.removeAll(n.keySet());
        TreeSet<String> onlyNext = new TreeSet<>(n.keySet());
        onlyNext.removeAll(b.keySet());
        if (!onlyBase.isEmpty() || !onlyNext.isEmpty()) {
            List<String> diff = new ArrayList<>();
            onlyBase.forEach(k -> diff.add("only in the baseline: " + k));
            onlyNext.forEach(k -> diff.add("only in the candidate: " + k));
            throw new BadInput("the two files hold different benchmarks (measure both with the same profile): "
                    + String.join("; ", diff));
        }
    }

    static Row judge(String key, Result base, Result next, double thresholdPct) {
        for (Result r : List.of(base, next)) {
            if (!Units.known(r.unit())) {
                return unjudged(key, base, next, "unit " + r.unit() + " is not a time or a throughput");
            }
        }
        double[] b = forkMedians(base);
        double[] n = forkMedians(next);
        if (b.length < 2 || n.length < 2) {
            List<String> why = new ArrayList<>();
            for (String side : List.of("baseline", "candidate")) {
                int forks = side.equals("baseline") ? b.length : n.length;
                if (forks < 2) {
                    why.add("the " + side + (forks == 0 ? " has no per-iteration data (rawData)" : " has 1 fork"));
                }
            }
            return unjudged(key, base, next, String.join(" and ", why)
                    + ": an interval needs 2 or more forks on each side");
        }
        double[] lb = log(b);
        double[] ln = log(n);
        double[] w = Stats.welch(lb, ln, CONFIDENCE_PCT / 100.0);
        double ratio = Math.exp(w[1]);
        double lo = Math.exp(w[0]);
        double hi = Math.exp(w[2]);
        double t = thresholdPct / 100;
        Verdict v = lo > 1 + t ? Verdict.REGRESSION : hi < 1 - t ? Verdict.IMPROVEMENT : Verdict.UNCHANGED;
        List<String> notes = new ArrayList<>();
        if (v == Verdict.UNCHANGED && (ratio > 1 + t || ratio < 1 - t)) {
            notes.add("beyond the threshold, but the interval reaches within it");
        }
        Warmup.check(base).ifPresent(s -> notes.add("baseline still warming up: " + s));
        Warmup.check(next).ifPresent(s -> notes.add("candidate still warming up: " + s));
        return new Row(key, v, Math.exp(Stats.mean(lb)), Math.exp(Stats.mean(ln)), ratio, lo, hi,
                String.join("; ", notes));
    }

    private static Row unjudged(String key, Result base, Result next, String why) {
        double bn = Units.known(base.unit()) ? Units.nanosPerOp(base.score(), base.unit()) : Double.NaN;
        double nn = Units.known(next.unit()) ? Units.nanosPerOp(next.score(), next.unit()) : Double.NaN;
        return new Row(key, Verdict.CANNOT_JUDGE, bn, nn, nn / bn, Double.NaN, Double.NaN, why);
    }

    /** Each fork's median time per operation in nanoseconds. */
    static double[] forkMedians(Result r) {
        return r.forks().stream().mapToDouble(f -> Warmup.median(Warmup.times(f, r.unit()))).toArray();
    }

    private static double[] log(double[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            y[i] = Math.log(x[i]);
        }
        return y;
    }

    /**
     * The summary line, how to read it, and the table: regressions first, then rows not judged, improvements, the
     * rest.
     */
    static String markdown(List<Row> rows, double thresholdPct) {
        Map<Verdict, Long> counts = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            counts.put(v, rows.stream().filter(r -> r.verdict() == v).count());
        }
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "### Benchmark gate: %d regression%s, %d improvement%s, %d unchanged, "
                        + "%d cannot judge%n%n", counts.get(Verdict.REGRESSION), plural(counts.get(Verdict.REGRESSION)),
                counts.get(Verdict.IMPROVEMENT), plural(counts.get(Verdict.IMPROVEMENT)),
                counts.get(Verdict.UNCHANGED), counts.get(Verdict.CANNOT_JUDGE)));
        String t = Units.significant(thresholdPct, 3);
        md.append(String.format(Locale.ROOT, "A row is a regression when its whole %d%% interval for the change in "
                + "time lies above +%s%% (the threshold), an improvement when it lies below −%s%%. Intervals come "
                + "from Welch's t on the logarithms of the forks' median times, which the table's times average "
                + "(geometric mean).%n%n",
                CONFIDENCE_PCT, t, t));
        md.append(String.format(Locale.ROOT, "| verdict | benchmark | baseline | candidate | change | %d%% interval "
                + "| note |%n", CONFIDENCE_PCT));
        md.append("|---|---|---:|---:|---:|---:|---|\n");
        List<Row> sorted = new ArrayList<>(rows);
        sorted.sort(Comparator.comparing(Row::verdict)
                .thenComparing(r -> r.verdict() == Verdict.REGRESSION ? -r.ratio() : 0));
        for (Row r : sorted) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s | %s | %s |%n", r.verdict().label,
                    Markdown.text(r.key()), Units.time(r.baseNanos()), Units.time(r.nextNanos()),
                    Double.isNaN(r.ratio()) ? "–" : Units.change(r.ratio()),
                    Double.isNaN(r.lo()) ? "–" : Units.change(r.lo()) + " to " + Units.change(r.hi()),
                    Markdown.text(r.note())));
        }
        return md.toString();
    }

    private static String plural(long n) {
        return n == 1 ? "" : "s";
    }
}
