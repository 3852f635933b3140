package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The t quantiles against printed tables, and Welch's interval against a hand computation. */
class StatsTest {

    @Test
    void studentTQuantilesMatchTheTables() {
        assertEquals(12.7062, Stats.tQuantile(0.975, 1), 1e-4);
        assertEquals(63.6567, Stats.tQuantile(0.995, 1), 1e-4);
        assertEquals(4.6041, Stats.tQuantile(0.995, 4), 1e-4);
        assertEquals(2.2281, Stats.tQuantile(0.975, 10), 1e-4);
        assertEquals(2.4573, Stats.tQuantile(0.99, 30), 1e-4);
        assertEquals(1.95996, Stats.tQuantile(0.975, 1e7), 1e-4);
        assertEquals(1.95996, Stats.tQuantile(0.975, Double.POSITIVE_INFINITY), 1e-4);
        assertEquals(0, Stats.tQuantile(0.5, 3.5), 1e-15);
    }

    @Test
    void welchMatchesAHandComputation() {
        // means 2.5 and 5; variances 5/3 and 20/3; se² = 5/12 + 5/3 = 25/12;
        // df = (25/12)² / ((5/12)²/3 + (5/3)²/3) = 4.4118 (Welch–Satterthwaite)
        double[] w = Stats.welch(new double[] {1, 2, 3, 4}, new double[] {2, 4, 6, 8}, 0.95);
        assertEquals(2.5, w[1], 1e-12);
        assertEquals(4.41176, w[3], 1e-5);
        double half = Stats.tQuantile(0.975, w[3]) * Math.sqrt(25.0 / 12);
        assertEquals(2.5 - half, w[0], 1e-9);
        assertEquals(2.5 + half, w[2], 1e-9);
        // 2.677174: Simpson's rule on the t density at df = 75/17, computed separately
        assertEquals(2.677174, Stats.tQuantile(0.975, w[3]), 1e-6);
    }

    @Test
    void samplesWithoutSpreadGiveThePointItself() {
        double[] w = Stats.welch(new double[] {1, 1}, new double[] {3, 3}, 0.99);
        assertEquals(2, w[0]);
        assertEquals(2, w[2]);
    }

    /** Variances whose squares underflow to zero: the degrees of freedom stay finite (they were 0/0 = NaN). */
    @Test
    void tinyVariancesGiveAnInterval() {
        double[] w = Stats.welch(new double[] {0, 1e-150, 2e-150}, new double[] {0, 2e-150, 4e-150}, 0.95);
        assertEquals(1e-150, w[1], 1e-162);
        // equal sizes, variances in the ratio 1:4: df = 2·(1 + 4)² / (1 + 16) = 50/17
        assertEquals(50.0 / 17, w[3], 1e-12);
        assertTrue(w[0] < w[1] && w[1] < w[2], java.util.Arrays.toString(w));
    }
}
