package dev.backflow.bench.report;

import org.apache.commons.statistics.distribution.TDistribution;

/**
 * The few statistics the gate and the warm-up check need: mean, sample variance, Student's t quantile (Apache
 * Commons Statistics' t distribution), and Welch's interval for a difference of means.
 */
public final class Stats {
    private Stats() {}

    public static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The sample variance (n − 1 in the denominator); NaN for fewer than two values. */
    public static double variance(double[] x) {
        if (x.length < 2) {
            return Double.NaN;
        }
        double m = mean(x);
        double s = 0;
        for (double v : x) {
            s += (v - m) * (v - m);
        }
        return s / (x.length - 1);
    }

    /**
     * A two-sided interval for mean(y) − mean(x) at the given confidence, by Welch's t with the
     * Welch–Satterthwaite degrees of freedom: {lo, estimate, hi, df}. Each sample needs two values or more,
     * all finite. Where both samples have no spread the interval is the estimate itself.
     */
    static double[] welch(double[] x, double[] y, double confidence) {
        if (x.length < 2 || y.length < 2) {
            throw new IllegalArgumentException("Welch's t needs two values or more on each side");
        }
        double d = mean(y) - mean(x);
        double vx = variance(x) / x.length;
        double vy = variance(y) / y.length;
        double se2 = vx + vy;
        if (se2 == 0) {
            return new double[] {d, d, d, Double.POSITIVE_INFINITY};
        }
        // Scaled by the larger term, so that squaring a tiny variance cannot underflow to 0/0.
        double a = vx / Math.max(vx, vy);
        double b = vy / Math.max(vx, vy);
        double df = (a + b) * (a + b) / (a * a / (x.length - 1) + b * b / (y.length - 1));
        double half = tQuantile(0.5 + confidence / 2, df) * Math.sqrt(se2);
        return new double[] {d - half, d, d + half, df};
    }

    /** The p-quantile (0.5 &lt;= p &lt; 1) of Student's t with df degrees of freedom (df &gt; 0, may be fractional). */
    public static double tQuantile(double p, double df) {
        if (!(p >= 0.5 && p < 1) || !(df > 0)) {
            throw new IllegalArgumentException("p " + p + ", df " + df);
        }
        return TDistribution.of(df).inverseCumulativeProbability(p);
    }
}
