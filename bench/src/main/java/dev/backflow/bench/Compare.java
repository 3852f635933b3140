package dev.backflow.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The CI regression gate: compares a candidate's JMH results with a baseline's, benchmark by benchmark.
 *
 * <p>A benchmark is a regression only when it is slower than the baseline by more than the threshold
 * <em>and</em> the two confidence intervals (score ± JMH's scoreError) do not overlap, so noise that JMH
 * itself reports never fails a build. A benchmark without an interval (too few iterations) is shown but
 * never fails. Exit status: 0 no regression, 1 at least one, 2 unusable input.
 */
final class Compare {
    private Compare() {}

    static final double DEFAULT_THRESHOLD_PCT = 5;

    /** One benchmark's verdict. */
    record Row(String key, Result base, Result next, double ratio, double ratioLo, double ratioHi, String verdict) {}

    static int run(Path basePath, Path nextPath, double thresholdPct, PrintStream out, PrintStream err) {
        List<Result> base;
        List<Result> next;
        try {
            base = Result.read(basePath);
            next = Result.read(nextPath);
        } catch (IOException | RuntimeException e) {
            err.println("compare: cannot read the results: " + e.getMessage());
            return 2;
        }
        Map<String, Result> b = index(base);
        Map<String, Result> n = index(next);
        TreeSet<String> onlyBase = new TreeSet<>(b.keySet());
        onlyBase.removeAll(n.keySet());
        TreeSet<String> onlyNext = new TreeSet<>(n.keySet());
        onlyNext.removeAll(b.keySet());
        if (b.isEmpty() || !onlyBase.isEmpty() || !onlyNext.isEmpty()) {
            err.println("compare: the two files do not hold the same benchmarks; measure both with the same profile.");
            if (b.isEmpty()) {
                err.println("  the baseline holds no benchmark");
            }
            onlyBase.forEach(k -> err.println("  only in the baseline: " + k));
            onlyNext.forEach(k -> err.println("  only in the candidate: " + k));
            return 2;
        }
        int regressions = 0;
        out.printf(Locale.ROOT, "| benchmark | baseline | candidate | candidate / baseline time (interval) | verdict |%n");
        out.printf("|---|---:|---:|---:|---|%n");
        for (String key : b.keySet()) {
            Row r = judge(key, b.get(key), n.get(key), thresholdPct);
            if (r.verdict().startsWith("REGRESSION")) {
                regressions++;
            }
            out.printf(Locale.ROOT, "| %s | %s | %s | %.3f (%s) | %s |%n", key, format(r.base()), format(r.next()),
                    r.ratio(), Double.isNaN(r.ratioLo()) ? "no interval"
                            : String.format(Locale.ROOT, "%.3f-%.3f", r.ratioLo(), r.ratioHi()), r.verdict());
        }
        out.printf(Locale.ROOT, "%n%d benchmark(s), %d regression(s) beyond %.1f%% with non-overlapping intervals.%n",
                b.size(), regressions, thresholdPct);
        return regressions > 0 ? 1 : 0;
    }

    private static Map<String, Result> index(List<Result> results) {
        Map<String, Result> m = new LinkedHashMap<>();
        for (Result r : results) {
            m.put(r.key(), r);
        }
        return m;
    }

    /**
     * The ratio is expressed as candidate time over baseline time (above 1 is slower), whatever JMH's mode:
     * for throughput the scores are inverted first.
     */
    static Row judge(String key, Result base, Result next, double thresholdPct) {
        if (!base.mode().equals(next.mode()) || !base.unit().equals(next.unit())) {
            return new Row(key, base, next, Double.NaN, Double.NaN, Double.NaN,
                    "not comparable (" + base.mode() + " " + base.unit() + " vs " + next.mode() + " " + next.unit() + ")");
        }
        double[] bi = timeInterval(base);
        double[] ni = timeInterval(next);
        double ratio = ni[0] / bi[0];
        boolean hasInterval = !Double.isNaN(base.error()) && !Double.isNaN(next.error());
        double lo = hasInterval ? ni[1] / bi[2] : Double.NaN;
        double hi = hasInterval ? ni[2] / bi[1] : Double.NaN;
        boolean beyond = ratio > 1 + thresholdPct / 100;
        boolean separated = hasInterval && ni[1] > bi[2];
        String verdict;
        if (beyond && separated) {
            verdict = String.format(Locale.ROOT, "REGRESSION: %.1f%% slower", (ratio - 1) * 100);
        } else if (beyond) {
            verdict = hasInterval ? "slower, within noise" : "slower, no interval to judge";
        } else if (ratio < 1 - thresholdPct / 100 && hasInterval && ni[2] < bi[1]) {
            verdict = String.format(Locale.ROOT, "faster: %.1f%%", (1 - ratio) * 100);
        } else {
            verdict = "same";
        }
        return new Row(key, base, next, ratio, lo, hi, verdict);
    }

    /** {time, low, high}: the score as a time (inverted for throughput) with its interval. */
    static double[] timeInterval(Result r) {
        double err = Double.isNaN(r.error()) ? 0 : r.error();
        if (r.higherIsBetter()) {
            return new double[] {1 / r.score(), 1 / (r.score() + err), 1 / Math.max(r.score() - err, Double.MIN_VALUE)};
        }
        return new double[] {r.score(), Math.max(r.score() - err, 0), r.score() + err};
    }

    private static String format(Result r) {
        return Double.isNaN(r.error())
                ? String.format(Locale.ROOT, "%.4g %s", r.score(), r.unit())
                : String.format(Locale.ROOT, "%.4g ± %.2g %s", r.score(), r.error(), r.unit());
    }
}
