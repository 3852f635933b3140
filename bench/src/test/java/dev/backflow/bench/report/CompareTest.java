package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.BenchMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * compare on JMH result files made for it (three forks of four iterations per row): a same-code rerun, a
 * clear regression, an improvement, a slowdown lost in fork-to-fork noise, rows without an interval.
 */
public class CompareTest {

    public static Path file(String name) {
        try {
            return Path.of(CompareTest.class.getResource("/compare/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    public record Outcome(int exit, String out, String err) {}

    /** The jar's command line, in process. */
    public static Outcome cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = BenchMain.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Outcome compare(String base, String next, String... more) {
        String[] args = new String[3 + more.length];
        args[0] = "compare";
        args[1] = file(base).toString();
        args[2] = file(next).toString();
        System.arraycopy(more, 0, args, 3, more.length);
        return cli(args);
    }

    @Test
    void anotherRunOfTheSameCodeIsUnchanged() {
        Outcome o = compare("base.json", "same.json");
        assertEquals(Compare.EXIT_OK, o.exit(), o.out() + o.err());
        assertTrue(o.out().startsWith("### Benchmark gate: 0 regressions, 0 improvements, 3 unchanged, "
                + "0 cannot judge"), o.out());
    }

    @Test
    void aClearRegressionFailsAndIsListedFirst() {
        Outcome o = compare("base.json", "regression.json");
        assertEquals(Compare.EXIT_REGRESSION, o.exit(), o.out());
        assertTrue(o.out().startsWith("### Benchmark gate: 1 regression, 0 improvements, 2 unchanged"), o.out());
        String firstRow = o.out().lines().filter(l -> l.startsWith("| ") && !l.startsWith("| verdict")).findFirst()
                .orElseThrow();
        assertTrue(firstRow.startsWith("| **regression** | MatmulBench.backward impl=vector shape=256 | 300.1 µs/op "
                + "| 360.2 µs/op | +20.0% |"), firstRow);
    }

    @Test
    void aRegressionSmallerThanTheThresholdPasses() {
        assertEquals(Compare.EXIT_OK, compare("base.json", "regression.json", "--threshold", "25").exit());
    }

    @Test
    void anImprovementIsNamed() {
        Outcome o = compare("base.json", "improvement.json");
        assertEquals(Compare.EXIT_OK, o.exit(), o.out());
        assertTrue(o.out().contains("| improvement | MatmulBench.backward impl=vector shape=256 |"), o.out());
    }

    @Test
    void aSlowdownWithinTheForksNoiseIsNotARegression() {
        Outcome o = compare("base.json", "noise.json");
        assertEquals(Compare.EXIT_OK, o.exit(), o.out());
        assertTrue(o.out().contains("| unchanged | MatmulBench.backward impl=vector shape=256 |"), o.out());
        assertTrue(o.out().contains("beyond the threshold, but the interval reaches within it"), o.out());
    }

    @Test
    void rowsWithoutAnIntervalCannotBeJudgedAndSayWhy() {
        Outcome o = compare("base.json", "one-fork.json");
        assertEquals(Compare.EXIT_CANNOT_JUDGE, o.exit(), o.out());
        assertTrue(o.out().startsWith("### Benchmark gate: 0 regressions, 0 improvements, 0 unchanged, "
                + "3 cannot judge"), o.out());
        assertTrue(o.out().contains("the candidate has 1 fork: an interval needs 2 or more forks on each side"),
                o.out());
    }

    /** Each side is named for what it lacks: the candidate without rawData is not the baseline's fault. */
    @Test
    void theSideWithoutPerIterationDataIsTheOneNamed() {
        Outcome o = compare("one-fork.json", "no-raw-data.json");
        assertEquals(Compare.EXIT_CANNOT_JUDGE, o.exit(), o.out() + o.err());
        assertTrue(o.out().contains("the baseline has 1 fork and the candidate has no per-iteration data (rawData): "
                + "an interval needs 2 or more forks on each side"), o.out());
        Outcome reverse = compare("no-raw-data.json", "base.json");
        assertTrue(reverse.out().contains("| the baseline has no per-iteration data (rawData): an interval"),
                reverse.out());
        assertFalse(reverse.out().contains("candidate has"), reverse.out());
    }

    /** A parameter value with a pipe, a line break, a heading and HTML stays inside its cell, as text. */
    @Test
    void parameterValuesCannotBreakOrInjectIntoTheTable(@TempDir Path dir) throws Exception {
        String evil = "a|b\n# Injected heading\n<img src=x onerror=alert(1)> [link](http://x) `code`";
        Path base = dir.resolve("base.json");
        Path next = dir.resolve("next.json");
        for (Path[] p : new Path[][] {{file("base.json"), base}, {file("same.json"), next}}) {
            com.google.gson.JsonArray rows = JmhJson.array(p[0]);
            rows.get(1).getAsJsonObject().getAsJsonObject("params").addProperty("shape", evil);
            JmhJson.write(p[1], rows);
        }
        Outcome o = cli("compare", base.toString(), next.toString());
        assertEquals(Compare.EXIT_OK, o.exit(), o.out() + o.err());
        List<String> lines = o.out().lines().toList();
        List<String> table = lines.stream().filter(l -> l.startsWith("|")).toList();
        assertEquals(2 + 3, table.size(), o.out()); // header, rule, three rows
        assertTrue(lines.stream().noneMatch(l -> l.startsWith("#") && !l.startsWith("### Benchmark gate")), o.out());
        String row = table.stream().filter(l -> l.contains("MatmulBench")).findFirst().orElseThrow();
        assertEquals(9, row.split("(?<!\\\\)\\|", -1).length, "seven cells: " + row);
        assertTrue(row.contains("shape=a\\|b\\\\n\\# Injected heading\\\\n&lt;img src=x onerror=alert(1)&gt; "
                + "\\[link\\](http://x) \\`code\\`"), row);
        assertFalse(o.out().contains("<img"), o.out());
    }

    @Test
    void runsOfOneSideArePooled() {
        Outcome same = CompareTest.cli("compare", file("base.json") + "," + file("same.json"),
                file("same.json") + "," + file("base.json"));
        assertEquals(Compare.EXIT_OK, same.exit(), same.out() + same.err());
        Outcome slow = CompareTest.cli("compare", file("base.json") + "," + file("same.json"),
                file("regression.json") + "," + file("regression.json"));
        assertEquals(Compare.EXIT_REGRESSION, slow.exit(), slow.out() + slow.err());
    }

    @Test
    void runsOfOneSideMustHoldTheSameRows() {
        Outcome o = CompareTest.cli("compare", file("base.json") + "," + file("mismatched.json"),
                file("base.json").toString());
        assertEquals(Compare.EXIT_UNUSABLE, o.exit());
        assertTrue(o.err().contains("mismatched.json holds other benchmarks than"), o.err());
    }

    @Test
    void throughputIsInvertedSoThatAboveOneMeansSlower() {
        List<double[]> fast = List.of(new double[] {100, 101}, new double[] {99, 100}, new double[] {100, 100});
        List<double[]> slow = List.of(new double[] {50, 51}, new double[] {49, 50}, new double[] {50, 50});
        Result base = new Result("a.B.c", Map.of(), "thrpt", 100, 1, "ops/s", fast);
        Result next = new Result("a.B.c", Map.of(), "thrpt", 50, 1, "ops/s", slow);
        Compare.Row r = Compare.judge("k", base, next, 5);
        assertEquals(2.0, r.ratio(), 0.02);
        assertEquals(Compare.Verdict.REGRESSION, r.verdict());
    }

    @Test
    void aBurstInOneIterationDoesNotMoveAFork() {
        // each fork's median: one iteration in five hit by another process (+80%) leaves the row unchanged
        List<double[]> base = List.of(new double[] {100, 101, 99, 100, 100}, new double[] {101, 100, 100, 99, 101},
                new double[] {100, 100, 101, 100, 99});
        List<double[]> next = List.of(new double[] {100, 180, 99, 100, 101}, new double[] {101, 100, 181, 99, 100},
                new double[] {100, 100, 100, 179, 99});
        Compare.Row r = Compare.judge("k", new Result("a.B.c", Map.of(), "avgt", 100, 1, "us/op", base),
                new Result("a.B.c", Map.of(), "avgt", 116, 1, "us/op", next), 10);
        assertEquals(Compare.Verdict.UNCHANGED, r.verdict(), r.toString());
        assertEquals(1.0, r.ratio(), 0.01);
    }

    @Test
    void differentBenchmarkSetsAreUnusableAndSaySoOnOneLine() {
        Outcome o = compare("base.json", "mismatched.json");
        assertEquals(Compare.EXIT_UNUSABLE, o.exit());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("only in the baseline: FmaPeakBench.preferred"), o.err());
        assertTrue(o.err().contains("only in the candidate: MatmulBench.backward impl=openblas shape=256"), o.err());
        assertTrue(o.out().isEmpty(), o.out());
    }

    @Test
    void numbersAreInReadableUnits() {
        Outcome o = compare("base.json", "same.json");
        assertTrue(o.out().contains("µs/op") && o.out().contains("ns/op"), o.out());
        assertFalse(o.out().matches("(?s).*\\de[+-]?\\d.*"), "no exponent notation: " + o.out());
    }
}
