package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.BadInputTest;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * paired.json written and read back, the paired report section and chart, report and compare on paired
 * files, the section beside a run's results, and malformed paired files.
 */
class PairedReportTest {

    @TempDir
    Path dir;

    static PairedData.Run twoRows() {
        return PairedAnalysisTest.run(List.of(PairedAnalysisTest.twoStateRow("256", "both", 1, 1),
                PairedAnalysisTest.twoStateRow("64x784x256", "dX", 2, 2)));
    }

    @Test
    void aRunSurvivesTheFile() throws Exception {
        PairedData.Run run = twoRows();
        Path file = dir.resolve("paired.json");
        PairedData.write(file, run);
        assertTrue(PairedData.isPaired(file));
        PairedData.Run back = PairedData.read(file);
        assertEquals(run.rows(), back.rows());
        assertEquals(run.a(), back.a());
        assertEquals(run.bLabel(), back.bLabel());
        assertEquals("Test CPU", back.environment().get("cpu"));
        assertFalse(PairedData.isPaired(CompareTest.file("base.json")), "a JMH result file is not a paired file");
    }

    /** A swept run says how its operands were placed, and that each draw took new arrays only where it did. */
    @Test
    void aSweptRunSaysWhetherEachDrawTookNewArrays() {
        PairedData.Run zero = twoRows();
        for (boolean fresh : new boolean[] {true, false}) {
            Map<String, Object> settings = new LinkedHashMap<>(Map.of("rounds", 64.0, "offsets", "swept"));
            if (fresh) {
                settings.put("arraysPerDraw", "new");
            }
            PairedData.Run run = new PairedData.Run(zero.a(), zero.aLabel(), zero.b(), zero.bLabel(), settings,
                    zero.environment(), zero.rows());
            String md = PairedReport.markdown(PairedAnalysis.analyse(run), new LinkedHashMap<>());
            assertTrue(md.contains("Offsets swept: every operand lay at an offset"), md);
            assertEquals(fresh, md.contains("Each draw put every operand in a new array"), md);
            assertTrue(md.contains("rather than the one the allocator gave this JVM. "), md);
        }
    }

    @Test
    void theSectionHasATableAndAChartPerThreadCount() throws Exception {
        Map<String, String> charts = new LinkedHashMap<>();
        String md = PairedReport.markdown(PairedAnalysis.analyse(twoRows()), charts);
        assertTrue(md.startsWith(
                "### Paired measurement: Backflow vector against OpenBLAS (native)\n\nTest CPU, 2 cores"), md);
        assertTrue(md.contains("#### 1 thread\n") && md.contains("#### 2 threads\n"), md);
        String row = md.lines().filter(l -> l.startsWith("| 256×256×256 | both |")).findFirst().orElseThrow();
        assertTrue(row.startsWith("| 256×256×256 | both | 40 / 20 / 4 | 0.8"), row);
        assertTrue(row.contains("| 70.0 / 40.0 |"), "A's GFLOP/s per state: " + row);
        assertTrue(md.contains("| 64×784×256 | dX = dY·Wᵀ | 40 / 20 / 4 |"), md);
        assertTrue(md.contains("![paired ratios, 1 thread](paired-t1.svg)"), md);
        assertEquals(List.of("paired-t1.svg", "paired-t2.svg"), new ArrayList<>(charts.keySet()));
        String svg = charts.get("paired-t1.svg");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(svg.contains(">fast state<") && svg.contains(">slow state<") && svg.contains(">all rounds<")
                && svg.contains(">equal speed<"), "legend: the states and the reference");
        assertTrue(svg.contains("speed A / speed B") && svg.contains(">256×256×256 both<"), "axis and category");
        assertEquals(3, svg.split("stroke=\"black\" stroke-width=\"1.2\"").length - 1, "a whisker per bar");
    }

    @Test
    void reportOnAPairedFileWritesPairedMd() throws Exception {
        Path file = dir.resolve("paired.json");
        PairedData.write(file, twoRows());
        CompareTest.Outcome o = CompareTest.cli("report", file.toString());
        assertEquals(0, o.exit(), o.err());
        assertTrue(o.out().contains("### Paired measurement"), o.out());
        assertTrue(Files.readString(dir.resolve("paired.md")).contains("| 256×256×256 | both | 40 / 20 / 4 |"));
        assertTrue(Files.isRegularFile(dir.resolve("paired-t2.svg")));
    }

    @Test
    void reportOfAResultsFileAddsThePairedFileBesideIt() throws Exception {
        Files.copy(CompareTest.file("base.json"), dir.resolve("results.json"));
        PairedData.write(dir.resolve("paired.json"), twoRows());
        CompareTest.Outcome o = CompareTest.cli("report", dir.resolve("results.json").toString());
        assertEquals(0, o.exit(), o.err());
        String md = Files.readString(dir.resolve("report.md"));
        assertTrue(md.contains("## Backflow benchmark report") && md.contains("### Paired measurement"), md);
        assertTrue(Files.isRegularFile(dir.resolve("paired-t1.svg")));
    }

    @Test
    void compareShowsBothSidesPairedRatiosAndKeepsTheGatesExitStatus() throws Exception {
        Path base = Files.createDirectories(dir.resolve("base"));
        Path next = Files.createDirectories(dir.resolve("next"));
        Files.copy(CompareTest.file("base.json"), base.resolve("results.json"));
        Files.copy(CompareTest.file("regression.json"), next.resolve("results.json"));
        PairedData.write(base.resolve("paired.json"), twoRows());
        PairedData.Row better = PairedAnalysisTest.twoStateRow("256", "both", 1, 5);
        List<PairedData.Round> faster = better.rounds().stream()
                .map(r -> new PairedData.Round(r.order(), r.aNanos() / 1.1, r.bNanos(), r.probeBefore(),
                        r.probeAfter()))
                .toList();
        PairedData.write(next.resolve("paired.json"), PairedAnalysisTest.run(List.of(
                new PairedData.Row("256", "both", 1, better.flops(), 1, 2, faster))));
        CompareTest.Outcome o = CompareTest.cli("compare", base.resolve("results.json").toString(),
                next.resolve("results.json").toString());
        assertEquals(Compare.EXIT_REGRESSION, o.exit(), "the JMH rows decide: " + o.out());
        assertTrue(o.out().contains("### Paired ratios, baseline and candidate"), o.out());
        String fast = o.out().lines().filter(l -> l.startsWith("| 1 | 256×256×256 | both | fast |")).findFirst()
                .orElseThrow();
        assertTrue(fast.contains("| 1.1"), "candidate / baseline about 1.1: " + fast);
        assertTrue(o.out().contains("Rows not compared: only in the baseline: threads=2 shape=64x784x256 product=dX"),
                o.out());

        CompareTest.Outcome paired = CompareTest.cli("compare", base.resolve("paired.json").toString(),
                next.resolve("paired.json").toString());
        assertEquals(0, paired.exit(), paired.err());
        assertTrue(paired.out().startsWith("### Paired ratios, baseline and candidate"), paired.out());
    }

    @Test
    void compareOfAPairedFileWithAResultsFileIsUnusable() throws Exception {
        PairedData.write(dir.resolve("paired.json"), twoRows());
        BadInputTest.unusable(CompareTest.cli("compare", CompareTest.file("base.json").toString(),
                dir.resolve("paired.json").toString()), "one side is a paired file and the other is not");
    }

    @Test
    void aMalformedPairedFileIsUnusableAndNothingIsWritten() throws Exception {
        Path file = dir.resolve("paired.json");
        PairedData.write(file, twoRows());
        String good = Files.readString(file);
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put(good.replaceFirst("\"aNanos\": [0-9.E]+", "\"aNanos\": -1.0"), "round 1: aNanos is -1.0");
        bad.put(good.replaceFirst("\"order\": \"AB\"", "\"order\": \"AA\""), "order is 'AA', not AB or BA");
        bad.put(good.replaceFirst("\"product\": \"both\"", "\"product\": \"dZ\""), "product is 'dZ'");
        // Another kind of object is not a paired file, so report reads it as a JMH result file.
        bad.put(good.replaceFirst("\"kind\": \"backflow-paired\"", "\"kind\": \"other\""), "not a JMH result file");
        bad.put(good.replaceFirst("\"shape\": \"256\"", "\"shape\": \"64x64\""), "'64x64' is not m×k×n");
        bad.put("{\"kind\": \"backflow-paired\"", "not valid JSON");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            Path out = Files.createDirectories(dir.resolve("out-" + bad.size() + "-" + b.getValue().hashCode()));
            Files.writeString(file, b.getKey());
            BadInputTest.unusable(CompareTest.cli("report", file.toString(), "--out", out.toString()), b.getValue());
            assertEquals(0, out.toFile().list().length, "nothing written for " + b.getValue());
        }
    }
}
