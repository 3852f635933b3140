package dev.backflow.bench.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.report.PairedAnalysis;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The tune command's search and its rule for keeping a change, on synthetic scores: no JVM is started. */
class TuneSearchTest {

    static final TuneSetting AVX2 = new TuneSetting(4, 256, 64, 1024, "copy");
    static final List<TuneSetting.Coordinate> ALL = List.of(TuneSetting.Coordinate.values());

    /** A score of two rows, each with that median ratio, ± half (relative), fastRounds of 20 rounds fast. */
    static TuneScore score(double median, double half, int fastRounds) {
        PairedAnalysis.Interval i = new PairedAnalysis.Interval(median, median * (1 - half), median * (1 + half));
        PairedAnalysis.Interval fast = fastRounds == 0 ? null : i;
        return new TuneScore(List.of(new TuneScore.Part("256³ both", i, 20, fast, fastRounds),
                new TuneScore.Part("1024³ both", i, 20, fast, fastRounds)));
    }

    /** Measures from a landscape, refuses to measure anything twice, and has time for a fixed number of settings. */
    static class Fake implements TuneSearch.Measurer {
        final Function<TuneSetting, TuneScore> landscape;
        final Map<TuneSetting, TuneScore> scores = new LinkedHashMap<>();
        int timeFor;

        Fake(Function<TuneSetting, TuneScore> landscape, int timeFor, TuneSetting start) {
            this.landscape = landscape;
            this.timeFor = timeFor;
            scores.put(start, landscape.apply(start));
        }

        @Override
        public void measure(TuneSetting s) {
            assertFalse(scores.containsKey(s), "measured twice: " + s);
            assertTrue(timeFor > 0, "measured without time");
            timeFor--;
            scores.put(s, landscape.apply(s));
        }

        @Override
        public Map<TuneSetting, TuneScore> scores() {
            return scores;
        }

        @Override
        public boolean timeForAnother() {
            return timeFor > 0;
        }
    }

    /** A CPU where mc 96 is 10% faster than 64, kc 128 5% more, gathers 20% slower, nc makes no difference. */
    static TuneScore landscape(TuneSetting s) {
        double r = 0.8;
        r *= s.mc() == 96 ? 1.10 : s.mc() == 128 ? 1.04 : s.mc() > 128 ? 0.9 : 1;
        r *= s.kc() == 128 ? 1.05 : 1;
        r *= s.transposePack().equals("gather") ? 0.8 : 1;
        r *= s.nc() == 2048 ? 1.01 : 1; // within the noise: never kept
        return score(r, 0.01, 20);
    }

    @Test
    void coordinateDescentFindsEachGainInTurnAndStops() {
        Fake fake = new Fake(TuneSearchTest::landscape, 1000, AVX2);
        List<String> log = new ArrayList<>();
        TuneSearch.Outcome o = TuneSearch.search(AVX2, ALL, 16, 16, 3, fake, log::add);
        assertEquals(new TuneSetting(4, 128, 96, 1024, "copy"), o.best());
        assertFalse(o.outOfTime());
        // the first pass in the documented order; mr has no alternative with 16 registers
        assertEquals(List.of("MC", "NC", "KC", "TRANSPOSE_PACK"),
                o.steps().subList(0, 4).stream().map(s -> s.coordinate().name()).toList());
        assertEquals(List.of("32", "48", "96", "128", "256"),
                o.steps().get(0).tried().stream().map(t -> t.value(TuneSetting.Coordinate.MC)).toList());
        assertEquals("96", o.steps().get(0).chosen().value(TuneSetting.Coordinate.MC));
        assertEquals(List.of("64", "96", "128", "192"),
                o.steps().get(2).tried().stream().map(t -> t.value(TuneSetting.Coordinate.KC)).toList());
        // a second pass changed nothing, and the search ended there
        assertTrue(o.steps().size() >= 8, o.steps().toString());
        assertTrue(o.steps().subList(4, o.steps().size()).stream().allMatch(s -> s.chosen().equals(s.incumbent())),
                o.steps().toString());
        assertTrue(log.get(0).startsWith("tune: mc 64 -> 96 (0.880 against 0.800); now mc=96"), log.get(0));
        assertTrue(log.get(1).startsWith("tune: nc 1024 kept (4 values tried; none beat 0.880 by the margin)"),
                log.get(1));
    }

    @Test
    void withThirtyTwoRegistersTheTileRowsAreSearchedLastAndTheBlockFollowsThem() {
        Fake fake = new Fake(s -> score(s.mr() == 6 ? 0.9 : 0.8, 0.01, 20), 1000, new TuneSetting(4, 128, 64, 1024,
                "gather"));
        TuneSearch.Outcome o = TuneSearch.search(new TuneSetting(4, 128, 64, 1024, "gather"), ALL, 32, 32, 3, fake,
                x -> { });
        assertEquals("MR", o.steps().get(4).coordinate().name());
        assertEquals(new TuneSetting(6, 128, 66, 1024, "gather"), o.best()); // mc rounded up to whole 6-row tiles
    }

    @Test
    void aGainWithinTheMarginOrTheIntervalIsNotKept() {
        TuneScore incumbent = score(0.80, 0.01, 20);
        assertFalse(TuneSearch.beats(score(0.82, 0.005, 20), incumbent, 3), "2.5% is within a 3% margin");
        assertTrue(TuneSearch.beats(score(0.82, 0.001, 20), incumbent, 0), "no margin: 0.819 clears 0.808");
        assertTrue(TuneSearch.beats(score(0.85, 0.02, 20), incumbent, 3));
        assertFalse(TuneSearch.beats(score(0.85, 0.10, 20), incumbent, 3), "lower bound 0.765 is below 0.80");
        assertFalse(TuneSearch.beats(score(0.85, 0.02, 20), score(0.80, 0.10, 20), 3),
                "0.833 is above the incumbent's median but not its upper bound, 0.88: it was measured too noisily");
        assertFalse(TuneSearch.beats(score(0.80, 0.0, 20), incumbent, 0), "equal is not better");
        // a single round has no interval: the margin alone decides
        TuneScore single = new TuneScore(List.of(new TuneScore.Part("64³ both",
                new PairedAnalysis.Interval(0.9, Double.NaN, Double.NaN), 1, null, 0)));
        assertTrue(TuneSearch.beats(single, new TuneScore(List.of(new TuneScore.Part("64³ both",
                new PairedAnalysis.Interval(0.8, Double.NaN, Double.NaN), 1, null, 0))), 3));
    }

    @Test
    void fastRoundsDecideWhereBothHaveEnoughElseAllRounds() {
        PairedAnalysis.Interval slowish = new PairedAnalysis.Interval(0.70, 0.69, 0.71);
        PairedAnalysis.Interval fastGood = new PairedAnalysis.Interval(0.95, 0.94, 0.96);
        PairedAnalysis.Interval fastInc = new PairedAnalysis.Interval(0.85, 0.84, 0.86);
        PairedAnalysis.Interval allInc = new PairedAnalysis.Interval(0.80, 0.79, 0.81);
        TuneScore incumbent = new TuneScore(List.of(new TuneScore.Part("r", allInc, 20, fastInc, 10)));
        // better in the fast rounds, worse over all of them (it ran more in the slow state): fast decides
        TuneScore candidate = new TuneScore(List.of(new TuneScore.Part("r", slowish, 20, fastGood, 10)));
        assertTrue(TuneSearch.beats(candidate, incumbent, 3));
        // too few fast rounds on one side: all rounds decide
        TuneScore fewFast = new TuneScore(List.of(new TuneScore.Part("r", slowish, 20, fastGood,
                TuneScore.MIN_FAST_ROUNDS - 1)));
        assertFalse(TuneSearch.beats(fewFast, incumbent, 3));
    }

    @Test
    void theBudgetStopsTheSearchWithTheBestSoFar() {
        Fake fake = new Fake(TuneSearchTest::landscape, 7, AVX2);
        TuneSearch.Outcome o = TuneSearch.search(AVX2, ALL, 16, 16, 3, fake, x -> { });
        assertTrue(o.outOfTime());
        assertEquals(8, fake.scores.size()); // the defaults and the 7 there was time for
        assertEquals(new TuneSetting(4, 256, 96, 1024, "copy"), o.best()); // mc's gain; kc not reached
        assertFalse(o.steps().get(o.steps().size() - 1).complete());
    }

    @Test
    void theSearchNeverReturnsToAFormerIncumbent() {
        // scores judged again together can reverse: here they flip after every decision, so that whichever
        // setting is not the incumbent beats it; a search that could return to a former incumbent would not end
        TuneSetting gather = new TuneSetting(4, 256, 64, 1024, "gather");
        boolean[] flipped = {false};
        Fake fake = new Fake(s -> null, 1000, AVX2) {
            @Override
            public Map<TuneSetting, TuneScore> scores() {
                Map<TuneSetting, TuneScore> now = new LinkedHashMap<>();
                for (TuneSetting s : scores.keySet()) {
                    now.put(s, score(s.equals(gather) != flipped[0] ? 0.6 : 0.5, 0.001, 20));
                }
                return now;
            }
        };
        TuneSearch.Outcome o = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(10), () -> TuneSearch.search(AVX2,
                        List.of(TuneSetting.Coordinate.TRANSPOSE_PACK), 16, 16, 0, fake,
                        line -> flipped[0] = !flipped[0]));
        // copy, then gather, then transpose: the third choice is the only setting not yet an incumbent
        assertEquals(new TuneSetting(4, 256, 64, 1024, "transpose"), o.best());
        assertEquals(3, o.steps().size(), o.steps().toString());
    }

    @Test
    void neighboursOptionsAndTheTableRow() {
        assertEquals(List.of(256, 512, 2048, 4096), AVX2.neighbours(TuneSetting.Coordinate.NC, 16, 16).stream()
                .map(TuneSetting::nc).toList());
        assertEquals(List.of(12, 18, 36, 48, 96), new TuneSetting(6, 128, 24, 1024, "gather")
                .neighbours(TuneSetting.Coordinate.MC, 32, 32).stream().map(TuneSetting::mc).toList());
        assertEquals(List.of(), AVX2.neighbours(TuneSetting.Coordinate.MR, 16, 16));
        TuneSetting best = new TuneSetting(4, 128, 96, 1024, "copy");
        assertEquals(List.of("-Dbackflow.gemm.mc=96", "-Dbackflow.gemm.kc=128"), best.options(AVX2));
        assertEquals("mc=96, kc=128", best.label(AVX2));
        assertEquals("defaults", AVX2.label(AVX2));
        String row = best.row("AuthenticAMD", 25, 1, 256, 16, "2026-12-02");
        assertEquals("new TunedDefaults(\"AuthenticAMD\", 25, 1, 256, 16, \"2026-12-02\", 4, 128, 96, 1024, "
                + "Blocking.TransposePack.COPY),", row);
        assertTrue(8 + row.length() <= 120, "fits the table's indentation and the line limit");
    }
}
