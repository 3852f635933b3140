package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The result files committed under docs/results name their benchmarks by the package the suites had then
 * ({@code dev.backflow.bench.MatmulBench.backward}); the suites now live in {@code dev.backflow.bench.jmh}. The
 * report and compare match rows by class and method, so those files still give the report committed beside
 * them, byte for byte.
 */
class CommittedResultsTest {

    static final Path RESULTS = Path.of("..", "docs", "results");

    @TempDir
    Path out;

    @ParameterizedTest
    @ValueSource(strings = {"2026-11-28-zen4-full", "2026-11-28-zen4-scaling", "2026-12-01-zen3-train-step"})
    void aCommittedRunGivesItsCommittedReport(String run) throws Exception {
        Path results = RESULTS.resolve(run).resolve("results.json");
        List<Result> rows = JmhJson.read(results);
        assertTrue(rows.stream().allMatch(r -> r.benchmark().startsWith("dev.backflow.bench.")
                && !r.benchmark().startsWith("dev.backflow.bench.jmh.")), "the file predates the jmh package");
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertEquals(0, Report.run(results, out, new PrintStream(printed, true, StandardCharsets.UTF_8)));
        assertEquals(Files.readString(RESULTS.resolve(run).resolve("report.md")),
                Files.readString(out.resolve("report.md")), run);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev.backflow.bench.MatmulBench.backward", "dev.backflow.bench.jmh.MatmulBench.backward"})
    void oldAndNewNamesMatch(String benchmark) {
        Map<String, String> params = new LinkedHashMap<>(); // in the order a JMH file lists them (Map.of has none)
        params.put("impl", "vector");
        params.put("shape", "256");
        Result r = new Result(benchmark, params, "avgt", 1, 0, "ns/op");
        assertEquals("MatmulBench.backward", r.shortName());
        assertEquals("MatmulBench.backward impl=vector shape=256", r.key());
    }
}
