package dev.backflow.bench;

/**
 * The few statistics the gate and the warm-up check need: mean, sample variance, Student's t quantile (from
 * the regularized incomplete beta function), and Welch's interval for a difference of means.
 */
final class Stats {
    private Stats() {}

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** The sample variance (n − 1 in the denominator); NaN for fewer than two values. */
    static double variance(double[] x) {
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
     * Welch–Satterthwaite degrees of freedom: {lo, estimate, hi, df}. Each sample needs two values or more.
     * Where both samples have no spread the interval is the estimate itself.
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
        double df = se2 * se2 / (vx * vx / (x.length - 1) + vy * vy / (y.length - 1));
        double half = tQuantile(0.5 + confidence / 2, df) * Math.sqrt(se2);
        return new double[] {d - half, d, d + half, df};
    }

    /** The p-quantile (0.5 &lt;= p &lt; 1) of Student's t with df degrees of freedom (df &gt; 0, may be fractional). */
    static double tQuantile(double p, double df) {
        if (!(p >= 0.5 && p < 1) || !(df > 0)) {
            throw new IllegalArgumentException("p " + p + ", df " + df);
        }
        double lo = 0;
        double hi = 1;
        while (tCdf(hi, df) < p) {
            hi *= 2;
        }
        for (int i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
            double mid = (lo + hi) / 2;
            if (tCdf(mid, df) < p) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        return (lo + hi) / 2;
    }

    /** P(T &lt;= t) for Student's t with df degrees of freedom. */
    static double tCdf(double t, double df) {
        double tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
        return t >= 0 ? 1 - tail : tail;
    }

    /** The regularized incomplete beta function I_x(a, b), by its continued fraction (Lentz's method). */
    static double incompleteBeta(double x, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (x >= 1) {
            return 1;
        }
        if (x > (a + 1) / (a + b + 2)) {
            return 1 - incompleteBeta(1 - x, b, a);
        }
        double front = Math.exp(lnGamma(a + b) - lnGamma(a) - lnGamma(b) + a * Math.log(x) + b * Math.log(1 - x)) / a;
        double tiny = 1e-300;
        double c = 1;
        double d = 1 - (a + b) * x / (a + 1);
        d = 1 / (Math.abs(d) < tiny ? tiny : d);
        double f = d;
        for (int m = 1; m <= 500; m++) {
            for (int half = 0; half < 2; half++) {
                double num = half == 0
                        ? m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m))
                        : -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1));
                d = 1 + num * d;
                d = 1 / (Math.abs(d) < tiny ? tiny : d);
                c = 1 + num / c;
                c = Math.abs(c) < tiny ? tiny : c;
                f *= c * d;
            }
            if (Math.abs(c * d - 1) < 1e-15) {
                break;
            }
        }
        return front * f;
    }

    /** ln Γ(x) for x &gt; 0 (Lanczos, g = 7, nine terms: about 15 significant digits). */
    static double lnGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
        }
        double[] g = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
                -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
                1.5056327351493116e-7};
        x -= 1;
        double a = g[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += g[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
