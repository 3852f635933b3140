package dev.backflow.bench.tune;

import dev.backflow.bench.report.PairedAnalysis;
import dev.backflow.bench.report.PairedData;
import dev.backflow.bench.report.Report;

import java.util.ArrayList;
import java.util.List;

/**
 * The score of one setting: per row of its paired run (shape and product, one thread), the median ratio
 * speed(vector) / speed(yardstick) with its interval, over all rounds and over the fast ones; and the
 * geometric mean of the rows. The yardstick (OpenBLAS, or another row whose speed no setting touches) is what
 * makes settings measured in different JVMs comparable.
 *
 * <p>The machine's state is judged with one threshold for every setting of a tune run (see
 * {@link PairedAnalysis}: {@value PairedAnalysis#FAST_FRACTION} × the high probe of all the run's readings so
 * far), so that a child JVM that ran wholly in the slow state is not called fast by its own readings.
 *
 * @param parts one per row of the paired run, in its order
 */
public record TuneScore(List<Part> parts) {

    /**
     * A state's ratios count for a setting only with at least this many rounds in it, in every row: below that,
     * its interval says little.
     */
    public static final int MIN_FAST_ROUNDS = 5;

    /**
     * One row's ratios.
     *
     * @param row        "256³ both"
     * @param all        every round's ratio: median and interval
     * @param rounds     how many rounds
     * @param fast       the fast rounds' ratio, or null where there were none
     * @param fastRounds how many fast rounds
     */
    record Part(String row, PairedAnalysis.Interval all, int rounds, PairedAnalysis.Interval fast, int fastRounds) {}

    /** The score of a paired run, its rounds' states judged against that probe threshold. */
    static TuneScore of(PairedData.Run run, double threshold) {
        List<Part> parts = new ArrayList<>();
        for (PairedData.Row r : run.rows()) {
            PairedAnalysis.RowResult rr = PairedAnalysis.row(r, threshold);
            parts.add(new Part(Report.shapeLabel(r.shape()) + " " + r.product(), rr.all().ratio(), rr.all().rounds(),
                    rr.fast() == null ? null : rr.fast().ratio(), rr.fast() == null ? 0 : rr.fast().rounds()));
        }
        return new TuneScore(List.copyOf(parts));
    }

    /** Whether every row has at least {@link #MIN_FAST_ROUNDS} fast rounds. */
    boolean enoughFast() {
        return parts.stream().allMatch(p -> p.fastRounds() >= MIN_FAST_ROUNDS);
    }

    /**
     * The geometric mean over the rows of the fast rounds' ratios (or all rounds'), its bounds the geometric
     * means of the rows' bounds (NaN where a row has a single round): a conservative interval, since the rows'
     * errors are not all of one sign.
     */
    PairedAnalysis.Interval geomean(boolean fast) {
        double m = 0;
        double lo = 0;
        double hi = 0;
        for (Part p : parts) {
            PairedAnalysis.Interval i = fast ? p.fast() : p.all();
            if (i == null) {
                return new PairedAnalysis.Interval(Double.NaN, Double.NaN, Double.NaN);
            }
            m += Math.log(i.median());
            lo += Math.log(i.lo());
            hi += Math.log(i.hi());
        }
        int n = parts.size();
        return new PairedAnalysis.Interval(Math.exp(m / n), Math.exp(lo / n), Math.exp(hi / n));
    }
}
