package dev.backflow.bench.tune;

import dev.backflow.bench.report.PairedAnalysis;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The tune command's search: coordinate descent from the defaults. For each coordinate in turn (by default mc,
 * nc, kc, transposePack, mr), a handful of values next to the incumbent are measured with the others held, and
 * the best of them replaces the incumbent only if it {@linkplain #beats beats} it by more than the noise. Passes
 * repeat while one changed something and time is left; a setting is never measured twice, and a former
 * incumbent never comes back (so the search ends even if the scores, judged again together, would cycle).
 */
final class TuneSearch {
    private TuneSearch() {}

    /** What the search needs of the measurements: the real one runs a child JVM per setting ({@link TuneChild}). */
    interface Measurer {
        /** Measures a setting not measured before; a failure is an unchecked exception that ends the search. */
        void measure(TuneSetting setting);

        /** The score of every setting measured so far, judged together (one machine-state threshold). */
        Map<TuneSetting, TuneScore> scores();

        /** Whether the time budget leaves room to measure another setting. */
        boolean timeForAnother();
    }

    /**
     * One decision of the search.
     *
     * @param coordinate the coordinate tried
     * @param incumbent  the setting before
     * @param tried      the settings measured or already known for it, in the order tried
     * @param chosen     the new incumbent (the old one where nothing beat it)
     * @param complete   false where the budget ran out before every value was measured
     */
    record Step(TuneSetting.Coordinate coordinate, TuneSetting incumbent, List<TuneSetting> tried,
                TuneSetting chosen, boolean complete) {}

    /**
     * The search's outcome: the best setting, the steps, and whether it ended because time ran out (rather than
     * after a pass that changed nothing).
     */
    record Outcome(TuneSetting best, List<Step> steps, boolean outOfTime) {}

    /**
     * The rule that keeps a change: the candidate's score must beat the incumbent's in the same machine state,
     * the fast rounds where both have {@link TuneScore#MIN_FAST_ROUNDS} in every row, else all rounds. It beats
     * it when its geometric-mean ratio is above the incumbent's by more than the margin (3% by default: between
     * JVMs, code placement alone moves a kernel's speed by a few percent, which no interval of one JVM's rounds
     * can see), and the two intervals do not overlap: the candidate's lower bound lies above the incumbent's
     * upper bound (where either has no interval, its median stands for it). Disjoint intervals, not just a
     * lower bound above the incumbent's median, because the incumbent was measured once too: a noisy
     * measurement of it must not make any candidate look better.
     */
    static boolean beats(TuneScore candidate, TuneScore incumbent, double marginPct) {
        boolean fast = candidate.enoughFast() && incumbent.enoughFast();
        PairedAnalysis.Interval c = candidate.geomean(fast);
        PairedAnalysis.Interval inc = incumbent.geomean(fast);
        double cLo = Double.isNaN(c.lo()) ? c.median() : c.lo();
        double incHi = Double.isNaN(inc.hi()) ? inc.median() : inc.hi();
        return c.median() > inc.median() * (1 + marginPct / 100) && cLo > incHi;
    }

    /** The score's value for ranking among candidates: the geometric mean in the state the rule would use. */
    static double rank(TuneScore s, TuneScore incumbent) {
        return s.geomean(s.enoughFast() && incumbent.enoughFast()).median();
    }

    /**
     * Searches from start, which must have been measured already.
     *
     * @param nr        columns of the micro-kernel's tile
     * @param registers vector registers the JIT uses
     * @param log       one line per decision, for the user
     */
    static Outcome search(TuneSetting start, List<TuneSetting.Coordinate> coordinates, int nr, int registers,
                          double marginPct, Measurer measurer, Consumer<String> log) {
        TuneSetting incumbent = start;
        List<Step> steps = new ArrayList<>();
        java.util.Set<TuneSetting> former = new java.util.HashSet<>();
        boolean changed = true;
        while (changed) {
            changed = false;
            for (TuneSetting.Coordinate c : coordinates) {
                List<TuneSetting> values = incumbent.neighbours(c, nr, registers);
                if (values.isEmpty()) {
                    continue;
                }
                List<TuneSetting> tried = new ArrayList<>();
                boolean complete = true;
                for (TuneSetting s : values) {
                    if (former.contains(s)) {
                        continue;
                    }
                    if (!measurer.scores().containsKey(s)) {
                        if (!measurer.timeForAnother()) {
                            complete = false;
                            break;
                        }
                        measurer.measure(s);
                    }
                    tried.add(s);
                }
                TuneSetting chosen = choose(incumbent, tried, measurer.scores(), marginPct);
                steps.add(new Step(c, incumbent, List.copyOf(tried), chosen, complete));
                log.accept(describe(c, incumbent, chosen, start, measurer.scores(), tried.size(), complete));
                if (!chosen.equals(incumbent)) {
                    former.add(incumbent);
                    incumbent = chosen;
                    changed = true;
                }
                if (!complete) {
                    return new Outcome(incumbent, List.copyOf(steps), true);
                }
            }
        }
        return new Outcome(incumbent, List.copyOf(steps), false);
    }

    /** The best-ranked of the tried settings that beats the incumbent, or the incumbent. */
    static TuneSetting choose(TuneSetting incumbent, List<TuneSetting> tried, Map<TuneSetting, TuneScore> scores,
                              double marginPct) {
        TuneScore inc = scores.get(incumbent);
        TuneSetting best = incumbent;
        double bestRank = Double.NEGATIVE_INFINITY;
        for (TuneSetting s : tried) {
            TuneScore score = scores.get(s);
            if (beats(score, inc, marginPct) && rank(score, inc) > bestRank) {
                best = s;
                bestRank = rank(score, inc);
            }
        }
        return best;
    }

    private static String describe(TuneSetting.Coordinate c, TuneSetting incumbent, TuneSetting chosen,
                                   TuneSetting defaults, Map<TuneSetting, TuneScore> scores, int tried,
                                   boolean complete) {
        TuneScore inc = scores.get(incumbent);
        String was = String.format(Locale.ROOT, "%s %s", c.property, incumbent.value(c));
        if (chosen.equals(incumbent)) {
            return String.format(Locale.ROOT, "tune: %s kept (%s; none beat %.3f by the margin)", was,
                    (complete ? "" : "out of time after ") + tried + " value" + (tried == 1 ? "" : "s") + " tried",
                    rank(inc, inc));
        }
        return String.format(Locale.ROOT, "tune: %s -> %s (%.3f against %.3f); now %s", was, chosen.value(c),
                rank(scores.get(chosen), inc), rank(inc, inc), chosen.label(defaults));
    }
}
