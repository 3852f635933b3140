package dev.backflow.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.backflow.bench.report.CompareTest;
import dev.backflow.bench.report.JmhJson;
import dev.backflow.testing.ChildJvm;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of unusable input to the jar's commands: exit status 2, exactly one line on stderr naming the
 * problem (no stack trace), nothing printed as a result, and earlier results left as they were.
 */
public class BadInputTest {

    @TempDir
    Path dir;

    public static void unusable(CompareTest.Outcome o, String... mentions) {
        assertEquals(2, o.exit(), o.out() + o.err());
        assertEquals(1, o.err().lines().count(), "one line: " + o.err());
        assertTrue(!o.err().contains("Exception") && !o.err().contains("\tat "), "no stack trace: " + o.err());
        for (String m : mentions) {
            assertTrue(o.err().contains(m), "should mention '" + m + "': " + o.err());
        }
    }

    /**
     * {@code COMMAND --out DIR/out ARGS...} is unusable input, as {@link #unusable} checks, and nothing ran:
     * DIR/out does not exist and no line of the output shows the command's progress ({@code progress}).
     */
    public static void unusableCommand(Path dir, String command, String progress, String mention, String... args) {
        Path out = dir.resolve("out");
        String[] full = new String[args.length + 3];
        full[0] = command;
        full[1] = "--out";
        full[2] = out.toString();
        System.arraycopy(args, 0, full, 3, args.length);
        CompareTest.Outcome o = CompareTest.cli(full);
        unusable(o, mention);
        assertFalse(Files.exists(out), "nothing written");
        assertFalse(o.out().contains(progress), "nothing measured: " + o.out());
    }

    static CompareTest.Outcome compareWith(String bad) {
        return CompareTest.cli("compare", CompareTest.file("base.json").toString(), CompareTest.file(bad).toString());
    }

    @Test
    void aRowWithANullBenchmark() {
        unusable(compareWith("bad/null-benchmark.json"), "null-benchmark.json: row 2",
                "benchmark is missing or not a string");
    }

    @Test
    void aNaNCandidateScore() {
        unusable(compareWith("bad/nan-score.json"), "row 2 (MatmulBench.backward impl=vector shape=256)",
                "score is NaN");
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

    /** A copy of a test resource (compare/NAME or report/scaling/NAME), its rows edited, in its own directory. */
    Path edited(String resource, Consumer<JsonArray> edit) throws IOException {
        Path from = resource.startsWith("report/") ? Path.of(resourceUri(resource)) : CompareTest.file(resource);
        JsonArray rows = JmhJson.array(from);
        edit.accept(rows);
        Path to = Files.createTempDirectory(dir, "edited").resolve("results.json");
        JmhJson.write(to, rows);
        return to;
    }

    public static java.net.URI resourceUri(String name) {
        try {
            return BadInputTest.class.getResource("/" + name).toURI();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static JsonObject row(JsonArray rows, int i) {
        return rows.get(i).getAsJsonObject();
    }

    static JsonObject metric(JsonArray rows, int i) {
        return row(rows, i).getAsJsonObject("primaryMetric");
    }

    CompareTest.Outcome report(Path results) {
        return CompareTest.cli("report", results.toString(), "--out", results.resolveSibling("out").toString());
    }

    @Test
    void reportOfAThreadCountThatIsNotANumber() throws IOException {
        for (String threads : List.of("", "abc", "0", "99999999999")) {
            Path f = edited("report/scaling/results.json",
                    rows -> row(rows, 0).getAsJsonObject("params").addProperty("threads", threads));
            unusable(report(f), "results.json: row 1", "parameter threads is '" + threads + "', not a thread count");
        }
    }

    @Test
    void reportOfAMatmulRowWithoutAShape() throws IOException {
        Path f = edited("report/scaling/results.json", rows -> row(rows, 0).getAsJsonObject("params").remove("shape"));
        unusable(report(f), "MatmulBench.backward impl=vector threads=2: parameter shape is missing");
    }

    @Test
    void reportOfMalformedOrHugeShapes() throws IOException {
        for (String shape : List.of("1x2", "abc", "0", "99999999999", "50000")) {
            Path f = edited("report/scaling/results.json",
                    rows -> row(rows, 0).getAsJsonObject("params").addProperty("shape", shape));
            unusable(report(f), "parameter shape is '" + shape + "'");
        }
    }

    @Test
    void reportOfAProductRowWithoutAProduct() throws IOException {
        Path f = edited("report/scaling/results.json",
                rows -> row(rows, 2).getAsJsonObject("params").remove("product"));
        unusable(report(f), "MatmulProductBench.backward", "parameter product is missing, not dX or dW");
    }

    @Test
    void reportOfAUnitItCannotConvert() throws IOException {
        Path f = edited("report/scaling/results.json", rows -> metric(rows, 0).addProperty("scoreUnit", "bytes"));
        unusable(report(f), "unit bytes is not a time per operation or a throughput");
    }

    /** A tiny throughput or a huge time: finite as written, infinite in ns/op. Not a regression: exit 2. */
    @Test
    void aScoreOrIterationThatIsInfiniteOnceConverted() throws IOException {
        Path tiny = edited("base.json", rows -> {
            metric(rows, 1).addProperty("scoreUnit", "ops/s");
            metric(rows, 1).addProperty("score", 1e-320);
        });
        unusable(CompareTest.cli("compare", CompareTest.file("base.json").toString(), tiny.toString()),
                "row 2 (MatmulBench.backward impl=vector shape=256): primaryMetric.score is 1.0E-320 ops/s",
                "Infinity ns/op");
        Path huge = edited("base.json", rows -> {
            metric(rows, 1).addProperty("scoreUnit", "min/op");
            metric(rows, 1).getAsJsonArray("rawData").get(2).getAsJsonArray()
                    .set(1, new com.google.gson.JsonPrimitive(1e300));
        });
        unusable(CompareTest.cli("compare", huge.toString(), CompareTest.file("base.json").toString()),
                "row 2 (MatmulBench.backward impl=vector shape=256): primaryMetric.rawData fork 3 iteration 2 is "
                + "1.0E300 min/op");
    }

    @Test
    void aFileThatIsNotUtf8() throws IOException {
        Path latin1 = dir.resolve("latin1.json");
        String text = Files.readString(CompareTest.file("base.json")).replace("\"vector\"", "\"vecteur é\"");
        Files.write(latin1, text.getBytes(StandardCharsets.ISO_8859_1));
        unusable(CompareTest.cli("compare", CompareTest.file("base.json").toString(), latin1.toString()),
                "latin1.json: not UTF-8 text");
        unusable(CompareTest.cli("report", latin1.toString()), "latin1.json: not UTF-8 text");
    }

    @Test
    void anEmptyFile() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.json"));
        unusable(CompareTest.cli("compare", CompareTest.file("base.json").toString(), empty.toString()),
                "empty.json: empty (0 bytes)");
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

    @Test
    void anOutputThatIsAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("quick"), "not a directory");
        unusable(CompareTest.cli("run", "--out", file.toString(), "FmaPeakBench"),
                "--out " + file + " is a file, not a directory");
        assertEquals("not a directory", Files.readString(file));
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no staging directory left behind");
        }
    }

    @Test
    void anOutputInsideAFile() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");
        unusable(CompareTest.cli("run", "--out", file.resolve("quick").toString(), "FmaPeakBench"),
                "--out " + file.resolve("quick") + ": cannot create " + file + " (a file is in the way: " + file + ")");
    }

    /** Needs a user the permissions bind (root writes anyway): skipped as root. */
    @Test
    void anOutputThatCannotBeWritten() throws IOException {
        Path out = earlier();
        Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(out), "this user writes into read-only directories (root)");
            unusable(CompareTest.cli("run", "--out", out.toString(), "FmaPeakBench"),
                    "--out " + out + ": cannot write into it");
        } finally {
            Files.setPosixFilePermissions(out, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void aShapeBeyondAnInt() throws IOException {
        runIsUnusable("-p shape=99999999999 cannot run in MatmulBench's fork: dimension 99999999999 is beyond "
                + "2147483647; the largest square shape its heap of", "MatmulBench", "-p", "shape=99999999999");
    }

    @Test
    void aShapeBeyondAJavaArray() throws IOException {
        runIsUnusable("-p shape=70000 cannot run in MatmulBench's fork: an operand of 70000×70000 = 4900000000 "
                + "elements is beyond what a Java array holds", "MatmulBench", "-p", "shape=70000");
    }

    /** 64 MiB: operands may take 48 MiB, 28 bytes per s² (dY; X, dX and its two copies; W, dW and its two). */
    @Test
    void aShapeBeyondTheForksHeap() throws IOException {
        runIsUnusable("-p shape=2048 cannot run in MatmulBench's fork: its operands take 112 MiB, more than 75% of "
                + "the fork's heap of 64 MiB; the largest square shape its heap of 64 MiB allows is 1340",
                "MatmulBench", "-p", "shape=2048", "-jvmArgsAppend", "-Xmx64m");
    }

    /** report reads files only: it runs on a JVM without jdk.incubator.vector (a child JVM without the flag). */
    @Test
    void reportRunsWithoutTheVectorModule() throws Exception {
        Path results = dir.resolve("results.json");
        Files.copy(CompareTest.file("base.json"), results);
        ChildJvm.Result r = ChildJvm.run(List.of(ChildJvm.java(), "-cp", System.getProperty("java.class.path"),
                BenchMain.class.getName(), "report", results.toString()));
        assertEquals(0, r.exit(), r.all());
        assertTrue(Files.readString(dir.resolve("report.md")).contains("### Elementwise kernels"), r.all());
    }
}
