package dev.backflow.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.backflow.bench.harness.BadInput;
import dev.backflow.bench.harness.Kernel;
import dev.backflow.bench.harness.Level;
import dev.backflow.bench.harness.Sizes;
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

/** The report's arithmetic and its charts, on results made up for it. */
class ReportTest {

    static Result row(String bench, double nanos, String... params) {
        Map<String, String> p = new java.util.TreeMap<>();
        for (int i = 0; i < params.length; i += 2) {
            p.put(params[i], params[i + 1]);
        }
        return new Result("dev.backflow.bench.jmh." + bench, p, "avgt", nanos, nanos / 100, "ns/op");
    }

    static Map<String, Object> env() {
        Map<String, Object> env = new LinkedHashMap<>();
        env.put("cpu", "Test CPU");
        env.put("cores", 2.0);
        env.put("jdk", "JDK 25");
        env.put("vectorBits", 512.0);
        env.put("notes", List.of("OpenBLAS rows skipped: none installed"));
        return env;
    }

    @Test
    void throughputsRatiosAndCeilingsAreDerivedFromTimesAndWork() {
        long bytes = Sizes.bytes(Kernel.ADD, Level.L2);
        List<Result> rs = new ArrayList<>();
        // Throughputs: vector 10 GB/s, scalar 5 GB/s, probe 20 GB/s.
        rs.add(row("ElementwiseBench.backward", bytes / 10.0, "impl", "vector", "kernel", "add", "size", "L2"));
        rs.add(row("ElementwiseBench.backward", bytes / 5.0, "impl", "scalar", "kernel", "add", "size", "L2"));
        rs.add(row("BandwidthBench.probe", Sizes.probeBytes(Kernel.ADD, Level.L2) / 20.0, "kernel", "add", "size",
                "L2"));
        rs.add(row("FmaPeakBench.preferred", 32 / 200.0)); // 16 lanes * 2 flops per op: 200 GFLOP/s
        long flops = Report.flops("256", "both");
        rs.add(row("MatmulBench.backward", flops / 100.0, "impl", "vector", "shape", "256"));   // 100 GFLOP/s
        rs.add(row("MatmulBench.backward", flops / 50.0, "impl", "netlib-vector", "shape", "256"));
        Map<String, String> charts = new LinkedHashMap<>();
        String md = Report.build(rs, env(), charts);
        assertTrue(md.contains("| L2 | " + Sizes.n(Kernel.ADD, Level.L2) + " | " + Report.bytesLabel(bytes)
                + " | – | 5.0 ± 0.1 | 10.0 ± 0.1 | 20.0 ± 0.2 | 2.00× | 0.50× |"), md);
        assertTrue(md.contains("| 512-bit (preferred) | 200.0 ± 2.0 |"), md);
        assertTrue(md.contains("| 256×256×256 | 100.0 ± 1.0 | 50.0 ± 0.5 | – | – | 2.00× | – | 50% |"), md);
        assertTrue(md.contains("Note: OpenBLAS rows skipped"), md);
        assertEquals(List.of("elementwise-add.svg", "matmul.svg"), List.copyOf(charts.keySet()));
    }

    @Test
    void theGemmTableGivesEachOpsRatesAndRatios() {
        long flops = Report.flops("16x784x256", "NT");
        List<Result> rs = new ArrayList<>();
        rs.add(row("GemmBench.gemm", flops / 80.0, "impl", "vector", "shape", "16x784x256", "op", "NT",
                "threads", "1")); // 80 GFLOP/s
        rs.add(row("GemmBench.gemm", flops / 20.0, "impl", "netlib-vector", "shape", "16x784x256", "op", "NT",
                "threads", "1"));
        rs.add(row("GemmBench.gemm", flops / 100.0, "impl", "openblas", "shape", "16x784x256", "op", "NT",
                "threads", "1"));
        Map<String, String> charts = new LinkedHashMap<>();
        String md = Report.build(rs, env(), charts);
        assertTrue(md.contains("| 16×784×256 | NT | 80.0 ± 0.8 | 20.0 ± 0.2 | – | 100.0 ± 1.0 "
                + "| 4.00× | – | 0.80× |"), md);
        assertEquals(List.of("gemm.svg"), List.copyOf(charts.keySet()));
        BadInput bad = assertThrows(BadInput.class, () -> Report.check(List.of(row("GemmBench.gemm", 1, "impl",
                "vector", "shape", "64", "op", "NX")), java.nio.file.Path.of("r.json")));
        assertTrue(bad.getMessage().endsWith("parameter op is 'NX', not one of NN, NT, TN, TT"), bad.getMessage());
    }

    /**
     * Every JMH mode: throughput (ops per time unit, inverted), average, sample and single-shot time in any
     * unit, each 100 GFLOP/s ± 1% for a 256³ matmulBackward.
     */
    @Test
    void everyJmhModeIsReportedInAnyUnit() {
        double nanos = Report.flops("256", "both") / 100.0;
        Map<String, double[]> units = new LinkedHashMap<>(); // unit: score and its error (1%)
        units.put("thrpt ops/ns", new double[] {1 / nanos});
        units.put("thrpt ops/us", new double[] {1e3 / nanos});
        units.put("thrpt ops/s", new double[] {1e9 / nanos});
        units.put("thrpt ops/min", new double[] {60e9 / nanos});
        units.put("avgt us/op", new double[] {nanos / 1e3});
        units.put("sample ms/op", new double[] {nanos / 1e6});
        units.put("ss s/op", new double[] {nanos / 1e9});
        units.put("avgt hr/op", new double[] {nanos / 3600e9});
        for (Map.Entry<String, double[]> u : units.entrySet()) {
            String[] modeUnit = u.getKey().split(" ");
            double score = u.getValue()[0];
            Result r = new Result("dev.backflow.bench.jmh.MatmulBench.backward",
                    Map.of("impl", "vector", "shape", "256"), modeUnit[0], score, score / 100, modeUnit[1]);
            String md = Report.build(List.of(r), env(), new LinkedHashMap<>());
            assertTrue(md.contains("| 256×256×256 | 100.0 ± 1.0 |"), u.getKey() + ":\n" + md);
        }
    }

    /** environment.json's notes as a list, a single string or anything else: each is a note. */
    @Test
    void notesThatAreNotAListAreStillNotes() {
        Map<String, Object> env = env();
        env.put("notes", "one note, not in a list");
        assertTrue(Report.build(List.of(), env, new LinkedHashMap<>()).contains("- Note: one note, not in a list"));
        env.put("notes", 42.0);
        assertTrue(Report.build(List.of(), env, new LinkedHashMap<>()).contains("- Note: 42.0"));
    }

    /** Made-up results of a scaling run (test resources report/scaling): 1 and 2 threads, beside their ceilings. */
    @Test
    void theScalingSectionSetsEachThreadCountBesideOneThreadOpenBlasAndTheCeilings(@TempDir Path dir) throws Exception {
        Path results = Path.of(ReportTest.class.getResource("/report/scaling/results.json").toURI());
        String md = Report.write(results, dir);
        int scaling = md.indexOf("### Scaling with threads");
        assertTrue(scaling > 0, md);
        String section = md.substring(scaling);
        assertTrue(section.contains("| shape (m×k×n) | threads | Backflow vector | EJML | OpenBLAS (native) "
                + "| FMA peak × threads | vector speed-up | OpenBLAS speed-up | vector / OpenBLAS | vector / peak |"),
                section);
        assertTrue(section.contains("| 1024×1024×1024 | 1 | 100.0 | 20.0 | 95.0 | 120.0 "
                + "| 1.00× | 1.00× | 1.05× | 83% |"), section);
        assertTrue(section.contains("| 1024×1024×1024 | 2 | 190.0 | – | 200.0 | 240.0 "
                + "| 1.90× | 2.11× | 0.95× | 79% |"), section);
        assertTrue(section.contains("| 512×512×512 | dX | 2 | 95.0 | 240.0 | 1.90× | – | – | 40% |"), section);
        assertTrue(section.contains("| mul | DRAM | 1 | 10.0 | 12.0 | 1.00× | 1.00× | 0.83× |"), section);
        assertTrue(section.contains("| mul | DRAM | 2 | 18.0 | 20.0 | 1.80× | 1.67× | 0.90× |"), section);
        // The one-thread tables above take the one-thread rows only.
        String oneThread = md.substring(0, scaling);
        assertTrue(oneThread.contains("| 1024×1024×1024 | 100.0 | 20.0 | 95.0 | – | 5.00× | – | 1.05× | 83% |"),
                oneThread);
        assertTrue(oneThread.contains("| DRAM | " + Sizes.n(Kernel.MUL, Level.DRAM)
                + " | 256 MiB | 4.0 | – | 10.0 | 12.0 | – | 0.83× |"), oneThread);
        assertTrue(md.contains("Vector kernels: Vector API, 512-bit FloatVector; matmul blocking: 512-bit vectors, 32 "
                + "registers: micro-kernel 8x32, kc 256, mc 96, nc 4096 (L1d 48 KiB, L2 1024 KiB)"), md);
        assertTrue(md.contains("Thread counts: 1, 2"), md);

        String svg = Files.readString(dir.resolve("scaling-matmul-1024.svg"));
        parse(svg);
        assertTrue(svg.contains("matmulBackward 1024×1024×1024: throughput against threads"), "title");
        assertTrue(svg.contains(">threads<") && svg.contains("throughput (GFLOP/s)"), "axes with units");
        assertTrue(svg.contains(">Backflow vector<") && svg.contains(">OpenBLAS (native)<")
                && svg.contains(">FMA peak × threads<"), "legend: Backflow, the peer and the peak line");
        assertEquals(2, svg.split("stroke-dasharray").length - 1,
                "the peak × threads line is dashed (path and legend)");
        parse(Files.readString(dir.resolve("scaling-dX-512.svg")));
        String mul = Files.readString(dir.resolve("scaling-mul-DRAM.svg"));
        parse(mul);
        assertTrue(mul.contains("throughput (GB/s)") && mul.contains(">bandwidth probe, same threads<"),
                "elementwise chart");
    }

    @Test
    void aRunOnOneThreadHasNoScalingSection() {
        List<Result> rs = List.of(row("MatmulBench.backward", 1000, "impl", "vector", "shape", "64", "threads", "1"));
        Map<String, String> charts = new LinkedHashMap<>();
        String md = Report.build(rs, env(), charts);
        assertTrue(!md.contains("Scaling") && charts.keySet().stream().noneMatch(c -> c.startsWith("scaling")), md);
    }

    private static void parse(String svg) throws Exception {
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
    }

    @Test
    void chartsAreWellFormedAndLabelled() throws Exception {
        List<Result> rs = List.of(
                row("ElementwiseBench.backward", 1000, "impl", "vector", "kernel", "relu", "size", "L1"),
                row("ElementwiseBench.backward", 9000, "impl", "vector", "kernel", "relu", "size", "DRAM"),
                row("BandwidthBench.probe", 900, "kernel", "relu", "size", "L1"));
        Map<String, String> charts = new LinkedHashMap<>();
        Report.build(rs, env(), charts);
        String svg = charts.get("elementwise-relu.svg");
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(svg.getBytes(StandardCharsets.UTF_8)));
        assertEquals("svg", doc.getDocumentElement().getTagName());
        assertTrue(svg.contains("reluBackward: throughput against working-set size"), "title");
        assertTrue(svg.contains("throughput (GB/s)") && svg.contains("working set"), "axes with units");
        assertTrue(svg.contains("Backflow vector") && svg.contains("ceiling (bandwidth probe)"), "legend");
        assertTrue(svg.contains("Test CPU, 2 cores; JDK 25"), "caption");
    }
}
