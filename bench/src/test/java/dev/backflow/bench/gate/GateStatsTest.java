package dev.backflow.bench.gate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.report.Stats;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The gate's statistics on synthetic forks with known effects, made as the shared machine behaves: each fork
 * in a fast or a slow state (FMA probe 95 or 60 GFLOP/s, the kernel's time inversely so), 1% noise on each
 * iteration and each probe reading.
 */
class GateStatsTest {

    static final GateRow MATMUL = GateRow.fromName("matmul:64");
    static final GateRow RELU = GateRow.fromName("relu");
    static final int PAIRS = 6;
    static final int ITERATIONS = 10;

    /** A fork whose state is fixed (probe), whose time is base × effect × 95/probe, with 1% noise. */
    static GateData.Row fork(SplittableRandom r, double effect, double probe, boolean flipping) {
        double[] t = new double[ITERATIONS];
        double[] p = new double[ITERATIONS + 1];
        for (int i = 0; i <= ITERATIONS; i++) {
            double state = flipping && i % 2 == 1 ? probe * 0.6 : probe; // a flip between every two readings
            p[i] = state * Math.exp(0.01 * r.nextGaussian());
        }
        for (int i = 0; i < ITERATIONS; i++) {
            double state = Math.sqrt(p[i] * p[i + 1]);
            t[i] = 1000 * effect * 95 / state * Math.exp(0.01 * r.nextGaussian());
        }
        return new GateData.Row("x", 100, 5, true, 10, t, p, p);
    }

    static double state(SplittableRandom r) {
        return r.nextBoolean() ? 95 : 60;
    }

    /** Pairs whose forks each draw their own state: normalisation has to bridge them. */
    static List<GateData.Row[]> pairs(long seed, double effect) {
        SplittableRandom r = new SplittableRandom(seed);
        List<GateData.Row[]> pairs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            pairs.add(new GateData.Row[] {fork(r, 1, state(r), false), fork(r, effect, state(r), false)});
        }
        return pairs;
    }

    @Test
    void aTenPercentSlowdownIsARegressionAcrossStateChanges() {
        for (long seed = 1; seed <= 20; seed++) {
            GateStats.Row row = GateStats.row(MATMUL, pairs(seed, 1.10), 5, 10);
            assertEquals(GateStats.REGRESSION, row.normalised().verdict(), "seed " + seed + ": " + row);
            assertEquals(1.10, row.normalised().ratio(), 0.02);
            assertTrue(row.normalised().halfWidthPct() < 5, row.toString());
            assertEquals(1, GateStats.exitStatus(List.of(row), "normalised"));
        }
    }

    /** Same code: never a verdict, and the 95% intervals miss the true ratio 1 about 5% of the time. */
    @Test
    void noChangeIsNoVerdict() {
        int missed = 0;
        for (long seed = 1; seed <= 200; seed++) {
            GateStats.Row row = GateStats.row(RELU, pairs(seed, 1.0), 5, 10);
            assertEquals(GateStats.UNCHANGED, row.normalised().verdict(), "seed " + seed + ": " + row);
            assertEquals(0, GateStats.exitStatus(List.of(row), "normalised"));
            missed += row.normalised().lo() > 1 || row.normalised().hi() < 1 ? 1 : 0;
        }
        assertTrue(missed >= 2 && missed <= 20, missed + " of 200 intervals missed 1");
    }

    @Test
    void aStateChangeBetweenTheSidesIsNotAChangeOfTheCode() {
        SplittableRandom r = new SplittableRandom(3);
        List<GateData.Row[]> pairs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            pairs.add(new GateData.Row[] {fork(r, 1, 95, false), fork(r, 1, 60, false)}); // candidate always slow
        }
        GateStats.Row row = GateStats.row(MATMUL, pairs, 5, 10);
        assertEquals(GateStats.REGRESSION, row.raw().verdict(), "raw time sees the machine: " + row);
        assertEquals(GateStats.UNCHANGED, row.normalised().verdict(), row.toString());
        assertEquals(1.0, row.normalised().ratio(), 0.01);
        assertEquals(0, GateStats.exitStatus(List.of(row), "normalised"));
        assertEquals(1, GateStats.exitStatus(List.of(row), "raw"));
    }

    @Test
    void aMachineThatFlipsDuringTheIterationsCannotBeJudged() {
        SplittableRandom r = new SplittableRandom(5);
        List<GateData.Row[]> pairs = new ArrayList<>();
        for (int i = 0; i < PAIRS; i++) {
            boolean flips = i < 4; // four of six pairs lose their steadiness
            pairs.add(new GateData.Row[] {fork(r, 1, 95, flips), fork(r, 1, 95, false)});
        }
        GateStats.Row lost = GateStats.row(RELU, pairs, 5, 10);
        assertEquals(GateStats.CANNOT_JUDGE, lost.normalised().verdict(), lost.toString());
        assertEquals(2, lost.normalised().pairs());
        assertEquals(3, GateStats.exitStatus(List.of(lost), "normalised"));
        GateStats.Row slower = GateStats.row(MATMUL, pairs(1, 1.2), 5, 10);
        assertEquals(1, GateStats.exitStatus(List.of(lost, slower), "normalised"), "a regression outranks it");
        GateStats.Row kept = GateStats.row(RELU, pairs.subList(3, PAIRS), 5, 10); // one of three pairs lost
        assertEquals(GateStats.UNCHANGED, kept.normalised().verdict(), kept.toString());
        assertEquals(2, kept.normalised().pairs());
    }

    @Test
    void theIntervalIsStudentsTOnTheLogRatios() {
        List<Double> logs = List.of(Math.log(1.08), Math.log(1.12), Math.log(1.10));
        GateStats.Estimate e = GateStats.estimate(logs, 5);
        double mean = (Math.log(1.08) + Math.log(1.12) + Math.log(1.10)) / 3;
        double sd = Math.sqrt(Stats.variance(logs.stream().mapToDouble(Double::doubleValue).toArray()));
        double half = 4.302652729911275 * sd / Math.sqrt(3); // t(0.975, 2)
        assertEquals(Math.exp(mean), e.ratio(), 1e-12);
        assertEquals(Math.exp(mean - half), e.lo(), 1e-9);
        assertEquals(Math.exp(mean + half), e.hi(), 1e-9);
        assertEquals(GateStats.REGRESSION, e.verdict());
        assertEquals(GateStats.UNCHANGED, GateStats.estimate(logs, 15).verdict(), "below the threshold");
        assertEquals(GateStats.IMPROVEMENT, GateStats.estimate(logs.stream().map(x -> -x).toList(), 5).verdict());
        assertEquals(GateStats.UNCHANGED, GateStats.estimate(List.of(0.3, -0.1), 5).verdict(), "0 inside");
    }

    @Test
    void onlySteadyIterationsAreNormalised() {
        double[] t = {10, 10, 30, 10};
        double[] p = {2, 2, 4, 2, 2}; // iterations 2 and 3 saw the state change
        GateData.Row f = new GateData.Row("x", 0, 0, true, 1, t, p, p);
        assertEquals(20, GateStats.normalised(f, RELU, 10), 1e-12);
        assertTrue(Double.isNaN(GateStats.normalised(new GateData.Row("x", 0, 0, true, 1, t,
                new double[] {2, 4, 2, 4, 2}, p), MATMUL, 10)), "no steady iteration on the FMA probe");
    }
}
