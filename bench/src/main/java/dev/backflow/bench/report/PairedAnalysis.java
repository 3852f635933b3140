package dev.backflow.bench.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The analysis of a paired run: which rounds ran in the machine's fast state and which in its slow one, and
 * per row and state the median ratio speed(A) / speed(B) with a confidence interval, each side's GFLOP/s and
 * the probe's.
 *
 * <p>The states: on a shared core the FP pipes are sometimes shared with another tenant, and a register-only
 * FMA loop then reads far less (58-63 against 92-96 GFLOP/s on a Zen 3 VM) at the same clock. The rule: the
 * run's <em>high probe</em> is the {@value #HIGH_QUANTILE} quantile of every probe reading of the run (all
 * rows, so that a row spent wholly in the slow state is still called slow); a reading is fast when it is at
 * least {@value #FAST_FRACTION} × the high probe. A round is <em>fast</em> when the probes just before and
 * just after it are both fast, <em>slow</em> when both are not, and <em>mixed</em> when the state changed during
 * the round: mixed rounds count in the overall ratio but in neither state's. On a machine with one state every
 * round is fast: "fast" means within {@value #FAST_FRACTION} of the best the machine gave in this run.
 *
 * <p>The interval: a {@value #CONFIDENCE_PCT}% percentile bootstrap of the median ({@value #RESAMPLES}
 * resamples from a fixed seed, so the same rounds give the same interval). Ratios are per round, so a change
 * of the machine's speed between rounds moves both sides and cancels.
 */
public final class PairedAnalysis {
    private PairedAnalysis() {}

    public static final double FAST_FRACTION = 0.85;
    public static final double HIGH_QUANTILE = 0.95;
    static final int CONFIDENCE_PCT = 95;
    static final int RESAMPLES = 2000;
    static final long SEED = 14;

    enum State { FAST, SLOW, MIXED }

    /** A median with its interval; lo and hi are NaN for a single value. */
    public record Interval(double median, double lo, double hi) {}

    /**
     * The rounds of one state (or all of them): how many, the ratio's median and interval, and the medians of
     * A's GFLOP/s, B's and the probe's (the mean of the readings before and after each round). Null fields
     * never occur: a state with no rounds has no summary.
     */
    public record Summary(int rounds, Interval ratio, double aGflops, double bGflops, double probeGflops) {}

    /** One row's analysis: its rounds' states, and the summaries of all rounds, the fast ones and the slow ones. */
    public record RowResult(PairedData.Row row, List<State> states, Summary all, Summary fast, Summary slow) {

        long count(State s) {
            return states.stream().filter(x -> x == s).count();
        }
    }

    /** The whole run's analysis: the threshold it used and each row's result, in the run's order. */
    public record RunResult(PairedData.Run run, double highProbe, double threshold, List<RowResult> rows) {}

    public static RunResult analyse(PairedData.Run run) {
        List<Double> probes = new ArrayList<>();
        for (PairedData.Row r : run.rows()) {
            for (PairedData.Round x : r.rounds()) {
                probes.add(x.probeBefore());
                probes.add(x.probeAfter());
            }
        }
        double high = quantile(probes.stream().mapToDouble(Double::doubleValue).sorted().toArray(), HIGH_QUANTILE);
        double threshold = FAST_FRACTION * high;
        List<RowResult> rows = new ArrayList<>();
        for (PairedData.Row r : run.rows()) {
            rows.add(row(r, threshold));
        }
        return new RunResult(run, high, threshold, rows);
    }

    public static RowResult row(PairedData.Row r, double threshold) {
        List<State> states = r.rounds().stream().map(x -> state(x, threshold)).toList();
        return new RowResult(r, states, summary(r, states, null), summary(r, states, State.FAST),
                summary(r, states, State.SLOW));
    }

    static State state(PairedData.Round r, double threshold) {
        boolean before = r.probeBefore() >= threshold;
        boolean after = r.probeAfter() >= threshold;
        return before && after ? State.FAST : !before && !after ? State.SLOW : State.MIXED;
    }

    /** The summary of the rounds in that state (every round for null); null if there are none. */
    static Summary summary(PairedData.Row r, List<State> states, State only) {
        List<PairedData.Round> rounds = new ArrayList<>();
        for (int i = 0; i < states.size(); i++) {
            if (only == null || states.get(i) == only) {
                rounds.add(r.rounds().get(i));
            }
        }
        if (rounds.isEmpty()) {
            return null;
        }
        double[] ratios = rounds.stream().mapToDouble(PairedData.Round::ratio).toArray();
        double[] a = rounds.stream().mapToDouble(x -> r.flops() / x.aNanos()).toArray();
        double[] b = rounds.stream().mapToDouble(x -> r.flops() / x.bNanos()).toArray();
        double[] probe = rounds.stream().mapToDouble(x -> (x.probeBefore() + x.probeAfter()) / 2).toArray();
        return new Summary(rounds.size(), median(ratios), median(a).median(), median(b).median(),
                median(probe).median());
    }

    /** The median with its percentile-bootstrap interval. */
    public static Interval median(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        double m = quantile(sorted, 0.5);
        if (x.length < 2) {
            return new Interval(m, Double.NaN, Double.NaN);
        }
        SplittableRandom random = new SplittableRandom(SEED);
        double[] medians = new double[RESAMPLES];
        double[] sample = new double[x.length];
        for (int b = 0; b < RESAMPLES; b++) {
            for (int i = 0; i < sample.length; i++) {
                sample[i] = x[random.nextInt(x.length)];
            }
            Arrays.sort(sample);
            medians[b] = quantile(sample, 0.5);
        }
        Arrays.sort(medians);
        double tail = (1 - CONFIDENCE_PCT / 100.0) / 2;
        return new Interval(m, quantile(medians, tail), quantile(medians, 1 - tail));
    }

    /** The p-quantile of sorted values, interpolating linearly between order statistics (R's type 7). */
    public static double quantile(double[] sorted, double p) {
        if (sorted.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double h = (sorted.length - 1) * p;
        int lo = (int) Math.floor(h);
        int hi = Math.min(lo + 1, sorted.length - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
