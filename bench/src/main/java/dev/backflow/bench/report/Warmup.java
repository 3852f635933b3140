package dev.backflow.bench.report;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a row's measured iterations were still getting faster, the mark of a warm-up too short for C2 to
 * finish compiling (or of a machine settling down): such a row's score describes the warm-up, not the code.
 *
 * <p>A row is flagged when, in its per-iteration times ({@code rawData}, converted to time per operation):
 * <ol>
 *   <li>some fork's first measured iteration is slower than every later one of that fork, by more than
 *       {@value #FIRST_MARGIN_PCT}% over their median and by more than three of their robust standard deviations
 *       (1.4826 × the median absolute deviation), so that on a noisy machine only a first iteration that stands
 *       out from the noise counts; or</li>
 *   <li>its iterations fall with time: the common slope of log(time) against iteration number within each
 *       fork (fork means removed) is negative at one-sided 1% significance (Student's t, N − forks − 1
 *       degrees of freedom), and amounts to more than {@value #TREND_MARGIN_PCT}% over a fork's iterations.</li>
 * </ol>
 * Rows without per-iteration data, or with one iteration per fork, are never flagged: nothing shows a trend.
 */
final class Warmup {
    private Warmup() {}

    static final int FIRST_MARGIN_PCT = 10;
    static final int TREND_MARGIN_PCT = 5;

    /** Why the row looks unstable, or empty if it does not. */
    static Optional<String> check(Result r) {
        if (!Units.known(r.unit())) {
            return Optional.empty();
        }
        List<double[]> forks = r.forks().stream().map(f -> times(f, r.unit())).toList();
        for (int f = 0; f < forks.size(); f++) {
            double[] t = forks.get(f);
            if (t.length < 2) {
                continue;
            }
            double[] rest = Arrays.copyOfRange(t, 1, t.length);
            double restMax = Arrays.stream(rest).max().orElseThrow();
            double restMedian = median(rest);
            double[] dev = Arrays.stream(rest).map(v -> Math.abs(v - restMedian)).toArray();
            double margin = Math.max(restMedian * FIRST_MARGIN_PCT / 100.0, 3 * 1.4826 * median(dev));
            if (t[0] > restMax && t[0] > restMedian + margin) {
                return Optional.of(String.format(Locale.ROOT, "fork %d's first iteration took %.2f× the median of "
                        + "the rest", f + 1, t[0] / restMedian));
            }
        }
        return trend(forks);
    }

    /** The pooled within-fork regression of log(time) on iteration number. */
    private static Optional<String> trend(List<double[]> forks) {
        double sxy = 0;
        double sxx = 0;
        int n = 0;
        int groups = 0;
        int longest = 0;
        for (double[] t : forks) {
            if (t.length < 2) {
                continue;
            }
            groups++;
            n += t.length;
            longest = Math.max(longest, t.length);
            double xm = (t.length - 1) / 2.0;
            double ym = Arrays.stream(t).map(Math::log).average().orElseThrow();
            for (int i = 0; i < t.length; i++) {
                sxy += (i - xm) * (Math.log(t[i]) - ym);
                sxx += (i - xm) * (i - xm);
            }
        }
        int df = n - groups - 1;
        if (df < 1 || sxx == 0) {
            return Optional.empty();
        }
        double slope = sxy / sxx;
        double rss = 0;
        for (double[] t : forks) {
            if (t.length < 2) {
                continue;
            }
            double xm = (t.length - 1) / 2.0;
            double ym = Arrays.stream(t).map(Math::log).average().orElseThrow();
            for (int i = 0; i < t.length; i++) {
                double e = Math.log(t[i]) - ym - slope * (i - xm);
                rss += e * e;
            }
        }
        double se = Math.sqrt(rss / df / sxx);
        double fall = 1 - Math.exp(slope * (longest - 1));
        boolean significant = se == 0 ? slope < 0 : slope / se < -Stats.tQuantile(0.99, df);
        if (significant && fall > TREND_MARGIN_PCT / 100.0) {
            return Optional.of(String.format(Locale.ROOT, "its iterations fell %.0f%% from first to last "
                    + "(t = %.1f, %d degrees of freedom)", fall * 100,
                    se == 0 ? Double.NEGATIVE_INFINITY : slope / se, df));
        }
        return Optional.empty();
    }

    static double[] times(double[] scores, String unit) {
        double[] t = new double[scores.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = Units.nanosPerOp(scores[i], unit);
        }
        return t;
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
