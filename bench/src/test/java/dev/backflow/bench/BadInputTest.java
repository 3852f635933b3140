package dev.backflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of unusable input to the jar's commands: exit status 2, exactly one line on stderr naming the
 * problem (no stack trace), nothing printed as a result, and earlier results left as they were.
 */
class BadInputTest {

    @TempDir
    Path dir;

    static void unusable(CompareTest.Outcome o, String... mentions) {
        assertEquals(2, o.exit(), o.out() + o.err());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
        assertTrue(!o.err().contains("Exception") && !o.err().contains("\tat "), "no stack trace: " + o.err());
        for (String m : mentions) {
            assertTrue(o.err().contains(m), "should mention '" + m + "': " + o.err());
        }
    }

    static CompareTest.Outcome compareWith(String bad) {
        return CompareTest.cli("compare", CompareTest.file("base.json").toString(), CompareTest.file(bad).toString());
    }

    @Test
    void aRowWithANullBenchmark() {
        unusable(compareWith("bad/null-benchmark.json"), "null-benchmark.json: row 2", "benchmark is missing or not a string");
    }

    @Test
    void aNaNCandidateScore() {
        unusable(compareWith("bad/nan-score.json"), "row 2 (MatmulBench.backward impl=vector shape=256)", "score is NaN");
    }

    @Test
    void aNaNIteration() {
        unusable(compareWith("bad/nan-iteration.json"), "rawData fork 3 iteration 2");
    }

    @Test
    void aZeroBaseline() {
        CompareTest.Outcome o = CompareTest.cli("compare", CompareTest.file("bad/zero-score.json").toString(),
                CompareTest.file("base.json").toString());
        unusable(o, "zero-score.json: row 2", "score is 0.0, not a finite positive number");
    }

    @Test
    void aDuplicateRow() {
        unusable(compareWith("bad/duplicate.json"), "row 4 repeats MatmulBench.backward impl=vector shape=256 (row 2)");
    }

    @Test
    void deeplyNestedJson() {
        unusable(compareWith("bad/deep.json"), "deep.json: not valid JSON", "Nesting limit");
    }

    @Test
    void truncatedJson() {
        unusable(compareWith("bad/truncated.json"), "truncated.json: not valid JSON");
    }

    @Test
    void notAResultFile() {
        unusable(compareWith("bad/not-an-array.json"), "not a JMH result file");
    }

    @Test
    void aMissingFile() {
        unusable(CompareTest.cli("compare", "/nonexistent/base.json", CompareTest.file("base.json").toString()),
                "/nonexistent/base.json: no such file");
    }

    @Test
    void aNaNNegativeInfiniteOrNonNumericThreshold() {
        for (String t : List.of("NaN", "-5", "Infinity", "five")) {
            CompareTest.Outcome o = CompareTest.cli("compare", CompareTest.file("base.json").toString(),
                    CompareTest.file("same.json").toString(), "--threshold", t);
            unusable(o, t.equals("five") ? "--threshold takes a number, not 'five'"
                    : "--threshold must be a finite percentage of 0 or more, not " + Double.parseDouble(t));
            assertTrue(o.out().isEmpty(), "nothing judged with threshold " + t);
        }
    }

    @Test
    void reportOfABadFileWritesNothing() {
        unusable(CompareTest.cli("report", CompareTest.file("bad/nan-score.json").toString(), "--out", dir.toString()),
                "score is NaN");
        assertTrue(dir.toFile().list().length == 0, "nothing written");
    }

    /** An earlier run's results, which no bad run may touch. */
    Path earlier() throws IOException {
        Path out = dir.resolve("quick");
        Files.createDirectories(out);
        Files.writeString(out.resolve("results.json"), "[\"earlier\"]");
        return out;
    }

    void runIsUnusable(String mention, String... args) throws IOException {
        Path out = earlier();
        String[] full = new String[args.length + 3];
        full[0] = "run";
        full[1] = "--out";
        full[2] = out.toString();
        System.arraycopy(args, 0, full, 3, args.length);
        unusable(CompareTest.cli(full), mention);
        assertEquals("[\"earlier\"]", Files.readString(out.resolve("results.json")));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(out), files.toList(), "no staging directory left behind");
        }
    }

    @Test
    void anUnknownSuiteOverwritesNothing() throws IOException {
        runIsUnusable("unknown suite 'Bogus': the quick profile has ElementwiseBench", "--suite", "Bogus");
    }

    @Test
    void aRegexMatchingNothingOverwritesNothing() throws IOException {
        runIsUnusable("no benchmark of the quick profile matches Bogus", "Bogus");
    }

    @Test
    void anUnknownProfile() throws IOException {
        runIsUnusable("unknown profile 'fast' (quick, full, ci, scaling, smoke)", "--profile", "fast");
    }

    @Test
    void anUnknownParameter() throws IOException {
        runIsUnusable("unknown parameter 'sizes'", "ElementwiseBench", "-p", "sizes=L1");
    }

    @Test
    void anUnknownParameterValue() throws IOException {
        runIsUnusable("unknown value 'L4' for parameter size of ElementwiseBench (L1, L2, L3, DRAM)",
                "ElementwiseBench", "-p", "size=L4");
    }

    @Test
    void aMalformedShape() throws IOException {
        runIsUnusable("unknown value '64x64' for parameter shape", "MatmulBench", "-p", "shape=64x64");
    }

    @Test
    void anUnknownProfiler() throws IOException {
        runIsUnusable("unknown profiler 'bogus' (-lprof lists them)", "-prof", "bogus");
    }

    @Test
    void aMalformedJmhOption() throws IOException {
        runIsUnusable("run: Cannot parse argument 'many' of option f", "-f", "many");
    }

    @Test
    void anUnknownLongOption() throws IOException {
        runIsUnusable("unknown option --profiles", "--profiles", "ci");
    }

    @Test
    void aNonJsonResultFormat() throws IOException {
        runIsUnusable("-rf CSV: results are always JMH JSON", "-rf", "csv");
    }

    /** report reads files only: it runs on a JVM without jdk.incubator.vector (a child JVM without the flag). */
    @Test
    void reportRunsWithoutTheVectorModule() throws Exception {
        Path results = dir.resolve("results.json");
        Files.copy(CompareTest.file("base.json"), results);
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), BenchMain.class.getName(), "report", results.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        String log = Files.readString(dir.resolve("log.txt"));
        assertEquals(0, p.exitValue(), log);
        assertTrue(Files.readString(dir.resolve("report.md")).contains("### Elementwise kernels"), log);
    }
}
