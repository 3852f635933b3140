package dev.backflow.bench.gate;

import dev.backflow.bench.report.Stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The gate's statistics for one row. The unit of evidence is a pair: one JVM that measured both builds in
 * interleaved rounds (each round one iteration of each, in a drawn order, between the same probe readings).
 * Each side gives the row one time (the median of its iterations, so that one disturbed iteration does not
 * move it), each pair the ratio candidate/base of those times, and the interval is Student's t 95% interval of
 * the mean log ratio over the pairs (n − 1 degrees of freedom; Apache Commons Statistics' t), turned back into
 * a ratio. Both sides of a round run within milliseconds of each other, so the machine's drift, fast or slow,
 * cancels within each pair; what is left between pairs is what differs from JVM to JVM (code layout, the JIT's
 * choices), which the interval measures.
 *
 * <p>Each row is judged twice. On raw time; and normalised by the machine's state: each iteration's time
 * times the geometric mean of the bounding probe's readings just before and after it (GFLOP/s for matmul,
 * GB/s for elementwise rows), which stays put when another tenant takes a share of the core. Only steady
 * iterations count for the normalised time (the two readings within {@code steadyPct} of each other: the
 * state did not change during the iteration); a fork needs half its iterations steady, else its pair is lost
 * to the normalised judgement. A row keeps fewer than half its pairs, or fewer than two, and it cannot be
 * judged: the machine changed too much.
 *
 * <p>Verdicts against threshold T%: <b>regression</b> when the whole interval lies above 1 and the estimate
 * above 1 + T/100; <b>improvement</b> when the whole interval lies below 1 and the estimate below
 * 1/(1 + T/100); <b>unchanged</b> otherwise.
 */
final class GateStats {
    private GateStats() {}

    static final double CONFIDENCE = 0.95;
    static final String REGRESSION = "regression";
    static final String IMPROVEMENT = "improvement";
    static final String UNCHANGED = "unchanged";
    static final String CANNOT_JUDGE = "cannot judge";

    /**
     * A ratio candidate/base with its interval.
     *
     * @param ratio   the estimate, exp(mean log ratio)
     * @param lo      the interval's lower end
     * @param hi      its upper end
     * @param pairs   the pairs it rests on
     * @param verdict regression, improvement, unchanged, or cannot judge (then the numbers are NaN)
     */
    record Estimate(double ratio, double lo, double hi, int pairs, String verdict) {
        /** Half the interval's width, in percent of the base's time. */
        double halfWidthPct() {
            return (hi - lo) / 2 * 100;
        }
    }

    /**
     * One row's judgement.
     *
     * @param row        the row
     * @param raw        on raw time, every pair
     * @param normalised on time × the bounding probe, the steady pairs
     * @param warmupMs   every fork's warm-up of the row, base and candidate
     * @param capped     how many forks' warm-ups ended at the cap rather than settled
     */
    record Row(GateRow row, Estimate raw, Estimate normalised, double[] warmupMs, int capped) {
        String verdict(String judge) {
            return judge.equals("raw") ? raw.verdict() : normalised.verdict();
        }
    }

    /** Judges a row from its pairs, each {base, candidate}. */
    static Row row(GateRow row, List<GateData.Row[]> pairs, double thresholdPct, double steadyPct) {
        List<Double> raw = new ArrayList<>();
        List<Double> norm = new ArrayList<>();
        List<Double> warm = new ArrayList<>();
        int capped = 0;
        for (GateData.Row[] p : pairs) {
            raw.add(Math.log(median(p[1].nanos()) / median(p[0].nanos())));
            double b = normalised(p[0], row, steadyPct);
            double c = normalised(p[1], row, steadyPct);
            if (!Double.isNaN(b) && !Double.isNaN(c)) {
                norm.add(Math.log(c / b));
            }
            for (GateData.Row f : p) {
                warm.add(f.warmupMs());
                capped += f.settled() ? 0 : 1;
            }
        }
        boolean judgeable = norm.size() >= 2 && 2 * norm.size() >= pairs.size();
        Estimate n = judgeable ? estimate(norm, thresholdPct)
                : new Estimate(Double.NaN, Double.NaN, Double.NaN, norm.size(), CANNOT_JUDGE);
        Estimate r = judgeable ? estimate(raw, thresholdPct)
                : new Estimate(Double.NaN, Double.NaN, Double.NaN, raw.size(), CANNOT_JUDGE);
        return new Row(row, r, n, warm.stream().mapToDouble(Double::doubleValue).toArray(), capped);
    }

    /**
     * A fork's normalised time for the row: the median over its steady iterations of time × √(before × after)
     * of the bounding probe; NaN when fewer than half its iterations are steady.
     */
    static double normalised(GateData.Row f, GateRow row, double steadyPct) {
        double[] p = f.probe(row);
        double[] t = f.nanos();
        List<Double> kept = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            double lo = Math.min(p[i], p[i + 1]);
            double hi = Math.max(p[i], p[i + 1]);
            if (lo > 0 && hi <= lo * (1 + steadyPct / 100)) {
                kept.add(t[i] * Math.sqrt(p[i] * p[i + 1]));
            }
        }
        if (kept.isEmpty() || 2 * kept.size() < t.length) {
            return Double.NaN;
        }
        return median(kept.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** The t interval of the mean of the log ratios (two or more), and its verdict against the threshold. */
    static Estimate estimate(List<Double> logRatios, double thresholdPct) {
        double[] x = logRatios.stream().mapToDouble(Double::doubleValue).toArray();
        double mean = Stats.mean(x);
        double sd = Math.sqrt(Stats.variance(x));
        double half = sd == 0 ? 0 : Stats.tQuantile(0.5 + CONFIDENCE / 2, x.length - 1) * sd / Math.sqrt(x.length);
        double ratio = Math.exp(mean);
        double lo = Math.exp(mean - half);
        double hi = Math.exp(mean + half);
        double t = 1 + thresholdPct / 100;
        String verdict = lo > 1 && ratio > t ? REGRESSION : hi < 1 && ratio < 1 / t ? IMPROVEMENT : UNCHANGED;
        return new Estimate(ratio, lo, hi, x.length, verdict);
    }

    /**
     * The gate's exit status from its rows, judged as {@code judge} says: 1 if any row is a regression, else 3 if
     * any row cannot be judged, else 0.
     */
    static int exitStatus(List<Row> rows, String judge) {
        if (rows.stream().anyMatch(r -> r.verdict(judge).equals(REGRESSION))) {
            return 1;
        }
        return rows.stream().anyMatch(r -> r.verdict(judge).equals(CANNOT_JUDGE)) ? 3 : 0;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
