package dev.backflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** compare on small JMH result files made for it: a clear regression, noise, mismatched sets, bad input. */
class CompareTest {

    static Path file(String name) {
        try {
            return Path.of(CompareTest.class.getResource("/compare/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    record Outcome(int exit, String out, String err) {}

    static Outcome compare(String base, String next, double threshold) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Path b = base.startsWith("/") ? Path.of(base) : file(base);
        int exit = Compare.run(b, file(next), threshold, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aClearRegressionFailsAndIsNamed() {
        Outcome o = compare("base.json", "regression.json", 5);
        assertEquals(1, o.exit(), o.out());
        assertTrue(o.out().contains("| MatmulBench.backward impl=vector shape=256 |"), o.out());
        assertTrue(o.out().contains("REGRESSION: 20.0% slower"), o.out());
        assertTrue(o.out().contains("1 regression(s)"), o.out());
    }

    @Test
    void aRegressionBelowTheThresholdPasses() {
        assertEquals(0, compare("base.json", "regression.json", 25).exit());
    }

    @Test
    void slowerWithinTheIntervalsIsNoise() {
        Outcome o = compare("base.json", "noise.json", 5);
        assertEquals(0, o.exit(), o.out());
        assertTrue(o.out().contains("slower, within noise"), o.out());
    }

    @Test
    void withoutAnIntervalNothingFails() {
        Outcome o = compare("base.json", "no-interval.json", 5);
        assertEquals(0, o.exit(), o.out());
        assertTrue(o.out().contains("slower, no interval to judge"), o.out());
    }

    @Test
    void identicalFilesAreTheSame() {
        Outcome o = compare("base.json", "base.json", 5);
        assertEquals(0, o.exit());
        assertTrue(o.out().contains("0 regression(s)"));
    }

    @Test
    void differentBenchmarkSetsAreUnusableAndSaySo() {
        Outcome o = compare("base.json", "mismatched.json", 5);
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("only in the baseline: FmaPeakBench.preferred"), o.err());
        assertTrue(o.err().contains("only in the candidate: MatmulBench.backward impl=openblas shape=256"), o.err());
    }

    @Test
    void aMissingFileIsUnusable() {
        Outcome o = compare("/nonexistent/base.json", "base.json", 5);
        assertEquals(2, o.exit());
        assertTrue(o.err().contains("no such file"), o.err());
    }

    @Test
    void throughputIsInvertedSoThatAboveOneMeansSlower() {
        Result base = new Result("a.B.c", java.util.Map.of(), "thrpt", 100, 1, "ops/s");
        Result slow = new Result("a.B.c", java.util.Map.of(), "thrpt", 50, 1, "ops/s");
        Compare.Row r = Compare.judge("k", base, slow, 5);
        assertEquals(2.0, r.ratio(), 1e-9);
        assertTrue(r.verdict().startsWith("REGRESSION"), r.verdict());
    }
}
