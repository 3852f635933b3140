package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The paired analysis on synthetic rounds with known effects: a machine with a fast state (probe 95 GFLOP/s,
 * A/B 0.85) and a slow one (probe 60, A/B 0.60), rounds during which the state changed, a row spent wholly in
 * the slow state, and a machine with one state.
 */
class PairedAnalysisTest {

    static final double FLOPS = 2e9;

    /** A round in which A runs at aGflops and A/B is ratio, with the probe reading before and after. */
    static PairedData.Round round(double aGflops, double ratio, double before, double after) {
        double aNanos = FLOPS / aGflops;
        return new PairedData.Round("AB", aNanos, aNanos * ratio, before, after);
    }

    /**
     * A row of 40 fast rounds (A 70 GFLOP/s, A/B 0.85 with 3% noise, probe 95 ± 1), 20 slow ones (A 40, A/B 0.60,
     * probe 60 ± 1) in blocks, and 4 rounds at whose middle the state changed, with an outlying A/B of 5.
     */
    static PairedData.Row twoStateRow(String shape, String product, int threads, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        List<PairedData.Round> rounds = new ArrayList<>();
        for (int block = 0; block < 4; block++) {
            for (int i = 0; i < 10; i++) {
                rounds.add(round(70, 0.85 * noise(r), 95 + r.nextDouble(-1, 1), 95 + r.nextDouble(-1, 1)));
            }
            rounds.add(round(60, 5, 95, 60));
            for (int i = 0; i < 5; i++) {
                rounds.add(round(40, 0.60 * noise(r), 60 + r.nextDouble(-1, 1), 60 + r.nextDouble(-1, 1)));
            }
        }
        return new PairedData.Row(shape, product, threads, FLOPS, 1, 2, rounds);
    }

    private static double noise(SplittableRandom r) {
        return Math.exp(0.03 * r.nextGaussian());
    }

    static PairedData.Run run(List<PairedData.Row> rows) {
        Map<String, Object> env = Map.of("cpu", "Test CPU", "cores", 2.0, "jdk", "JDK 25", "vectorBits", 256.0,
                "profile", "paired", "commit", "abc1234", "date", "2026-12-01T10:00:00Z");
        return new PairedData.Run("vector", "Backflow vector", "openblas", "OpenBLAS (native)",
                Map.of("rounds", 64.0), env, rows);
    }

    /**
     * compare says so where one run swept the operands' offsets and the other did not, or where one drew them into new
     * arrays and the other did not.
     */
    @Test
    void compareNotesRunsWithDifferentOffsets() {
        PairedData.Run zero = run(List.of(twoStateRow("256", "both", 1, 1)));
        PairedData.Run swept = new PairedData.Run(zero.a(), zero.aLabel(), zero.b(), zero.bLabel(),
                Map.of("rounds", 64.0, "offsets", "swept"), zero.environment(), zero.rows());
        String differ = PairedCompare.markdown(PairedAnalysis.analyse(zero), PairedAnalysis.analyse(swept));
        assertTrue(differ.contains("the baseline's operands were at offsets `zero`, the candidate's at `swept`"),
                differ);
        String same = PairedCompare.markdown(PairedAnalysis.analyse(swept), PairedAnalysis.analyse(swept));
        assertTrue(!same.contains("operands were at offsets"), same);
        assertTrue(!same.contains("new arrays"), same);
        PairedData.Run fresh = new PairedData.Run(zero.a(), zero.aLabel(), zero.b(), zero.bLabel(),
                Map.of("rounds", 64.0, "offsets", "swept", "arraysPerDraw", "new"), zero.environment(), zero.rows());
        String arrays = PairedCompare.markdown(PairedAnalysis.analyse(swept), PairedAnalysis.analyse(fresh));
        assertTrue(arrays.contains("the candidate drew its operands into new arrays every round, the baseline moved"),
                arrays);
    }

    @Test
    void roundsAreSplitIntoTheTwoStatesAndEachStateGetsItsOwnRatio() {
        PairedAnalysis.RunResult result = PairedAnalysis.analyse(run(List.of(twoStateRow("256", "both", 1, 1))));
        assertEquals(0.85 * 95, result.threshold(), 1.0, "0.85 × the run's high probe (95)");
        PairedAnalysis.RowResult row = result.rows().get(0);
        assertEquals(40, row.count(PairedAnalysis.State.FAST));
        assertEquals(20, row.count(PairedAnalysis.State.SLOW));
        assertEquals(4, row.count(PairedAnalysis.State.MIXED));

        PairedAnalysis.Summary fast = row.fast();
        assertEquals(40, fast.rounds());
        assertEquals(0.85, fast.ratio().median(), 0.015);
        assertTrue(fast.ratio().lo() < 0.85 && 0.85 < fast.ratio().hi(), "the interval holds the true ratio: " + fast);
        assertTrue(fast.ratio().hi() - fast.ratio().lo() < 0.05,
                "40 rounds of 3% noise give a narrow interval: " + fast);
        assertEquals(70, fast.aGflops(), 1e-9);
        assertEquals(70 / 0.85, fast.bGflops(), 2.5);
        assertEquals(95, fast.probeGflops(), 1);

        PairedAnalysis.Summary slow = row.slow();
        assertEquals(20, slow.rounds());
        assertEquals(0.60, slow.ratio().median(), 0.015);
        assertTrue(slow.ratio().lo() < 0.60 && 0.60 < slow.ratio().hi(), slow.toString());
        assertEquals(40, slow.aGflops(), 1e-9);
        assertEquals(60, slow.probeGflops(), 1);

        PairedAnalysis.Summary all = row.all();
        assertEquals(64, all.rounds(), "mixed rounds count in all");
        assertTrue(all.ratio().median() > 0.60 && all.ratio().median() < 0.86, all.toString());
        assertTrue(fast.ratio().hi() < 5 && slow.ratio().hi() < 5, "the mixed rounds' outlier is in neither state");
    }

    /** The threshold is the run's, not the row's: a row measured wholly in the slow state is slow. */
    @Test
    void aRowSpentInTheSlowStateIsSlow() {
        List<PairedData.Round> slowOnly = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            slowOnly.add(round(40, 0.6, 60, 61));
        }
        PairedAnalysis.RunResult result = PairedAnalysis.analyse(run(List.of(twoStateRow("256", "both", 1, 2),
                new PairedData.Row("512", "dX", 1, FLOPS, 1, 1, slowOnly))));
        PairedAnalysis.RowResult row = result.rows().get(1);
        assertEquals(10, row.count(PairedAnalysis.State.SLOW));
        assertNull(row.fast(), "no fast rounds, no fast summary");
        assertEquals(0.6, row.slow().ratio().median(), 1e-12);
        assertEquals(0.6, row.slow().ratio().lo(), 1e-12, "no spread, no width");
        assertEquals(0.6, row.slow().ratio().hi(), 1e-12);
    }

    /** On a machine with one state every round is fast: fast means near the best the run saw. */
    @Test
    void aMachineWithOneStateHasOnlyFastRounds() {
        SplittableRandom r = new SplittableRandom(3);
        List<PairedData.Round> rounds = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            rounds.add(round(50, 0.9 * noise(r), 80 + r.nextDouble(-3, 3), 80 + r.nextDouble(-3, 3)));
        }
        PairedAnalysis.RowResult row = PairedAnalysis.analyse(run(List.of(
                new PairedData.Row("64", "dW", 2, FLOPS, 3, 4, rounds)))).rows().get(0);
        assertEquals(30, row.count(PairedAnalysis.State.FAST));
        assertNull(row.slow());
        assertEquals(0.9, row.fast().ratio().median(), 0.02);
    }

    @Test
    void theRatioIsBsTimeOverAs() {
        PairedData.Round twiceAsFast = new PairedData.Round("BA", 1000, 2000, 90, 90);
        assertEquals(2, twiceAsFast.ratio());
    }

    @Test
    void aReadingAtTheThresholdIsFast() {
        assertEquals(PairedAnalysis.State.FAST, PairedAnalysis.state(round(1, 1, 50, 50), 50));
        assertEquals(PairedAnalysis.State.SLOW, PairedAnalysis.state(round(1, 1, 49.99, 49.99), 50));
        assertEquals(PairedAnalysis.State.MIXED, PairedAnalysis.state(round(1, 1, 49.99, 50), 50));
        assertEquals(PairedAnalysis.State.MIXED, PairedAnalysis.state(round(1, 1, 50, 49.99), 50));
    }

    @Test
    void quantilesInterpolateBetweenOrderStatistics() {
        double[] x = {1, 2, 3, 4, 5};
        assertEquals(3, PairedAnalysis.quantile(x, 0.5));
        assertEquals(4.8, PairedAnalysis.quantile(x, 0.95), 1e-12);
        assertEquals(1, PairedAnalysis.quantile(x, 0));
        assertEquals(2.5, PairedAnalysis.quantile(new double[] {2, 3}, 0.5));
    }

    /** The bootstrap is reproducible, holds the median, and has no width for one value. */
    @Test
    void theIntervalIsReproducibleAndHoldsTheMedian() {
        double[] x = {0.8, 0.95, 0.7, 0.9, 0.85, 0.82, 0.88, 1.1, 0.6, 0.83};
        PairedAnalysis.Interval first = PairedAnalysis.median(x);
        assertEquals(first, PairedAnalysis.median(x.clone()));
        assertEquals(0.84, first.median(), 1e-12);
        assertTrue(first.lo() <= first.median() && first.median() <= first.hi() && first.lo() < first.hi(),
                first.toString());
        assertTrue(first.lo() >= 0.6 && first.hi() <= 1.1, first.toString());
        PairedAnalysis.Interval one = PairedAnalysis.median(new double[] {0.7});
        assertEquals(0.7, one.median());
        assertTrue(Double.isNaN(one.lo()) && Double.isNaN(one.hi()), one.toString());
    }
}
